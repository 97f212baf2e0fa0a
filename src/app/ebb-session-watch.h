/* ebb-session-watch.h — the readings due for every patient in the chair
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ebb-store.h"

G_BEGIN_DECLS

#define EBB_TYPE_SESSION_WATCH (ebb_session_watch_get_type ())
G_DECLARE_FINAL_TYPE (EbbSessionWatch, ebb_session_watch, EBB, SESSION_WATCH, GObject)

EbbSessionWatch *ebb_session_watch_new        (GApplication    *application);
void             ebb_session_watch_set_store  (EbbSessionWatch *self,
                                               EbbStore        *store);
void             ebb_session_watch_set_now    (EbbSessionWatch *self,
                                               GDateTime       *now);
guint            ebb_session_watch_get_n_open (EbbSessionWatch *self);

G_END_DECLS
