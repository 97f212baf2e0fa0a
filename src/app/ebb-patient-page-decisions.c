/* ebb-patient-page-decisions.c — decisions on flags and ends of courses
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clinical rules §5 and §6: a flag stays open until the data closes it, a
 * clinician records a decision on it, or the course is recorded as ended.
 * Both are records like ratings: stored, audited and undoable.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-export-ui.h"
#include "ebb-patient-page-private.h"

/* Undo ---------------------------------------------------------------------- */

typedef struct
{
  EbbStore *store;
  gint64    id;
  gboolean  is_end;     /* a course end, else a decision */
} Recorded;

static void
recorded_free (Recorded *recorded)
{
  g_clear_object (&recorded->store);
  g_free (recorded);
}

static gboolean
undo_recorded (gpointer   data,
               GError   **error)
{
  Recorded *recorded = data;

  if (recorded->is_end)
    return ebb_store_delete_course_end (recorded->store, recorded->id, error);
  return ebb_store_delete_decision (recorded->store, recorded->id, error);
}

static void
offer_undo (EbbPatientPage *self,
            const char     *label,
            gint64          id,
            gboolean        is_end)
{
  Recorded *recorded = g_new0 (Recorded, 1);

  recorded->store = g_object_ref (self->store);
  recorded->id = id;
  recorded->is_end = is_end;
  _ebb_patient_page_offer_undo_step (self, label, undo_recorded, recorded, (GDestroyNotify) recorded_free);
}

/* Decisions ------------------------------------------------------------------ */

static const EbbFlag *
find_open_flag (EbbPatientPage *self,
                EbbFlagKind     kind,
                const char     *scale_id,
                gint32          day)
{
  const EbbScale *scale = scale_id != NULL && *scale_id != '\0' ? ebb_scale_lookup (scale_id) : NULL;
  GPtrArray *flags = ebb_flags_section_get_open (self->flags_section);

  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);

      if (flag->kind == kind && flag->scale == scale && flag->day == day)
        return flag;
    }
  return NULL;
}

/**
 * ebb_patient_page_decide:
 * @kind: the flag's kind
 * @scale_id: (nullable): its scale, for the kinds that have one
 * @day: its date
 * @note: what was decided, in a few words
 *
 * Records a decision on one of the patient's open flags, as the dialog
 * does, with Undo.
 */
gboolean
ebb_patient_page_decide (EbbPatientPage  *self,
                         EbbFlagKind      kind,
                         const char      *scale_id,
                         gint32           day,
                         const char      *note,
                         GError         **error)
{
  g_autoptr(EbbDecision) decision = NULL;
  g_autoptr(EbbFlag) flag = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);
  g_return_val_if_fail (self->patient != NULL, FALSE);

  /* Still open: another workstation, or an import, may have closed it. */
  flag = ebb_flags_find_open (self->store, self->patient_id, kind, scale_id, day, ebb_date_today (),
                              &self->rules, error);
  if (flag == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (note));
  decision = ebb_decision_new ();
  decision->patient_id = self->patient_id;
  decision->kind = kind;
  decision->scale_id = flag->scale != NULL ? g_strdup (flag->scale->id) : NULL;
  decision->flag_day = day;
  decision->note = g_steal_pointer (&trimmed);
  if (!ebb_store_add_decision (self->store, decision, error))
    return FALSE;

  {
    g_autofree char *date = _ebb_patient_page_format_day (day, self->today);
    /* Translators: a toast with Undo, "Decision on Faded of Sat 14 Nov recorded" */
    g_autofree char *label = g_strdup_printf (_("Decision on %s of %s recorded"),
                                              ebb_flag_kind_to_label (kind), date);

    offer_undo (self, label, decision->id, FALSE);
  }
  return TRUE;
}

static void
note_changed_cb (AdwMessageDialog *dialog,
                 GParamSpec       *pspec,
                 GtkEditable      *entry)
{
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "record", *note != '\0');
}

static void
decision_response_cb (EbbPatientPage   *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  GVariant *target = g_object_get_data (G_OBJECT (dialog), "ebb-flag");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "ebb-note");
  g_autoptr(GError) error = NULL;
  const char *kind_text, *scale_id;
  EbbFlagKind kind;
  gint32 day;

  if (!g_str_equal (response, "record") || self->patient == NULL)
    return;
  g_variant_get (target, "(&s&si)", &kind_text, &scale_id, &day);
  if (!ebb_flag_kind_from_string (kind_text, &kind))
    return;
  if (!ebb_patient_page_decide (self, kind, scale_id, day, gtk_editable_get_text (entry), &error))
    _ebb_patient_page_show_error (self, _("Could not record the decision"), error);
}

/**
 * ebb_patient_page_request_decision:
 * @kind: the flag's kind
 * @scale_id: (nullable): its scale, for the kinds that have one
 * @day: its date
 *
 * Asks what was decided on one of the patient's open flags: the flag's
 * row and Attention's card come here.
 */
void
ebb_patient_page_request_decision (EbbPatientPage *self,
                                   EbbFlagKind     kind,
                                   const char     *scale_id,
                                   gint32          day)
{
  const EbbFlag *flag;
  GtkWidget *dialog, *entry;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if ((flag = find_open_flag (self, kind, scale_id, day)) == NULL)
    {
      ebb_export_ui_show_toast (GTK_WIDGET (self), _("This flag is no longer open"));
      return;
    }

  title = ebb_flag_get_title (flag, self->today);
  detail = _ebb_patient_page_for_people (self, flag->detail);
  dialog = adw_message_dialog_new (_ebb_patient_page_get_parent (self), _("Record Decision"), NULL);
  /* Translators: the body of the decision dialog: "<the flag's title>.
   * <its numbers>" */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("%s. %s"), title, detail);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What was decided, e.g. “dose increased”"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), EBB_DECISION_NOTE_MAX);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Decision"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "ebb-flag", g_variant_ref_sink (ebb_flags_section_flag_target (flag)),
                          (GDestroyNotify) g_variant_unref);
  g_object_set_data (G_OBJECT (dialog), "ebb-note", entry);
  g_signal_connect_object (entry, "notify::text", G_CALLBACK (note_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (decision_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Ends of courses ------------------------------------------------------------ */

static const EbbEndReason end_reasons[] = {
  EBB_END_REASON_REMISSION,
  EBB_END_REASON_STOPPED_BY_PATIENT,
  EBB_END_REASON_STOPPED_BY_CLINICIAN,
  EBB_END_REASON_MOVED,
  EBB_END_REASON_OTHER,
};

/**
 * ebb_patient_page_end_course:
 * @day: the last day of the course
 * @reason: why it ended
 *
 * Records the end of the patient's course as the dialog does, with Undo.
 */
gboolean
ebb_patient_page_end_course (EbbPatientPage  *self,
                             gint32           day,
                             EbbEndReason     reason,
                             GError         **error)
{
  g_autoptr(EbbCourseEnd) end = NULL;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), FALSE);
  g_return_val_if_fail (self->patient != NULL, FALSE);

  end = ebb_course_end_new ();
  end->patient_id = self->patient_id;
  end->day = day;
  end->reason = reason;
  if (!ebb_store_add_course_end (self->store, end, error))
    return FALSE;

  {
    g_autofree char *date = _ebb_patient_page_format_day (day, self->today);
    /* Translators: a toast with Undo, "Course ended on Sat 14 Nov" */
    g_autofree char *label = g_strdup_printf (_("Course ended on %s"), date);

    offer_undo (self, label, end->id, TRUE);
  }
  return TRUE;
}

/* The day typed, when it is a day on or before today. */
static gint32
end_day_from_entry (GtkEditable *entry)
{
  gint32 day = ebb_date_parse_day (gtk_editable_get_text (entry), NULL);

  return day > 0 && day <= ebb_date_today () ? day : 0;
}

static void
end_day_changed_cb (AdwMessageDialog *dialog,
                    GParamSpec       *pspec,
                    GtkEditable      *entry)
{
  gboolean valid = end_day_from_entry (entry) > 0;

  adw_message_dialog_set_response_enabled (dialog, "end", valid);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static void
end_response_cb (EbbPatientPage   *self,
                 const char       *response,
                 AdwMessageDialog *dialog)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "ebb-day");
  GtkDropDown *reason = g_object_get_data (G_OBJECT (dialog), "ebb-reason");
  g_autoptr(GError) error = NULL;
  guint selected;

  if (!g_str_equal (response, "end") || self->patient == NULL)
    return;
  selected = gtk_drop_down_get_selected (reason);
  if (!ebb_patient_page_end_course (self, end_day_from_entry (entry),
                                    selected < G_N_ELEMENTS (end_reasons) ? end_reasons[selected]
                                                                          : EBB_END_REASON_NONE,
                                    &error))
    _ebb_patient_page_show_error (self, _("Could not record the end of the course"), error);
}

/* page.end-course: the day (today unless typed) and a reason. */
void
ebb_patient_page_request_end_course (EbbPatientPage *self)
{
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  GtkWidget *dialog, *box, *entry, *dropdown, *label;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));
  if (self->patient == NULL)
    return;

  dialog = adw_message_dialog_new (_ebb_patient_page_get_parent (self), _("End Course?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Ebb stops following %s up: no more flags about missed or lapsed "
                                    "sessions until a session is given again, which starts a new course. "
                                    "Nothing is deleted."),
                                  self->patient->code);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new_with_mnemonic (_("_Last day of the course"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), today);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM-DD"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_append (GTK_BOX (box), entry);

  label = gtk_label_new_with_mnemonic (_("_Reason"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (GTK_BOX (box), label);
  for (guint i = 0; i < G_N_ELEMENTS (end_reasons); i++)
    gtk_string_list_append (reasons, ebb_end_reason_to_label (end_reasons[i]));
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (reasons)), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), dropdown);
  gtk_box_append (GTK_BOX (box), dropdown);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "end", _("_End Course"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "end", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "end");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data (G_OBJECT (dialog), "ebb-day", entry);
  g_object_set_data (G_OBJECT (dialog), "ebb-reason", dropdown);
  g_signal_connect_object (entry, "notify::text", G_CALLBACK (end_day_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (end_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
