/* ebb-chart-export.c — charts and pages to PNG, SVG and PDF files
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page writer for charts and case-note reports alike: the file is
 * written, unnamed, in the target's folder and given its name only when
 * it is complete, created 0600.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-chart-private.h"
#include "ebb-file-private.h"
#include "ebb-png.h"

/**
 * ebb_chart_format_from_path:
 * @path: a file name
 *
 * Returns: the format its extension names (.png, .svg, .pdf; any case), or
 *   %EBB_CHART_FORMAT_AUTO when it names none of them
 */
EbbChartFormat
ebb_chart_format_from_path (const char *path)
{
  const char *dot;

  g_return_val_if_fail (path != NULL, EBB_CHART_FORMAT_AUTO);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return EBB_CHART_FORMAT_AUTO;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return EBB_CHART_FORMAT_PNG;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return EBB_CHART_FORMAT_SVG;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return EBB_CHART_FORMAT_PDF;
  return EBB_CHART_FORMAT_AUTO;
}

typedef struct
{
  FILE *file;
  int   write_errno;  /* of the first failed write, or 0 */
} PageStream;

static cairo_status_t
write_to_file (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  PageStream *stream = closure;

  /* A failed write also sets the stream's error flag, which is checked
   * at the end whatever cairo makes of this status. */
  if (fwrite (data, 1, length, stream->file) == length)
    return CAIRO_STATUS_SUCCESS;
  if (stream->write_errno == 0)
    stream->write_errno = errno;
  return CAIRO_STATUS_WRITE_ERROR;
}

/* An SVG's title and description, for screen readers and search: cairo
 * writes neither, so they go in after the root's start tag. */
static GBytes *
svg_with_description (GByteArray *svg,
                      const char *title,
                      const char *description)
{
  const char *data = (const char *) svg->data;
  const char *root = g_strstr_len (data, svg->len, "<svg");
  const char *end = root != NULL ? memchr (root, '>', svg->len - (root - data)) : NULL;
  g_autoptr(GString) text = NULL;

  if (end == NULL || (title == NULL && description == NULL))
    return g_byte_array_free_to_bytes (g_byte_array_ref (svg));

  text = g_string_new_len (data, end + 1 - data);
  if (title != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      g_string_append_printf (text, "\n<title>%s</title>", escaped);
    }
  if (description != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (description, -1);
      g_string_append_printf (text, "\n<desc>%s</desc>", escaped);
    }
  g_string_append_len (text, end + 1, svg->len - (end + 1 - data));
  return g_string_free_to_bytes (g_steal_pointer (&text));
}

static cairo_status_t
write_to_bytes (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A format known, and a page and resolution in range. */
static gboolean
check_page (const char      *display,
            EbbChartFormat   format,
            double           width_pt,
            double           height_pt,
            double           dpi,
            GError         **error)
{
  if (format == EBB_CHART_FORMAT_AUTO)
    {
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_FORMAT,
                   _("%s: cannot tell the format from the name; use .png, .svg or .pdf"), display);
      return FALSE;
    }
  if (!(width_pt >= 16 && width_pt <= 14400 && height_pt >= 16 && height_pt <= 14400))
    {
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_SIZE,
                   _("%s: the size must be between 16 and 14400 points each way, not %g × %g"),
                   display, width_pt, height_pt);
      return FALSE;
    }
  if (format == EBB_CHART_FORMAT_PNG &&
      (!(dpi >= 18 && dpi <= 2400) || width_pt * dpi / 72 > 32767 || height_pt * dpi / 72 > 32767))
    {
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_SIZE,
                   _("%s: %g dpi at %g × %g points is out of range (18–2400 dpi, at most 32767 pixels each way)"),
                   display, dpi, width_pt, height_pt);
      return FALSE;
    }
  return TRUE;
}

/* Why writing failed, for the user: a full disk said as such. */
static void
set_write_error (GError         **error,
                 const char      *display,
                 cairo_status_t   status,
                 int              write_errno)
{
  if (status != CAIRO_STATUS_WRITE_ERROR)
    g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                 _("%s: writing failed: %s"), display, cairo_status_to_string (status));
  else if (write_errno == ENOSPC || write_errno == EDQUOT)
    g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                 _("%s: writing failed: the disk is full. Free some space and try again"),
                 display);
  else
    g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                 _("%s: writing failed: %s"), display,
                 write_errno != 0 ? g_strerror (write_errno) : _("the disk may be full"));
}

/**
 * ebb_chart_export_paint:
 * @path: the file to write; replaced atomically, created 0600 since it
 *   shows a patient's data
 * @format: PNG, SVG or PDF, or %EBB_CHART_FORMAT_AUTO to go by @path
 * @width_pt: the page's width in points
 * @height_pt: the page's height in points
 * @dpi: pixels per inch for PNG (ignored for SVG and PDF, which are vector)
 * @title: (nullable): the document title (PDF metadata)
 * @paint: draws the page
 * @user_data: for @paint
 *
 * Writes one page drawn by @paint to a file: the exporter shared by
 * charts and case-note reports.  PNG goes through _ebb_png_write_surface()
 * (ebb-png.c says why not cairo's own writer); SVG and PDF are sized in
 * points.
 *
 * Returns: %TRUE on success; otherwise @error (%EBB_CHART_ERROR) names
 *   the file
 */
gboolean
ebb_chart_export_paint (const char         *path,
                        EbbChartFormat      format,
                        double              width_pt,
                        double              height_pt,
                        double              dpi,
                        const char         *title,
                        EbbChartPaintFunc   paint,
                        gpointer            user_data,
                        GError            **error)
{
  return _ebb_chart_export_paint_described (path, format, width_pt, height_pt, dpi, title, NULL,
                                            paint, user_data, error);
}

/* As ebb_chart_export_paint(), with a description in words: the PDF's
 * subject, the SVG's <desc> (and its title in <title>). */
gboolean
_ebb_chart_export_paint_described (const char         *path,
                                   EbbChartFormat      format,
                                   double              width_pt,
                                   double              height_pt,
                                   double              dpi,
                                   const char         *title,
                                   const char         *description,
                                   EbbChartPaintFunc   paint,
                                   gpointer            user_data,
                                   GError            **error)
{
  g_autoptr(GByteArray) svg = NULL;
  g_autofree char *display = NULL;
  EbbNewFile page;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;
  FILE *file;
  PageStream stream = { NULL, 0 };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (paint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (format == EBB_CHART_FORMAT_AUTO)
    format = ebb_chart_format_from_path (path);
  if (!check_page (display, format, width_pt, height_pt, dpi, error))
    return FALSE;

  /* Written where the target will be, and named only when complete: a
   * failed export never leaves half a file where the old one was. */
  if (!_ebb_new_file_open (&page, path))
    {
      int saved = errno;
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                   _("%s: cannot write here: %s"), display, g_strerror (saved));
      return FALSE;
    }
  file = fdopen (page.fd, "wb");
  if (file == NULL)
    {
      int saved = errno;
      close (page.fd);
      _ebb_new_file_discard (&page);
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                   _("%s: cannot write: %s"), display, g_strerror (saved));
      return FALSE;
    }

  switch (format)
    {
    case EBB_CHART_FORMAT_PNG:
      surface = _ebb_png_surface_new ((int) ceil (width_pt * dpi / 72), (int) ceil (height_pt * dpi / 72));
      break;
    case EBB_CHART_FORMAT_SVG:
      svg = g_byte_array_new ();
      surface = cairo_svg_surface_create_for_stream (write_to_bytes, svg, width_pt, height_pt);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      break;
    case EBB_CHART_FORMAT_PDF:
    case EBB_CHART_FORMAT_AUTO:
    default:
      stream.file = file;
      surface = cairo_pdf_surface_create_for_stream (write_to_file, &stream, width_pt, height_pt);
      if (title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      if (description != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, description);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Ebb " PACKAGE_VERSION);
      break;
    }

  cr = cairo_create (surface);
  if (format == EBB_CHART_FORMAT_PNG)
    cairo_scale (cr, dpi / 72, dpi / 72);
  paint (cr, width_pt, height_pt, user_data);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == EBB_CHART_FORMAT_PNG)
    {
      errno = 0;
      status = _ebb_png_write_surface (surface, dpi, file);
      if (status == CAIRO_STATUS_WRITE_ERROR && stream.write_errno == 0)
        stream.write_errno = errno;
    }
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_SUCCESS && svg != NULL)
    {
      g_autoptr(GBytes) bytes = svg_with_description (svg, title, description);
      gsize length;
      gconstpointer data = g_bytes_get_data (bytes, &length);

      if (fwrite (data, 1, length, file) != length)
        {
          stream.write_errno = errno;
          status = CAIRO_STATUS_WRITE_ERROR;
        }
    }

  /* Every byte must have reached the file: cairo's PDF surface has been
   * seen to report success after a write to a full disk failed, and the
   * stream's error flag is what says so for any format. */
  errno = 0;
  if (fflush (file) != 0 || ferror (file))
    {
      if (stream.write_errno == 0)
        stream.write_errno = errno;
      if (status == CAIRO_STATUS_SUCCESS)
        status = CAIRO_STATUS_WRITE_ERROR;
    }
  if (status == CAIRO_STATUS_SUCCESS && !_ebb_new_file_publish (&page, path))
    {
      int saved = errno;

      fclose (file);
      _ebb_new_file_discard (&page);
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                   _("%s: cannot replace the file: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (fclose (file) != 0 && status == CAIRO_STATUS_SUCCESS)
    {
      stream.write_errno = errno;
      status = CAIRO_STATUS_WRITE_ERROR;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      _ebb_new_file_discard (&page);
      set_write_error (error, display, status, stream.write_errno);
      return FALSE;
    }
  return TRUE;
}

static void
paint_chart (cairo_t  *cr,
             double    width,
             double    height,
             gpointer  user_data)
{
  ebb_chart_draw (user_data, cr, width, height);
}

/**
 * ebb_chart_export:
 * @path: the file to write; replaced atomically, created 0600
 * @format: PNG, SVG or PDF, or %EBB_CHART_FORMAT_AUTO to go by @path
 * @width_pt: the chart's width in points
 * @height_pt: the chart's height in points
 * @dpi: pixels per inch for PNG (ignored for SVG and PDF)
 *
 * Writes the chart to a file (see ebb_chart_export_paint()), drawn for a
 * file whatever ebb_chart_set_for_screen() says: its as-of line has the
 * date.  A PDF has the chart's summary (ebb_chart_describe()) as its
 * subject, an SVG as its description.
 *
 * Returns: %TRUE on success; otherwise @error names the file
 */
gboolean
ebb_chart_export (EbbChart        *self,
                  const char      *path,
                  EbbChartFormat   format,
                  double           width_pt,
                  double           height_pt,
                  double           dpi,
                  GError         **error)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  const gboolean for_screen = self != NULL && self->for_screen;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* A file is read long after today: it always has the date. */
  self->for_screen = FALSE;
  title = _ebb_chart_title_text (self);
  description = ebb_chart_describe (self);
  ok = _ebb_chart_export_paint_described (path, format, width_pt, height_pt, dpi, title, description,
                                          paint_chart, self, error);
  self->for_screen = for_screen;
  return ok;
}
