/* ebb-session-clock.c — the times of a session in progress
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While a patient is in the chair, dosed and not yet discharged, the
 * nurse needs three things at a glance: how long since the dose, when the
 * next reading of vital signs is due and when the patient may leave at
 * the earliest.  EbbSessionClock says them in one line and keeps them up
 * to date; the desktop notification when a reading falls due is
 * EbbSessionWatch's, which follows every patient in the chair and not
 * only the one on screen.  Its "now" can be fixed, for tests and for a
 * session entered after the fact.
 */
#define G_LOG_DOMAIN "ebb-session-clock"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-date.h"
#include "ebb-session-clock.h"

/* A session dosed longer ago than this and never discharged is one whose
 * discharge was not typed in, not a patient still in the chair. */
#define OPEN_MAX_MIN (8 * 60)
#define TICK_SECONDS 15

struct _EbbSessionClock
{
  GtkBox       parent_instance;

  EbbSession  *session;        /* or NULL */
  GDateTime   *fixed_now;      /* or NULL to follow the real clock */
  guint        tick_id;
  int          notified_slot;  /* the last reading slot said to be due */
  char        *text;
  gboolean     open;

  /* Template children */
  GtkLabel    *label;
};

G_DEFINE_FINAL_TYPE (EbbSessionClock, ebb_session_clock, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_OPEN,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  READING_DUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint32
day_of (GDateTime *now)
{
  return ebb_date_from_ymd (g_date_time_get_year (now), g_date_time_get_month (now),
                            g_date_time_get_day_of_month (now));
}

static gint32
second_of (GDateTime *now)
{
  return g_date_time_get_hour (now) * 3600 + g_date_time_get_minute (now) * 60 +
         g_date_time_get_second (now);
}

/**
 * ebb_session_times_compute:
 * @session: a session, with its readings
 * @now: the local time now
 * @times: (out): the session's times, when it is open
 *
 * A session is open when it was dosed today at or before @now, less
 * than 8 hours ago, and has no discharge time.  Its next reading is the
 * first of the schedule (every %EBB_SESSION_CLOCK_READING_INTERVAL_MIN
 * minutes after dosing) that no reading after dosing covers; its
 * earliest discharge is %EBB_INTRANASAL_OBSERVATION_MIN minutes after an
 * intranasal dose (the esketamine label).  Ebb knows no such rule for
 * the other routes: they have none.
 *
 * Returns: whether @session is open at @now
 */
gboolean
ebb_session_times_compute (const EbbSession *session,
                           GDateTime        *now,
                           EbbSessionTimes  *times)
{
  gint32 now_second, last_after = -1;
  int interval = EBB_SESSION_CLOCK_READING_INTERVAL_MIN * 60;
  int slot;

  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (times != NULL, FALSE);

  now_second = second_of (now);
  if (session->status == EBB_SESSION_CANCELLED || session->status == EBB_SESSION_MISSED ||
      session->dose_time < 0 || session->discharge_time >= 0 ||
      session->when.day != day_of (now) || now_second < session->dose_time ||
      now_second - session->dose_time >= OPEN_MAX_MIN * 60)
    return FALSE;

  for (guint i = 0; session->readings != NULL && i < session->readings->len; i++)
    {
      const EbbReading *reading = g_ptr_array_index (session->readings, i);

      if (!reading->pre_dose && reading->time > session->dose_time)
        last_after = MAX (last_after, reading->time);
    }

  /* The first slot whose due time, less the leeway, is after the last
   * reading taken after dosing. */
  for (slot = 1;
       last_after >= 0 &&
       session->dose_time + slot * interval - EBB_SESSION_CLOCK_EARLY_MIN * 60 <= last_after;
       slot++)
    ;

  times->minutes_since_dose = (now_second - session->dose_time) / 60;
  times->reading_slot = slot;
  times->next_reading = session->dose_time + slot * interval;
  times->earliest_discharge = session->route == EBB_ROUTE_INTRANASAL
                              ? session->dose_time + EBB_INTRANASAL_OBSERVATION_MIN * 60
                              : -1;
  return TRUE;
}

/**
 * ebb_session_find_open:
 * @sessions: (element-type EbbSession): a patient's sessions, with their
 *   readings
 *
 * Returns: (nullable) (transfer none): the session open at @now, the
 *   latest dosed when there are several, or %NULL
 */
const EbbSession *
ebb_session_find_open (GPtrArray *sessions,
                       GDateTime *now)
{
  const EbbSession *open = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      EbbSessionTimes times;

      if (ebb_session_times_compute (session, now, &times) &&
          (open == NULL || session->dose_time > open->dose_time))
        open = session;
    }
  return open;
}

static gboolean tick_cb (gpointer user_data);

static void
update (EbbSessionClock *self)
{
  g_autoptr(GDateTime) now = self->fixed_now != NULL ? g_date_time_ref (self->fixed_now)
                                                     : g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  EbbSessionTimes times;
  gboolean open;

  open = self->session != NULL && ebb_session_times_compute (self->session, now, &times);
  if (open)
    {
      g_autofree char *next = ebb_clock_time_format (times.next_reading);
      g_autoptr(GString) line = g_string_new (NULL);
      gboolean due = times.next_reading <= second_of (now);

      /* Translators: the parts are joined by " · ": "Dosed 25 min ago · next
       * reading due 10:40 · earliest discharge 12:00" */
      g_string_append_printf (line, _("Dosed %d min ago"), times.minutes_since_dose);
      g_string_append (line, " · ");
      g_string_append_printf (line, due ? _("reading due since %s") : _("next reading due %s"), next);
      if (times.earliest_discharge >= 0)
        {
          g_autofree char *leave = ebb_clock_time_format (times.earliest_discharge);

          g_string_append (line, " · ");
          g_string_append_printf (line, _("earliest discharge %s"), leave);
        }
      text = g_string_free (g_steal_pointer (&line), FALSE);

      if (due)
        gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");
      if (due && times.reading_slot > self->notified_slot)
        {
          self->notified_slot = times.reading_slot;
          g_signal_emit (self, signals[READING_DUE], 0, times.reading_slot, (int) times.next_reading);
        }
    }

  gtk_label_set_text (self->label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self), open);
  if (g_strcmp0 (self->text, text) != 0)
    {
      g_free (self->text);
      self->text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
    }
  if (self->open != open)
    {
      self->open = open;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
    }

  /* The real clock is followed while a session of today is dosed and not
   * discharged: one with a dose time still to come opens by itself. */
  {
    gboolean follow = self->fixed_now == NULL && self->session != NULL &&
                      self->session->dose_time >= 0 && self->session->discharge_time < 0 &&
                      self->session->when.day == day_of (now);

    if (follow && self->tick_id == 0)
      self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
    else if (!follow && self->tick_id != 0)
      g_clear_handle_id (&self->tick_id, g_source_remove);
  }
}

static gboolean
tick_cb (gpointer user_data)
{
  EbbSessionClock *self = user_data;

  update (self);
  return self->tick_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
ebb_session_clock_dispose (GObject *object)
{
  EbbSessionClock *self = EBB_SESSION_CLOCK (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_SESSION_CLOCK);

  G_OBJECT_CLASS (ebb_session_clock_parent_class)->dispose (object);
}

static void
ebb_session_clock_finalize (GObject *object)
{
  EbbSessionClock *self = EBB_SESSION_CLOCK (object);

  g_clear_pointer (&self->session, ebb_session_free);
  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (ebb_session_clock_parent_class)->finalize (object);
}

static void
ebb_session_clock_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EbbSessionClock *self = EBB_SESSION_CLOCK (object);

  switch (prop_id)
    {
    case PROP_OPEN:
      g_value_set_boolean (value, self->open);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_session_clock_class_init (EbbSessionClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_session_clock_dispose;
  object_class->finalize = ebb_session_clock_finalize;
  object_class->get_property = ebb_session_clock_get_property;

  /**
   * EbbSessionClock:open:
   *
   * Whether a session is open (dosed, not discharged) now; the clock is
   * shown only then.
   */
  properties[PROP_OPEN] =
    g_param_spec_boolean ("open", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * EbbSessionClock:text:
   *
   * What the clock says, or %NULL when no session is open.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EbbSessionClock::reading-due:
   * @slot: 1 for the reading 40 minutes after dosing, 2 for 80 …
   * @due: the clock time it was due, seconds since midnight
   *
   * Emitted once per reading when it falls due, as the line turns to
   * the warning colour.
   */
  signals[READING_DUE] =
    g_signal_new ("reading-due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-session-clock.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbSessionClock, label);
}

static void
ebb_session_clock_init (EbbSessionClock *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ebb_session_clock_new (void)
{
  return g_object_new (EBB_TYPE_SESSION_CLOCK, NULL);
}

/**
 * ebb_session_clock_set_session:
 * @session: (nullable): the session to follow, with its readings (as
 *   ebb_store_list_sessions() gives it), or %NULL; copied
 *
 * Follows @session: shown while it is open, saying each reading due when
 * it falls due.  Setting the same session again, with a reading added,
 * keeps what was said.
 */
void
ebb_session_clock_set_session (EbbSessionClock  *self,
                               const EbbSession *session)
{
  g_return_if_fail (EBB_IS_SESSION_CLOCK (self));

  if (self->session != NULL && (session == NULL || session->id != self->session->id))
    self->notified_slot = 0;
  g_clear_pointer (&self->session, ebb_session_free);
  if (session != NULL)
    self->session = ebb_session_copy (session);
  update (self);
}

/**
 * ebb_session_clock_show_sessions:
 * @sessions: (nullable) (element-type EbbSession): a patient's sessions,
 *   with their readings, as ebb_store_list_sessions() gives them
 *
 * Follows the patient's session of today that is dosed and not
 * discharged (the latest dosed, when there are several), or none: what
 * the patient page calls each time it reads the patient's records.
 */
void
ebb_session_clock_show_sessions (EbbSessionClock *self,
                                 GPtrArray       *sessions)
{
  g_autoptr(GDateTime) now = NULL;
  const EbbSession *found = NULL;
  gint32 today;

  g_return_if_fail (EBB_IS_SESSION_CLOCK (self));

  now = self->fixed_now != NULL ? g_date_time_ref (self->fixed_now) : g_date_time_new_now_local ();
  today = day_of (now);
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->when.day == today && session->dose_time >= 0 && session->discharge_time < 0 &&
          (session->status == EBB_SESSION_DONE || session->status == EBB_SESSION_SCHEDULED) &&
          (found == NULL || session->dose_time > found->dose_time))
        found = session;
    }
  ebb_session_clock_set_session (self, found);
}

const EbbSession *
ebb_session_clock_get_session (EbbSessionClock *self)
{
  g_return_val_if_fail (EBB_IS_SESSION_CLOCK (self), NULL);

  return self->session;
}

/**
 * ebb_session_clock_set_now:
 * @now: (nullable): the time to show the session at, or %NULL to follow
 *   the real clock
 */
void
ebb_session_clock_set_now (EbbSessionClock *self,
                           GDateTime       *now)
{
  g_return_if_fail (EBB_IS_SESSION_CLOCK (self));

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  if (now != NULL)
    self->fixed_now = g_date_time_ref (now);
  update (self);
}

gboolean
ebb_session_clock_get_open (EbbSessionClock *self)
{
  g_return_val_if_fail (EBB_IS_SESSION_CLOCK (self), FALSE);

  return self->open;
}

const char *
ebb_session_clock_get_text (EbbSessionClock *self)
{
  g_return_val_if_fail (EBB_IS_SESSION_CLOCK (self), NULL);

  return self->text;
}
