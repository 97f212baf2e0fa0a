/* ebb-reading-row.c — one reading of vital signs, as typed in the Record Session dialog
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A nurse types a reading while the patient is in the chair: its time
 * (stamped when the row is added), the blood pressure as it is said,
 * "128/82", the heart rate and the saturation, and whether it was taken
 * before dosing.  The row reads its fields into an EbbReading with the
 * model's checks (ebb_pressure_parse(), ebb_reading_check()), which catch
 * a slip of the keys while the patient is still there; the dialog says
 * which reading and which field is wrong.
 */
#define G_LOG_DOMAIN "ebb-reading-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-reading-row.h"
#include "ebb-session.h"
#include "ebb-wrap-box.h"

struct _EbbReadingRow
{
  GtkListBoxRow  parent_instance;

  EbbReading    *stored;     /* as read from the store, or NULL for a new one */

  /* Template children */
  GtkEntry       *time_entry;
  GtkEntry       *pressure_entry;
  GtkEntry       *heart_rate_entry;
  GtkEntry       *spo2_entry;
  GtkCheckButton *pre_dose_check;
  GtkLabel       *message_label;
};

G_DEFINE_FINAL_TYPE (EbbReadingRow, ebb_reading_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
field_changed_cb (EbbReadingRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Enter in a reading goes on to its next field, as Tab does: a nurse
 * typing values one after the other should not save the session by it. */
static void
entry_activated_cb (EbbReadingRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root != NULL)
    gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD);
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

/* A whole number, or 0 for empty; FALSE for anything else */
static gboolean
read_count (GtkEntry  *entry,
            int       *value,
            char     **text)
{
  guint64 number;

  *value = 0;
  *text = entry_text (entry);
  if (**text == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (*text, 10, 0, G_MAXINT, &number, NULL))
    return FALSE;
  *value = (int) number;
  return TRUE;
}

/**
 * ebb_reading_row_read:
 * @wrong: (out): the field that is wrong, when one is
 * @incomplete: (out): whether the only problem is a pressure half typed
 *   (the systolic without the slash and the diastolic)
 *
 * Returns: (transfer full) (nullable): the reading as typed, with the
 *   stored one's id and session; %NULL with @error saying what is wrong
 */
EbbReading *
ebb_reading_row_read (EbbReadingRow  *self,
                      GtkWidget     **wrong,
                      gboolean       *incomplete,
                      GError        **error)
{
  g_autoptr(EbbReading) reading = NULL;
  g_autofree char *time = NULL;
  g_autofree char *pressure = NULL;
  g_autofree char *heart_rate = NULL;
  g_autofree char *spo2 = NULL;
  guint64 alone;

  g_return_val_if_fail (EBB_IS_READING_ROW (self), NULL);
  g_return_val_if_fail (wrong != NULL && incomplete != NULL, NULL);

  *wrong = NULL;
  *incomplete = FALSE;
  reading = self->stored != NULL ? ebb_reading_copy (self->stored) : ebb_reading_new ();

  time = entry_text (self->time_entry);
  if (!ebb_clock_time_parse (time, 0, &reading->time, error))
    {
      *wrong = GTK_WIDGET (self->time_entry);
      return NULL;
    }

  pressure = entry_text (self->pressure_entry);
  if (g_ascii_string_to_unsigned (pressure, 10, 0, 999, &alone, NULL))
    {
      *incomplete = TRUE;
      *wrong = GTK_WIDGET (self->pressure_entry);
      g_set_error_literal (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                           _("Then the diastolic after a slash, such as 128/82"));
      return NULL;
    }
  if (!ebb_pressure_parse (pressure, &reading->systolic, &reading->diastolic, error))
    {
      *wrong = GTK_WIDGET (self->pressure_entry);
      return NULL;
    }

  if (!read_count (self->heart_rate_entry, &reading->heart_rate, &heart_rate))
    {
      *wrong = GTK_WIDGET (self->heart_rate_entry);
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Heart rate “%s” is not a number: use %d–%d beats a minute, or leave it empty"),
                   heart_rate, EBB_READING_HEART_RATE_MIN, EBB_READING_HEART_RATE_MAX);
      return NULL;
    }
  /* The model's 0 is "not measured"; a 0 typed is a slip, said as the
   * model says the other implausible rates. */
  if (*heart_rate != '\0' && reading->heart_rate == 0)
    {
      *wrong = GTK_WIDGET (self->heart_rate_entry);
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Heart rate %d is not plausible: use %d–%d beats a minute, or leave it empty"),
                   0, EBB_READING_HEART_RATE_MIN, EBB_READING_HEART_RATE_MAX);
      return NULL;
    }
  if (!read_count (self->spo2_entry, &reading->spo2, &spo2))
    {
      *wrong = GTK_WIDGET (self->spo2_entry);
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Oxygen saturation “%s” is not a number: use %d–%d %%, or leave it empty"),
                   spo2, EBB_READING_SPO2_MIN, EBB_READING_SPO2_MAX);
      return NULL;
    }
  if (*spo2 != '\0' && reading->spo2 == 0)
    {
      *wrong = GTK_WIDGET (self->spo2_entry);
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Oxygen saturation %d is not plausible: use %d–%d %%, or leave it empty"),
                   0, EBB_READING_SPO2_MIN, EBB_READING_SPO2_MAX);
      return NULL;
    }
  reading->pre_dose = gtk_check_button_get_active (self->pre_dose_check);

  /* The model's own bounds; an empty reading is the dialog's to skip. */
  if (!ebb_reading_row_is_empty (self) && !ebb_reading_check (reading, error))
    {
      if (reading->heart_rate != 0 &&
          (reading->heart_rate < EBB_READING_HEART_RATE_MIN || reading->heart_rate > EBB_READING_HEART_RATE_MAX))
        *wrong = GTK_WIDGET (self->heart_rate_entry);
      else if (reading->spo2 != 0 &&
               (reading->spo2 < EBB_READING_SPO2_MIN || reading->spo2 > EBB_READING_SPO2_MAX))
        *wrong = GTK_WIDGET (self->spo2_entry);
      else
        *wrong = GTK_WIDGET (self->pressure_entry);
      return NULL;
    }
  return g_steal_pointer (&reading);
}

/* No value typed: a row added and left, or emptied to be deleted. */
gboolean
ebb_reading_row_is_empty (EbbReadingRow *self)
{
  GtkEntry *values[] = { self->pressure_entry, self->heart_rate_entry, self->spo2_entry };

  g_return_val_if_fail (EBB_IS_READING_ROW (self), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = entry_text (values[i]);

      if (*text != '\0')
        return FALSE;
    }
  return TRUE;
}

/**
 * ebb_reading_row_dup_name:
 *
 * Returns: the reading as a message names it: "Reading at 10:40", or
 *   "Reading without a time"
 */
char *
ebb_reading_row_dup_name (EbbReadingRow *self)
{
  g_autofree char *time = NULL;
  gint32 second;

  g_return_val_if_fail (EBB_IS_READING_ROW (self), NULL);

  time = entry_text (self->time_entry);
  if (*time == '\0' || !ebb_clock_time_parse (time, 0, &second, NULL))
    return g_strdup (_("Reading without a time"));
  /* Translators: %s is a clock time, "10:40" */
  return g_strdup_printf (_("Reading at %s"), time);
}

/**
 * ebb_reading_row_show_message:
 * @wrong: (nullable): the field to mark, or %NULL
 * @text: (nullable): what to say under the row, or %NULL for nothing
 * @hint: whether @text says what comes next rather than what is wrong:
 *   said in grey, and the field is not marked
 */
void
ebb_reading_row_show_message (EbbReadingRow *self,
                              GtkWidget     *wrong,
                              const char    *text,
                              gboolean       hint)
{
  GtkWidget *fields[] = {
    GTK_WIDGET (self->time_entry), GTK_WIDGET (self->pressure_entry),
    GTK_WIDGET (self->heart_rate_entry), GTK_WIDGET (self->spo2_entry),
  };

  g_return_if_fail (EBB_IS_READING_ROW (self));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] == wrong && !hint && text != NULL)
      gtk_widget_add_css_class (fields[i], "error");
    else
      gtk_widget_remove_css_class (fields[i], "error");
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  if (hint)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
    }
}

void
ebb_reading_row_focus_pressure (EbbReadingRow *self)
{
  g_return_if_fail (EBB_IS_READING_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->pressure_entry));
}

static void
set_number (GtkEntry *entry,
            int       value)
{
  g_autofree char *text = value > 0 ? g_strdup_printf ("%d", value) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* Fills the row from a stored reading, which it keeps to compare with. */
void
ebb_reading_row_set_reading (EbbReadingRow    *self,
                             const EbbReading *reading)
{
  g_autofree char *pressure = NULL;

  g_return_if_fail (EBB_IS_READING_ROW (self));
  g_return_if_fail (reading != NULL);

  g_clear_pointer (&self->stored, ebb_reading_free);
  self->stored = ebb_reading_copy (reading);
  ebb_reading_row_set_time (self, reading->time);
  if (ebb_reading_has_pressure (reading))
    pressure = g_strdup_printf ("%d/%d", reading->systolic, reading->diastolic);
  gtk_editable_set_text (GTK_EDITABLE (self->pressure_entry), pressure != NULL ? pressure : "");
  set_number (self->heart_rate_entry, reading->heart_rate);
  set_number (self->spo2_entry, reading->spo2);
  gtk_check_button_set_active (self->pre_dose_check, reading->pre_dose);
}

/* The reading as stored, %NULL for one not stored yet */
const EbbReading *
ebb_reading_row_get_stored (EbbReadingRow *self)
{
  g_return_val_if_fail (EBB_IS_READING_ROW (self), NULL);

  return self->stored;
}

void
ebb_reading_row_set_time (EbbReadingRow *self,
                          gint32         second)
{
  g_autofree char *text = NULL;

  g_return_if_fail (EBB_IS_READING_ROW (self));

  /* As stored: a time with seconds (from an import) keeps them, so that
   * opening and saving the session changes nothing. */
  text = ebb_clock_time_format (second);
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), text);
}

void
ebb_reading_row_set_pre_dose (EbbReadingRow *self,
                              gboolean       pre_dose)
{
  g_return_if_fail (EBB_IS_READING_ROW (self));

  gtk_check_button_set_active (self->pre_dose_check, pre_dose);
}

static void
ebb_reading_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EBB_TYPE_READING_ROW);

  G_OBJECT_CLASS (ebb_reading_row_parent_class)->dispose (object);
}

static void
ebb_reading_row_finalize (GObject *object)
{
  EbbReadingRow *self = EBB_READING_ROW (object);

  g_clear_pointer (&self->stored, ebb_reading_free);

  G_OBJECT_CLASS (ebb_reading_row_parent_class)->finalize (object);
}

static void
ebb_reading_row_class_init (EbbReadingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_reading_row_dispose;
  object_class->finalize = ebb_reading_row_finalize;

  /**
   * EbbReadingRow::changed:
   *
   * Emitted when any field of the reading changes.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * EbbReadingRow::remove:
   *
   * Emitted when the reading is to be removed (its button, or Ctrl+Delete
   * in one of its fields): the dialog removes the row.
   */
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (EBB_TYPE_WRAP_BOX);

  gtk_widget_class_install_action (widget_class, "reading.remove", NULL, remove_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK,
                                       "reading.remove", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-reading-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbReadingRow, time_entry);
  gtk_widget_class_bind_template_child (widget_class, EbbReadingRow, pressure_entry);
  gtk_widget_class_bind_template_child (widget_class, EbbReadingRow, heart_rate_entry);
  gtk_widget_class_bind_template_child (widget_class, EbbReadingRow, spo2_entry);
  gtk_widget_class_bind_template_child (widget_class, EbbReadingRow, pre_dose_check);
  gtk_widget_class_bind_template_child (widget_class, EbbReadingRow, message_label);
}

static void
ebb_reading_row_init (EbbReadingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->time_entry, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pressure_entry, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->heart_rate_entry, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->spo2_entry, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pre_dose_check, "toggled", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->time_entry, "activate", G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pressure_entry, "activate", G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->heart_rate_entry, "activate", G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->spo2_entry, "activate", G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ebb_reading_row_new (void)
{
  return g_object_new (EBB_TYPE_READING_ROW, NULL);
}
