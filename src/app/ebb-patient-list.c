/* ebb-patient-list.c — the clinic's patients and who needs attention, as list models
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One load reads the clinic in three queries and one scan of the rules,
 * then updates the items in place: rows keep their widgets, the list its
 * selection and scroll position, and only what changed is notified.
 *
 * On a large clinic the reading takes a second or more, so it runs in a
 * thread, on a read-only connection of its own (an EbbStore is never
 * shared between threads), which also works out the items' search and
 * sort keys and hands new patients in the sidebar's order; only updating
 * the models is left to the main thread, in slices short enough for the
 * window to draw its frames between them.  One load runs at a time.  A
 * load asked for while one runs cancels it and waits for it to end: the
 * newest load wins, and a result read before the latest change is never
 * shown.
 *
 * A change to one patient's records is read for that patient alone
 * (ebb_patient_list_reload_patient()), on the main thread: it takes a
 * fraction of a frame.
 */
#define G_LOG_DOMAIN "ebb-patient-list"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-patient-list.h"
#include "ebb-patient-records.h"
#include "ebb-scale.h"

/* What a load reads with, copied for the thread. */
typedef struct
{
  char            *path;
  EbbRuleSettings  rules;
  char            *default_scale;
  gint32           today;
  gint64           asked;   /* g_get_monotonic_time(), for the debug log */
} LoadRequest;

/* What a load read, handed from the thread to the main thread, ready
 * for the models: what can be worked out ahead is, in the thread. */
typedef struct
{
  GPtrArray  *patients;    /* EbbPatient, in the sidebar's order */
  GHashTable *unlisted;    /* gint64 id (in patients) → EbbPatient: none of the items has it yet */
  GHashTable *keys;        /* gint64 id (in patients) → EbbPatientItemKeys */
  GHashTable *labels;      /* gint64 id (in patients) → char *, the latest rating in words */
  GHashTable *follow_ups;  /* gint64 id (in patients) → char *, the next session or "course ended" */
  GHashTable *attention;   /* gint64 id → EbbAttentionItem, until an item takes it */
  GArray     *flagged_ids; /* gint64, in Attention's order */
  gint64      started;     /* g_get_monotonic_time(), for the debug log */
  gint64      read;
} LoadResult;

struct _EbbPatientList
{
  GObject       parent_instance;

  GListStore   *patients;     /* EbbPatientItem, in no particular order */
  GListStore   *attention;    /* the flagged ones, most urgent first */
  GHashTable   *by_id;        /* gint64 → EbbPatientItem (borrowed from patients) */

  GCancellable *cancellable;  /* of the load running, or NULL when none runs */
  LoadRequest  *next;         /* the load to start when the running one ends */
  LoadRequest  *shown;        /* what the models were last loaded with, or NULL */

  /* A load's result put in the models a slice at a time, with frames
   * drawn between: all at once, a large clinic held the window still. */
  LoadResult   *applying;
  LoadRequest  *applying_request;
  guint         apply_source;
  guint         apply_position;      /* items before it are still to be brought up to date */
  guint         apply_next;          /* the next of applying->patients to add, if unlisted */
  guint         apply_splice;        /* how many to add in the next splice */
  GPtrArray    *apply_attention;     /* then Attention's items, in its order */
  guint         apply_attention_next;
  gboolean      apply_keys_changed;

  guint         loading : 1;  /* a load is wanted and its result not yet in */
};

G_DEFINE_FINAL_TYPE (EbbPatientList, ebb_patient_list, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
load_request_free (LoadRequest *request)
{
  g_free (request->path);
  g_free (request->default_scale);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadRequest, load_request_free)

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->unlisted, g_hash_table_unref);
  g_clear_pointer (&result->keys, g_hash_table_unref);
  g_clear_pointer (&result->labels, g_hash_table_unref);
  g_clear_pointer (&result->follow_ups, g_hash_table_unref);
  g_clear_pointer (&result->attention, g_hash_table_unref);
  g_clear_pointer (&result->flagged_ids, g_array_unref);
  g_clear_pointer (&result->patients, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

/* A result half put in stays as far as it went; the newest load, which
 * is what stops it, puts the rest right. */
static void
stop_applying (EbbPatientList *self)
{
  g_clear_handle_id (&self->apply_source, g_source_remove);
  g_clear_pointer (&self->applying, load_result_free);
  g_clear_pointer (&self->applying_request, load_request_free);
  g_clear_pointer (&self->apply_attention, g_ptr_array_unref);
}

static void
ebb_patient_list_set_loading (EbbPatientList *self,
                              gboolean        loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Whatever runs ends without a word, and nothing waits to start. */
static void
cancel_loads (EbbPatientList *self)
{
  stop_applying (self);
  g_clear_pointer (&self->next, load_request_free);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
ebb_patient_list_dispose (GObject *object)
{
  EbbPatientList *self = EBB_PATIENT_LIST (object);

  cancel_loads (self);
  g_clear_pointer (&self->shown, load_request_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->attention);
  g_clear_object (&self->patients);

  G_OBJECT_CLASS (ebb_patient_list_parent_class)->dispose (object);
}

static void
ebb_patient_list_finalize (GObject *object)
{
  EbbPatientList *self = EBB_PATIENT_LIST (object);

  /* A running load holds the list: none can be left. */
  g_assert (self->cancellable == NULL);

  G_OBJECT_CLASS (ebb_patient_list_parent_class)->finalize (object);
}

static void
ebb_patient_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EbbPatientList *self = EBB_PATIENT_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_patient_list_class_init (EbbPatientListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ebb_patient_list_dispose;
  object_class->finalize = ebb_patient_list_finalize;
  object_class->get_property = ebb_patient_list_get_property;

  /**
   * EbbPatientList:loading:
   *
   * Whether the clinic is being read: from ebb_patient_list_load() until
   * the models show what the latest load read, or it failed.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EbbPatientList::loaded:
   * @self: the list
   * @keys_changed: whether a code or name of an item already listed
   *   changed, so that filters and sorters over the list must run again
   * @error: (nullable): why the load failed; the models then keep what
   *   they had
   *
   * The latest load ended, and the models show what it read.  Emitted
   * before #EbbPatientList:loading turns %FALSE.
   */
  signals[LOADED] =
    g_signal_new ("loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_BOOLEAN,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ebb_patient_list_init (EbbPatientList *self)
{
  self->patients = g_list_store_new (EBB_TYPE_PATIENT_ITEM);
  self->attention = g_list_store_new (EBB_TYPE_PATIENT_ITEM);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

EbbPatientList *
ebb_patient_list_new (void)
{
  return g_object_new (EBB_TYPE_PATIENT_LIST, NULL);
}

/**
 * ebb_patient_list_format_score:
 * @scale_id: a scale id of the catalogue
 * @total: a total on that scale
 *
 * Returns: (transfer full): the rating in the sidebar's words,
 *   "MADRS 14 · mild"
 */
char *
ebb_patient_list_format_score (const char *scale_id,
                               int         total)
{
  const EbbScale *scale;
  const EbbBand *band = NULL;

  g_return_val_if_fail (scale_id != NULL, NULL);

  scale = ebb_scale_lookup (scale_id);
  if (scale != NULL)
    band = ebb_scale_band_for (scale, total);

  if (band != NULL)
    /* Translators: a scale, its total and its severity band, "MADRS 14 · mild" */
    return g_strdup_printf (_("%s %d · %s"), scale_id, total, ebb_band_get_label (band));

  /* Translators: a scale and its total, "CADSS 3" */
  return g_strdup_printf (_("%s %d"), scale_id, total);
}

/* The sidebar's line under the name: the next session, or that the
 * course was recorded as ended (§6); NULL for neither.  @by_day, if not
 * NULL, keeps the lines made (int day → char *): a clinic books its
 * sessions on a few hundred days, and a date for people takes the
 * locale's words (a tenth of a second for 50,000 patients, each
 * formatted anew). */
static char *
format_follow_up (const EbbFollowUp *follow_up,
                  gint32             today,
                  GHashTable        *by_day)
{
  if (follow_up != NULL && follow_up->next_session_day > 0)
    {
      char *line = by_day != NULL ? g_hash_table_lookup (by_day, GINT_TO_POINTER (follow_up->next_session_day)) : NULL;

      if (line == NULL)
        {
          g_autofree char *date = ebb_date_format_for_people (follow_up->next_session_day, today);

          /* Translators: in the patient list, the next booked session, "next Tue 15 Dec" */
          line = g_strdup_printf (_("next %s"), date);
          if (by_day == NULL)
            return line;
          g_hash_table_insert (by_day, GINT_TO_POINTER (follow_up->next_session_day), line);
        }
      return g_strdup (line);
    }
  if (follow_up != NULL && follow_up->course_ended)
    return g_strdup (_("course ended"));
  return NULL;
}

/* Where each of Attention's sections starts, in @items (Attention's
 * order, section by section) */
static void
mark_section_starts (GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      const EbbAttentionItem *here = ebb_patient_item_get_attention (g_ptr_array_index (items, i));
      const EbbAttentionItem *before = i > 0 ? ebb_patient_item_get_attention (g_ptr_array_index (items, i - 1))
                                             : NULL;

      ebb_patient_item_set_section_start (g_ptr_array_index (items, i),
                                          before == NULL || here == NULL || before->section != here->section);
    }
}

static EbbAttentionItem *
take_attention (GHashTable *attention_by_id,
                gint64      id)
{
  gpointer value = NULL;

  if (!g_hash_table_steal_extended (attention_by_id, &id, NULL, &value))
    return NULL;
  return value;
}

static int
compare_patients_cb (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const EbbPatient *pa = *(const EbbPatient **) a;
  const EbbPatient *pb = *(const EbbPatient **) b;
  GHashTable *keys = user_data;

  return ebb_patient_item_keys_compare (g_hash_table_lookup (keys, &pa->id), pa->id,
                                        g_hash_table_lookup (keys, &pb->id), pb->id);
}

/* In the thread: everything the models need, read on a connection of
 * its own.  The queries are not one snapshot; a change made between them
 * emits EbbStore::changed, and the load that follows puts it right. */
static LoadResult *
read_clinic (const LoadRequest  *request,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) attention = NULL;
  g_autoptr(GArray) follow_ups = NULL;
  g_autoptr(GHashTable) follow_up_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) follow_up_lines = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);

  result->started = g_get_monotonic_time ();

  /* The summaries without their counts, which are not shown and would
   * read every row.  Cancelled between the steps, since each takes a
   * while on a large clinic. */
  if (!(store = ebb_store_open (request->path, EBB_STORE_OPEN_READ_ONLY, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !(summaries = ebb_store_list_patient_summaries (store, request->default_scale, request->today,
                                                      EBB_STORE_SUMMARY_DEFAULT, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !(attention = ebb_flags_attention_with_follow_up (store, request->today, &request->rules,
                                                        &follow_ups, error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  for (guint i = 0; i < follow_ups->len; i++)
    {
      EbbFollowUp *follow_up = &g_array_index (follow_ups, EbbFollowUp, i);

      g_hash_table_insert (follow_up_by_id, &follow_up->patient_id, follow_up);
    }

  result->patients = g_ptr_array_new_full (summaries->len, (GDestroyNotify) ebb_patient_free);
  result->unlisted = g_hash_table_new (g_int64_hash, g_int64_equal);
  result->keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify) ebb_patient_item_keys_free);
  result->labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  result->follow_ups = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  for (guint i = 0; i < summaries->len; i++)
    {
      EbbPatientSummary *summary = g_ptr_array_index (summaries, i);
      EbbPatient *patient = g_steal_pointer (&summary->patient);
      const EbbFollowUp *follow_up = g_hash_table_lookup (follow_up_by_id, &patient->id);
      g_autofree char *score = NULL;
      g_autofree char *next = format_follow_up (follow_up, request->today, follow_up_lines);

      g_ptr_array_add (result->patients, patient);
      if (summary->latest_scale != NULL)
        score = ebb_patient_list_format_score (summary->latest_scale, summary->latest_total);
      /* The key lives in the patient, which the result keeps. */
      g_hash_table_insert (result->unlisted, &patient->id, patient);
      g_hash_table_insert (result->keys, &patient->id, ebb_patient_item_keys_new (patient->code, patient->name));
      if (next != NULL)
        g_hash_table_insert (result->follow_ups, &patient->id, g_steal_pointer (&next));
      if (score != NULL)
        g_hash_table_insert (result->labels, &patient->id, g_steal_pointer (&score));
    }
  /* New items go in in the sidebar's order, which its sort model then
   * finds already sorted. */
  g_ptr_array_sort_with_data (result->patients, compare_patients_cb, result->keys);

  /* The items take the attention entries over, one each; the ids keep
   * the order of the rules for the Attention list. */
  result->attention = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                             (GDestroyNotify) ebb_attention_item_free);
  result->flagged_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), attention->len);
  g_ptr_array_set_free_func (attention, NULL);
  for (guint i = 0; i < attention->len; i++)
    {
      EbbAttentionItem *entry = g_ptr_array_index (attention, i);

      g_array_append_val (result->flagged_ids, entry->patient->id);
      g_hash_table_insert (result->attention, &entry->patient->id, entry);
    }
  g_ptr_array_set_size (attention, 0);

  result->read = g_get_monotonic_time ();
  return g_steal_pointer (&result);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  LoadResult *result = read_clinic (task_data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

/* How long one slice of putting a load in the models may keep the main
 * thread, in microseconds, and how many items it does between looks at
 * the clock. */
#define APPLY_SLICE_USEC 8000
#define APPLY_BATCH 512
/* An item added costs a few microseconds, a sidebar row made for it a
 * few milliseconds: above this, per item, a splice made rows. */
#define APPLY_ROW_MADE_USEC 100
/* The frame after a slice lays out and draws the rows the slice made,
 * which takes several times what making them took: a slice stops once
 * making rows has taken this long.  At 50,000 patients the frame that
 * drew the sidebar's first screenful took 40–52 ms; 30–40 ms since. */
#define APPLY_ROWS_SLICE_USEC 3000

/* An Attention card takes a few milliseconds to make and 10–15 ms to lay
 * out (its detail and suggestion wrap): an empty list's first screenful
 * goes in two cards a frame.  Three made frames of 32–40 ms. */
#define ATTENTION_FIRST_ROWS 24
#define ATTENTION_ROWS_PER_FRAME 2
#define FIRST_ROWS_FRAME_MS 17

static void
free_result_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  load_result_free (task_data);
}

/* A clinic's worth of patients and strings takes a while to free, and
 * none of it is the models': it is freed in a thread. */
static void
free_result_later (LoadResult *result)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_name (task, "[ebb] free what a load read");
  g_task_set_task_data (task, result, NULL);
  g_task_run_in_thread (task, free_result_thread);
}

/* On the main thread, once the last slice is in: the loading state, told
 * with the handlers seeing the lists filled. */
static void
finish_applying (EbbPatientList *self)
{
  LoadResult *result = g_steal_pointer (&self->applying);
  g_autoptr(LoadRequest) request = g_steal_pointer (&self->applying_request);
  gint64 applied;

  g_clear_pointer (&self->apply_attention, g_ptr_array_unref);
  g_object_freeze_notify (G_OBJECT (self));
  ebb_patient_list_set_loading (self, FALSE);

  applied = g_get_monotonic_time ();
  g_debug ("Read %u patients in %.1f ms (%.1f ms after asking); models updated %.1f ms later",
           result->patients->len,
           (result->read - result->started) / 1000.0,
           (result->read - request->asked) / 1000.0,
           (applied - result->read) / 1000.0);

  /* What one patient's changes are read with until the next load. */
  g_clear_pointer (&self->shown, load_request_free);
  self->shown = g_steal_pointer (&request);

  free_result_later (result);
  g_signal_emit (self, signals[LOADED], 0, self->apply_keys_changed, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean apply_slice_cb (gpointer user_data);

/* Goes on in a timeout added afresh, due a millisecond after this slice
 * ends: the window draws a frame due meanwhile first.  A timeout that
 * goes on (G_SOURCE_CONTINUE) is due again a millisecond after the slice
 * began, so it is always due, and its priority is above redrawing: the
 * window drew nothing until the last slice (280 ms at 50,000 patients).
 * An idle, below redrawing, is the other way round: a window animating
 * its spinner on a slow machine (or under valgrind) always has a frame
 * to draw, and the idle waited for ever. */
static gboolean
continue_after_frame (EbbPatientList *self)
{
  self->apply_source = g_timeout_add (1, apply_slice_cb, self);
  g_source_set_name_by_id (self->apply_source, "[ebb] put the clinic in the lists");
  return G_SOURCE_REMOVE;
}

/* Goes on after the next frame rather than in the same one: cards just
 * made are laid out before more are. */
static gboolean
wait_for_frame (EbbPatientList *self)
{
  self->apply_source = g_timeout_add (FIRST_ROWS_FRAME_MS, apply_slice_cb, self);
  g_source_set_name_by_id (self->apply_source, "[ebb] put Attention's first cards in");
  return G_SOURCE_REMOVE;
}

/* One slice: the items already listed brought up to date (or dropped),
 * from the end so that removing does not shift what is still to visit;
 * then the new ones added, a batch per splice, in the sidebar's order. */
static gboolean
apply_slice_cb (gpointer user_data)
{
  EbbPatientList *self = EBB_PATIENT_LIST (user_data);
  LoadResult *result = self->applying;
  gint64 deadline = g_get_monotonic_time () + APPLY_SLICE_USEC;
  gint64 making_rows = 0;

  while (self->apply_position > 0)
    {
      for (guint n = 0; n < APPLY_BATCH && self->apply_position > 0; n++)
        {
          guint position = --self->apply_position;
          g_autoptr(EbbPatientItem) item = g_list_model_get_item (G_LIST_MODEL (self->patients), position);
          gint64 id = ebb_patient_item_get_id (item);
          EbbPatient *patient = g_hash_table_lookup (result->unlisted, &id);

          if (patient == NULL)
            {
              g_hash_table_remove (self->by_id, &id);
              g_list_store_remove (self->patients, position);
              continue;
            }

          if (ebb_patient_item_update_with_keys (item, patient, g_hash_table_lookup (result->keys, &id),
                                                 g_hash_table_lookup (result->labels, &id),
                                                 g_hash_table_lookup (result->follow_ups, &id),
                                                 take_attention (result->attention, id)))
            self->apply_keys_changed = TRUE;
          g_hash_table_remove (result->unlisted, &id);
        }
      if (g_get_monotonic_time () >= deadline)
        return continue_after_frame (self);
    }

  while (self->apply_next < result->patients->len)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
      guint batch = self->apply_splice;
      guint n_listed;
      gint64 spliced, took;

      for (; self->apply_next < result->patients->len && added->len < batch; self->apply_next++)
        {
          EbbPatient *patient = g_ptr_array_index (result->patients, self->apply_next);
          EbbPatientItem *item;

          if (!g_hash_table_contains (result->unlisted, &patient->id))
            continue;

          item = ebb_patient_item_new (patient->id);
          ebb_patient_item_update_with_keys (item, patient, g_hash_table_lookup (result->keys, &patient->id),
                                             g_hash_table_lookup (result->labels, &patient->id),
                                             g_hash_table_lookup (result->follow_ups, &patient->id),
                                             take_attention (result->attention, patient->id));
          g_hash_table_insert (self->by_id, g_memdup2 (&patient->id, sizeof patient->id), item);
          g_ptr_array_add (added, item);
        }
      spliced = g_get_monotonic_time ();
      n_listed = g_list_model_get_n_items (G_LIST_MODEL (self->patients));
      if (added->len > 0)
        g_list_store_splice (self->patients, n_listed, 0, added->pdata, added->len);
      /* The sidebar makes its rows (as many as it shows) in the splice
       * that adds their items: while it makes them, a splice adds one or
       * two, so that a slice ends in time whatever it had to make; once
       * it makes none, twice as many each time. */
      took = g_get_monotonic_time () - spliced;
      if (took > (gint64) added->len * APPLY_ROW_MADE_USEC)
        {
          self->apply_splice = MAX (1, batch / 2);
          making_rows += took;
        }
      else
        self->apply_splice = MIN (APPLY_BATCH, batch * 2);
      /* The first patients show the sidebar's list in place of its
       * placeholder: that frame is drawn before anything more is done. */
      if (n_listed == 0 && added->len > 0 && self->apply_next < result->patients->len)
        return continue_after_frame (self);
      if (self->apply_next < result->patients->len &&
          (g_get_monotonic_time () >= deadline || making_rows >= APPLY_ROWS_SLICE_USEC))
        return continue_after_frame (self);
    }

  /* Then Attention.  Shown for the first time, its first rows are made a
   * few a slice, as the sidebar's are: each card is a frame's worth of
   * work, and a screenful at once held the window for 100 ms at 50,000
   * patients.  A list already shown is replaced whole, its rows reused. */
  if (self->apply_attention == NULL)
    {
      guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->attention));

      self->apply_attention = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < result->flagged_ids->len; i++)
        {
          EbbPatientItem *item = g_hash_table_lookup (self->by_id,
                                                      &g_array_index (result->flagged_ids, gint64, i));

          if (item != NULL)
            g_ptr_array_add (self->apply_attention, g_object_ref (item));
        }
      mark_section_starts (self->apply_attention);
      self->apply_attention_next = 0;
      if (n_old > 0 || self->apply_attention->len == 0)
        {
          g_list_store_splice (self->attention, 0, n_old, self->apply_attention->pdata,
                               self->apply_attention->len);
          self->apply_attention_next = self->apply_attention->len;
        }
    }
  while (self->apply_attention_next < self->apply_attention->len)
    {
      gboolean first_rows = self->apply_attention_next < ATTENTION_FIRST_ROWS;
      guint batch = MIN (self->apply_attention->len - self->apply_attention_next,
                         first_rows ? ATTENTION_ROWS_PER_FRAME : APPLY_BATCH);

      g_list_store_splice (self->attention, self->apply_attention_next, 0,
                           self->apply_attention->pdata + self->apply_attention_next, batch);
      self->apply_attention_next += batch;
      if (self->apply_attention_next >= self->apply_attention->len)
        break;
      /* A screenful of cards, a few a frame: the next ones after the
       * frame that lays these out, not in the same one. */
      if (first_rows)
        return wait_for_frame (self);
      if (g_get_monotonic_time () >= deadline)
        return continue_after_frame (self);
    }

  self->apply_source = 0;
  finish_applying (self);
  return G_SOURCE_REMOVE;
}

static void ebb_patient_list_start (EbbPatientList *self,
                                    LoadRequest    *request);

static void
load_done_cb (GObject      *object,
              GAsyncResult *async_result,
              gpointer      user_data)
{
  EbbPatientList *self = EBB_PATIENT_LIST (object);
  g_autoptr(LoadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LoadRequest *request;

  g_clear_object (&self->cancellable);

  /* A newer load was asked for while this one ran: what this one read may
   * be out of date already. */
  if (self->next != NULL)
    {
      ebb_patient_list_start (self, g_steal_pointer (&self->next));
      return;
    }

  /* Cancelled (the clinic was closed), or failed: the models keep what
   * they had. */
  result = g_task_propagate_pointer (G_TASK (async_result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (result == NULL)
    {
      g_object_freeze_notify (G_OBJECT (self));
      ebb_patient_list_set_loading (self, FALSE);
      g_signal_emit (self, signals[LOADED], 0, FALSE, error);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  /* Put in a slice at a time, the first at once; still loading until the
   * last is in. */
  request = g_task_get_task_data (G_TASK (async_result));
  g_assert (self->applying == NULL);
  self->applying = g_steal_pointer (&result);
  self->applying_request = g_new0 (LoadRequest, 1);
  *self->applying_request = *request;
  self->applying_request->path = g_strdup (request->path);
  self->applying_request->default_scale = g_strdup (request->default_scale);
  self->apply_position = g_list_model_get_n_items (G_LIST_MODEL (self->patients));
  self->apply_next = 0;
  self->apply_splice = 2;
  self->apply_keys_changed = FALSE;
  apply_slice_cb (self);
}

static void
ebb_patient_list_start (EbbPatientList *self,
                        LoadRequest    *request)
{
  g_autoptr(GTask) task = NULL;

  g_assert (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, ebb_patient_list_start);
  g_task_set_name (task, "[ebb] read the clinic");
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ebb_patient_list_load:
 * @self: a list
 * @path: the clinic database, open elsewhere in this process
 * @rules: the rule settings
 * @default_scale: (nullable): the scale to show for patients with no preferred one
 * @today: the as-of day of the flags
 *
 * Reads the clinic again, in a thread, and then updates the models and
 * emits #EbbPatientList::loaded.  A load still running is cancelled:
 * only the newest load's result is ever shown.
 */
void
ebb_patient_list_load (EbbPatientList        *self,
                       const char            *path,
                       const EbbRuleSettings *rules,
                       const char            *default_scale,
                       gint32                 today)
{
  LoadRequest *request;

  g_return_if_fail (EBB_IS_PATIENT_LIST (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (rules != NULL);
  g_return_if_fail (today > 0);

  request = g_new0 (LoadRequest, 1);
  request->path = g_strdup (path);
  request->rules = *rules;
  request->default_scale = g_strdup (default_scale);
  request->today = today;
  request->asked = g_get_monotonic_time ();

  /* One thread at a time: the running one is told to stop, and this one
   * starts when it has. */
  stop_applying (self);
  if (self->cancellable != NULL)
    {
      cancel_loads (self);
      self->next = request;
    }
  else
    ebb_patient_list_start (self, request);

  ebb_patient_list_set_loading (self, TRUE);
}

/* Whether the Attention card at @position starts its section, told to
 * its row by putting the item back in place when that changed. */
static void
update_section_start (EbbPatientList *self,
                      guint           position)
{
  g_autoptr(EbbPatientItem) item = g_list_model_get_item (G_LIST_MODEL (self->attention), position);
  g_autoptr(EbbPatientItem) before = NULL;
  gboolean start;

  if (item == NULL)
    return;
  if (position > 0)
    before = g_list_model_get_item (G_LIST_MODEL (self->attention), position - 1);
  start = before == NULL ||
          ebb_patient_item_get_attention (before)->section != ebb_patient_item_get_attention (item)->section;
  if (start == ebb_patient_item_get_section_start (item))
    return;
  ebb_patient_item_set_section_start (item, start);
  g_list_store_splice (self->attention, position, 1, (gpointer *) &item, 1);
}

/* Where an entry goes in Attention's order: after every entry before it. */
static guint
attention_position (EbbPatientList         *self,
                    const EbbAttentionItem *entry)
{
  guint low = 0, high = g_list_model_get_n_items (G_LIST_MODEL (self->attention));

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (G_LIST_MODEL (self->attention), middle);

      if (ebb_attention_item_compare (ebb_patient_item_get_attention (item), entry) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/**
 * ebb_patient_list_reload_patient:
 * @self: a list
 * @store: the clinic the list was loaded from, open in this thread
 * @patient_id: the patient whose records changed, perhaps deleted
 *
 * Brings one patient's item up to the store, with the rule settings,
 * scale and as-of day of the last load: the patient is read and judged
 * alone, as the whole clinic's load judges each, and is added, changed or
 * removed in both models, at their place in Attention's order.  Emits
 * #EbbPatientList::loaded as a load does.
 *
 * Does nothing and returns %FALSE when that cannot stand for a load: no
 * load has been shown yet, or one is running (it may have read the
 * patient before the change); the caller loads the clinic then.
 *
 * Returns: whether the models show the patient as stored, or it failed
 *   and said why with #EbbPatientList::loaded
 */
gboolean
ebb_patient_list_reload_patient (EbbPatientList *self,
                                 EbbStore       *store,
                                 gint64          patient_id)
{
  g_auto(EbbPatientRecords) records = { 0 };
  g_autoptr(EbbPatientSummary) summary = NULL;
  g_autoptr(EbbAttentionItem) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *score = NULL;
  g_autofree char *next = NULL;
  EbbPatientItem *item;
  EbbFollowUp follow_up;
  gboolean keys_changed = FALSE;
  guint position;

  g_return_val_if_fail (EBB_IS_PATIENT_LIST (self), FALSE);
  g_return_val_if_fail (EBB_IS_STORE (store), FALSE);
  g_return_val_if_fail (patient_id > 0, FALSE);

  if (self->shown == NULL || self->loading || self->cancellable != NULL)
    return FALSE;

  item = g_hash_table_lookup (self->by_id, &patient_id);

  if (!ebb_patient_records_load (&records, store, patient_id, &error))
    {
      /* Deleted: gone from both lists. */
      if (g_error_matches (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW))
        {
          g_clear_error (&error);
          if (item != NULL)
            {
              if (g_list_store_find (self->attention, item, &position))
                {
                  g_list_store_remove (self->attention, position);
                  update_section_start (self, position);
                }
              if (g_list_store_find (self->patients, item, &position))
                g_list_store_remove (self->patients, position);
              g_hash_table_remove (self->by_id, &patient_id);
            }
        }
      g_signal_emit (self, signals[LOADED], 0, FALSE, error);
      return TRUE;
    }

  summary = ebb_store_get_patient_summary (store, patient_id, self->shown->default_scale,
                                           self->shown->today, &error);
  if (summary == NULL)
    {
      g_signal_emit (self, signals[LOADED], 0, FALSE, error);
      return TRUE;
    }
  entry = ebb_flags_attention_for_records (&records, self->shown->today, &self->shown->rules, &follow_up);
  if (summary->latest_scale != NULL)
    score = ebb_patient_list_format_score (summary->latest_scale, summary->latest_total);
  next = format_follow_up (&follow_up, self->shown->today, NULL);

  /* Out of Attention first: its place there may change. */
  if (item != NULL && g_list_store_find (self->attention, item, &position))
    {
      g_list_store_remove (self->attention, position);
      update_section_start (self, position);
    }

  if (item == NULL)
    {
      g_autoptr(EbbPatientItem) added = ebb_patient_item_new (patient_id);

      ebb_patient_item_update (added, records.patient, score, next, g_steal_pointer (&entry));
      item = added;
      g_hash_table_insert (self->by_id, g_memdup2 (&patient_id, sizeof patient_id), item);
      g_list_store_append (self->patients, item);
    }
  else
    {
      keys_changed = ebb_patient_item_update (item, records.patient, score, next, g_steal_pointer (&entry));
      /* Put back in place, so that the sidebar's sort and search place it
       * anew, and only it. */
      if (keys_changed && g_list_store_find (self->patients, item, &position))
        g_list_store_splice (self->patients, position, 1, (gpointer *) &item, 1);
    }

  if (ebb_patient_item_get_attention (item) != NULL)
    {
      g_autoptr(EbbPatientItem) before = NULL;

      position = attention_position (self, ebb_patient_item_get_attention (item));
      if (position > 0)
        before = g_list_model_get_item (G_LIST_MODEL (self->attention), position - 1);
      ebb_patient_item_set_section_start (item, before == NULL ||
                                          ebb_patient_item_get_attention (before)->section !=
                                          ebb_patient_item_get_attention (item)->section);
      g_list_store_insert (self->attention, position, item);
      /* The next card's heading: it may now be in the same section. */
      update_section_start (self, position + 1);
    }

  g_signal_emit (self, signals[LOADED], 0, FALSE, NULL);
  return TRUE;
}

/**
 * ebb_patient_list_get_loading:
 * @self: a list
 *
 * Returns: whether the clinic is being read, see #EbbPatientList:loading
 */
gboolean
ebb_patient_list_get_loading (EbbPatientList *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_LIST (self), FALSE);

  return self->loading;
}

/**
 * ebb_patient_list_cancel:
 * @self: a list
 *
 * Cancels any load: the models keep what they show, and nothing more is
 * emitted for it.
 */
void
ebb_patient_list_cancel (EbbPatientList *self)
{
  g_return_if_fail (EBB_IS_PATIENT_LIST (self));

  cancel_loads (self);
  ebb_patient_list_set_loading (self, FALSE);
}

/**
 * ebb_patient_list_clear:
 * @self: a list
 *
 * Empties both models and cancels any load, for a window that has no
 * clinic open or is about to read another.
 */
void
ebb_patient_list_clear (EbbPatientList *self)
{
  g_return_if_fail (EBB_IS_PATIENT_LIST (self));

  cancel_loads (self);
  g_clear_pointer (&self->shown, load_request_free);
  g_hash_table_remove_all (self->by_id);
  g_list_store_remove_all (self->attention);
  g_list_store_remove_all (self->patients);
  ebb_patient_list_set_loading (self, FALSE);
}

/**
 * ebb_patient_list_get_patients:
 * @self: a list
 *
 * Returns: (transfer none): every patient, as #EbbPatientItem, unsorted
 */
GListModel *
ebb_patient_list_get_patients (EbbPatientList *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_LIST (self), NULL);

  return G_LIST_MODEL (self->patients);
}

/**
 * ebb_patient_list_get_attention:
 * @self: a list
 *
 * Returns: (transfer none): the patients with open flags, as
 *   #EbbPatientItem, most urgent first
 */
GListModel *
ebb_patient_list_get_attention (EbbPatientList *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_LIST (self), NULL);

  return G_LIST_MODEL (self->attention);
}

/**
 * ebb_patient_list_lookup:
 * @self: a list
 * @id: a patient id
 *
 * Returns: (transfer none) (nullable): the item of that patient
 */
EbbPatientItem *
ebb_patient_list_lookup (EbbPatientList *self,
                         gint64          id)
{
  g_return_val_if_fail (EBB_IS_PATIENT_LIST (self), NULL);

  return g_hash_table_lookup (self->by_id, &id);
}
