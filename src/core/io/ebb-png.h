/* ebb-png.h — PNG files from cairo's RGB24 pixels, compressed on every core
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to libebb-core: ebb-chart-export.c draws its PNG pages on its
 * surfaces and writes them with it, and tests/test-png.c checks it.  Not
 * part of any public header.
 */
#pragma once

#include <stdio.h>

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Bands are never thinner than this, so that a thread is started only
 * for enough rows to be worth it (and a small image is one band). */
#define EBB_PNG_MIN_BAND_ROWS 32

cairo_status_t _ebb_png_write (const guint8 *data,
                               int           width,
                               int           height,
                               int           stride,
                               double        dpi,
                               guint         n_bands,
                               FILE         *file);
cairo_surface_t *_ebb_png_surface_new (int width,
                                       int height);
cairo_status_t _ebb_png_write_surface (cairo_surface_t *surface,
                                       double           dpi,
                                       FILE            *file);

G_END_DECLS
