/* ebb-page.c — text and rules on a printed page, for the pages of this folder
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ebb-fonts.h"
#include "ebb-page-private.h"

/**
 * _ebb_page_init:
 * @page: (out caller-allocates): the page to set up
 * @cr: where the page is drawn
 * @width: the page's width in points
 * @height: the page's height in points
 *
 * A margin of 40 points on A4 (14 mm), in proportion on other paper.
 * Clear with _ebb_page_clear().
 */
void
_ebb_page_init (EbbPage *page,
                cairo_t *cr,
                double   width,
                double   height)
{
  memset (page, 0, sizeof *page);
  page->cr = cr;
  page->width = width;
  page->height = height;
  page->margin = round (MIN (width, height) * 0.068);
  page->content_width = width - 2 * page->margin;

  /* Text is laid out at 72 dpi, so a point is a unit on every target. */
  page->pango = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (page->pango, 72);
}

void
_ebb_page_clear (EbbPage *page)
{
  g_clear_object (&page->pango);
}

/* A layout of @text in Ebb's font, wrapped at @width when it is > 0. */
PangoLayout *
_ebb_page_text (EbbPage    *page,
                const char *text,
                double      size,
                gboolean    bold,
                double      width,
                gboolean    markup)
{
  PangoLayout *layout = pango_layout_new (page->pango);
  PangoFontDescription *font = ebb_font_description_new (size, bold);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

double
_ebb_page_layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

double
_ebb_page_layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

void
_ebb_page_show (EbbPage     *page,
                PangoLayout *layout,
                double       x,
                double       y,
                double       grey)
{
  cairo_move_to (page->cr, x, y);
  cairo_set_source_rgb (page->cr, grey, grey, grey);
  pango_cairo_show_layout (page->cr, layout);
}

/* Draws text at (x, y) and returns its height. */
double
_ebb_page_paragraph (EbbPage    *page,
                     const char *text,
                     double      size,
                     gboolean    bold,
                     gboolean    markup,
                     double      x,
                     double      y,
                     double      width,
                     double      grey)
{
  g_autoptr(PangoLayout) layout = _ebb_page_text (page, text, size, bold, width, markup);

  _ebb_page_show (page, layout, x, y, grey);
  return _ebb_page_layout_height (layout);
}

/* The height _ebb_page_paragraph() would draw, drawing nothing. */
double
_ebb_page_measure_paragraph (EbbPage    *page,
                             const char *text,
                             double      size,
                             gboolean    markup,
                             double      width)
{
  g_autoptr(PangoLayout) layout = _ebb_page_text (page, text, size, FALSE, width, markup);

  return _ebb_page_layout_height (layout);
}

/* A line across the page between the margins. */
void
_ebb_page_rule (EbbPage *page,
                double   y,
                double   grey,
                double   line_width)
{
  cairo_set_source_rgb (page->cr, grey, grey, grey);
  cairo_set_line_width (page->cr, line_width);
  cairo_move_to (page->cr, page->margin, y);
  cairo_line_to (page->cr, page->width - page->margin, y);
  cairo_stroke (page->cr);
}

/* A dose or a count as people write it: "40", "0.5", "2.75". */
char *
_ebb_page_format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", value));
}

/* "2026-03-07", or "2026-03-07 10:30" when a time was recorded. */
char *
_ebb_page_format_when (const EbbWhen *when)
{
  g_autofree char *date = ebb_date_format (when->day);

  if (!EBB_WHEN_HAS_TIME (when))
    return g_steal_pointer (&date);
  return g_strdup_printf ("%s %02d:%02d", date, when->second / 3600, when->second / 60 % 60);
}
