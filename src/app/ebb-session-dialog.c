/* ebb-session-dialog.c — record, schedule or edit a treatment session
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Record Session dialog is filled in during the session, in the order
 * a nurse works (issue 13): the dose, the readings of vital signs (Ctrl+R
 * adds one stamped with the current time), the effects observed, and the
 * discharge.  It can be saved early and opened again from the session to
 * add the 40-minute reading and the discharge.  The session and its
 * readings are saved in one transaction; what the model or the store
 * refuses is said under the field it is about, and the dialog stays open
 * with everything as typed.
 */
#define G_LOG_DOMAIN "ebb-session-dialog"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ebb-date-time-row.h"
#include "ebb-dialog-util.h"
#include "ebb-reading-row.h"
#include "ebb-session-clock.h"
#include "ebb-session-dialog.h"
#include "ebb-wrap-box.h"

#define DEFAULT_MAINTENANCE_INTERVAL 14
#define MINUTES_MAX (24 * 60)

/* The answer combo rows: Not recorded, Yes, No (or Resolved, Not resolved) */
static const EbbAnswer answers[] = { EBB_ANSWER_NOT_RECORDED, EBB_ANSWER_YES, EBB_ANSWER_NO };

/* The sedation row: the levels, then MOAA/S 5 down to 0 */
#define SEDATION_MOAAS_FIRST 5

/* The respiratory depression row */
enum { RESPIRATORY_NOT_RECORDED, RESPIRATORY_NONE, RESPIRATORY_LOWEST };

struct _EbbSessionDialog
{
  AdwWindow       parent_instance;

  EbbStore       *store;
  gint64          patient_id;
  EbbSession     *editing;        /* the stored session being edited, or NULL */
  GPtrArray      *medicines;      /* the patient's (EbbMedicine) */
  GPtrArray      *ratings;        /* the patient's (EbbRating), for the CADSS of the day */
  GArray         *removed;        /* ids of stored readings removed (gint64) */
  gint32          medicines_day;  /* the day the medicines shown are of, or -1 */

  char           *message;
  guint           can_save : 1;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkWidget      *notice_box;
  GtkLabel       *notice_label;
  GtkLabel       *notice_detail;
  GtkLabel       *store_message;
  EbbDateTimeRow *date_row;
  AdwComboRow    *status_row;
  GtkLabel       *date_message;
  AdwPreferencesGroup *medicines_group;
  GPtrArray      *medicine_rows;
  AdwComboRow    *drug_row;
  AdwComboRow    *route_row;
  AdwEntryRow    *dose_row;
  AdwEntryRow    *duration_row;
  AdwComboRow    *phase_row;
  AdwEntryRow    *lot_row;
  AdwComboRow    *vitals_before_row;
  AdwEntryRow    *dose_time_row;
  GtkLabel       *dose_message;
  GtkLabel       *dose_warning;
  EbbSessionClock *session_clock;
  GtkListBox     *readings_list;
  GtkLabel       *readings_message;
  AdwComboRow    *sedation_row;
  AdwComboRow    *sedation_resolved_row;
  AdwComboRow    *dissociation_row;
  AdwComboRow    *dissociation_resolved_row;
  AdwComboRow    *respiratory_row;
  AdwEntryRow    *respiratory_spo2_row;
  AdwComboRow    *respiratory_resolved_row;
  GtkCheckButton *nausea_check;
  GtkCheckButton *vomiting_check;
  GtkCheckButton *headache_check;
  GtkCheckButton *dizziness_check;
  GtkCheckButton *anxiety_check;
  GtkCheckButton *raised_bp_check;
  GtkCheckButton *other_check;
  AdwEntryRow    *other_effect_row;
  GtkLabel       *effects_message;
  AdwEntryRow    *ready_row;
  AdwComboRow    *vitals_discharge_row;
  AdwComboRow    *transport_row;
  AdwEntryRow    *discharge_time_row;
  AdwEntryRow    *monitored_by_row;
  AdwEntryRow    *note_row;
  GtkLabel       *monitored_label;
  GtkLabel       *early_notice;
  GtkLabel       *discharge_message;
  GtkWidget      *save_button;
};

G_DEFINE_FINAL_TYPE (EbbSessionDialog, ebb_session_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/**
 * ebb_session_maintenance_interval:
 * @sessions: (element-type EbbSession): a patient's sessions, any order
 *
 * Returns: the median number of days between consecutive done
 *   maintenance sessions, or 14 when there are fewer than two
 */
int
ebb_session_maintenance_interval (GPtrArray *sessions)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status == EBB_SESSION_DONE && session->phase == EBB_PHASE_MAINTENANCE)
        g_array_append_val (days, session->when.day);
    }
  g_array_sort (days, compare_int);

  for (guint i = 1; i < days->len; i++)
    {
      int gap = g_array_index (days, int, i) - g_array_index (days, int, i - 1);

      /* Two sessions on one day are a data-entry matter, not an interval. */
      if (gap > 0)
        g_array_append_val (gaps, gap);
    }
  if (gaps->len == 0)
    return DEFAULT_MAINTENANCE_INTERVAL;

  g_array_sort (gaps, compare_int);
  if (gaps->len % 2 == 1)
    return g_array_index (gaps, int, gaps->len / 2);
  /* An even count: the mean of the middle two, rounded to a whole day. */
  return (g_array_index (gaps, int, gaps->len / 2 - 1) +
          g_array_index (gaps, int, gaps->len / 2) + 1) / 2;
}

EbbSession *
ebb_session_propose_next (GPtrArray *sessions,
                          gint64     patient_id,
                          gint32     today)
{
  const EbbSession *last = NULL;
  EbbSession *next;
  gint32 day;
  g_autofree char *text = NULL;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status == EBB_SESSION_DONE &&
          (last == NULL || ebb_when_compare (&session->when, &last->when) > 0))
        last = session;
    }
  if (last == NULL)
    return NULL;

  /* Booking into the past helps no one: an overdue patient gets today. */
  day = MAX (last->when.day + ebb_session_maintenance_interval (sessions), today);
  text = ebb_date_format (day);

  next = ebb_session_new ();
  next->patient_id = patient_id;
  next->status = EBB_SESSION_SCHEDULED;
  next->phase = EBB_PHASE_MAINTENANCE;
  next->route = last->route;
  next->dose_mg = last->dose_mg;
  ebb_session_set_when (next, text, NULL);
  return next;
}

/* Accepts a decimal comma too: the dose is typed in the clinic's locale. */
static gboolean
parse_dose (const char *text,
            double     *dose)
{
  g_autofree char *copy = g_strdelimit (g_strdup (text), ",", '.');
  char *end = NULL;

  *dose = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0' && isfinite (*dose);
}

static EbbAnswer
answer_of (AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  return selected < G_N_ELEMENTS (answers) ? answers[selected] : EBB_ANSWER_NOT_RECORDED;
}

static void
set_answer (AdwComboRow *row,
            EbbAnswer    answer)
{
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    if (answers[i] == answer)
      adw_combo_row_set_selected (row, i);
}

static gint32
now_second (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_hour (now) * 3600 + g_date_time_get_minute (now) * 60;
}

/* Whole minutes typed in @row, 0 to MINUTES_MAX; -1 for empty */
static gboolean
read_minutes (AdwEntryRow *row,
              int         *minutes)
{
  g_autofree char *text = ebb_dialog_entry_text (row);
  guint64 value;

  *minutes = -1;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, MINUTES_MAX, &value, NULL))
    return FALSE;
  *minutes = (int) value;
  return TRUE;
}

/* A clock time typed in @row, on @day; -1 for empty */
static char *
read_clock_time (AdwEntryRow *row,
                 gint32       day,
                 const char  *field,
                 gint32      *second)
{
  g_autofree char *text = ebb_dialog_entry_text (row);
  g_autoptr(GError) error = NULL;

  if (ebb_clock_time_parse (text, day, second, &error))
    return NULL;
  /* Translators: a field's name, then what is wrong with it: "Dose time: …" */
  return g_strdup_printf (_("%s: %s"), field, error->message);
}

static GList *
reading_rows (EbbSessionDialog *self)
{
  GList *rows = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->readings_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (EBB_IS_READING_ROW (child))
      rows = g_list_prepend (rows, child);
  return g_list_reverse (rows);
}

/* A message kept for the dialog: the first said is the dialog's message. */
static void
say (char  **first,
     char   *text)
{
  if (*first == NULL)
    *first = text;
  else
    g_free (text);
}

/* The Dose group; @day is the session's, 0 while the date is wrong. */
static void
read_dose (EbbSessionDialog *self,
           EbbSession       *session,
           gint32            day,
           char            **first)
{
  g_autofree char *dose_text = ebb_dialog_entry_text (self->dose_row);
  g_autofree char *error_text = NULL;
  GtkWidget *wrong = NULL;
  double max = ebb_session_dose_max_mg (session->route);
  int minutes;

  session->dose_mg = -1;
  if (dose_text != NULL &&
      (!parse_dose (dose_text, &session->dose_mg) || session->dose_mg <= 0 || session->dose_mg > max))
    {
      session->dose_mg = -1;
      error_text = g_strdup_printf (_("The dose must be a number of mg above 0 and up to %g, or empty"), max);
      wrong = GTK_WIDGET (self->dose_row);
    }

  session->duration_min = 0;
  if (gtk_widget_get_visible (GTK_WIDGET (self->duration_row)))
    {
      if (!read_minutes (self->duration_row, &minutes) || minutes == 0)
        {
          if (error_text == NULL)
            {
              error_text = g_strdup_printf (_("Infusion duration: give whole minutes, 1–%d, or leave it empty"),
                                            MINUTES_MAX);
              wrong = GTK_WIDGET (self->duration_row);
            }
        }
      else
        session->duration_min = MAX (minutes, 0);
    }

  g_free (session->lot);
  session->lot = ebb_dialog_entry_text (self->lot_row);
  session->vitals_ok_before = answer_of (self->vitals_before_row);

  {
    char *time_error = read_clock_time (self->dose_time_row, day, _("Dose time"), &session->dose_time);

    if (time_error != NULL && error_text == NULL)
      {
        error_text = time_error;
        wrong = GTK_WIDGET (self->dose_time_row);
      }
    else
      g_free (time_error);
  }

  gtk_widget_remove_css_class (GTK_WIDGET (self->dose_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->duration_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->dose_time_row), "error");
  ebb_dialog_show_field_message (self->dose_message, wrong, error_text);
  if (error_text != NULL)
    say (first, g_steal_pointer (&error_text));
}

/* What the Dose group says of a dose that is not wrong: the esketamine
 * devices, or the model's warning. */
static void
show_dose_warning (EbbSessionDialog *self,
                   const EbbSession *session)
{
  g_autofree char *warning = ebb_session_dose_warning (session);
  g_autofree char *devices = NULL;

  if (warning == NULL && session->drug == EBB_DRUG_ESKETAMINE && session->dose_mg > 0)
    /* Translators: esketamine comes in nasal spray devices of 28 mg */
    devices = g_strdup_printf (_("%g mg: %d devices of 28 mg"), session->dose_mg, (int) (session->dose_mg / 28));
  gtk_label_set_text (self->dose_warning, warning != NULL ? warning : devices != NULL ? devices : "");
  gtk_widget_set_visible (GTK_WIDGET (self->dose_warning), warning != NULL || devices != NULL);
  if (warning != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->dose_warning), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->dose_warning), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->dose_warning), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->dose_warning), "dim-label");
    }
}

/* The Readings group: each row read into @readings (NULL for a row left
 * empty), in the order of the rows. */
static void
read_readings (EbbSessionDialog *self,
               GPtrArray        *readings,
               gboolean         *incomplete,
               char            **first)
{
  g_autoptr(GList) rows = reading_rows (self);

  *incomplete = FALSE;
  for (GList *l = rows; l != NULL; l = l->next)
    {
      EbbReadingRow *row = l->data;
      g_autoptr(GError) error = NULL;
      GtkWidget *wrong = NULL;
      gboolean half = FALSE;
      EbbReading *reading = NULL;

      if (!ebb_reading_row_is_empty (row) || ebb_reading_row_get_stored (row) != NULL)
        reading = ebb_reading_row_read (row, &wrong, &half, &error);
      if (error != NULL)
        {
          g_autofree char *name = ebb_reading_row_dup_name (row);

          ebb_reading_row_show_message (row, wrong, error->message, half);
          /* Translators: "Reading at 10:40: Blood pressure 300/20 is not plausible: …" */
          say (first, g_strdup_printf (_("%s: %s"), name, error->message));
          *incomplete = *incomplete || half;
        }
      else
        ebb_reading_row_show_message (row, NULL, NULL, FALSE);
      if (reading != NULL && ebb_reading_row_is_empty (row))
        g_clear_pointer (&reading, ebb_reading_free);
      g_ptr_array_add (readings, reading);
    }
}

static void
read_level (AdwComboRow      *row,
            AdwComboRow      *resolved_row,
            EbbObservedLevel *level)
{
  guint selected = adw_combo_row_get_selected (row);

  level->moaas = 0;
  if (selected >= SEDATION_MOAAS_FIRST)
    {
      level->level = EBB_LEVEL_MOAAS;
      level->moaas = EBB_MOAAS_MAX - (int) (selected - SEDATION_MOAAS_FIRST);
    }
  else
    level->level = (EbbLevel) selected;
  level->resolved = answer_of (resolved_row);
}

static void
read_effects (EbbSessionDialog *self,
              EbbSession       *session,
              char            **first)
{
  struct { GtkCheckButton *check; EbbEffects effect; } checks[] = {
    { self->nausea_check, EBB_EFFECT_NAUSEA },
    { self->vomiting_check, EBB_EFFECT_VOMITING },
    { self->headache_check, EBB_EFFECT_HEADACHE },
    { self->dizziness_check, EBB_EFFECT_DIZZINESS },
    { self->anxiety_check, EBB_EFFECT_ANXIETY },
    { self->raised_bp_check, EBB_EFFECT_RAISED_BP },
    { self->other_check, EBB_EFFECT_OTHER },
  };
  g_autofree char *error_text = NULL;
  GtkWidget *wrong = NULL;

  read_level (self->sedation_row, self->sedation_resolved_row, &session->sedation);
  read_level (self->dissociation_row, self->dissociation_resolved_row, &session->dissociation);

  session->respiratory_resolved = answer_of (self->respiratory_resolved_row);
  switch (adw_combo_row_get_selected (self->respiratory_row))
    {
    case RESPIRATORY_NONE:
      session->respiratory_spo2 = 0;
      break;
    case RESPIRATORY_LOWEST:
      {
        g_autofree char *text = ebb_dialog_entry_text (self->respiratory_spo2_row);
        guint64 spo2;

        if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, EBB_READING_SPO2_MAX, &spo2, NULL))
          {
            error_text = g_strdup_printf (_("Lowest saturation: give the lowest oxygen saturation seen, 1–%d %%"),
                                          EBB_READING_SPO2_MAX);
            wrong = GTK_WIDGET (self->respiratory_spo2_row);
            session->respiratory_spo2 = -1;
          }
        else
          session->respiratory_spo2 = (int) spo2;
      }
      break;
    default:
      session->respiratory_spo2 = -1;
      break;
    }

  session->effects = 0;
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (gtk_check_button_get_active (checks[i].check))
      session->effects |= checks[i].effect;
  g_free (session->other_effect);
  session->other_effect = (session->effects & EBB_EFFECT_OTHER) != 0
                          ? ebb_dialog_entry_text (self->other_effect_row) : NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->respiratory_spo2_row), "error");
  ebb_dialog_show_field_message (self->effects_message, wrong, error_text);
  if (error_text != NULL)
    say (first, g_steal_pointer (&error_text));
}

static void
read_discharge (EbbSessionDialog *self,
                EbbSession       *session,
                gint32            day,
                char            **first)
{
  g_autofree char *error_text = NULL;
  GtkWidget *wrong = NULL;

  if (!read_minutes (self->ready_row, &session->ready_min))
    {
      error_text = g_strdup_printf (_("Clinically ready to leave: give the minutes after dosing, 0–%d, or leave it empty"),
                                    MINUTES_MAX);
      wrong = GTK_WIDGET (self->ready_row);
    }
  session->vitals_ok_discharge = answer_of (self->vitals_discharge_row);
  session->transport_arranged = answer_of (self->transport_row);
  g_free (session->monitored_by);
  session->monitored_by = ebb_dialog_entry_text (self->monitored_by_row);

  {
    char *time_error = read_clock_time (self->discharge_time_row, day, _("Discharge time"),
                                        &session->discharge_time);

    if (time_error == NULL && session->dose_time >= 0 && session->discharge_time >= 0 &&
        session->discharge_time < session->dose_time)
      {
        g_autofree char *dose = ebb_clock_time_format (session->dose_time);
        g_autofree char *discharge = ebb_clock_time_format (session->discharge_time);

        time_error = g_strdup_printf (_("Discharge time: %s is before the dose at %s"), discharge, dose);
      }
    if (time_error != NULL && error_text == NULL)
      {
        error_text = time_error;
        wrong = GTK_WIDGET (self->discharge_time_row);
      }
    else
      g_free (time_error);
  }

  gtk_widget_remove_css_class (GTK_WIDGET (self->ready_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->discharge_time_row), "error");
  ebb_dialog_show_field_message (self->discharge_message, wrong, error_text);
  if (error_text != NULL)
    say (first, g_steal_pointer (&error_text));
}

/* Minutes monitored, and an intranasal patient who left early */
static void
show_discharge_notice (EbbSessionDialog *self,
                       const EbbSession *session)
{
  g_autofree char *monitored = NULL;
  g_autofree char *early = NULL;
  int minutes;

  if (ebb_session_discharged_early (session, &minutes))
    early = g_strdup_printf (_("Discharged %d min after an intranasal dose: "
                               "less than the %d minutes of observation the esketamine label asks for"),
                             minutes, EBB_INTRANASAL_OBSERVATION_MIN);
  else if (minutes >= 0)
    /* Translators: from the dose time to the discharge time */
    monitored = g_strdup_printf (_("Monitored %d min after dosing"), minutes);
  gtk_label_set_text (self->monitored_label, monitored != NULL ? monitored : "");
  gtk_widget_set_visible (GTK_WIDGET (self->monitored_label), monitored != NULL);
  gtk_label_set_text (self->early_notice, early != NULL ? early : "");
  gtk_widget_set_visible (GTK_WIDGET (self->early_notice), early != NULL);
}

/* The CADSS rating of the session's day, linked rather than copied: the
 * dissociation row names it. */
static void
show_cadss (EbbSessionDialog *self,
            gint32            day)
{
  g_autofree char *text = NULL;

  for (guint i = 0; day > 0 && self->ratings != NULL && i < self->ratings->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (self->ratings, i);

      if (rating->when.day == day && g_ascii_strcasecmp (rating->scale_id, "CADSS") == 0)
        {
          g_free (text);
          /* Translators: the total of the CADSS rating of the session's day */
          text = g_strdup_printf (_("CADSS rating of this day: %d"), rating->total);
        }
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->dissociation_row), text != NULL ? text : "");
}

static void
show_medicines (EbbSessionDialog *self,
                gint32            day)
{
  g_autoptr(GPtrArray) taken = NULL;

  if (day == self->medicines_day)
    return;
  self->medicines_day = day;
  taken = ebb_medicines_taken_on (self->medicines, day);
  for (guint i = 0; i < self->medicine_rows->len; i++)
    adw_preferences_group_remove (self->medicines_group, g_ptr_array_index (self->medicine_rows, i));
  g_ptr_array_set_size (self->medicine_rows, 0);
  for (guint i = 0; day > 0 && i < taken->len; i++)
    {
      const EbbMedicine *medicine = g_ptr_array_index (taken, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), medicine->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ebb_medicine_class_to_label (medicine->klass));
      adw_preferences_group_add (self->medicines_group, row);
      g_ptr_array_add (self->medicine_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->medicines_group), day > 0 && taken->len > 0);
}

/* Reads the whole form into a session, saying under each group what is
 * wrong; @readings gets one element per reading row. */
static EbbSession *
read_form (EbbSessionDialog *self,
           GPtrArray        *readings,
           char            **first,
           gboolean         *incomplete)
{
  g_autoptr(EbbSession) session = NULL;
  g_autofree char *date_text = ebb_date_time_row_dup_text (self->date_row);
  g_autofree char *date_error = NULL;
  gint32 day = 0;

  session = self->editing != NULL ? ebb_session_copy (self->editing) : ebb_session_new ();
  g_clear_pointer (&session->readings, g_ptr_array_unref);
  session->patient_id = self->patient_id;
  session->status = adw_combo_row_get_selected (self->status_row);
  session->phase = adw_combo_row_get_selected (self->phase_row);
  session->route = adw_combo_row_get_selected (self->route_row);
  session->drug = adw_combo_row_get_selected (self->drug_row);

  if (date_text == NULL)
    date_error = g_strdup (_("Choose the date of the session"));
  else
    {
      g_autoptr(GError) error = NULL;

      if (!ebb_session_set_when (session, date_text, &error))
        date_error = g_strdup (error->message);
      else if (session->when.day > ebb_date_today () &&
               (session->status == EBB_SESSION_DONE || session->status == EBB_SESSION_MISSED))
        {
          g_autofree char *words = ebb_date_format_for_people (session->when.day, ebb_date_today ());

          /* Translators: "Tue 15 Dec is in the future: …" */
          date_error = g_strdup_printf (_("%s is in the future: a session that is not done yet is scheduled"),
                                        words);
        }
      else
        day = session->when.day;
    }
  ebb_dialog_show_field_message (self->date_message, GTK_WIDGET (self->date_row), date_error);
  if (date_error != NULL)
    say (first, g_steal_pointer (&date_error));

  read_dose (self, session, day, first);
  read_readings (self, readings, incomplete, first);
  read_effects (self, session, first);
  read_discharge (self, session, day, first);

  g_free (session->note);
  session->note = ebb_dialog_entry_text (self->note_row);

  show_dose_warning (self, session);
  show_discharge_notice (self, session);
  show_cadss (self, day);
  show_medicines (self, day);
  return g_steal_pointer (&session);
}

static void
ebb_session_dialog_validate (EbbSessionDialog *self)
{
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  g_autoptr(EbbSession) session = NULL;
  gboolean incomplete;

  g_clear_pointer (&self->message, g_free);
  session = read_form (self, readings, &self->message, &incomplete);

  self->can_save = self->message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.save", self->can_save);

  /* While the patient is in the chair, the dialog says when the next
   * reading is due, from the readings as typed. */
  session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  for (guint i = 0; i < readings->len; i++)
    if (g_ptr_array_index (readings, i) != NULL)
      g_ptr_array_add (session->readings, ebb_reading_copy (g_ptr_array_index (readings, i)));
  ebb_session_clock_set_session (self->session_clock, session, NULL);
}

static void
field_changed_cb (EbbSessionDialog *self)
{
  ebb_session_dialog_validate (self);
}

static void
route_changed_cb (EbbSessionDialog *self)
{
  /* Only an infusion has a duration. */
  gtk_widget_set_visible (GTK_WIDGET (self->duration_row),
                          adw_combo_row_get_selected (self->route_row) == EBB_ROUTE_IV);
  ebb_session_dialog_validate (self);
}

static void
respiratory_changed_cb (EbbSessionDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->respiratory_spo2_row),
                          adw_combo_row_get_selected (self->respiratory_row) == RESPIRATORY_LOWEST);
  ebb_session_dialog_validate (self);
}

static void
other_toggled_cb (EbbSessionDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->other_effect_row),
                            gtk_check_button_get_active (self->other_check));
  ebb_session_dialog_validate (self);
}

static void
reading_remove_cb (EbbSessionDialog *self,
                   EbbReadingRow    *row)
{
  const EbbReading *stored = ebb_reading_row_get_stored (row);
  GtkWidget *next = gtk_widget_get_next_sibling (GTK_WIDGET (row));

  if (next == NULL)
    next = gtk_widget_get_prev_sibling (GTK_WIDGET (row));
  if (stored != NULL)
    g_array_append_val (self->removed, stored->id);
  gtk_list_box_remove (self->readings_list, GTK_WIDGET (row));
  ebb_dialog_mark_changed (GTK_WINDOW (self));
  /* The focus goes to a neighbour, not to the top of the dialog. */
  if (EBB_IS_READING_ROW (next))
    ebb_reading_row_focus_pressure (EBB_READING_ROW (next));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->readings_list));
  ebb_session_dialog_validate (self);
}

static EbbReadingRow *
append_reading_row (EbbSessionDialog *self)
{
  GtkWidget *row = ebb_reading_row_new ();

  gtk_list_box_append (self->readings_list, row);
  g_signal_connect_object (row, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (reading_remove_cb), self, G_CONNECT_SWAPPED);
  return EBB_READING_ROW (row);
}

/* Ctrl+R: a reading stamped with the current time, its pressure focused.
 * Before a dose time is typed, or before the dose time, it is the reading
 * before dosing. */
static void
add_reading_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EbbSessionDialog *self = EBB_SESSION_DIALOG (widget);
  EbbReadingRow *row = append_reading_row (self);
  g_autofree char *dose_text = ebb_dialog_entry_text (self->dose_time_row);
  gint32 now = now_second ();
  gint32 dose_time = -1;

  ebb_reading_row_set_time (row, now);
  if (!ebb_clock_time_parse (dose_text, 0, &dose_time, NULL))
    dose_time = -1;
  ebb_reading_row_set_pre_dose (row, dose_time < 0 || now < dose_time);
  ebb_dialog_watch_added_fields (GTK_WINDOW (self), GTK_WIDGET (row));
  ebb_reading_row_focus_pressure (row);
  ebb_session_dialog_validate (self);
}

static void
set_now (AdwEntryRow *row)
{
  g_autofree char *text = ebb_clock_time_format (now_second ());

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
dose_now_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  set_now (EBB_SESSION_DIALOG (widget)->dose_time_row);
}

static void
discharge_now_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  set_now (EBB_SESSION_DIALOG (widget)->discharge_time_row);
}

static gboolean
same_reading (const EbbReading *a,
              const EbbReading *b)
{
  return a->time == b->time && a->pre_dose == b->pre_dose && a->systolic == b->systolic &&
         a->diastolic == b->diastolic && a->heart_rate == b->heart_rate && a->spo2 == b->spo2;
}

/* The session's readings as the rows have them: added, changed, emptied
 * or removed.  @failed is the row whose reading the store refused. */
static gboolean
save_readings (EbbSessionDialog  *self,
               gint64             session_id,
               GPtrArray         *readings,
               EbbReadingRow    **failed,
               GError           **error)
{
  g_autoptr(GList) rows = reading_rows (self);
  guint i = 0;

  for (guint r = 0; r < self->removed->len; r++)
    if (!ebb_store_delete_reading (self->store, g_array_index (self->removed, gint64, r), error))
      return FALSE;
  for (GList *l = rows; l != NULL; l = l->next, i++)
    {
      EbbReadingRow *row = l->data;
      const EbbReading *stored = ebb_reading_row_get_stored (row);
      EbbReading *reading = g_ptr_array_index (readings, i);
      gboolean ok = TRUE;

      *failed = row;
      if (reading == NULL && stored != NULL)
        ok = ebb_store_delete_reading (self->store, stored->id, error);
      else if (reading != NULL && stored == NULL)
        {
          reading->session_id = session_id;
          ok = ebb_store_add_reading (self->store, reading, error);
        }
      else if (reading != NULL && !same_reading (reading, stored))
        ok = ebb_store_update_reading (self->store, reading, error);
      if (!ok)
        return FALSE;
    }
  *failed = NULL;
  return TRUE;
}

static void
ebb_session_dialog_save (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  EbbSessionDialog *self = EBB_SESSION_DIALOG (widget);
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  g_autoptr(EbbSession) session = NULL;
  g_autoptr(GError) error = NULL;
  EbbReadingRow *failed = NULL;
  gboolean incomplete;
  gboolean stored;

  g_clear_pointer (&self->message, g_free);
  session = read_form (self, readings, &self->message, &incomplete);
  self->can_save = self->message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.save", self->can_save);
  if (!self->can_save)
    return;

  /* The session and its readings are one change. */
  if (!ebb_store_begin (self->store, &error))
    stored = FALSE;
  else
    {
      stored = (self->editing != NULL ? ebb_store_update_session (self->store, session, &error)
                                      : ebb_store_add_session (self->store, session, &error)) &&
               save_readings (self, session->id, readings, &failed, &error);
      /* A failed commit has rolled back already. */
      if (!stored)
        ebb_store_rollback (self->store);
      else
        stored = ebb_store_commit (self->store, &error);
    }

  if (!stored)
    {
      /* Nothing typed is lost: the dialog stays open with the message,
       * under the field it is about. */
      if (failed != NULL)
        {
          g_autofree char *name = ebb_reading_row_dup_name (failed);

          ebb_reading_row_show_message (failed, NULL, error->message, FALSE);
          g_clear_pointer (&self->message, g_free);
          self->message = g_strdup_printf (_("%s: %s"), name, error->message);
          gtk_label_set_text (self->store_message, self->message);
          gtk_widget_set_visible (GTK_WIDGET (self->store_message), TRUE);
        }
      else if (error->domain == EBB_DATE_ERROR)
        ebb_dialog_show_save_error (self->date_message, GTK_WIDGET (self->date_row),
                                    error, &self->message);
      else
        ebb_dialog_show_save_error (self->store_message, NULL, error, &self->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, session->id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
set_level (AdwComboRow            *row,
           AdwComboRow            *resolved_row,
           const EbbObservedLevel *level)
{
  if (level->level == EBB_LEVEL_MOAAS)
    adw_combo_row_set_selected (row, SEDATION_MOAAS_FIRST + EBB_MOAAS_MAX - level->moaas);
  else
    adw_combo_row_set_selected (row, level->level);
  set_answer (resolved_row, level->resolved);
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
set_minutes (AdwEntryRow *row,
             int          minutes)
{
  g_autofree char *text = minutes >= 0 ? g_strdup_printf ("%d", minutes) : NULL;

  set_entry (row, text);
}

static void
ebb_session_dialog_fill (EbbSessionDialog *self,
                         const EbbSession *session)
{
  struct { GtkCheckButton *check; EbbEffects effect; } checks[] = {
    { self->nausea_check, EBB_EFFECT_NAUSEA },
    { self->vomiting_check, EBB_EFFECT_VOMITING },
    { self->headache_check, EBB_EFFECT_HEADACHE },
    { self->dizziness_check, EBB_EFFECT_DIZZINESS },
    { self->anxiety_check, EBB_EFFECT_ANXIETY },
    { self->raised_bp_check, EBB_EFFECT_RAISED_BP },
    { self->other_check, EBB_EFFECT_OTHER },
  };
  g_autoptr(GPtrArray) readings = NULL;
  g_autofree char *dose = NULL;
  g_autofree char *dose_time = ebb_clock_time_format (session->dose_time);
  g_autofree char *discharge_time = ebb_clock_time_format (session->discharge_time);

  ebb_date_time_row_set_text (self->date_row, session->when_text);
  adw_combo_row_set_selected (self->status_row, session->status);
  adw_combo_row_set_selected (self->phase_row, session->phase);
  adw_combo_row_set_selected (self->route_row, session->route);
  adw_combo_row_set_selected (self->drug_row, session->drug);
  if (session->dose_mg >= 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      dose = g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", session->dose_mg));
    }
  set_entry (self->dose_row, dose);
  set_minutes (self->duration_row, session->duration_min > 0 ? session->duration_min : -1);
  set_entry (self->lot_row, session->lot);
  set_answer (self->vitals_before_row, session->vitals_ok_before);
  set_entry (self->dose_time_row, dose_time);

  /* Read from the store: the session given may not carry its readings. */
  if (session->id > 0)
    readings = ebb_store_list_session_readings (self->store, session->id, NULL);
  for (guint i = 0; readings != NULL && i < readings->len; i++)
    ebb_reading_row_set_reading (append_reading_row (self), g_ptr_array_index (readings, i));

  set_level (self->sedation_row, self->sedation_resolved_row, &session->sedation);
  set_level (self->dissociation_row, self->dissociation_resolved_row, &session->dissociation);
  adw_combo_row_set_selected (self->respiratory_row,
                              session->respiratory_spo2 < 0 ? RESPIRATORY_NOT_RECORDED
                              : session->respiratory_spo2 == 0 ? RESPIRATORY_NONE
                              : RESPIRATORY_LOWEST);
  set_minutes (self->respiratory_spo2_row, session->respiratory_spo2 > 0 ? session->respiratory_spo2 : -1);
  set_answer (self->respiratory_resolved_row, session->respiratory_resolved);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    gtk_check_button_set_active (checks[i].check, (session->effects & checks[i].effect) != 0);
  set_entry (self->other_effect_row, session->other_effect);

  set_minutes (self->ready_row, session->ready_min);
  set_answer (self->vitals_discharge_row, session->vitals_ok_discharge);
  set_answer (self->transport_row, session->transport_arranged);
  set_entry (self->discharge_time_row, discharge_time);
  set_entry (self->monitored_by_row, session->monitored_by);
  set_entry (self->note_row, session->note);
}

static void
ebb_session_dialog_dispose (GObject *object)
{
  EbbSessionDialog *self = EBB_SESSION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_SESSION_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ebb_session_dialog_parent_class)->dispose (object);
}

static void
ebb_session_dialog_finalize (GObject *object)
{
  EbbSessionDialog *self = EBB_SESSION_DIALOG (object);

  g_clear_pointer (&self->editing, ebb_session_free);
  g_clear_pointer (&self->medicines, g_ptr_array_unref);
  g_clear_pointer (&self->ratings, g_ptr_array_unref);
  g_clear_pointer (&self->medicine_rows, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_array_unref);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ebb_session_dialog_parent_class)->finalize (object);
}

static void
ebb_session_dialog_class_init (EbbSessionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_session_dialog_dispose;
  object_class->finalize = ebb_session_dialog_finalize;

  /**
   * EbbSessionDialog::saved:
   * @id: the session's row id
   *
   * Emitted after the session was stored, just before the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (EBB_TYPE_DATE_TIME_ROW);
  g_type_ensure (EBB_TYPE_READING_ROW);
  g_type_ensure (EBB_TYPE_WRAP_BOX);
  g_type_ensure (EBB_TYPE_SESSION_CLOCK);

  gtk_widget_class_install_action (widget_class, "session.save", NULL, ebb_session_dialog_save);
  gtk_widget_class_install_action (widget_class, "session.add-reading", NULL, add_reading_activated);
  gtk_widget_class_install_action (widget_class, "session.dose-now", NULL, dose_now_activated);
  gtk_widget_class_install_action (widget_class, "session.discharge-now", NULL, discharge_now_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "session.add-reading", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "session.save", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-session-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, name)
  BIND (window_title);
  BIND (notice_box);
  BIND (notice_label);
  BIND (notice_detail);
  BIND (store_message);
  BIND (date_row);
  BIND (status_row);
  BIND (date_message);
  BIND (medicines_group);
  BIND (drug_row);
  BIND (route_row);
  BIND (dose_row);
  BIND (duration_row);
  BIND (phase_row);
  BIND (lot_row);
  BIND (vitals_before_row);
  BIND (dose_time_row);
  BIND (dose_message);
  BIND (dose_warning);
  BIND (session_clock);
  BIND (readings_list);
  BIND (readings_message);
  BIND (sedation_row);
  BIND (sedation_resolved_row);
  BIND (dissociation_row);
  BIND (dissociation_resolved_row);
  BIND (respiratory_row);
  BIND (respiratory_spo2_row);
  BIND (respiratory_resolved_row);
  BIND (nausea_check);
  BIND (vomiting_check);
  BIND (headache_check);
  BIND (dizziness_check);
  BIND (anxiety_check);
  BIND (raised_bp_check);
  BIND (other_check);
  BIND (other_effect_row);
  BIND (effects_message);
  BIND (ready_row);
  BIND (vitals_discharge_row);
  BIND (transport_row);
  BIND (discharge_time_row);
  BIND (monitored_by_row);
  BIND (note_row);
  BIND (monitored_label);
  BIND (early_notice);
  BIND (discharge_message);
  BIND (save_button);
#undef BIND
}

/* Every field is checked as it changes. */
static void
watch (EbbSessionDialog *self,
       gpointer          field,
       const char       *signal,
       GCallback         callback)
{
  g_signal_connect_object (field, signal, callback, self, G_CONNECT_SWAPPED);
}

static void
ebb_session_dialog_init (EbbSessionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ebb_session_clock_set_notifies (self->session_clock, FALSE);
  self->medicine_rows = g_ptr_array_new ();
  self->removed = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->medicines_day = -1;

  /* The date row starts on today. */
  adw_combo_row_set_selected (self->status_row, EBB_SESSION_DONE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  {
    gpointer entries[] = {
      self->dose_row, self->duration_row, self->lot_row, self->dose_time_row,
      self->respiratory_spo2_row, self->other_effect_row, self->ready_row,
      self->discharge_time_row, self->monitored_by_row,
    };
    gpointer combos[] = {
      self->status_row, self->drug_row, self->phase_row, self->vitals_before_row,
      self->sedation_row, self->sedation_resolved_row, self->dissociation_row,
      self->dissociation_resolved_row, self->respiratory_resolved_row,
      self->vitals_discharge_row, self->transport_row,
    };
    gpointer checks[] = {
      self->nausea_check, self->vomiting_check, self->headache_check,
      self->dizziness_check, self->anxiety_check, self->raised_bp_check,
    };

    for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
      watch (self, entries[i], "changed", G_CALLBACK (field_changed_cb));
    for (guint i = 0; i < G_N_ELEMENTS (combos); i++)
      watch (self, combos[i], "notify::selected", G_CALLBACK (field_changed_cb));
    for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
      watch (self, checks[i], "toggled", G_CALLBACK (field_changed_cb));
  }
  watch (self, self->date_row, "notify::text", G_CALLBACK (field_changed_cb));
  watch (self, self->route_row, "notify::selected", G_CALLBACK (route_changed_cb));
  watch (self, self->respiratory_row, "notify::selected", G_CALLBACK (respiratory_changed_cb));
  watch (self, self->other_check, "toggled", G_CALLBACK (other_toggled_cb));
  route_changed_cb (self);
}

GtkWidget *
ebb_session_dialog_new (GtkWindow        *parent,
                        EbbStore         *store,
                        gint64            patient_id,
                        const EbbSession *session)
{
  EbbSessionDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EBB_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id > 0, NULL);

  self = g_object_new (EBB_TYPE_SESSION_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->patient_id = patient_id;
  self->medicines = ebb_store_list_medicines (store, patient_id, NULL);
  self->ratings = ebb_store_list_ratings (store, patient_id, NULL);
  self->medicines_day = -1;
  ebb_dialog_show_patient (self->window_title, store, patient_id);

  if (session != NULL)
    {
      ebb_session_dialog_fill (self, session);
      if (session->id != 0)
        {
          self->editing = ebb_session_copy (session);
          gtk_window_set_title (GTK_WINDOW (self), _("Edit Session"));
        }
      else if (session->status == EBB_SESSION_SCHEDULED)
        gtk_window_set_title (GTK_WINDOW (self), _("Schedule Session"));
    }

  ebb_session_dialog_validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
  ebb_dialog_confirm_discard (GTK_WINDOW (self),
                              self->editing != NULL ? _("Discard Changes to This Session?")
                                                    : _("Discard This Session?"));

  return GTK_WIDGET (self);
}

void
ebb_session_dialog_set_date (EbbSessionDialog *self,
                             const char       *text)
{
  g_return_if_fail (EBB_IS_SESSION_DIALOG (self));

  ebb_date_time_row_set_text (self->date_row, text);
}

void
ebb_session_dialog_set_dose (EbbSessionDialog *self,
                             const char       *text)
{
  g_return_if_fail (EBB_IS_SESSION_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->dose_row), text != NULL ? text : "");
}

/**
 * ebb_session_dialog_set_notice:
 * @heading: (nullable): what to say first, or %NULL for nothing
 * @detail: (nullable): what follows from it
 *
 * Says something above the fields that matters before anything is
 * changed, such as that the session opened is a booking already made.
 */
void
ebb_session_dialog_set_notice (EbbSessionDialog *self,
                               const char       *heading,
                               const char       *detail)
{
  g_return_if_fail (EBB_IS_SESSION_DIALOG (self));

  gtk_label_set_text (self->notice_label, heading != NULL ? heading : "");
  gtk_label_set_text (self->notice_detail, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_detail), detail != NULL);
  gtk_widget_set_visible (self->notice_box, heading != NULL);
  /* Read out with the dialog's name, before its first field. */
  if (heading != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, heading,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

const char *
ebb_session_dialog_get_notice (EbbSessionDialog *self)
{
  g_return_val_if_fail (EBB_IS_SESSION_DIALOG (self), NULL);

  return gtk_widget_get_visible (self->notice_box) ? gtk_label_get_text (self->notice_label) : NULL;
}

gboolean
ebb_session_dialog_get_can_save (EbbSessionDialog *self)
{
  g_return_val_if_fail (EBB_IS_SESSION_DIALOG (self), FALSE);

  return self->can_save;
}

const char *
ebb_session_dialog_get_message (EbbSessionDialog *self)
{
  g_return_val_if_fail (EBB_IS_SESSION_DIALOG (self), NULL);

  return self->message;
}
