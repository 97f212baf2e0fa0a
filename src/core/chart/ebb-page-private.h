/* ebb-page-private.h — text and rules on a printed page, for the pages of this folder
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case-note report (ebb-report.c) and the session record
 * (ebb-session-record.c) lay out their pages with the same few helpers:
 * one page, its margin, text laid out at 72 dpi so that a point is a unit
 * on every target.
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "ebb-date.h"

G_BEGIN_DECLS

typedef struct
{
  cairo_t      *cr;
  PangoContext *pango;
  double        width;          /* the page's, in points */
  double        height;
  double        margin;
  double        content_width;  /* between the margins */
} EbbPage;

void         _ebb_page_init              (EbbPage     *page,
                                          cairo_t     *cr,
                                          double       width,
                                          double       height);
void         _ebb_page_clear             (EbbPage     *page);
PangoLayout *_ebb_page_text              (EbbPage     *page,
                                          const char  *text,
                                          double       size,
                                          gboolean     bold,
                                          double       width,
                                          gboolean     markup);
double       _ebb_page_layout_height     (PangoLayout *layout);
double       _ebb_page_layout_width      (PangoLayout *layout);
void         _ebb_page_show              (EbbPage     *page,
                                          PangoLayout *layout,
                                          double       x,
                                          double       y,
                                          double       grey);
double       _ebb_page_paragraph         (EbbPage     *page,
                                          const char  *text,
                                          double       size,
                                          gboolean     bold,
                                          gboolean     markup,
                                          double       x,
                                          double       y,
                                          double       width,
                                          double       grey);
double       _ebb_page_measure_paragraph (EbbPage     *page,
                                          const char  *text,
                                          double       size,
                                          gboolean     markup,
                                          double       width);
void         _ebb_page_rule              (EbbPage     *page,
                                          double       y,
                                          double       grey,
                                          double       line_width);
char        *_ebb_page_format_number     (double       value);
char        *_ebb_page_format_when       (const EbbWhen *when);

G_END_DECLS
