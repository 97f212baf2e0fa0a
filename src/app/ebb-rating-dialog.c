/* ebb-rating-dialog.c — record or edit one rating
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-rating-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-dialog-util.h"
#include "ebb-item-entry.h"
#include "ebb-rating-dialog.h"
#include "ebb-record-items.h"
#include "ebb-scale.h"

struct _EbbRatingDialog
{
  AdwWindow            parent_instance;

  EbbStore            *store;
  gint64               patient_id;
  EbbScore            *editing;       /* the stored rating being edited, or NULL */

  char                *typed_total;   /* the total as typed before item entry, or NULL */

  char                *message;       /* what is wrong, as shown */
  guint                updating : 1;  /* setting the total from the items */
  guint                can_save : 1;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkStringList       *scale_list;
  AdwComboRow         *scale_row;
  AdwEntryRow         *date_row;
  AdwEntryRow         *total_row;
  GtkLabel            *band_label;
  GtkSwitch           *items_switch;
  EbbItemEntry        *item_entry;
  AdwEntryRow         *rater_row;
  AdwEntryRow         *note_row;
  GtkLabel            *date_message;
  GtkLabel            *score_message;
  GtkLabel            *store_message;
  GtkWidget           *save_button;
};

G_DEFINE_FINAL_TYPE (EbbRatingDialog, ebb_rating_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const EbbScale *
ebb_rating_dialog_get_scale (EbbRatingDialog *self)
{
  guint n_scales;
  const EbbScale * const *scales = ebb_scale_all (&n_scales);
  guint selected = adw_combo_row_get_selected (self->scale_row);

  return selected < n_scales ? scales[selected] : NULL;
}

static gboolean
items_mode (EbbRatingDialog *self)
{
  return gtk_switch_get_active (self->items_switch) &&
         ebb_item_entry_get_n_items (self->item_entry) > 0;
}

/* Shows the total the items give, without taking it for typing. */
static void
show_item_total (EbbRatingDialog *self,
                 const char      *text)
{
  if (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->total_row)), text))
    return;
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->total_row), text);
  self->updating = FALSE;
}

/* Parses the total as typed: digits only, since scores are whole points. */
static gboolean
parse_total (const char *text,
             int        *total)
{
  guint64 value;

  if (text == NULL || *text == '\0')
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, 9999, &value, NULL))
    return FALSE;
  *total = (int) value;
  return TRUE;
}

/* Checks every field, shows what is wrong where it is wrong, and allows
 * saving only when nothing is. */
static void
ebb_rating_dialog_validate (EbbRatingDialog *self)
{
  const EbbScale *scale = ebb_rating_dialog_get_scale (self);
  g_autofree char *date_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *date_error = NULL;
  g_autofree char *score_error = NULL;
  const int *items = NULL;
  g_autofree char *missing = NULL;
  guint n_items = 0;
  gboolean date_ok = FALSE;
  gboolean score_ok = FALSE;
  const char *band = NULL;
  int total = 0;
  EbbWhen when;

  if (scale == NULL)
    return;

  date_text = ebb_dialog_entry_text (self->date_row);
  if (date_text == NULL)
    date_error = g_strdup (_("Enter the date of the rating as YYYY-MM-DD"));
  else
    {
      g_autoptr(GError) error = NULL;

      if (!ebb_when_parse (date_text, &when, &error))
        date_error = g_strdup (error->message);
      else if (when.day > ebb_date_today ())
        date_error = g_strdup_printf (_("%s is in the future: record a rating on the day it was taken"),
                                      date_text);
      else
        date_ok = TRUE;
    }

  if (items_mode (self))
    {
      const char *items_error = ebb_item_entry_get_message (self->item_entry);
      guint n_missing = ebb_item_entry_get_n_missing (self->item_entry);

      if (items_error != NULL)
        {
          score_error = g_strdup (items_error);
          show_item_total (self, "");
        }
      else if (n_missing > 0)
        {
          /* No total until every item has a value: a half-filled form
           * must not pass for a low score. */
          band = missing = g_strdup_printf (ngettext ("%u item to enter", "%u items to enter", n_missing),
                                            n_missing);
          show_item_total (self, "");
        }
      else
        {
          g_autofree char *sum = NULL;

          /* The total follows the items. */
          items = ebb_item_entry_get_values (self->item_entry, &n_items);
          total = ebb_item_entry_get_total (self->item_entry);
          sum = g_strdup_printf ("%d", total);
          show_item_total (self, sum);
          score_ok = TRUE;
        }
    }
  else
    {
      total_text = ebb_dialog_entry_text (self->total_row);
      if (total_text == NULL)
        /* Nothing typed yet is not a mistake: Save just waits. */
        score_ok = FALSE;
      else if (!parse_total (total_text, &total))
        score_error = g_strdup_printf (_("The %s total must be a whole number from %d to %d"),
                                       scale->id, scale->total_min, scale->total_max);
      else
        score_ok = TRUE;
    }

  if (score_ok)
    {
      g_autoptr(GError) error = NULL;

      if (!ebb_scale_validate (scale, total, items, n_items, &error))
        {
          score_error = g_strdup (error->message);
          score_ok = FALSE;
        }
      else
        band = ebb_band_display (scale, total);
    }

  gtk_label_set_text (self->band_label, band != NULL ? band : "");
  ebb_dialog_show_field_message (self->date_message, GTK_WIDGET (self->date_row), date_error);
  ebb_dialog_show_field_message (self->score_message, GTK_WIDGET (self->total_row), score_error);

  g_clear_pointer (&self->message, g_free);
  self->message = g_strdup (date_error != NULL ? date_error : score_error);

  self->can_save = date_ok && score_ok;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rating.save", self->can_save);
}

static void
item_entry_changed_cb (EbbRatingDialog *self)
{
  ebb_rating_dialog_validate (self);
}

static void
ebb_rating_dialog_update_items_mode (EbbRatingDialog *self)
{
  gboolean on = gtk_switch_get_active (self->items_switch);

  gtk_widget_set_visible (GTK_WIDGET (self->item_entry), on);
  /* The total is worked out from the items while they are entered. */
  gtk_editable_set_editable (GTK_EDITABLE (self->total_row), !on);
}

static void
scale_selected_cb (EbbRatingDialog *self)
{
  const EbbScale *scale = ebb_rating_dialog_get_scale (self);
  g_autofree char *subtitle = NULL;

  if (scale == NULL)
    return;

  /* Translators: under the scale picker, e.g. "Montgomery–Åsberg …, 0–60, past 7 days" */
  subtitle = g_strdup_printf (_("%s · total %d–%d · past %u days"),
                              ebb_scale_get_name (scale), scale->total_min, scale->total_max, scale->recall_days);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scale_row), subtitle);

  ebb_item_entry_set_scale (self->item_entry, scale);
  ebb_rating_dialog_update_items_mode (self);
  ebb_rating_dialog_validate (self);
}

static void
items_switch_active_cb (EbbRatingDialog *self)
{
  if (gtk_switch_get_active (self->items_switch))
    {
      /* Kept to be put back when item entry is switched off again. */
      g_free (self->typed_total);
      self->typed_total = ebb_dialog_entry_text (self->total_row);
      ebb_rating_dialog_update_items_mode (self);
      ebb_item_entry_focus_missing (self->item_entry);
    }
  else
    {
      ebb_rating_dialog_update_items_mode (self);
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->total_row),
                             self->typed_total != NULL ? self->typed_total : "");
      self->updating = FALSE;
      g_clear_pointer (&self->typed_total, g_free);
    }
  ebb_rating_dialog_validate (self);
}

static void
field_changed_cb (EbbRatingDialog *self)
{
  if (!self->updating)
    ebb_rating_dialog_validate (self);
}

static void
show_store_error (EbbRatingDialog *self,
                  const GError    *error)
{
  /* Put the message where the mistake is when the store can tell. */
  if (error->domain == EBB_DATE_ERROR)
    ebb_dialog_show_save_error (self->date_message, GTK_WIDGET (self->date_row), error, &self->message);
  else if (error->domain == EBB_SCALE_ERROR)
    ebb_dialog_show_save_error (self->score_message, GTK_WIDGET (self->total_row), error, &self->message);
  else
    ebb_dialog_show_save_error (self->store_message, NULL, error, &self->message);
}

static void
ebb_rating_dialog_save (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EbbRatingDialog *self = EBB_RATING_DIALOG (widget);
  const EbbScale *scale = ebb_rating_dialog_get_scale (self);
  g_autoptr(EbbScore) score = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *total_text = NULL;
  gboolean stored;

  ebb_rating_dialog_validate (self);
  if (!self->can_save || scale == NULL)
    return;

  score = self->editing != NULL ? ebb_score_copy (self->editing) : ebb_score_new ();
  score->patient_id = self->patient_id;

  date_text = ebb_dialog_entry_text (self->date_row);
  if (!ebb_score_set_when (score, date_text, &error))
    {
      show_store_error (self, error);
      return;
    }

  g_free (score->scale_id);
  score->scale_id = g_strdup (scale->id);
  total_text = ebb_dialog_entry_text (self->total_row);
  if (!parse_total (total_text, &score->total))
    return;

  if (items_mode (self))
    {
      guint n_items;
      const int *items = ebb_item_entry_get_values (self->item_entry, &n_items);

      /* Validation said every item has a value. */
      if (items == NULL)
        return;
      ebb_score_set_items (score, items, n_items);
    }
  else
    ebb_score_set_items (score, NULL, 0);

  g_free (score->rater);
  score->rater = ebb_dialog_entry_text (self->rater_row);
  g_free (score->note);
  score->note = ebb_dialog_entry_text (self->note_row);

  if (self->editing != NULL)
    stored = ebb_store_update_score (self->store, score, &error);
  else
    stored = ebb_store_add_score (self->store, score, &error);

  if (!stored)
    {
      /* Nothing typed is lost: the dialog stays open with the message. */
      show_store_error (self, error);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, score->id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ebb_rating_dialog_dispose (GObject *object)
{
  EbbRatingDialog *self = EBB_RATING_DIALOG (object);

  /* An item typed but not yet taken is taken as the dialog is torn down,
   * when there is nothing left to validate. */
  if (self->item_entry != NULL)
    g_signal_handlers_disconnect_by_data (self->item_entry, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_RATING_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ebb_rating_dialog_parent_class)->dispose (object);
}

static void
ebb_rating_dialog_finalize (GObject *object)
{
  EbbRatingDialog *self = EBB_RATING_DIALOG (object);

  g_clear_pointer (&self->editing, ebb_score_free);
  g_clear_pointer (&self->typed_total, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ebb_rating_dialog_parent_class)->finalize (object);
}

static void
ebb_rating_dialog_class_init (EbbRatingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_rating_dialog_dispose;
  object_class->finalize = ebb_rating_dialog_finalize;

  /**
   * EbbRatingDialog::saved:
   * @id: the rating's row id
   *
   * Emitted after the rating was stored, just before the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (EBB_TYPE_ITEM_ENTRY);

  gtk_widget_class_install_action (widget_class, "rating.save", NULL, ebb_rating_dialog_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-rating-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, scale_list);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, total_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, band_label);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, items_switch);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, item_entry);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, rater_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, date_message);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, score_message);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, store_message);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, save_button);
}

static void
ebb_rating_dialog_init (EbbRatingDialog *self)
{
  guint n_scales;
  const EbbScale * const *scales = ebb_scale_all (&n_scales);
  g_autofree char *today = ebb_date_format (ebb_date_today ());

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < n_scales; i++)
    gtk_string_list_append (self->scale_list, scales[i]->id);

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  g_signal_connect_object (self->scale_row, "notify::selected",
                           G_CALLBACK (scale_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->item_entry, "changed",
                           G_CALLBACK (item_entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->items_switch, "notify::active",
                           G_CALLBACK (items_switch_active_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->total_row, "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);

  scale_selected_cb (self);
}

GtkWidget *
ebb_rating_dialog_new (GtkWindow      *parent,
                       EbbStore       *store,
                       gint64          patient_id,
                       const EbbScore *score,
                       const char     *scale_id)
{
  EbbRatingDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EBB_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id > 0, NULL);

  self = g_object_new (EBB_TYPE_RATING_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->patient_id = patient_id;
  ebb_dialog_show_patient (self->window_title, store, patient_id);

  if (score != NULL)
    {
      g_autofree char *total = g_strdup_printf ("%d", score->total);

      self->editing = ebb_score_copy (score);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Rating"));
      ebb_rating_dialog_set_scale (self, score->scale_id);
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), score->when_text);
      gtk_editable_set_text (GTK_EDITABLE (self->total_row), total);
      if (score->n_items > 0)
        ebb_rating_dialog_set_items (self, score->items, score->n_items);
      if (score->rater != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->rater_row), score->rater);
      if (score->note != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->note_row), score->note);
    }
  else if (scale_id != NULL)
    ebb_rating_dialog_set_scale (self, scale_id);

  ebb_rating_dialog_validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->total_row));
  ebb_dialog_confirm_discard (GTK_WINDOW (self),
                              score != NULL ? _("Discard Changes to This Rating?")
                                            : _("Discard This Rating?"));

  return GTK_WIDGET (self);
}

void
ebb_rating_dialog_set_scale (EbbRatingDialog *self,
                             const char      *scale_id)
{
  const EbbScale *scale;
  guint n_scales;
  const EbbScale * const *scales = ebb_scale_all (&n_scales);

  g_return_if_fail (EBB_IS_RATING_DIALOG (self));

  scale = ebb_scale_lookup (scale_id);
  for (guint i = 0; scale != NULL && i < n_scales; i++)
    {
      if (scales[i] == scale)
        adw_combo_row_set_selected (self->scale_row, i);
    }
}

void
ebb_rating_dialog_set_date (EbbRatingDialog *self,
                            const char      *text)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), text != NULL ? text : "");
}

void
ebb_rating_dialog_set_total (EbbRatingDialog *self,
                             const char      *text)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));

  gtk_switch_set_active (self->items_switch, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->total_row), text != NULL ? text : "");
}

/**
 * ebb_rating_dialog_set_items:
 *
 * Switches to item-by-item entry with these values; a value below 0, or
 * one missing from the end, leaves its item to be entered.  The total
 * follows the items once every one has a value.
 */
void
ebb_rating_dialog_set_items (EbbRatingDialog *self,
                             const int       *items,
                             guint            n_items)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));
  g_return_if_fail (n_items == 0 || items != NULL);

  ebb_item_entry_set_values (self->item_entry, items, n_items);
  gtk_switch_set_active (self->items_switch, TRUE);
  ebb_rating_dialog_update_items_mode (self);
  ebb_rating_dialog_validate (self);
}

/**
 * ebb_rating_dialog_set_item:
 * @index: the 0-based item
 * @value: its value, or -1 to leave it to be entered
 *
 * Enters one item, as typing it would; item entry must be on.
 */
void
ebb_rating_dialog_set_item (EbbRatingDialog *self,
                            guint            index,
                            int              value)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));
  g_return_if_fail (index < ebb_item_entry_get_n_items (self->item_entry));

  ebb_item_entry_set_item (self->item_entry, index, value);
}

gboolean
ebb_rating_dialog_get_can_save (EbbRatingDialog *self)
{
  g_return_val_if_fail (EBB_IS_RATING_DIALOG (self), FALSE);

  return self->can_save;
}

const char *
ebb_rating_dialog_get_message (EbbRatingDialog *self)
{
  g_return_val_if_fail (EBB_IS_RATING_DIALOG (self), NULL);

  return self->message;
}
