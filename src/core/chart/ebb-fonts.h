/* ebb-fonts.h — the typeface of charts and reports
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

/* Cantarell is GNOME's face; the others stand in where it is missing. */
#define EBB_FONT_FAMILY "Cantarell, DejaVu Sans, sans"

PangoFontDescription *ebb_font_description_new (double    size,
                                                gboolean  bold);
void                  ebb_fonts_start_loading  (void);

G_END_DECLS
