/* ebb-flag-banner.h — the most urgent open flag, over the patient page
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-flags.h"

G_BEGIN_DECLS

#define EBB_TYPE_FLAG_BANNER (ebb_flag_banner_get_type ())
G_DECLARE_FINAL_TYPE (EbbFlagBanner, ebb_flag_banner, EBB, FLAG_BANNER, GtkWidget)

void        ebb_flag_banner_set_flag (EbbFlagBanner *self,
                                      const EbbFlag *flag,
                                      gint32         today);
const char *ebb_flag_banner_get_text (EbbFlagBanner *self);

G_END_DECLS
