/* ebb-rating.c — one rating on one scale
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-rating"

#include "config.h"

#include <string.h>

#include "ebb-rating.h"

EbbRating *
ebb_rating_new (void)
{
  EbbRating *rating = g_new0 (EbbRating, 1);

  rating->when.second = -1;
  rating->alert_item = -1;
  return rating;
}

EbbRating *
ebb_rating_copy (const EbbRating *rating)
{
  EbbRating *copy;

  g_return_val_if_fail (rating != NULL, NULL);

  copy = g_memdup2 (rating, sizeof *rating);
  copy->when_text = g_strdup (rating->when_text);
  copy->scale_id = g_strdup (rating->scale_id);
  copy->items = rating->n_items ? g_memdup2 (rating->items, rating->n_items * sizeof (int)) : NULL;
  copy->rater = g_strdup (rating->rater);
  copy->note = g_strdup (rating->note);
  return copy;
}

void
ebb_rating_free (EbbRating *rating)
{
  if (rating == NULL)
    return;
  g_free (rating->when_text);
  g_free (rating->scale_id);
  g_free (rating->items);
  g_free (rating->rater);
  g_free (rating->note);
  g_free (rating);
}

gboolean
ebb_rating_set_when (EbbRating    *rating,
                    const char  *text,
                    GError     **error)
{
  EbbWhen when;

  g_return_val_if_fail (rating != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!ebb_when_parse (text, &when, error))
    return FALSE;
  g_free (rating->when_text);
  rating->when_text = g_strdup (text);
  rating->when = when;
  return TRUE;
}

void
ebb_rating_set_items (EbbRating  *rating,
                     const int *items,
                     guint      n_items)
{
  g_return_if_fail (rating != NULL);
  g_return_if_fail (n_items == 0 || items != NULL);

  g_clear_pointer (&rating->items, g_free);
  rating->n_items = n_items;
  if (n_items > 0)
    rating->items = g_memdup2 (items, n_items * sizeof (int));
}

/* Item values as stored and exported: separated by single spaces. */
char *
ebb_rating_items_to_string (const EbbRating *rating)
{
  char *text, *out;

  g_return_val_if_fail (rating != NULL, NULL);

  /* Called twice for every rating an import adds: no printf, and no
   * GString, written straight into room for the longest values (an int
   * is at most 11 characters, and a space or the nul follows each). */
  out = text = g_malloc ((gsize) MAX (rating->n_items, 1) * 12);
  for (guint i = 0; i < rating->n_items; i++)
    {
      char buf[12], *p = buf + sizeof buf;
      int value = rating->items[i];
      guint v = value < 0 ? -(guint) value : (guint) value;

      do
        *--p = (char) ('0' + v % 10);
      while ((v /= 10) > 0);
      if (value < 0)
        *--p = '-';
      if (i > 0)
        *out++ = ' ';
      memcpy (out, p, buf + sizeof buf - p);
      out += buf + sizeof buf - p;
    }
  *out = '\0';
  return text;
}

/**
 * ebb_rating_get_item:
 * @score: a rating
 * @item: a 1-based item number
 *
 * Returns: the item's value when the items were recorded, else -1
 */
int
ebb_rating_get_item (const EbbRating *rating,
                    guint           item)
{
  g_return_val_if_fail (rating != NULL, -1);
  g_return_val_if_fail (item > 0, -1);

  if (item <= rating->n_items)
    return rating->items[item - 1];
  return -1;
}
