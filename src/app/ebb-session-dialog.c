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
#include "ebb-session-dialog-private.h"
#include "ebb-wrap-box.h"

#define DEFAULT_MAINTENANCE_INTERVAL 14

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

static gint32
now_second (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_hour (now) * 3600 + g_date_time_get_minute (now) * 60;
}

static void
ebb_session_dialog_validate (EbbSessionDialog *self)
{
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  g_autoptr(EbbSession) session = NULL;
  gboolean incomplete;

  g_clear_pointer (&self->message, g_free);
  session = _ebb_session_dialog_read_form (self, readings, &self->message, &incomplete);

  self->can_save = self->message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.save", self->can_save);

  /* While the patient is in the chair, the dialog says when the next
   * reading is due, from the readings as typed. */
  session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  for (guint i = 0; i < readings->len; i++)
    if (g_ptr_array_index (readings, i) != NULL)
      g_ptr_array_add (session->readings, ebb_reading_copy (g_ptr_array_index (readings, i)));
  ebb_session_clock_set_session (self->session_clock, session);
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
  if (self->scroll_row == GTK_WIDGET (row))
    {
      gtk_widget_remove_tick_callback (self->scroll_row, self->scroll_tick);
      self->scroll_row = NULL;
      self->scroll_tick = 0;
    }
  gtk_list_box_remove (self->readings_list, GTK_WIDGET (row));
  ebb_dialog_mark_changed (GTK_WINDOW (self));
  /* The focus goes to a neighbour, not to the top of the dialog. */
  if (EBB_IS_READING_ROW (next))
    ebb_reading_row_focus_pressure (EBB_READING_ROW (next));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->readings_list));
  ebb_session_dialog_validate (self);
}

EbbReadingRow *
_ebb_session_dialog_append_reading_row (EbbSessionDialog *self)
{
  GtkWidget *row = ebb_reading_row_new ();

  gtk_list_box_append (self->readings_list, row);
  g_signal_connect_object (row, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (reading_remove_cb), self, G_CONNECT_SWAPPED);
  return EBB_READING_ROW (row);
}

/* Scrolls the dialog so that @row is in sight, once it has its place:
 * the focus alone does not scroll to a row not yet allocated, and the
 * nurse would type a pressure out of sight. */
static gboolean
scroll_to_row_cb (GtkWidget     *row,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  EbbSessionDialog *self = user_data;
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds;
  double page, value, margin = 12;

  if (gtk_widget_get_height (row) == 0 || !gtk_widget_compute_bounds (row, viewport, &bounds))
    return G_SOURCE_CONTINUE;
  self->scroll_row = NULL;
  self->scroll_tick = 0;
  page = gtk_adjustment_get_page_size (adjustment);
  value = gtk_adjustment_get_value (adjustment);
  if (bounds.origin.y + bounds.size.height + margin > page)
    gtk_adjustment_set_value (adjustment, value + bounds.origin.y + bounds.size.height + margin - page);
  else if (bounds.origin.y < 0)
    gtk_adjustment_set_value (adjustment, value + bounds.origin.y - margin);
  return G_SOURCE_REMOVE;
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
  EbbReadingRow *row = _ebb_session_dialog_append_reading_row (self);
  g_autofree char *dose_text = ebb_dialog_entry_text (self->dose_time_row);
  gint32 now = now_second ();
  gint32 dose_time = -1;

  ebb_reading_row_set_time (row, now);
  if (!ebb_clock_time_parse (dose_text, 0, &dose_time, NULL))
    dose_time = -1;
  ebb_reading_row_set_pre_dose (row, dose_time < 0 || now < dose_time);
  ebb_dialog_watch_added_fields (GTK_WINDOW (self), GTK_WIDGET (row));
  ebb_reading_row_focus_pressure (row);
  /* Only the latest reading: the rows' places move as each is added. */
  if (self->scroll_row != NULL)
    gtk_widget_remove_tick_callback (self->scroll_row, self->scroll_tick);
  self->scroll_row = GTK_WIDGET (row);
  self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (row), scroll_to_row_cb, self, NULL);
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
  g_autoptr(GList) rows = _ebb_session_dialog_reading_rows (self);
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
        ok = ebb_store_update_reading_if_unchanged (self->store, stored, reading, error);
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
  session = _ebb_session_dialog_read_form (self, readings, &self->message, &incomplete);
  self->can_save = self->message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.save", self->can_save);
  if (!self->can_save)
    return;

  /* The session and its readings are one change. */
  if (!ebb_store_begin (self->store, &error))
    stored = FALSE;
  else
    {
      /* Refused when another workstation changed it since it was read. */
      if (self->editing != NULL)
        stored = ebb_store_update_session_if_unchanged (self->store, self->editing, session, &error);
      else
        stored = ebb_store_add_session (self->store, session, &error);
      stored = stored && save_readings (self, session->id, readings, &failed, &error);
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
  BIND (scroller);
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
      _ebb_session_dialog_fill (self, session);
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
