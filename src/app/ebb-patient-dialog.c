/* ebb-patient-dialog.c — add or edit a patient
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-patient-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-dialog-util.h"
#include "ebb-patient-dialog.h"
#include "ebb-scale.h"

/* The store refuses years outside 1900–2100; a birth year in the future
 * is a typo as well. */
#define BIRTH_YEAR_MIN 1900

struct _EbbPatientDialog
{
  AdwWindow       parent_instance;

  EbbStore       *store;
  EbbPatient     *editing;     /* the stored patient being edited, or NULL */

  char           *message;
  guint           can_save : 1;

  /* Template children */
  AdwWindowTitle *window_title;
  AdwEntryRow    *code_row;
  AdwEntryRow    *name_row;
  AdwEntryRow    *birth_year_row;
  GtkLabel       *age_label;
  AdwComboRow    *scale_row;
  GtkStringList  *scale_list;
  AdwEntryRow    *notes_row;
  GtkLabel       *code_message;
  GtkLabel       *birth_year_message;
  GtkLabel       *store_message;
  GtkWidget      *save_button;
};

G_DEFINE_FINAL_TYPE (EbbPatientDialog, ebb_patient_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
current_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

/* Returns: whether the birth year is empty or plausible; @year is 0 when empty */
static gboolean
parse_birth_year (const char  *text,
                  int         *year,
                  char       **error_text)
{
  guint64 value;

  *year = 0;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, BIRTH_YEAR_MIN, current_year (), &value, NULL))
    {
      *error_text = g_strdup_printf (_("Enter the year of birth as four digits from %d to %d, or leave it empty"),
                                     BIRTH_YEAR_MIN, current_year ());
      return FALSE;
    }
  *year = (int) value;
  return TRUE;
}

static void
ebb_patient_dialog_validate (EbbPatientDialog *self)
{
  g_autofree char *code = ebb_dialog_entry_text (self->code_row);
  g_autofree char *birth_year = ebb_dialog_entry_text (self->birth_year_row);
  g_autofree char *year_error = NULL;
  int year;

  if (parse_birth_year (birth_year, &year, &year_error) && year != 0)
    {
      /* Translators: beside the year of birth, the age it gives this year */
      g_autofree char *age = g_strdup_printf (_("age %d"), current_year () - year);

      gtk_label_set_text (self->age_label, age);
    }
  else
    gtk_label_set_text (self->age_label, "");
  ebb_dialog_show_field_message (self->birth_year_message, GTK_WIDGET (self->birth_year_row), year_error);
  /* A code taken by another patient is reported by the store on Save;
   * clear that message once the code is edited. */
  ebb_dialog_show_field_message (self->code_message, GTK_WIDGET (self->code_row), NULL);

  g_clear_pointer (&self->message, g_free);
  self->message = g_steal_pointer (&year_error);
  self->can_save = code != NULL && self->message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patient.save", self->can_save);
}

static void
field_changed_cb (EbbPatientDialog *self)
{
  ebb_patient_dialog_validate (self);
}

static void
ebb_patient_dialog_save (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  EbbPatientDialog *self = EBB_PATIENT_DIALOG (widget);
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *birth_year = NULL;
  g_autofree char *year_error = NULL;
  guint selected;
  gboolean stored;

  ebb_patient_dialog_validate (self);
  if (!self->can_save)
    return;

  code = ebb_dialog_entry_text (self->code_row);
  patient = self->editing != NULL ? ebb_patient_copy (self->editing) : ebb_patient_new (code, NULL);
  g_free (patient->code);
  patient->code = g_steal_pointer (&code);
  g_free (patient->name);
  patient->name = ebb_dialog_entry_text (self->name_row);
  birth_year = ebb_dialog_entry_text (self->birth_year_row);
  parse_birth_year (birth_year, &patient->birth_year, &year_error);
  g_free (patient->notes);
  patient->notes = ebb_dialog_entry_text (self->notes_row);

  g_clear_pointer (&patient->preferred_scale, g_free);
  selected = adw_combo_row_get_selected (self->scale_row);
  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    patient->preferred_scale = g_strdup (gtk_string_list_get_string (self->scale_list, selected));

  if (self->editing != NULL)
    stored = ebb_store_update_patient_if_unchanged (self->store, self->editing, patient, &error);
  else
    stored = ebb_store_add_patient (self->store, patient, &error);

  if (!stored)
    {
      /* A constraint is about the code (taken, or empty) unless the
       * store said it was the birth year, which was checked above. */
      if (g_error_matches (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT))
        {
          ebb_dialog_show_save_error (self->code_message, GTK_WIDGET (self->code_row),
                                      error, &self->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
        }
      else
        ebb_dialog_show_save_error (self->store_message, NULL, error, &self->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, patient->id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ebb_patient_dialog_dispose (GObject *object)
{
  EbbPatientDialog *self = EBB_PATIENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_PATIENT_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ebb_patient_dialog_parent_class)->dispose (object);
}

static void
ebb_patient_dialog_finalize (GObject *object)
{
  EbbPatientDialog *self = EBB_PATIENT_DIALOG (object);

  g_clear_pointer (&self->editing, ebb_patient_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ebb_patient_dialog_parent_class)->finalize (object);
}

static void
ebb_patient_dialog_class_init (EbbPatientDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_patient_dialog_dispose;
  object_class->finalize = ebb_patient_dialog_finalize;

  /**
   * EbbPatientDialog::saved:
   * @id: the patient's row id
   *
   * Emitted after the patient was stored, just before the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "patient.save", NULL, ebb_patient_dialog_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-patient-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, birth_year_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, age_label);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, scale_list);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, code_message);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, birth_year_message);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, store_message);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientDialog, save_button);
}

static void
ebb_patient_dialog_init (EbbPatientDialog *self)
{
  guint n_scales;
  const EbbScale * const *scales = ebb_scale_all (&n_scales);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: no preferred scale: the chart shows the one rated most */
  gtk_string_list_append (self->scale_list, _("Automatic"));
  for (guint i = 0; i < n_scales; i++)
    {
      if (scales[i]->efficacy)
        gtk_string_list_append (self->scale_list, scales[i]->id);
    }

  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  g_signal_connect_object (self->code_row, "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->birth_year_row, "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * ebb_patient_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the clinic database
 * @patient: (nullable): the patient to edit, or %NULL for a new one
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWidget *
ebb_patient_dialog_new (GtkWindow        *parent,
                        EbbStore         *store,
                        const EbbPatient *patient)
{
  EbbPatientDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EBB_IS_STORE (store), NULL);

  self = g_object_new (EBB_TYPE_PATIENT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  if (patient != NULL)
    {
      g_autofree char *who = ebb_dialog_patient_label (patient);

      self->editing = ebb_patient_copy (patient);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Patient"));
      /* As stored: the subtitle does not follow the fields being edited. */
      adw_window_title_set_subtitle (self->window_title, who);
      gtk_editable_set_text (GTK_EDITABLE (self->code_row), patient->code ? patient->code : "");
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), patient->name ? patient->name : "");
      if (patient->birth_year != 0)
        {
          g_autofree char *year = g_strdup_printf ("%d", patient->birth_year);

          gtk_editable_set_text (GTK_EDITABLE (self->birth_year_row), year);
        }
      gtk_editable_set_text (GTK_EDITABLE (self->notes_row), patient->notes ? patient->notes : "");

      for (guint i = 1; patient->preferred_scale != NULL &&
                        i < g_list_model_get_n_items (G_LIST_MODEL (self->scale_list)); i++)
        {
          if (g_strcmp0 (gtk_string_list_get_string (self->scale_list, i), patient->preferred_scale) == 0)
            adw_combo_row_set_selected (self->scale_row, i);
        }
    }

  ebb_patient_dialog_validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (patient != NULL ? self->name_row : self->code_row));
  ebb_dialog_confirm_discard (GTK_WINDOW (self),
                              patient != NULL ? _("Discard Changes to This Patient?")
                                              : _("Discard This Patient?"));

  return GTK_WIDGET (self);
}
