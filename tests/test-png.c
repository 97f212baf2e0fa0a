/* test-png.c — the PNG writer, band by band
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Images of gradients, noise and flat colour are written in one to seven
 * bands and read back twice: by zlib here, which checks the stream's
 * Adler-32 and that the bands join into one stream ending where the data
 * ends, and by cairo (libpng), which checks the PNG as any viewer would,
 * pixel by pixel.  Every chunk's CRC is checked here too, since libpng
 * only warns about a bad one in a chunk like pHYs.  Display-free.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <zlib.h>

#include "ebb-png.h"

typedef struct
{
  int     width;
  int     height;
  int     stride;
  guint8 *data;
} Image;

static void
image_free (Image *image)
{
  g_free (image->data);
  g_free (image);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Image, image_free)

/* RGB24 pixels: a gradient, then noise, then flat white across each row,
 * so that deflate meets long matches, literals and runs alike.  The
 * unused top byte of each word and the padding after each row are
 * garbage, which the writer must never show. */
static Image *
image_new (int     width,
           int     height,
           int     padding,
           guint32 seed)
{
  Image *image = g_new0 (Image, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  image->width = width;
  image->height = height;
  image->stride = width * 4 + padding;
  image->data = g_malloc ((gsize) image->stride * height);
  memset (image->data, 0xa5, (gsize) image->stride * height);
  for (int y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *) (image->data + (gsize) y * image->stride);

      for (int x = 0; x < width; x++)
        {
          guint32 rgb;

          if (x < width / 3)
            rgb = ((x * 7 + y) & 0xff) << 16 | ((y * 3) & 0xff) << 8 | ((x + 2 * y) & 0xff);
          else if (x < 2 * width / 3)
            rgb = g_rand_int (rand) & 0xffffff;
          else
            rgb = 0xffffff;
          row[x] = (g_rand_int (rand) & 0xff000000) | rgb;
        }
    }
  return image;
}

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Writes @image in @n_bands to a new temporary file; returns its name. */
static char *
write_image (const Image *image,
             double       dpi,
             guint        n_bands)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  FILE *file;
  int fd;

  fd = g_file_open_tmp ("ebb-test-png-XXXXXX.png", &path, &error);
  g_assert_no_error (error);
  file = fdopen (fd, "wb");
  g_assert_nonnull (file);
  g_assert_cmpint (_ebb_png_write (image->data, image->width, image->height, image->stride,
                                   dpi, n_bands, file), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (fclose (file), ==, 0);
  return path;
}

/* Checks the file chunk by chunk, inflates its IDAT chunks as one zlib
 * stream and compares the rows with @image's; returns pHYs's pixels per
 * metre. */
static guint32
check_file (const char  *path,
            const Image *image)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) idat = g_byte_array_new ();
  g_autofree char *contents = NULL;
  g_autofree guint8 *rows = NULL;
  const gsize row_len = 1 + (gsize) image->width * 3;
  const gsize rows_len = row_len * image->height;
  gsize length;
  gsize at = sizeof signature;
  const guint8 *bytes;
  g_autoptr(GString) order = g_string_new (NULL);
  guint32 ppm = 0;
  z_stream z = { 0 };
  int ret;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  bytes = (const guint8 *) contents;
  g_assert_cmpuint (length, >, sizeof signature);
  g_assert_cmpmem (bytes, sizeof signature, signature, sizeof signature);

  while (at < length)
    {
      guint32 chunk_len;
      const guint8 *type;
      const guint8 *data;

      g_assert_cmpuint (length - at, >=, 12);
      chunk_len = read_be32 (bytes + at);
      g_assert_cmpuint (chunk_len, <=, length - at - 12);
      type = bytes + at + 4;
      data = bytes + at + 8;
      g_assert_cmpuint (read_be32 (data + chunk_len), ==, crc32 (0, type, 4 + chunk_len));
      if (order->len > 0)
        g_string_append_c (order, ' ');
      g_string_append_len (order, (const char *) type, 4);

      if (memcmp (type, "IHDR", 4) == 0)
        {
          static const guint8 rest[5] = { 8, 2, 0, 0, 0 };

          g_assert_cmpuint (chunk_len, ==, 13);
          g_assert_cmpuint (read_be32 (data), ==, image->width);
          g_assert_cmpuint (read_be32 (data + 4), ==, image->height);
          /* 8 bits, RGB, deflate, the standard filters, not interlaced */
          g_assert_cmpmem (data + 8, 5, rest, 5);
        }
      else if (memcmp (type, "pHYs", 4) == 0)
        {
          g_assert_cmpuint (chunk_len, ==, 9);
          ppm = read_be32 (data);
          g_assert_cmpuint (read_be32 (data + 4), ==, ppm);
          g_assert_cmpuint (data[8], ==, 1);   /* metres */
        }
      else if (memcmp (type, "IDAT", 4) == 0)
        {
          g_byte_array_append (idat, data, chunk_len);
        }
      at += 12 + chunk_len;
    }
  g_assert_cmpuint (at, ==, length);

  /* IHDR first, pHYs before the data, IEND last, and no other chunk. */
  g_assert_true (g_regex_match_simple ("^IHDR pHYs (IDAT )+IEND$", order->str, 0, 0));

  /* One zlib stream, ending with the data, with the right Adler-32
   * (inflate() checks it, and fails with Z_DATA_ERROR if it is wrong). */
  rows = g_malloc (rows_len + 1);
  g_assert_cmpint (inflateInit (&z), ==, Z_OK);
  z.next_in = idat->data;
  z.avail_in = idat->len;
  z.next_out = rows;
  z.avail_out = rows_len + 1;
  ret = inflate (&z, Z_FINISH);
  g_assert_cmpint (ret, ==, Z_STREAM_END);
  g_assert_cmpuint (z.avail_in, ==, 0);
  g_assert_cmpuint (z.total_out, ==, rows_len);
  inflateEnd (&z);

  for (int y = 0; y < image->height; y++)
    {
      const guint8 *row = rows + y * row_len;
      const guint32 *src = (const guint32 *) (image->data + (gsize) y * image->stride);

      g_assert_cmpuint (row[0], ==, 0);   /* filter: None */
      for (int x = 0; x < image->width; x++)
        {
          const guint8 *p = row + 1 + x * 3;
          guint32 rgb = (guint32) p[0] << 16 | (guint32) p[1] << 8 | p[2];

          if (rgb != (src[x] & 0xffffff))
            g_error ("zlib: pixel (%d, %d) is %06x, not %06x", x, y, rgb, src[x] & 0xffffff);
        }
    }
  return ppm;
}

/* The file as libpng reads it, through cairo: every pixel. */
static void
check_with_cairo (const char  *path,
                  const Image *image)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  const guint8 *data;
  int stride;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_RGB24);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, image->width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, image->height);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < image->height; y++)
    {
      const guint32 *read = (const guint32 *) (data + (gsize) y * stride);
      const guint32 *src = (const guint32 *) (image->data + (gsize) y * image->stride);

      for (int x = 0; x < image->width; x++)
        if ((read[x] & 0xffffff) != (src[x] & 0xffffff))
          g_error ("cairo: pixel (%d, %d) is %06x, not %06x",
                   x, y, read[x] & 0xffffff, src[x] & 0xffffff);
    }
  cairo_surface_destroy (surface);
}

typedef struct
{
  int width;
  int height;
  int padding;   /* bytes after each row */
} Size;

/* 1890 × 1063 is a 16 × 9 cm chart at 300 dpi; it and 100 × 300 are cut
 * into as many bands as asked, unevenly.  The others are too small for
 * more than one band (EBB_PNG_MIN_BAND_ROWS), which must work as well. */
static const Size sizes[] = {
  { 1, 1, 0 },
  { 3, 50, 4 },
  { 700, 37, 0 },
  { 100, 300, 12 },
  { 1890, 1063, 0 },
};

static void
test_pixels (gconstpointer data)
{
  const Size *size = data;
  static const guint bands[] = { 1, 2, 3, 7 };
  g_autoptr(Image) image = image_new (size->width, size->height, size->padding,
                                      size->width * 7919 + size->height);
  g_autoptr(GBytes) one_band = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    {
      g_autofree char *path = write_image (image, 300, bands[i]);
      g_autofree char *contents = NULL;
      gsize length;

      g_test_message ("%d × %d in %u bands", size->width, size->height, bands[i]);
      g_assert_cmpuint (check_file (path, image), ==, 11811);
      check_with_cairo (path, image);

      /* Several bands are really written as several: each but the last
       * ends on a flush, so the file differs from the one-band file. */
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      if (bands[i] == 1)
        one_band = g_bytes_new (contents, length);
      else if ((guint) size->height / EBB_PNG_MIN_BAND_ROWS >= 2)
        {
          g_autoptr(GBytes) several = g_bytes_new (contents, length);

          g_assert_false (g_bytes_equal (several, one_band));
        }
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

/* Pixels per metre, rounded to the nearest. */
static void
test_phys (void)
{
  static const struct { double dpi; guint32 ppm; } cases[] = {
    { 72, 2835 },      /* 2834.6 */
    { 96, 3780 },      /* 3779.5 */
    { 150, 5906 },     /* 5905.5 */
    { 300, 11811 },    /* 11811.0 */
    { 2400, 94488 },   /* 94488.2 */
  };
  g_autoptr(Image) image = image_new (5, 4, 0, 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_image (image, cases[i].dpi, 1);

      g_assert_cmpuint (check_file (path, image), ==, cases[i].ppm);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

/* A full disk: the failing write is reported, whether it is met while
 * the IDAT chunks are written (a large image) or only when the writer
 * flushes the file at the end (one pixel, within stdio's buffer). */
static void
test_write_error (void)
{
  g_autoptr(Image) large = image_new (1890, 1063, 0, 2);
  g_autoptr(Image) small = image_new (1, 1, 0, 3);
  const Image *images[] = { large, small };

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      FILE *file = fopen ("/dev/full", "wb");

      if (file == NULL)
        {
          g_test_skip ("no /dev/full here");
          return;
        }
      g_assert_cmpint (_ebb_png_write (images[i]->data, images[i]->width, images[i]->height,
                                       images[i]->stride, 300, 2, file),
                       ==, CAIRO_STATUS_WRITE_ERROR);
      fclose (file);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/png/pixels/%dx%d", sizes[i].width, sizes[i].height);

      g_test_add_data_func (path, &sizes[i], test_pixels);
    }
  g_test_add_func ("/png/phys", test_phys);
  g_test_add_func ("/png/write-error", test_write_error);

  return g_test_run ();
}
