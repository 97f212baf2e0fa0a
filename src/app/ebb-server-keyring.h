/* ebb-server-keyring.h — a clinic server's password, kept in the desktop's keyring
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      ebb_server_keyring_install    (void);
void      ebb_server_keyring_remember   (const char  *host,
                                         const char  *port,
                                         const char  *database,
                                         const char  *user,
                                         const char  *password,
                                         gboolean     in_keyring);
char     *ebb_server_keyring_lookup     (const char  *host,
                                         const char  *port,
                                         const char  *database,
                                         const char  *user);

G_END_DECLS
