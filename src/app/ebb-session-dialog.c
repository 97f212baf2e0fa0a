/* ebb-session-dialog.c — record, schedule or edit a treatment session
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-session-dialog"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ebb-date-time-row.h"
#include "ebb-dialog-util.h"
#include "ebb-session-dialog.h"

/* Plausible readings; the store takes anything up to its own limit, but
 * a typo such as 1200/80 should be caught while the patient is there. */
#define SYSTOLIC_MIN   60
#define SYSTOLIC_MAX   260
#define DIASTOLIC_MIN  30
#define DIASTOLIC_MAX  160
#define DOSE_MAX_MG    1000.0
#define DEFAULT_MAINTENANCE_INTERVAL 14

struct _EbbSessionDialog
{
  AdwWindow       parent_instance;

  EbbStore       *store;
  gint64          patient_id;
  EbbSession     *editing;        /* the stored session being edited, or NULL */

  char           *message;
  guint           can_save : 1;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkWidget      *notice_box;
  GtkLabel       *notice_label;
  GtkLabel       *notice_detail;
  EbbDateTimeRow *date_row;
  AdwComboRow    *status_row;
  AdwComboRow    *phase_row;
  AdwComboRow    *route_row;
  AdwEntryRow    *dose_row;
  AdwEntryRow    *bp_before_row;
  AdwEntryRow    *bp_after_row;
  AdwEntryRow    *note_row;
  GtkLabel       *date_message;
  GtkLabel       *dose_message;
  GtkLabel       *bp_message;
  GtkLabel       *store_message;
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

/* "128/82" as it is said, spaces allowed around the slash */
static gboolean
parse_pressure (const char *text,
                int        *systolic,
                int        *diastolic)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", -1);
  guint64 s, d;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 0, 99999, &s, NULL) ||
      !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 0, 99999, &d, NULL))
    return FALSE;
  *systolic = (int) s;
  *diastolic = (int) d;
  return TRUE;
}

/* What is wrong with a blood pressure as typed, or %NULL; @systolic and
 * @diastolic are 0 when it was not taken (the field is empty).  A
 * systolic typed alone is @incomplete rather than wrong: the slash and
 * the diastolic are on their way. */
static char *
check_pressure (AdwEntryRow *row,
                const char  *when,
                int         *systolic,
                int         *diastolic,
                gboolean    *incomplete)
{
  g_autofree char *text = ebb_dialog_entry_text (row);
  guint64 alone;

  *systolic = *diastolic = 0;
  *incomplete = FALSE;
  if (text == NULL)
    return NULL;
  if (g_ascii_string_to_unsigned (text, 10, 0, 999, &alone, NULL))
    {
      *incomplete = TRUE;
      /* Translators: %s is "before" or "after" */
      return g_strdup_printf (_("Then the diastolic after a slash: the blood pressure %s the dose, such as 128/82"),
                              when);
    }
  if (!parse_pressure (text, systolic, diastolic))
    /* Translators: %s is "before" or "after" */
    return g_strdup_printf (_("Type the blood pressure %s the dose as systolic/diastolic, such as 128/82, or leave it empty"),
                            when);
  if (*systolic < SYSTOLIC_MIN || *systolic > SYSTOLIC_MAX ||
      *diastolic < DIASTOLIC_MIN || *diastolic > DIASTOLIC_MAX || *systolic <= *diastolic)
    /* Translators: %s is "before" or "after" */
    return g_strdup_printf (_("Blood pressure %s the dose of %d/%d is not plausible: systolic %d–%d over diastolic %d–%d mmHg"),
                            when, *systolic, *diastolic, SYSTOLIC_MIN, SYSTOLIC_MAX,
                            DIASTOLIC_MIN, DIASTOLIC_MAX);
  return NULL;
}

static void
ebb_session_dialog_validate (EbbSessionDialog *self)
{
  g_autofree char *date_text = ebb_date_time_row_dup_text (self->date_row);
  g_autofree char *dose_text = ebb_dialog_entry_text (self->dose_row);
  g_autofree char *date_error = NULL;
  g_autofree char *dose_error = NULL;
  g_autofree char *bp_error = NULL;
  GtkWidget *bp_wrong = NULL;
  EbbSessionStatus status = adw_combo_row_get_selected (self->status_row);
  gboolean bp_incomplete;
  int systolic, diastolic;
  EbbWhen when;

  if (date_text == NULL)
    date_error = g_strdup (_("Choose the date of the session"));
  else
    {
      g_autoptr(GError) error = NULL;

      if (!ebb_when_parse (date_text, &when, &error))
        date_error = g_strdup (error->message);
      else if (when.day > ebb_date_today () &&
               (status == EBB_SESSION_DONE || status == EBB_SESSION_MISSED))
        {
          g_autofree char *day = ebb_date_format_for_people (when.day, ebb_date_today ());

          /* Translators: "Tue 15 Dec is in the future: …" */
          date_error = g_strdup_printf (_("%s is in the future: a session that is not done yet is scheduled"),
                                        day);
        }
    }

  if (dose_text != NULL)
    {
      double dose;

      if (!parse_dose (dose_text, &dose) || dose <= 0 || dose > DOSE_MAX_MG)
        dose_error = g_strdup_printf (_("The dose must be a number of mg above 0 and up to %g, or empty"),
                                      DOSE_MAX_MG);
    }

  /* The first of the two that is wrong is said and marked. */
  bp_error = check_pressure (self->bp_before_row, _("before"), &systolic, &diastolic, &bp_incomplete);
  if (bp_error != NULL)
    bp_wrong = GTK_WIDGET (self->bp_before_row);
  else if ((bp_error = check_pressure (self->bp_after_row, _("after"), &systolic, &diastolic,
                                       &bp_incomplete)) != NULL)
    bp_wrong = GTK_WIDGET (self->bp_after_row);

  ebb_dialog_show_field_message (self->date_message, GTK_WIDGET (self->date_row), date_error);
  ebb_dialog_show_field_message (self->dose_message, GTK_WIDGET (self->dose_row), dose_error);
  gtk_widget_remove_css_class (GTK_WIDGET (self->bp_before_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->bp_after_row), "error");
  /* Half typed is said in grey, as what comes next; only a wrong value is
   * marked. */
  ebb_dialog_show_field_message (self->bp_message, bp_incomplete ? NULL : bp_wrong, bp_error);
  if (bp_incomplete)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->bp_message), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->bp_message), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->bp_message), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->bp_message), "error");
    }

  g_clear_pointer (&self->message, g_free);
  if (date_error != NULL)
    self->message = g_steal_pointer (&date_error);
  else if (dose_error != NULL)
    self->message = g_steal_pointer (&dose_error);
  else
    self->message = g_steal_pointer (&bp_error);

  self->can_save = self->message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.save", self->can_save);
}

static void
field_changed_cb (EbbSessionDialog *self)
{
  ebb_session_dialog_validate (self);
}

/* The reading a pressure field shows: the session's last before dosing, or
 * its highest after (the two the rules read, §4.7); NULL when there is
 * none.  Read from the store: the session given to the dialog may not
 * carry its readings. */
static EbbReading *
find_pressure_reading (EbbStore  *store,
                       gint64     session_id,
                       gboolean   pre_dose)
{
  g_autoptr(EbbSession) view = ebb_session_new ();
  const EbbReading *found;

  if (session_id <= 0)
    return NULL;
  view->readings = ebb_store_list_session_readings (store, session_id, NULL);
  found = pre_dose ? ebb_session_pre_dose_reading (view) : ebb_session_highest_after_dose (view);
  return found != NULL ? ebb_reading_copy (found) : NULL;
}

/* The two fields of this dialog are a reading before dosing and one after
 * it (the full record of readings comes with the session record dialog):
 * a field typed adds or changes its reading, a field emptied deletes it
 * unless it holds other values. */
static gboolean
save_pressure (EbbSessionDialog  *self,
               gint64             session_id,
               AdwEntryRow       *row,
               gboolean           pre_dose,
               GError           **error)
{
  g_autoptr(EbbReading) reading = find_pressure_reading (self->store, session_id, pre_dose);
  gboolean incomplete;
  int systolic, diastolic;

  /* Validation said it is empty or plausible. */
  g_free (check_pressure (row, "", &systolic, &diastolic, &incomplete));
  if (reading == NULL && systolic == 0)
    return TRUE;
  if (reading == NULL)
    {
      reading = ebb_reading_new ();
      reading->session_id = session_id;
      reading->pre_dose = pre_dose;
    }
  else if (reading->systolic == systolic && reading->diastolic == diastolic)
    return TRUE;
  reading->systolic = systolic;
  reading->diastolic = diastolic;
  if (reading->id == 0)
    return ebb_store_add_reading (self->store, reading, error);
  if (systolic == 0 && reading->heart_rate == 0 && reading->spo2 == 0)
    return ebb_store_delete_reading (self->store, reading->id, error);
  return ebb_store_update_reading (self->store, reading, error);
}

static void
ebb_session_dialog_save (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  EbbSessionDialog *self = EBB_SESSION_DIALOG (widget);
  g_autoptr(EbbSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *dose_text = NULL;
  gboolean stored;

  ebb_session_dialog_validate (self);
  if (!self->can_save)
    return;

  session = self->editing != NULL ? ebb_session_copy (self->editing) : ebb_session_new ();
  session->patient_id = self->patient_id;

  date_text = ebb_date_time_row_dup_text (self->date_row);
  if (!ebb_session_set_when (session, date_text, &error))
    {
      ebb_dialog_show_field_message (self->date_message, GTK_WIDGET (self->date_row), error->message);
      return;
    }

  session->status = adw_combo_row_get_selected (self->status_row);
  session->phase = adw_combo_row_get_selected (self->phase_row);
  session->route = adw_combo_row_get_selected (self->route_row);

  dose_text = ebb_dialog_entry_text (self->dose_row);
  if (dose_text == NULL || !parse_dose (dose_text, &session->dose_mg))
    session->dose_mg = -1;

  g_free (session->note);
  session->note = ebb_dialog_entry_text (self->note_row);

  /* The session and its two readings are one change. */
  if (!ebb_store_begin (self->store, &error))
    stored = FALSE;
  else
    {
      stored = (self->editing != NULL ? ebb_store_update_session (self->store, session, &error)
                                      : ebb_store_add_session (self->store, session, &error)) &&
               save_pressure (self, session->id, self->bp_before_row, TRUE, &error) &&
               save_pressure (self, session->id, self->bp_after_row, FALSE, &error);
      /* A failed commit has rolled back already. */
      if (!stored)
        ebb_store_rollback (self->store);
      else
        stored = ebb_store_commit (self->store, &error);
    }

  if (!stored)
    {
      /* Nothing typed is lost: the dialog stays open with the message. */
      if (error->domain == EBB_DATE_ERROR)
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
ebb_session_dialog_fill (EbbSessionDialog *self,
                         const EbbSession *session)
{
  g_autofree char *dose = NULL;
  g_autofree char *bp_before = NULL;
  g_autofree char *bp_after = NULL;

  ebb_date_time_row_set_text (self->date_row, session->when_text);
  adw_combo_row_set_selected (self->status_row, session->status);
  adw_combo_row_set_selected (self->phase_row, session->phase);
  adw_combo_row_set_selected (self->route_row, session->route);
  if (session->dose_mg >= 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      dose = g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", session->dose_mg));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->dose_row), dose ? dose : "");
  {
    g_autoptr(EbbReading) before = find_pressure_reading (self->store, session->id, TRUE);
    g_autoptr(EbbReading) after = find_pressure_reading (self->store, session->id, FALSE);

    if (before != NULL)
      bp_before = g_strdup_printf ("%d/%d", before->systolic, before->diastolic);
    if (after != NULL)
      bp_after = g_strdup_printf ("%d/%d", after->systolic, after->diastolic);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->bp_before_row), bp_before != NULL ? bp_before : "");
  gtk_editable_set_text (GTK_EDITABLE (self->bp_after_row), bp_after != NULL ? bp_after : "");
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), session->note ? session->note : "");
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

  gtk_widget_class_install_action (widget_class, "session.save", NULL, ebb_session_dialog_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-session-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, notice_box);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, notice_label);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, notice_detail);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, phase_row);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, route_row);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, dose_row);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, bp_before_row);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, bp_after_row);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, date_message);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, dose_message);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, bp_message);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, store_message);
  gtk_widget_class_bind_template_child (widget_class, EbbSessionDialog, save_button);
}

static void
ebb_session_dialog_init (EbbSessionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The date row starts on today. */
  adw_combo_row_set_selected (self->status_row, EBB_SESSION_DONE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  g_signal_connect_object (self->date_row, "notify::text",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dose_row, "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_row, "notify::selected",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bp_before_row, "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bp_after_row, "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
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
