/* ebb-flags.c — the whole clinic scanned for flags, and who needs attention
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-flags"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-flags.h"

/* GPtrArray sorts hand their comparators pointers to the elements. */
static int
compare_for_csv_cb (gconstpointer a,
                    gconstpointer b)
{
  return ebb_flag_compare_for_csv (*(const EbbFlag **) a, *(const EbbFlag **) b);
}

static int
compare_urgency_cb (gconstpointer a,
                    gconstpointer b)
{
  return ebb_flag_compare_urgency (*(const EbbFlag **) a, *(const EbbFlag **) b);
}

void
ebb_attention_item_free (EbbAttentionItem *item)
{
  if (item == NULL)
    return;
  g_clear_pointer (&item->patient, ebb_patient_free);
  g_clear_pointer (&item->flags, g_ptr_array_unref);
  g_free (item);
}

/**
 * ebb_flag_in_scope:
 *
 * Projected flags are always in scope: they are about the interval open
 * now.  Others must be dated on or before the as-of date and, for
 * %EBB_FLAGS_RECENT, within the EBB_FLAGS_RECENT_DAYS days up to it.
 */
gboolean
ebb_flag_in_scope (const EbbFlag *flag,
                   gint32         as_of_day,
                   EbbFlagsScope  scope)
{
  g_return_val_if_fail (flag != NULL, FALSE);

  if (flag->kind == EBB_FLAG_PROJECTED)
    return TRUE;
  if (flag->day > as_of_day)
    return FALSE;
  return scope == EBB_FLAGS_ALL || as_of_day - flag->day < EBB_FLAGS_RECENT_DAYS;
}

/**
 * ebb_flags_for_patient:
 * @sessions: (element-type EbbSession): the patient's sessions
 * @scores: (element-type EbbScore): the patient's ratings
 *
 * Returns: (transfer full) (element-type EbbFlag): every flag of every
 *   scale the patient was rated on (CADSS excepted), up to the as-of date
 *   and projected ones, in the command line's CSV order
 */
GPtrArray *
ebb_flags_for_patient (const EbbPatient      *patient,
                       GPtrArray             *sessions,
                       GPtrArray             *scores,
                       gint32                 as_of_day,
                       const EbbRuleSettings *settings)
{
  GPtrArray *flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  const EbbScale *seen[16] = { NULL };
  guint n_seen = 0;

  g_return_val_if_fail (patient != NULL, flags);

  for (guint i = 0; scores != NULL && i < scores->len; i++)
    {
      const EbbScore *score = g_ptr_array_index (scores, i);
      const EbbScale *scale = ebb_scale_lookup (score->scale_id);
      g_autoptr(EbbTrajectory) trajectory = NULL;
      GPtrArray *found;
      gboolean done = FALSE;

      if (scale == NULL || !scale->efficacy)
        continue;
      for (guint j = 0; j < n_seen; j++)
        done |= seen[j] == scale;
      if (done || n_seen == G_N_ELEMENTS (seen))
        continue;
      seen[n_seen++] = scale;

      trajectory = ebb_trajectory_new (patient, scale, sessions, scores, as_of_day, settings);
      /* The trajectory is freed right after: take its flags, not copies. */
      found = ebb_trajectory_get_flags (trajectory);
      while (found->len > 0)
        g_ptr_array_add (flags, g_ptr_array_steal_index (found, 0));
    }

  g_ptr_array_sort (flags, compare_for_csv_cb);
  return flags;
}

typedef struct
{
  gint32                 as_of;
  EbbFlagsScope          scope;
  const EbbRuleSettings *settings;
  GPtrArray             *flags;
} ScanData;

static void
scan_patient_cb (const EbbPatient *patient,
                 GPtrArray        *sessions,
                 GPtrArray        *scores,
                 gpointer          user_data)
{
  ScanData *data = user_data;
  g_autoptr(GPtrArray) flags = ebb_flags_for_patient (patient, sessions, scores, data->as_of, data->settings);

  /* Moved, not copied: these flags are freed right after. */
  for (guint i = 0; i < flags->len; )
    {
      if (ebb_flag_in_scope (g_ptr_array_index (flags, i), data->as_of, data->scope))
        g_ptr_array_add (data->flags, g_ptr_array_steal_index (flags, i));
      else
        i++;
    }
}

/* How many parts a whole-clinic scan is dealt into: one per core, as
 * the patients are independent of one another, and no more than four,
 * beyond which reading the file is the limit. */
static guint
scan_n_parts (void)
{
  return CLAMP (g_get_num_processors (), 1, 4);
}

/**
 * ebb_flags_scan:
 *
 * Returns: (transfer full) (element-type EbbFlag): the clinic's flags in
 *   scope, sorted by patient, scale, date and kind
 */
GPtrArray *
ebb_flags_scan (EbbStore              *store,
                gint32                 as_of_day,
                EbbFlagsScope          scope,
                const EbbRuleSettings *settings,
                GError               **error)
{
  g_autoptr(GPtrArray) flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  const guint n_parts = scan_n_parts ();
  g_autofree ScanData *parts = g_new0 (ScanData, n_parts);
  g_autofree gpointer *part_data = g_new0 (gpointer, n_parts);
  gboolean ok;

  g_return_val_if_fail (EBB_IS_STORE (store), NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      parts[i] = (ScanData) { as_of_day, scope, settings,
                              g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free) };
      part_data[i] = &parts[i];
    }
  ok = ebb_store_foreach_patient_for_rules_parallel (store, scan_patient_cb, part_data, n_parts, error);
  /* In id order, as one scan would have found them. */
  for (guint i = 0; i < n_parts; i++)
    g_ptr_array_extend_and_steal (flags, parts[i].flags);
  if (!ok)
    return NULL;
  g_ptr_array_sort (flags, compare_for_csv_cb);
  return g_steal_pointer (&flags);
}

/* A fade with nothing booked is as urgent as one a long way before the
 * next session. */
static int
urgency_days (const EbbFlag *flag)
{
  return flag->has_days_early ? flag->days_early : G_MAXINT;
}

/**
 * ebb_flag_compare_urgency:
 *
 * Suicide items first; then projected and faded flags, most days before
 * the next session first; then relapses; ties by date, latest first.
 */
int
ebb_flag_compare_urgency (const EbbFlag *a,
                          const EbbFlag *b)
{
  int rank_a = a->kind == EBB_FLAG_SUICIDE_ITEM ? 0 : a->kind == EBB_FLAG_RELAPSE ? 2 : 1;
  int rank_b = b->kind == EBB_FLAG_SUICIDE_ITEM ? 0 : b->kind == EBB_FLAG_RELAPSE ? 2 : 1;

  if (rank_a != rank_b)
    return rank_a - rank_b;
  if (rank_a == 1 && urgency_days (a) != urgency_days (b))
    return urgency_days (a) > urgency_days (b) ? -1 : 1;
  if (a->day != b->day)
    return a->day > b->day ? -1 : 1;
  return 0;
}

/* What the psychiatrist might do about a flag (design: the Attention page),
 * in the user's language. */
const char *
ebb_flag_suggestion (const EbbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, NULL);

  switch (flag->kind)
    {
    case EBB_FLAG_SUICIDE_ITEM:
      return _("Call today: assess suicide risk");
    case EBB_FLAG_PROJECTED:
      return _("Consider bringing the next session forward");
    case EBB_FLAG_FADED:
      return flag->next_session_day == 0 ? _("Book the next session") : _("Consider bringing the next session forward");
    case EBB_FLAG_RELAPSE:
      return _("Review the treatment plan");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Whether a session is booked on or after @as_of */
static gboolean
has_booking (GPtrArray *sessions,
             gint32     as_of)
{
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status == EBB_SESSION_SCHEDULED && session->when.day >= as_of)
        return TRUE;
    }
  return FALSE;
}

/**
 * ebb_flag_open_suggestion:
 * @flag: one of the patient's flags
 * @patient: the patient
 * @sessions: (element-type EbbSession): the patient's sessions
 * @scores: (element-type EbbScore): the patient's ratings
 * @as_of_day: the day of the decision
 * @settings: (nullable): the rules' settings, %NULL for the defaults
 *
 * Whether @flag still needs a decision, and which: the one place that
 * says so, for the Attention page and the case-note report.  A flag older
 * than the recent window needs none.  A fade whose next session has since
 * taken place has been acted on, unless that left the patient still not
 * responding with nothing booked: the patient most likely to be lost to
 * follow-up, who needs a booking.
 *
 * Returns: (nullable): what to do, translated, or %NULL when nothing is
 *   to be decided now
 */
const char *
ebb_flag_open_suggestion (const EbbFlag         *flag,
                          const EbbPatient      *patient,
                          GPtrArray             *sessions,
                          GPtrArray             *scores,
                          gint32                 as_of_day,
                          const EbbRuleSettings *settings)
{
  g_autoptr(EbbTrajectory) trajectory = NULL;

  g_return_val_if_fail (flag != NULL, NULL);
  g_return_val_if_fail (patient != NULL, NULL);

  if (!ebb_flag_in_scope (flag, as_of_day, EBB_FLAGS_RECENT))
    return NULL;
  if (flag->kind != EBB_FLAG_FADED || flag->next_session_day == 0 || flag->next_session_day >= as_of_day)
    return ebb_flag_suggestion (flag);
  if (has_booking (sessions, as_of_day))
    return NULL;
  trajectory = ebb_trajectory_new (patient, flag->scale, sessions, scores, as_of_day, settings);
  if (ebb_trajectory_get_status (trajectory) != EBB_STATUS_NOT_RESPONDING)
    return NULL;
  return _("Book the next session");
}

/* How many days a fade-led item is ahead of its booking; a fade with
 * nothing booked now is the most urgent of them, as in urgency_days(). */
static int
item_urgency_days (const EbbAttentionItem *item)
{
  const EbbFlag *first = g_ptr_array_index (item->flags, 0);

  if (first->kind == EBB_FLAG_FADED && !item->booked)
    return G_MAXINT;
  return urgency_days (first);
}

typedef struct
{
  gint32                 as_of;
  const EbbRuleSettings *settings;
  GPtrArray             *items;
} AttentionData;

static void
attention_patient_cb (const EbbPatient *patient,
                      GPtrArray        *sessions,
                      GPtrArray        *scores,
                      gpointer          user_data)
{
  AttentionData *data = user_data;
  g_autoptr(GPtrArray) flags = ebb_flags_for_patient (patient, sessions, scores, data->as_of, data->settings);
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  gboolean booked = has_booking (sessions, data->as_of);
  EbbAttentionItem *item;

  /* Moved, not copied: these flags are freed right after. */
  for (guint i = 0; i < flags->len; )
    {
      if (ebb_flag_open_suggestion (g_ptr_array_index (flags, i), patient, sessions, scores,
                                    data->as_of, data->settings) != NULL)
        g_ptr_array_add (open, g_ptr_array_steal_index (flags, i));
      else
        i++;
    }
  if (open->len == 0)
    return;

  g_ptr_array_sort (open, compare_urgency_cb);
  item = g_new0 (EbbAttentionItem, 1);
  item->patient = ebb_patient_copy (patient);
  item->flags = g_steal_pointer (&open);
  item->booked = booked;
  item->suggestion = ebb_flag_open_suggestion (g_ptr_array_index (item->flags, 0), patient, sessions, scores,
                                               data->as_of, data->settings);
  g_ptr_array_add (data->items, item);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const EbbAttentionItem *ia = *(const EbbAttentionItem **) a;
  const EbbAttentionItem *ib = *(const EbbAttentionItem **) b;
  const EbbFlag *fa = g_ptr_array_index (ia->flags, 0);
  const EbbFlag *fb = g_ptr_array_index (ib->flags, 0);
  int cmp;

  /* Among fades and projected fades, nothing booked now comes first. */
  if ((fa->kind == EBB_FLAG_FADED || fa->kind == EBB_FLAG_PROJECTED) &&
      (fb->kind == EBB_FLAG_FADED || fb->kind == EBB_FLAG_PROJECTED) &&
      item_urgency_days (ia) != item_urgency_days (ib))
    return item_urgency_days (ia) > item_urgency_days (ib) ? -1 : 1;
  cmp = ebb_flag_compare_urgency (fa, fb);

  return cmp != 0 ? cmp : g_strcmp0 (ia->patient->code, ib->patient->code);
}

/**
 * ebb_flags_attention:
 *
 * The clinic as of a day: each patient with flags that need a decision
 * now, most urgent patient first.
 *
 * Returns: (transfer full) (element-type EbbAttentionItem):
 */
GPtrArray *
ebb_flags_attention (EbbStore              *store,
                     gint32                 as_of_day,
                     const EbbRuleSettings *settings,
                     GError               **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_attention_item_free);
  const guint n_parts = scan_n_parts ();
  g_autofree AttentionData *parts = g_new0 (AttentionData, n_parts);
  g_autofree gpointer *part_data = g_new0 (gpointer, n_parts);
  gboolean ok;

  g_return_val_if_fail (EBB_IS_STORE (store), NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      parts[i] = (AttentionData) { as_of_day, settings,
                                   g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_attention_item_free) };
      part_data[i] = &parts[i];
    }
  ok = ebb_store_foreach_patient_for_rules_parallel (store, attention_patient_cb, part_data, n_parts,
                                                     error);
  for (guint i = 0; i < n_parts; i++)
    g_ptr_array_extend_and_steal (items, parts[i].items);
  if (!ok)
    return NULL;
  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}
