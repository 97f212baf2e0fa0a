/* ebb-session-watch.c — the readings due for every patient in the chair
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A clinic with two chairs has two patients dosed at once, and the nurse
 * looks at one page at a time.  The page's session clock says what is
 * due for the patient shown; this watch follows every session of the
 * clinic that is open today (dosed, not discharged) and sends a desktop
 * notification when a reading falls due for any of them, whatever page
 * is on screen.  It reads the patients in the chair when the clinic is
 * set and when a change may concern several patients, and only the
 * patient changed otherwise; between changes, a tick every few seconds
 * works the times out again from what it read.
 */
#define G_LOG_DOMAIN "ebb-session-watch"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-date.h"
#include "ebb-session-clock.h"
#include "ebb-session-watch.h"

#define TICK_SECONDS 15

typedef struct
{
  EbbSession *session;         /* with its readings */
  char       *patient_code;
  int         notified_slot;   /* the last reading notified, 0 for none */
} OpenSession;

struct _EbbSessionWatch
{
  GObject       parent_instance;

  EbbStore     *store;
  GApplication *application;   /* (nullable) (unowned): where notifications go */
  GHashTable   *open;          /* session id (gint64 *) → OpenSession */
  GDateTime    *fixed_now;     /* or NULL to follow the real clock */
  gint32        day;           /* the day the open sessions were read for */
  guint         tick_id;
  guint         read_id;       /* reading the clinic once the window is up */
};

G_DEFINE_FINAL_TYPE (EbbSessionWatch, ebb_session_watch, G_TYPE_OBJECT)

enum {
  READING_DUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
open_session_free (OpenSession *open)
{
  ebb_session_free (open->session);
  g_free (open->patient_code);
  g_free (open);
}

static GDateTime *
watch_now (EbbSessionWatch *self)
{
  return self->fixed_now != NULL ? g_date_time_ref (self->fixed_now) : g_date_time_new_now_local ();
}

static gint32
day_of (GDateTime *now)
{
  return ebb_date_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                            g_date_time_get_day_of_month (now));
}

static char *
notification_id (gint64 session_id)
{
  return g_strdup_printf ("session-reading-%" G_GINT64_FORMAT, session_id);
}

static void
send_notification (EbbSessionWatch       *self,
                   const OpenSession     *open,
                   const EbbSessionTimes *times)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = notification_id (open->session->id);
  g_autofree char *due = ebb_clock_time_format (times->next_reading);
  g_autofree char *dosed = ebb_clock_time_format (open->session->dose_time);
  g_autofree char *body = NULL;
  int minutes = times->reading_slot * EBB_SESSION_CLOCK_READING_INTERVAL_MIN;

  g_signal_emit (self, signals[READING_DUE], 0, open->session->id, times->reading_slot);

  if (self->application == NULL || !g_application_get_is_registered (self->application))
    return;
  /* Translators: "K-0042: the 40-minute reading is due at 10:40 (dosed at 10:00)" */
  body = g_strdup_printf (_("%s: the %d-minute reading is due at %s (dosed at %s)"),
                          open->patient_code, minutes, due, dosed);
  notification = g_notification_new (_("A Reading of Vital Signs Is Due"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (self->application, id, notification);
}

static void
withdraw_notification (EbbSessionWatch *self,
                       gint64           session_id,
                       int              notified_slot)
{
  g_autofree char *id = NULL;

  if (notified_slot == 0 || self->application == NULL ||
      !g_application_get_is_registered (self->application))
    return;
  id = notification_id (session_id);
  g_application_withdraw_notification (self->application, id);
}

static gboolean tick_cb (gpointer user_data);

/* Works out each open session's times: a reading fallen due is notified
 * once; a session closed (discharged, or past the day) is let go. */
static void
update (EbbSessionWatch *self)
{
  g_autoptr(GDateTime) now = watch_now (self);
  GHashTableIter iter;
  OpenSession *open;

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &open))
    {
      EbbSessionTimes times;

      if (!ebb_session_times_compute (open->session, now, &times))
        {
          withdraw_notification (self, open->session->id, open->notified_slot);
          g_hash_table_iter_remove (&iter);
          continue;
        }
      if (times.next_reading <= g_date_time_get_hour (now) * 3600 + g_date_time_get_minute (now) * 60 +
                                g_date_time_get_second (now) &&
          times.reading_slot > open->notified_slot)
        {
          open->notified_slot = times.reading_slot;
          send_notification (self, open, &times);
        }
    }

  /* The real clock is followed while anyone is in the chair. */
  if (self->fixed_now == NULL && g_hash_table_size (self->open) > 0 && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
  else if ((self->fixed_now != NULL || g_hash_table_size (self->open) == 0) && self->tick_id != 0)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* Reads one patient's open session again, keeping what was notified of
 * a session still open; returns it, or NULL when none is. */
static OpenSession *
read_patient (EbbSessionWatch *self,
              gint64           patient_id,
              GDateTime       *now)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  const EbbSession *found = NULL;
  gint64 was_id = 0;
  int was_notified = 0;
  GHashTableIter iter;
  OpenSession *open;

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &open))
    if (open->session->patient_id == patient_id)
      {
        was_id = open->session->id;
        was_notified = open->notified_slot;
        g_hash_table_iter_remove (&iter);
      }

  /* A patient deleted meanwhile has no session open; a store that cannot
   * be read is the window's to say, when it reads the clinic. */
  if ((sessions = ebb_store_list_sessions (self->store, patient_id, NULL)) != NULL &&
      (found = ebb_session_find_open (sessions, now)) != NULL)
    patient = ebb_store_get_patient (self->store, patient_id, NULL);

  if (was_id != 0 && (patient == NULL || found->id != was_id))
    withdraw_notification (self, was_id, was_notified);
  if (patient == NULL)
    return NULL;

  open = g_new0 (OpenSession, 1);
  open->session = ebb_session_copy (found);
  open->patient_code = g_strdup (patient->code);
  open->notified_slot = found->id == was_id ? was_notified : 0;
  g_hash_table_insert (self->open, &open->session->id, open);
  return open;
}

static void
read_clinic (EbbSessionWatch *self)
{
  g_autoptr(GDateTime) now = watch_now (self);
  g_autoptr(GArray) patients = NULL;
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  OpenSession *open;

  g_clear_handle_id (&self->read_id, g_source_remove);

  /* What was notified survives reading the clinic again; what closed
   * meanwhile is withdrawn. */
  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &open))
    g_hash_table_insert (before, g_memdup2 (&open->session->id, sizeof (gint64)),
                         GINT_TO_POINTER (open->notified_slot));
  g_hash_table_remove_all (self->open);

  self->day = day_of (now);
  if (self->store != NULL &&
      (patients = ebb_store_list_patients_in_session (self->store, self->day, NULL)) != NULL)
    for (guint i = 0; i < patients->len; i++)
      read_patient (self, g_array_index (patients, gint64, i), now);

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      open = g_hash_table_lookup (self->open, key);
      if (open != NULL)
        open->notified_slot = GPOINTER_TO_INT (value);
      else
        withdraw_notification (self, *(gint64 *) key, GPOINTER_TO_INT (value));
    }
}

static gboolean
read_clinic_idle (gpointer user_data)
{
  EbbSessionWatch *self = user_data;

  self->read_id = 0;
  read_clinic (self);
  update (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (EbbSessionWatch *self,
                  EbbStore        *store)
{
  gint64 patient_id = ebb_store_get_changed_patient (store);
  g_autoptr(GDateTime) now = watch_now (self);

  if (patient_id != 0 && day_of (now) == self->day)
    read_patient (self, patient_id, now);
  else
    read_clinic (self);
  update (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  EbbSessionWatch *self = user_data;
  g_autoptr(GDateTime) now = watch_now (self);

  /* A new day: yesterday's sessions are over, and today's were read
   * for no day yet. */
  if (day_of (now) != self->day)
    read_clinic (self);
  update (self);
  return self->tick_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
ebb_session_watch_dispose (GObject *object)
{
  EbbSessionWatch *self = EBB_SESSION_WATCH (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->read_id, g_source_remove);
  ebb_session_watch_set_store (self, NULL);

  G_OBJECT_CLASS (ebb_session_watch_parent_class)->dispose (object);
}

static void
ebb_session_watch_finalize (GObject *object)
{
  EbbSessionWatch *self = EBB_SESSION_WATCH (object);

  g_clear_pointer (&self->open, g_hash_table_unref);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);

  G_OBJECT_CLASS (ebb_session_watch_parent_class)->finalize (object);
}

static void
ebb_session_watch_class_init (EbbSessionWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ebb_session_watch_dispose;
  object_class->finalize = ebb_session_watch_finalize;

  /**
   * EbbSessionWatch::reading-due:
   * @session_id: the session's id
   * @slot: which reading: 1 for the one 40 minutes after dosing, 2 for 80 …
   *
   * Emitted once per reading, when it falls due, as the notification is
   * sent.
   */
  signals[READING_DUE] =
    g_signal_new ("reading-due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT);
}

static void
ebb_session_watch_init (EbbSessionWatch *self)
{
  self->open = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                      (GDestroyNotify) open_session_free);
}

/**
 * ebb_session_watch_new:
 * @application: (nullable): where the notifications go; %NULL sends none
 *   (the signal is still emitted)
 */
EbbSessionWatch *
ebb_session_watch_new (GApplication *application)
{
  EbbSessionWatch *self = g_object_new (EBB_TYPE_SESSION_WATCH, NULL);

  self->application = application;
  return self;
}

/**
 * ebb_session_watch_set_store:
 * @store: (nullable): the clinic to watch
 *
 * Follows every session of @store open today from now on, and forgets
 * those of the clinic watched before, withdrawing their notifications.
 */
void
ebb_session_watch_set_store (EbbSessionWatch *self,
                             EbbStore        *store)
{
  GHashTableIter iter;
  OpenSession *open;

  g_return_if_fail (EBB_IS_SESSION_WATCH (self));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &open))
    withdraw_notification (self, open->session->id, open->notified_slot);
  g_hash_table_remove_all (self->open);

  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  /* Finding the patients in the chair reads every session of the clinic
   * (tens of milliseconds at 50,000 patients): not before the window's
   * first frame. */
  self->day = 0;
  g_clear_handle_id (&self->read_id, g_source_remove);
  if (store != NULL)
    self->read_id = g_idle_add_full (G_PRIORITY_LOW, read_clinic_idle, self, NULL);
  update (self);
}

/**
 * ebb_session_watch_set_now:
 * @now: (nullable): the time to work the sessions out at, for tests; %NULL
 *   follows the real clock
 */
void
ebb_session_watch_set_now (EbbSessionWatch *self,
                           GDateTime       *now)
{
  g_return_if_fail (EBB_IS_SESSION_WATCH (self));

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  if (now != NULL)
    self->fixed_now = g_date_time_ref (now);
  {
    g_autoptr(GDateTime) then = watch_now (self);

    if (self->store != NULL && day_of (then) != self->day)
      read_clinic (self);
  }
  update (self);
}

/**
 * ebb_session_watch_get_n_open:
 *
 * Returns: how many sessions are open, as last worked out
 */
guint
ebb_session_watch_get_n_open (EbbSessionWatch *self)
{
  g_return_val_if_fail (EBB_IS_SESSION_WATCH (self), 0);

  return g_hash_table_size (self->open);
}
