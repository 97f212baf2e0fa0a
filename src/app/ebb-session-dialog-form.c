/* ebb-session-dialog-form.c — the Record Session dialog's fields, to a session and back
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One function reads every field into a session and its readings, saying
 * under each group what is wrong: the dialog calls it as each field
 * changes, and again to save, so that what is checked is what is saved.
 * The other fills the fields from a stored session, with its readings
 * read from the store.
 */
#define G_LOG_DOMAIN "ebb-session-dialog"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ebb-dialog-util.h"
#include "ebb-record-items.h"
#include "ebb-session-dialog-private.h"

/* The answer combo rows: Not recorded, Yes, No (or Resolved, Not resolved) */
static const EbbAnswer answers[] = { EBB_ANSWER_NOT_RECORDED, EBB_ANSWER_YES, EBB_ANSWER_NO };

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
/* A group says one thing wrong at a time, the first in the order the
 * nurse fills it: @text (owned) and @widget become the group's unless it
 * has one already. */
static void
keep_first_error (char      **error_text,
                  GtkWidget **wrong,
                  char       *text,
                  gpointer    widget)
{
  if (text == NULL || *error_text != NULL)
    {
      g_free (text);
      return;
    }
  *error_text = text;
  *wrong = GTK_WIDGET (widget);
}

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

GList *
_ebb_session_dialog_reading_rows (EbbSessionDialog *self)
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

/* Ends a group's reading: its rows lose the error style (the message
 * marks the wrong one again), the message under the group says what is
 * wrong or nothing, and the dialog's first problem is kept. */
static void
finish_group (GtkLabel         *message,
              GtkWidget * const *rows,
              GtkWidget        *wrong,
              char            **error_text,
              char            **first)
{
  for (guint i = 0; rows[i] != NULL; i++)
    gtk_widget_remove_css_class (rows[i], "error");
  ebb_dialog_show_field_message (message, wrong, *error_text);
  if (*error_text != NULL)
    say (first, g_steal_pointer (error_text));
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

    keep_first_error (&error_text, &wrong, time_error, self->dose_time_row);
  }

  finish_group (self->dose_message,
                (GtkWidget *[]) { GTK_WIDGET (self->dose_row), GTK_WIDGET (self->duration_row),
                                  GTK_WIDGET (self->dose_time_row), NULL },
                wrong, &error_text, first);
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
  g_autoptr(GList) rows = _ebb_session_dialog_reading_rows (self);

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

  finish_group (self->effects_message, (GtkWidget *[]) { GTK_WIDGET (self->respiratory_spo2_row), NULL },
                wrong, &error_text, first);
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
    keep_first_error (&error_text, &wrong, time_error, self->discharge_time_row);
  }

  finish_group (self->discharge_message,
                (GtkWidget *[]) { GTK_WIDGET (self->ready_row), GTK_WIDGET (self->discharge_time_row), NULL },
                wrong, &error_text, first);
}

/* Minutes monitored, and an intranasal patient who left early */
static void
show_discharge_notice (EbbSessionDialog *self,
                       const EbbSession *session)
{
  g_autofree char *monitored = NULL;
  g_autofree char *early = NULL;

  if (ebb_session_discharged_early (session, NULL))
    early = ebb_format_discharge (session);
  else
    monitored = ebb_format_discharge (session);
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
EbbSession *
_ebb_session_dialog_read_form (EbbSessionDialog *self,
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

void
_ebb_session_dialog_fill (EbbSessionDialog *self,
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
    ebb_reading_row_set_reading (_ebb_session_dialog_append_reading_row (self), g_ptr_array_index (readings, i));

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

