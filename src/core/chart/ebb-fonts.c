/* ebb-fonts.c — the typeface of charts and reports
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-fonts"

#include "config.h"

#include <pango/pangocairo.h>

#include "ebb-fonts.h"

/**
 * ebb_font_description_new:
 * @size: the size in points, at the 72 dpi that charts and reports lay
 *   text out at
 * @bold: whether the text is bold
 *
 * Returns: (transfer full): the font charts and reports set their text in
 */
PangoFontDescription *
ebb_font_description_new (double   size,
                          gboolean bold)
{
  PangoFontDescription *font = pango_font_description_from_string (EBB_FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  return font;
}

/**
 * ebb_fonts_start_loading:
 *
 * Makes the font map that charts and reports draw with.  Pango reads
 * fontconfig's configuration for it in a thread of its own, which the
 * first text laid out waits for: a command that draws one chart calls
 * this before it reads the clinic, so that both go on at once.
 */
void
ebb_fonts_start_loading (void)
{
  pango_cairo_font_map_get_default ();
}
