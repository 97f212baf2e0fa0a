/* ebb-store-watch.h — noticing what other programs wrote to the clinic
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-store.h"

G_BEGIN_DECLS

gboolean ebb_store_get_data_version (EbbStore  *self,
                                     gint64    *version,
                                     GError   **error);

gboolean ebb_store_check_changed_elsewhere (EbbStore  *self,
                                           gint64    *last_version);

gboolean ebb_store_is_reachable            (EbbStore  *self);

G_END_DECLS
