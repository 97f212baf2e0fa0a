#!/usr/bin/env python3
# Copyright 2026 The Ebb authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fail when the Flatpak manifest asks for more than Ebb needs.

Files come and go through the file chooser portal, so the sandbox gets
no access to the home folder or the host file system.  It gets the
network, for a clinic on the clinic's own PostgreSQL server (over TLS); a
clinic file never opens a socket (README, "Privacy").
"""

import json
import sys

FORBIDDEN = (
    "--filesystem=home",
    "--filesystem=host",
    "--filesystem=host-os",
    "--filesystem=host-etc",
    "--socket=session-bus",
    "--socket=system-bus",
    "--device=all",
)

REQUIRED = (
    "--share=ipc",
    "--share=network",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
)


def main(path):
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)

    args = manifest.get("finish-args", [])
    problems = []
    for arg in args:
        # "--filesystem=home:ro" is still the whole home folder
        if arg.split(":")[0] in FORBIDDEN or arg.startswith("--filesystem=~"):
            problems.append(f"{path}: forbidden permission {arg}")
    for arg in REQUIRED:
        if arg not in args:
            problems.append(f"{path}: missing {arg}")
    for module in manifest.get("modules", []):
        build_args = module.get("build-options", {}).get("build-args", []) if isinstance(module, dict) else []
        if "--share=network" in build_args:
            problems.append(f"{path}: module {module.get('name')} uses the network at build time")

    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{path}: finish-args are minimal: {' '.join(args)}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} MANIFEST", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
