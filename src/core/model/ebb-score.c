/* ebb-score.c — one rating on one scale
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-score"

#include "config.h"

#include "ebb-score.h"

EbbScore *
ebb_score_new (void)
{
  EbbScore *score = g_new0 (EbbScore, 1);

  score->when.second = -1;
  score->alert_item = -1;
  return score;
}

EbbScore *
ebb_score_copy (const EbbScore *score)
{
  EbbScore *copy;

  g_return_val_if_fail (score != NULL, NULL);

  copy = g_memdup2 (score, sizeof *score);
  copy->when_text = g_strdup (score->when_text);
  copy->scale_id = g_strdup (score->scale_id);
  copy->items = score->n_items ? g_memdup2 (score->items, score->n_items * sizeof (int)) : NULL;
  copy->rater = g_strdup (score->rater);
  copy->note = g_strdup (score->note);
  return copy;
}

void
ebb_score_free (EbbScore *score)
{
  if (score == NULL)
    return;
  g_free (score->when_text);
  g_free (score->scale_id);
  g_free (score->items);
  g_free (score->rater);
  g_free (score->note);
  g_free (score);
}

gboolean
ebb_score_set_when (EbbScore    *score,
                    const char  *text,
                    GError     **error)
{
  EbbWhen when;

  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!ebb_when_parse (text, &when, error))
    return FALSE;
  g_free (score->when_text);
  score->when_text = g_strdup (text);
  score->when = when;
  return TRUE;
}

void
ebb_score_set_items (EbbScore  *score,
                     const int *items,
                     guint      n_items)
{
  g_return_if_fail (score != NULL);
  g_return_if_fail (n_items == 0 || items != NULL);

  g_clear_pointer (&score->items, g_free);
  score->n_items = n_items;
  if (n_items > 0)
    score->items = g_memdup2 (items, n_items * sizeof (int));
}

/* Item values as stored and exported: separated by single spaces. */
char *
ebb_score_items_to_string (const EbbScore *score)
{
  GString *str;

  g_return_val_if_fail (score != NULL, NULL);

  /* Called twice for every rating an import adds: no printf. */
  str = g_string_sized_new (score->n_items * 3);
  for (guint i = 0; i < score->n_items; i++)
    {
      char buf[16], *p = buf + sizeof buf;
      int value = score->items[i];
      guint v = value < 0 ? -(guint) value : (guint) value;

      *--p = '\0';
      do
        *--p = (char) ('0' + v % 10);
      while ((v /= 10) > 0);
      if (value < 0)
        *--p = '-';
      if (i > 0)
        g_string_append_c (str, ' ');
      g_string_append (str, p);
    }
  return g_string_free (str, FALSE);
}

/**
 * ebb_score_get_item:
 * @score: a rating
 * @item: a 1-based item number
 *
 * Returns: the item's value when the items were recorded, else -1
 */
int
ebb_score_get_item (const EbbScore *score,
                    guint           item)
{
  g_return_val_if_fail (score != NULL, -1);
  g_return_val_if_fail (item > 0, -1);

  if (item <= score->n_items)
    return score->items[item - 1];
  return -1;
}
