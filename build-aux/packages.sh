# build-aux/packages.sh — the Debian 12 packages Ebb needs, and how to get them.
# Sourced by build-aux/run and build-aux/test; not run on its own.

# To build and run the application.
EBB_RUN_PACKAGES="build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsqlite3-dev libpq-dev libsecret-1-dev libcairo2-dev libpango1.0-dev zlib1g-dev
  libglib-testing-0-dev desktop-file-utils appstream fonts-dejavu-core fonts-cantarell"

# Also needed to run every test: a virtual display, the data-file and
# manifest validators, tools the tests use to look at their output, and
# the trust runs: valgrind, and clang with its libFuzzer runtime for the
# CSV fuzzer (GCC's AddressSanitizer comes with build-essential); and
# PostgreSQL, for a throwaway server the clinic-server tests run against.
EBB_TEST_PACKAGES="$EBB_RUN_PACKAGES xvfb xauth libxml2-utils poppler-utils
  flatpak-builder python3 valgrind clang libclang-rt-14-dev postgresql"

# Installs whichever of the given packages are missing, with apt-get, as
# root or through sudo.  Installs nothing when all are present.
ebb_install_missing () {
  missing=""
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $pkg"
    fi
  done
  [ -z "$missing" ] && return 0

  echo "Installing:$missing"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=""
  elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
  else
    echo "These packages are missing and neither root nor sudo is available:$missing" >&2
    return 1
  fi
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}
