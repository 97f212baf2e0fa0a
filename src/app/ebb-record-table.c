/* ebb-record-table.c — what the patient page's record tables share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ratings, sessions and audit sections each declare their table in
 * their own template, cells and all.  What their cells' expressions call,
 * how their tables pass scrolling on to the page, and the row a rating
 * or a session becomes on a narrow page are here, once.
 */
#define G_LOG_DOMAIN "ebb-record-table"

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "ebb-record-menu.h"
#include "ebb-record-table.h"

/* Closures ------------------------------------------------------------------ */

/* A tooltip that is the cell's text itself, for free text cut short: none
 * for an empty cell, rather than an empty bubble. */
static char *
whole_text (GtkWidget  *cell,
            const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/* What is missing rather than recorded reads dimmer than a value. */
static char **
dim_classes (GtkWidget *cell,
             gboolean   dim)
{
  static const char * const dimmed[] = { "dim-label", "caption", NULL };
  static const char * const plain[] = { NULL };

  return g_strdupv ((char **) (dim ? dimmed : plain));
}

/* The table, or a quiet line saying there is nothing to list */
static char *
list_or_empty (GtkWidget *stack,
               guint      n_items)
{
  return g_strdup (n_items > 0 ? "list" : "empty");
}

/* Scrolling ----------------------------------------------------------------- */

/* The tables are as tall as their rows, so that the page scrolls and not
 * a table inside it.  They still scroll sideways, though, and a
 * GtkScrolledWindow that may scroll one way keeps every wheel event, even
 * those it cannot use (and GTK 4.8 counts a table that could be wider as
 * one that may): the page would stop under the pointer.  Up and down go
 * to the page instead. */
#define SURFACE_SCROLL_FACTOR 2.5  /* as GtkScrolledWindow scales touchpad deltas */

static gboolean
table_scroll_cb (GtkEventControllerScroll *controller,
                 double                    dx,
                 double                    dy,
                 gpointer                  user_data)
{
  GtkWidget *table = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *page = gtk_widget_get_ancestor (gtk_widget_get_parent (table), GTK_TYPE_SCROLLED_WINDOW);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GtkAdjustment *adjustment;
  double step;

  /* Shift and the wheel scroll the table sideways. */
  if (page == NULL || dy == 0 || (state & GDK_SHIFT_MASK) != 0)
    return FALSE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page));
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    step = pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0);
  else
    step = SURFACE_SCROLL_FACTOR;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * step);
  return TRUE;
}

/* The Delete key deletes the selected row, as the row's menu does. */
static gboolean
delete_key_cb (GtkWidget *view,
               GVariant  *args,
               gpointer   user_data)
{
  const char *action_name = user_data;
  GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  GObject *item = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (selection));
  gint64 id = 0;

  if (item == NULL)
    return FALSE;
  g_object_get (item, "id", &id, NULL);
  return gtk_widget_activate_action (view, action_name, "x", id);
}

/* Public API ---------------------------------------------------------------- */

/**
 * ebb_record_table_class_bind_callbacks:
 *
 * Lets a section's template name the closures its cells share:
 * `whole_text` (a tooltip that is the text, or none), `dim_classes`
 * (the style classes of a cell that shows what is missing) and
 * `list_or_empty` (the page of a stack to show for a number of items).
 */
void
ebb_record_table_class_bind_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, whole_text);
  gtk_widget_class_bind_template_callback (widget_class, dim_classes);
  gtk_widget_class_bind_template_callback (widget_class, list_or_empty);
}

/**
 * ebb_record_table_pass_scrolling:
 * @scroller: the scrolled window around a table, inside the page's
 *
 * Passes scrolling up and down on to the page around the table.
 */
void
ebb_record_table_pass_scrolling (GtkWidget *scroller)
{
  GtkEventController *controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scroller));

  /* Before the scrolled window's own controller, which runs later. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (table_scroll_cb), NULL);
  gtk_widget_add_controller (scroller, controller);
}

/**
 * ebb_record_table_row_new:
 * @item: an #EbbRatingItem or #EbbSessionItem
 * @user_data: unused
 *
 * On a narrow page a record is a row with its date as the title and the
 * rest of the table's columns under it, as GNOME Settings lists things;
 * a #GtkListBoxCreateWidgetFunc.
 *
 * Returns: (transfer full): an #AdwActionRow with the record's menu
 */
GtkWidget *
ebb_record_table_row_new (gpointer item,
                          gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *menu = ebb_record_menu_new ();
  g_autofree char *when = NULL, *summary = NULL, *note = NULL, *subtitle = NULL;

  g_return_val_if_fail (G_IS_OBJECT (item), NULL);

  g_object_get (item, "when-display", &when, "summary", &summary, "note", &note, NULL);
  subtitle = note != NULL && *note != '\0' ? g_strdup_printf ("%s\n%s", summary, note) : g_strdup (summary);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  ebb_record_menu_set_item (EBB_RECORD_MENU (menu), item);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

/**
 * ebb_record_table_activate:
 * @widget: where in the page the record was activated
 * @model: the records as listed
 * @position: the record's place in @model
 * @action_name: the page.* action that opens a record, with its id
 *
 * Opens the record at @position of a table or its narrow rows.
 */
void
ebb_record_table_activate (GtkWidget  *widget,
                           GListModel *model,
                           guint       position,
                           const char *action_name)
{
  g_autoptr(GObject) item = NULL;
  gint64 id = 0;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_LIST_MODEL (model));

  item = g_list_model_get_item (model, position);
  if (item == NULL)
    return;
  g_object_get (item, "id", &id, NULL);
  gtk_widget_activate_action (widget, action_name, "x", id);
}

/**
 * ebb_record_table_add_delete_key:
 * @view: a table over a #GtkSingleSelection of records with an "id"
 * @action_name: (not nullable): the page.* action that deletes one, with
 *   its id; static
 *
 * Makes the Delete key delete the selected record.
 */
void
ebb_record_table_add_delete_key (GtkColumnView *view,
                                 const char    *action_name)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                            gtk_callback_action_new (delete_key_cb, (gpointer) action_name,
                                                                     NULL));

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (view), controller);
}

/**
 * ebb_record_table_select:
 * @view: a table over a #GtkSingleSelection
 * @position: the place of a row just deleted, or %GTK_INVALID_LIST_POSITION
 *
 * After a deletion the row that moved up into its place is selected and
 * the table has the focus, not a row's button: the button that was
 * clicked now belongs to that other row, and Space would delete it.
 */
void
ebb_record_table_select (GtkColumnView *view,
                         guint          position)
{
  GtkSingleSelection *selection;
  GtkRoot *root;
  GtkWidget *focus;
  guint n_items;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
  n_items = g_list_model_get_n_items (G_LIST_MODEL (selection));
  root = gtk_widget_get_root (GTK_WIDGET (view));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (n_items == 0 || position == GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
      return;
    }
  gtk_single_selection_set_selected (selection, MIN (position, n_items - 1));
  if (focus != NULL && (focus == GTK_WIDGET (view) || gtk_widget_is_ancestor (focus, GTK_WIDGET (view))))
    gtk_widget_grab_focus (GTK_WIDGET (view));
}
