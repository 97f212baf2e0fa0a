/* ebb-png.c — PNG files from cairo's RGB24 pixels, compressed on every core
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why not cairo's own PNG writer: writing the file is most of a chart's
 * export, and cairo spends it in level-6 deflate and adaptive row
 * filters, in one thread.  A chart is mostly flat colour, so zlib level 1
 * costs little in size, and with no row filter it beat the SUB and UP
 * filters and Z_RLE on both time and size.  bench/ebb-bench.c times the
 * export against gnuplot and matplotlib; the commits that brought this in
 * give the numbers.
 *
 * A PNG's pixels are one zlib stream, and deflate is still most of the
 * write.  As pigz does, the rows are cut into horizontal
 * bands, each compressed in a thread of its own as raw deflate: every
 * band but the last ends on a sync flush (a byte boundary, no final
 * block) and the last one finishes, so the bands laid end to end are one
 * deflate stream.  A zlib header goes in front and the Adler-32 of all
 * the rows, combined from the bands' own, at the end.  Each band starts
 * with an empty window, which costs a few bytes at each join.
 */
#define G_LOG_DOMAIN "ebb-png"

#include "config.h"

#include <sys/mman.h>

#include <string.h>

#include <zlib.h>

#include "ebb-png.h"

/* Large enough that the chunk headers and CRCs are no cost, small enough
 * for any reader that holds one chunk in memory. */
#define IDAT_MAX_BYTES (256 * 1024)

typedef struct
{
  const guint8   *rows;      /* the band's first row, in cairo's RGB24 */
  int             width;
  int             n_rows;
  int             stride;
  gboolean        last;      /* finishes the stream rather than flushing */
  gboolean        header;    /* starts with the zlib header (band 0) */

  guint8         *out;       /* the band's raw deflate */
  gsize           out_len;
  guint32         adler;     /* of the band's filtered rows */
  cairo_status_t  status;
} Band;

static void
put_be32 (guint8  *p,
          guint32  value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

/* Converts and compresses one band: a filter byte (0, None) and the RGB
 * bytes of each row, in one row buffer, fed to deflate a row at a time;
 * its output goes straight into the band's growing buffer. */
static gpointer
compress_band (gpointer user_data)
{
  Band *band = user_data;
  const gsize row_len = 1 + (gsize) band->width * 3;
  g_autofree guint8 *row = g_malloc (row_len);
  z_stream z = { 0 };
  gsize size;
  gsize used = 0;
  int ret = Z_OK;

  /* Level 1 (see the top of the file).  Raw deflate
   * (negative window bits): the zlib header and trailer are the whole
   * stream's, written once. */
  if (deflateInit2 (&z, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    {
      /* With these parameters zlib fails only for want of memory. */
      band->status = CAIRO_STATUS_NO_MEMORY;
      return NULL;
    }

  /* A flat chart deflates to a thirtieth or so; noise grows the buffer. */
  size = row_len * band->n_rows / 16 + 1024;
  band->out = g_malloc (size);
  if (band->header)
    {
      /* CMF 0x78: deflate with a 32 KiB window; FLG 0x01: the fastest
       * level, no dictionary, and 0x7801 a multiple of 31 as required. */
      band->out[used++] = 0x78;
      band->out[used++] = 0x01;
    }

  band->adler = adler32 (0, NULL, 0);
  row[0] = 0;
  for (int y = 0; y < band->n_rows && ret != Z_STREAM_ERROR; y++)
    {
      /* cairo's RGB24 is a native-endian 32-bit xRGB word; its rows are
       * 32-bit aligned. */
      const guint32 *src = (const guint32 *) (band->rows + (gsize) y * band->stride);
      guint8 *p = row + 1;
      int flush;

      for (int x = 0; x < band->width; x++, p += 3)
        {
          guint32 pixel = src[x];

          p[0] = pixel >> 16;
          p[1] = pixel >> 8;
          p[2] = pixel;
        }
      band->adler = adler32 (band->adler, row, row_len);

      if (y + 1 < band->n_rows)
        flush = Z_NO_FLUSH;
      else
        flush = band->last ? Z_FINISH : Z_SYNC_FLUSH;
      z.next_in = row;
      z.avail_in = row_len;
      do
        {
          if (used == size)
            {
              size *= 2;
              band->out = g_realloc (band->out, size);
            }
          z.next_out = band->out + used;
          z.avail_out = MIN (size - used, G_MAXUINT);
          ret = deflate (&z, flush);
          used = z.next_out - band->out;
        }
      while (z.avail_out == 0 && ret != Z_STREAM_ERROR);
    }
  deflateEnd (&z);
  /* Room for the stream's Adler-32, which follows the last band. */
  band->out = g_realloc (band->out, used + 4);
  band->out_len = used;

  /* Z_STREAM_ERROR means a corrupt stream state: not met in practice,
   * and nothing a caller could do but give up. */
  if (ret == Z_STREAM_ERROR)
    band->status = CAIRO_STATUS_NO_MEMORY;
  return NULL;
}

static gboolean
write_bytes (FILE         *file,
             const guint8 *data,
             gsize         length,
             guint32      *crc)
{
  /* crc32() with no data would start over. */
  if (length == 0)
    return TRUE;
  if (crc != NULL)
    *crc = crc32 (*crc, data, length);
  return fwrite (data, 1, length, file) == length;
}

/* A chunk's length and type; its data then follows, and the CRC, over
 * the type and data, ends it (write_chunk_end()). */
static gboolean
write_chunk_start (FILE       *file,
                   const char *type,
                   guint32     length,
                   guint32    *crc)
{
  guint8 bytes[8];

  put_be32 (bytes, length);
  memcpy (bytes + 4, type, 4);
  *crc = crc32 (0, NULL, 0);
  return write_bytes (file, bytes, 4, NULL) && write_bytes (file, bytes + 4, 4, crc);
}

static gboolean
write_chunk_end (FILE    *file,
                 guint32  crc)
{
  guint8 bytes[4];

  put_be32 (bytes, crc);
  return write_bytes (file, bytes, 4, NULL);
}

static gboolean
write_chunk (FILE         *file,
             const char   *type,
             const guint8 *data,
             guint32       length)
{
  guint32 crc;

  return write_chunk_start (file, type, length, &crc) &&
         write_bytes (file, data, length, &crc) &&
         write_chunk_end (file, crc);
}

/* The bands' output as one zlib stream, in IDAT chunks of at most
 * IDAT_MAX_BYTES; a chunk may span the end of a band. */
static gboolean
write_idat (FILE *file,
            Band *bands,
            guint n_bands)
{
  gsize total = 0;
  guint b = 0;
  gsize offset = 0;

  for (guint i = 0; i < n_bands; i++)
    total += bands[i].out_len;
  while (total > 0)
    {
      gsize chunk = MIN (total, IDAT_MAX_BYTES);
      guint32 crc;

      if (!write_chunk_start (file, "IDAT", chunk, &crc))
        return FALSE;
      for (gsize left = chunk; left > 0;)
        {
          gsize n = MIN (left, bands[b].out_len - offset);

          if (!write_bytes (file, bands[b].out + offset, n, &crc))
            return FALSE;
          left -= n;
          offset += n;
          if (offset == bands[b].out_len)
            {
              b++;
              offset = 0;
            }
        }
      if (!write_chunk_end (file, crc))
        return FALSE;
      total -= chunk;
    }
  return TRUE;
}

/**
 * _ebb_png_write:
 * @data: the pixels, in cairo's %CAIRO_FORMAT_RGB24 (the top byte of each
 *   32-bit word is ignored)
 * @width: in pixels, at least 1
 * @height: in pixels, at least 1
 * @stride: bytes from one row to the next, a multiple of 4
 * @dpi: the resolution the pHYs chunk gives, in pixels per inch
 * @n_bands: how many threads to compress in, at most: fewer when the
 *   image has fewer than EBB_PNG_MIN_BAND_ROWS rows a band; 0 means 1
 * @file: where to write, from its current position
 *
 * Writes the pixels as an 8-bit RGB PNG (no alpha, not interlaced) with
 * rows unfiltered and deflated at level 1 in @n_bands horizontal bands,
 * one thread each (this thread does the first), and flushes @file.  The
 * file is one valid zlib stream whatever the number of bands.
 *
 * Returns: %CAIRO_STATUS_SUCCESS; %CAIRO_STATUS_WRITE_ERROR when @file
 *   refused a write or the flush (it has then part of a PNG, with errno
 *   as stdio left it); %CAIRO_STATUS_NO_MEMORY when zlib found no memory
 *   (nothing was written)
 */
cairo_status_t
_ebb_png_write (const guint8 *data,
                int           width,
                int           height,
                int           stride,
                double        dpi,
                guint         n_bands,
                FILE         *file)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree Band *bands = NULL;
  g_autofree GThread **threads = NULL;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  guint8 ihdr[13];
  guint8 phys[9];
  guint32 ppm;
  guint32 adler;
  gboolean ok;

  g_return_val_if_fail (data != NULL, CAIRO_STATUS_NULL_POINTER);
  g_return_val_if_fail (file != NULL, CAIRO_STATUS_NULL_POINTER);
  g_return_val_if_fail (width > 0 && height > 0, CAIRO_STATUS_INVALID_SIZE);
  g_return_val_if_fail (stride >= width * 4 && stride % 4 == 0, CAIRO_STATUS_INVALID_STRIDE);
  g_return_val_if_fail (dpi > 0 && dpi / 0.0254 < G_MAXINT32, CAIRO_STATUS_INVALID_SIZE);

  n_bands = CLAMP (n_bands, 1, MAX (1, (guint) height / EBB_PNG_MIN_BAND_ROWS));
  bands = g_new0 (Band, n_bands);
  for (guint i = 0; i < n_bands; i++)
    {
      int first = (gint64) height * i / n_bands;
      int end = (gint64) height * (i + 1) / n_bands;

      bands[i].rows = data + (gsize) first * stride;
      bands[i].width = width;
      bands[i].n_rows = end - first;
      bands[i].stride = stride;
      bands[i].last = i + 1 == n_bands;
      bands[i].header = i == 0;
      bands[i].status = CAIRO_STATUS_SUCCESS;
    }

  /* A thread that cannot be started leaves its band to this one. */
  threads = g_new0 (GThread *, n_bands);
  for (guint i = 1; i < n_bands; i++)
    threads[i] = g_thread_try_new ("ebb-png", compress_band, &bands[i], NULL);
  compress_band (&bands[0]);
  for (guint i = 1; i < n_bands; i++)
    {
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      else
        compress_band (&bands[i]);
    }

  adler = bands[0].adler;
  for (guint i = 0; i < n_bands; i++)
    {
      if (bands[i].status != CAIRO_STATUS_SUCCESS && status == CAIRO_STATUS_SUCCESS)
        status = bands[i].status;
      if (i > 0)
        adler = adler32_combine (adler, bands[i].adler,
                                 (z_off_t) bands[i].n_rows * (1 + (z_off_t) width * 3));
    }

  if (status == CAIRO_STATUS_SUCCESS)
    {
      Band *last = &bands[n_bands - 1];

      put_be32 (last->out + last->out_len, adler);
      last->out_len += 4;

      put_be32 (ihdr, width);
      put_be32 (ihdr + 4, height);
      ihdr[8] = 8;    /* bits per sample */
      ihdr[9] = 2;    /* colour type: RGB */
      ihdr[10] = 0;   /* deflate */
      ihdr[11] = 0;   /* adaptive filtering, each row saying which (None here) */
      ihdr[12] = 0;   /* not interlaced */

      ppm = (guint32) (dpi / 0.0254 + 0.5);
      put_be32 (phys, ppm);
      put_be32 (phys + 4, ppm);
      phys[8] = 1;    /* the unit is the metre */

      ok = write_bytes (file, signature, sizeof signature, NULL) &&
           write_chunk (file, "IHDR", ihdr, sizeof ihdr) &&
           write_chunk (file, "pHYs", phys, sizeof phys) &&
           write_idat (file, bands, n_bands) &&
           write_chunk (file, "IEND", NULL, 0) &&
           fflush (file) == 0;
      if (!ok)
        status = CAIRO_STATUS_WRITE_ERROR;
    }

  for (guint i = 0; i < n_bands; i++)
    g_free (bands[i].out);
  return status;
}

/* The pixels of a PNG page, populated at once: a page of megabytes
 * touched 4 KiB at a time costs thousands of page faults, and each is
 * slow under virtualisation (a 300 dpi chart's process took 5-8 ms more
 * processor time without this; README: Performance).  Where the kernel offers transparent huge
 * pages, the page is aligned to them (2 MiB, as on x86-64 and arm64 with
 * 4 KiB pages) and populated in one call, a few faults in all; elsewhere
 * it is populated 4 KiB at a time, still in one call.  Returns the
 * pixels, and in @mapping what to munmap(). */
static unsigned char *
map_pixels (gsize     size,
            gpointer *mapping,
            gsize    *mapping_size)
{
  unsigned char *map;

#if defined (MADV_HUGEPAGE) && defined (MADV_POPULATE_WRITE)
  {
    const gsize huge = 2 << 20;
    gsize rounded = (size + huge - 1) / huge * huge;
    gsize length = rounded + huge;  /* room to align */

    map = mmap (NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map != MAP_FAILED)
      {
        unsigned char *aligned = (unsigned char *) (((guintptr) map + huge - 1) & ~(guintptr) (huge - 1));

        /* The whole of the last huge page too, or its part of the page
         * would come 4 KiB at a time.  A kernel without huge pages refuses
         * the advice, and populating still works. */
        madvise (aligned, rounded, MADV_HUGEPAGE);
        /* Linux 5.14 and later; before that, populate as below. */
        if (madvise (aligned, rounded, MADV_POPULATE_WRITE) == 0)
          {
            *mapping = map;
            *mapping_size = length;
            return aligned;
          }
        munmap (map, length);
      }
  }
#endif

  map = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (map == MAP_FAILED)
    return NULL;
  *mapping = map;
  *mapping_size = size;
  return map;
}

typedef struct
{
  gpointer mapping;
  gsize    size;
} Mapping;

static void
mapping_free (gpointer data)
{
  Mapping *mapping = data;

  munmap (mapping->mapping, mapping->size);
  g_free (mapping);
}

static const cairo_user_data_key_t mapping_key;

/**
 * _ebb_png_surface_new:
 * @width: in pixels
 * @height: in pixels
 *
 * Returns: (transfer full): a white RGB24 image surface for a PNG page,
 *   on pixels populated at once where the system allows (map_pixels()),
 *   else on cairo's own; its status says whether it could be made
 */
cairo_surface_t *
_ebb_png_surface_new (int width,
                      int height)
{
  const int stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, width);
  Mapping *mapping = g_new0 (Mapping, 1);
  unsigned char *pixels = map_pixels ((gsize) stride * height, &mapping->mapping, &mapping->size);
  cairo_surface_t *surface;

  if (pixels == NULL)
    {
      g_free (mapping);
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        {
          cairo_t *cr = cairo_create (surface);

          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_paint (cr);
          cairo_destroy (cr);
        }
      return surface;
    }

  /* White under everything: a PNG pasted into notes has no alpha. */
  memset (pixels, 0xff, (gsize) stride * height);
  surface = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_RGB24, width, height, stride);
  if (cairo_surface_set_user_data (surface, &mapping_key, mapping, mapping_free) != CAIRO_STATUS_SUCCESS)
    mapping_free (mapping);
  return surface;
}

/* How many bands a PNG is deflated in: one per core, and no more than
 * four, where a 300 dpi chart's bands are still hundreds of rows each.
 * (Only two cores were tried; the limit of four is a guess.) */
static guint
n_bands_for_machine (void)
{
  return CLAMP (g_get_num_processors (), 1, 4);
}

/**
 * _ebb_png_write_surface:
 * @surface: a finished drawing on an RGB24 image surface
 * @dpi: its resolution, written in the file's pHYs chunk
 * @file: where the PNG goes
 *
 * Writes @surface as a PNG with _ebb_png_write(), in one band per core.
 *
 * Returns: %CAIRO_STATUS_SUCCESS, or why not (a failed write sets errno)
 */
cairo_status_t
_ebb_png_write_surface (cairo_surface_t *surface,
                        double           dpi,
                        FILE            *file)
{
  g_assert (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24);

  cairo_surface_flush (surface);
  return _ebb_png_write (cairo_image_surface_get_data (surface),
                         cairo_image_surface_get_width (surface),
                         cairo_image_surface_get_height (surface),
                         cairo_image_surface_get_stride (surface),
                         dpi, n_bands_for_machine (), file);
}
