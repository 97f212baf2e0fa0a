/* ebb-item-entry.c — a rating entered item by item
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per item of a scale, each with a spin button, and the total
 * they make.  An item not entered yet holds -1 and shows empty: a rating
 * is never made of values nobody entered, so there is no total until
 * every item has one.  The entry says what is wrong; what to do about it
 * (Save, the total shown) is the rating dialog's.
 */
#define G_LOG_DOMAIN "ebb-item-entry"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ebb-item-entry.h"

/* What an item says, besides a value of its range */
#define ITEM_MISSING  (-1)
#define ITEM_INVALID  (-2)
/* The spin buttons' top: any number of up to three digits stays as typed. */
#define ITEM_TYPED_MAX 999

struct _EbbItemEntry
{
  AdwPreferencesGroup  parent_instance;

  const EbbScale      *scale;
  GPtrArray           *rows;       /* AdwActionRow*, owned by the group */
  GPtrArray           *spins;      /* GtkSpinButton*, borrowed */

  /* The items as shown, which is ahead of the spin buttons' values while
   * a number is being typed: a value, ITEM_MISSING or ITEM_INVALID. */
  int                 *values;
  guint                n_values;
  guint                n_missing;
  int                  invalid;    /* the first ITEM_INVALID, or -1 */
  int                  total;      /* -1 until every item has a value */
  char                *message;
};

G_DEFINE_FINAL_TYPE (EbbItemEntry, ebb_item_entry, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
read_item (EbbItemEntry *self,
           guint         index)
{
  GtkEditable *spin = g_ptr_array_index (self->spins, index);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (spin)));
  gint64 value;

  if (*text == '\0')
    return ITEM_MISSING;
  if (g_ascii_string_to_signed (text, 10, 0, self->scale->item_max[index], &value, NULL))
    return (int) value;
  return ITEM_INVALID;
}

/* Reads every item again and, when anything a caller can ask for has
 * changed, says so: typing "12" where 6 is the most is one change, not
 * two. */
static void
ebb_item_entry_update (EbbItemEntry *self,
                       gboolean      rebuilt)
{
  guint n_values = self->spins->len;
  g_autofree int *values = g_new (int, MAX (n_values, 1));

  for (guint i = 0; i < n_values; i++)
    values[i] = read_item (self, i);

  if (!rebuilt && n_values == self->n_values &&
      memcmp (values, self->values, n_values * sizeof (int)) == 0)
    return;

  g_free (self->values);
  self->values = g_steal_pointer (&values);
  self->n_values = n_values;
  self->n_missing = 0;
  self->invalid = -1;
  g_clear_pointer (&self->message, g_free);

  for (guint i = 0; i < n_values; i++)
    {
      if (self->values[i] == ITEM_MISSING)
        self->n_missing++;
      else if (self->values[i] == ITEM_INVALID && self->invalid < 0)
        self->invalid = (int) i;
    }

  if (self->invalid >= 0)
    /* Translators: e.g. "MADRS item 3 must be a whole number from 0 to 6" */
    self->message = g_strdup_printf (_("%s item %d must be a whole number from 0 to %u"),
                                     self->scale->id, self->invalid + 1,
                                     self->scale->item_max[self->invalid]);

  /* For QIDS-SR16 the total is its domain scoring, not the plain sum. */
  if (n_values > 0 && self->n_missing == 0 && self->invalid < 0)
    self->total = ebb_scale_total_for_items (self->scale, self->values);
  else
    self->total = -1;

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ebb_item_entry_clear (EbbItemEntry *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->spins, 0);
}

/* Callbacks ----------------------------------------------------------------- */

static void
item_changed_cb (EbbItemEntry *self,
                 GtkEditable  *spin)
{
  ebb_item_entry_update (self, FALSE);
}

/* An item not entered yet (-1) shows empty rather than as a number. */
static gboolean
item_output_cb (GtkSpinButton *spin,
                gpointer       user_data)
{
  if (gtk_spin_button_get_value (spin) >= 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT);
      return FALSE;
    }

  if (*gtk_editable_get_text (GTK_EDITABLE (spin)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (spin), "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, _("Not entered"),
                                  -1);
  return TRUE;
}

/* Emptying an item takes it back to not entered. */
static int
item_input_cb (GtkSpinButton *spin,
               double        *new_value,
               gpointer       user_data)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin))));

  if (*text != '\0')
    return FALSE;
  *new_value = -1;
  return TRUE;
}

/* Overrides ----------------------------------------------------------------- */

static void
ebb_item_entry_dispose (GObject *object)
{
  EbbItemEntry *self = EBB_ITEM_ENTRY (object);

  /* A spin button takes a half-typed number as it loses the focus, which
   * it can do as it is torn down; the others may be gone by then. */
  for (guint i = 0; i < self->spins->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->spins, i), self);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->spins, 0);

  G_OBJECT_CLASS (ebb_item_entry_parent_class)->dispose (object);
}

static void
ebb_item_entry_finalize (GObject *object)
{
  EbbItemEntry *self = EBB_ITEM_ENTRY (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ebb_item_entry_parent_class)->finalize (object);
}

static void
ebb_item_entry_class_init (EbbItemEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ebb_item_entry_dispose;
  object_class->finalize = ebb_item_entry_finalize;

  /**
   * EbbItemEntry::changed:
   *
   * Emitted when the items, what is missing, what is wrong or the total
   * changed: as each digit is typed, and when the rows are built again.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
ebb_item_entry_init (EbbItemEntry *self)
{
  self->rows = g_ptr_array_new ();
  self->spins = g_ptr_array_new ();
  self->invalid = -1;
  self->total = -1;
}

/* Public API ---------------------------------------------------------------- */

GtkWidget *
ebb_item_entry_new (void)
{
  return g_object_new (EBB_TYPE_ITEM_ENTRY, NULL);
}

void
ebb_item_entry_set_scale (EbbItemEntry   *self,
                          const EbbScale *scale)
{
  g_return_if_fail (EBB_IS_ITEM_ENTRY (self));

  self->scale = scale;
  ebb_item_entry_set_values (self, NULL, 0);
}

/**
 * ebb_item_entry_set_values:
 * @values: (nullable): the items' values
 *
 * Builds the rows again with these values; a value below 0, or one
 * missing from the end, leaves its item to be entered.
 */
void
ebb_item_entry_set_values (EbbItemEntry *self,
                           const int    *values,
                           guint         n_values)
{
  g_return_if_fail (EBB_IS_ITEM_ENTRY (self));
  g_return_if_fail (n_values == 0 || values != NULL);

  ebb_item_entry_clear (self);

  /* One row per item, numbered rather than worded: the item wording of
   * copyrighted scales is not shipped. */
  for (guint i = 0; self->scale != NULL && i < self->scale->n_items; i++)
    {
      const EbbScale *scale = self->scale;
      g_autofree char *title = NULL;
      g_autofree char *range = g_strdup_printf (_("0–%u"), scale->item_max[i]);
      GtkWidget *row = adw_action_row_new ();
      /* -1 is "not entered": one step below 0, so that the arrows and
       * the Up key go from empty to 0 and Down goes back to empty.  The
       * top is far above the item's most: a spin button clamps what was
       * typed to its range as the focus leaves it, which would turn a
       * mistyped 9 into a 6 without a word; above the most, the number
       * stays as typed and is refused, naming the range. */
      GtkWidget *spin = gtk_spin_button_new_with_range (-1, ITEM_TYPED_MAX, 1);
      const char *label = ebb_scale_get_item_label (scale, i);

      if (label != NULL)
        /* Translators: an item of a rating scale, with what it asks about */
        title = g_strdup_printf (_("Item %u · %s"), i + 1, label);
      else
        title = g_strdup_printf (_("Item %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), range);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      g_signal_connect (spin, "output", G_CALLBACK (item_output_cb), NULL);
      g_signal_connect (spin, "input", G_CALLBACK (item_input_cb), NULL);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, range,
                                      -1);
      if (values != NULL && i < n_values)
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), values[i]);
      else
        /* Shown empty at once, not after the first change. */
        gtk_editable_set_text (GTK_EDITABLE (spin), "");
      /* The text, not the value: the value follows only when the entry
       * is left, and Save must follow each digit typed. */
      g_signal_connect_object (spin, "changed",
                               G_CALLBACK (item_changed_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      /* Tab goes from one item's value to the next, not to the row in
       * between, where a digit typed would be lost. */
      gtk_widget_set_focusable (row, FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);

      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->spins, spin);
    }

  ebb_item_entry_update (self, TRUE);
}

/**
 * ebb_item_entry_set_item:
 * @index: the 0-based item
 * @value: its value, or -1 to leave it to be entered
 *
 * Enters one item, as typing it would.
 */
void
ebb_item_entry_set_item (EbbItemEntry *self,
                         guint         index,
                         int           value)
{
  g_return_if_fail (EBB_IS_ITEM_ENTRY (self));
  g_return_if_fail (index < self->spins->len);

  gtk_spin_button_set_value (g_ptr_array_index (self->spins, index), MAX (value, -1));
}

guint
ebb_item_entry_get_n_items (EbbItemEntry *self)
{
  g_return_val_if_fail (EBB_IS_ITEM_ENTRY (self), 0);

  return self->n_values;
}

/* How many items are still empty */
guint
ebb_item_entry_get_n_missing (EbbItemEntry *self)
{
  g_return_val_if_fail (EBB_IS_ITEM_ENTRY (self), 0);

  return self->n_missing;
}

/* What is wrong with the first item that is not a value of its range,
 * naming the range; %NULL when there is none.  An empty item is not
 * wrong, only not entered yet. */
const char *
ebb_item_entry_get_message (EbbItemEntry *self)
{
  g_return_val_if_fail (EBB_IS_ITEM_ENTRY (self), NULL);

  return self->message;
}

/* The scale's total for the items, or -1 until every item has a value */
int
ebb_item_entry_get_total (EbbItemEntry *self)
{
  g_return_val_if_fail (EBB_IS_ITEM_ENTRY (self), -1);

  return self->total;
}

/* The items, or %NULL until every item has a value (see get_total()) */
const int *
ebb_item_entry_get_values (EbbItemEntry *self,
                           guint        *n_values)
{
  g_return_val_if_fail (EBB_IS_ITEM_ENTRY (self), NULL);
  g_return_val_if_fail (n_values != NULL, NULL);

  *n_values = self->total >= 0 ? self->n_values : 0;
  return self->total >= 0 ? self->values : NULL;
}

/**
 * ebb_item_entry_focus_missing:
 * @self: an item entry
 *
 * Puts the cursor in the first item not yet entered, else in the first
 * item: switching item entry on, the first digit typed goes to item 1.
 */
void
ebb_item_entry_focus_missing (EbbItemEntry *self)
{
  g_return_if_fail (EBB_IS_ITEM_ENTRY (self));

  for (guint i = 0; i < self->spins->len; i++)
    {
      if (read_item (self, i) == ITEM_MISSING)
        {
          gtk_widget_grab_focus (g_ptr_array_index (self->spins, i));
          return;
        }
    }
  if (self->spins->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->spins, 0));
}
