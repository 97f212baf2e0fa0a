/* ebb-record-section.c — a table of the patient's records
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the patient page's record sections (EbbRatingsSection,
 * EbbSessionsSection, EbbAuditSection) have in common, as Sysprof's
 * sections have SysprofSection: each declares its table in its own
 * template, cells and all, and this base class does the rest with the
 * parts it names.  The page sets the model and refills it on every
 * reload; the table sorts it, newest first.  A section whose records
 * open (ratings, sessions) also lists them as rows where the page is
 * too narrow for the table, over the same sorted model, and opens,
 * edits and deletes them through the page.* actions it is given, so that
 * a row activated, its menu and the Delete key go the way every other
 * command does.
 *
 * The parts a template names, all bound by
 * ebb_record_section_class_set_template():
 *
 *   scroller     the GtkScrolledWindow around the table, and its root
 *   view         the GtkColumnView
 *   when_column  the column sorted on at first, newest first
 *   sorted       the GtkSortListModel over the model property
 *
 * and, with an edit action, in a GtkStack "views" that is then its root:
 *
 *   selection    the GtkSingleSelection of the table
 *   squeezer     the AdwSqueezer of the table and the rows
 *   rows         the GtkListBox of rows on a narrow page
 *
 * A table shows the first RECORDS_SHOWN records as sorted (the newest, at
 * first), and a button under it the rest.  The tables are as tall as
 * their rows, so a table of 500 ratings made and laid out 500 rows at
 * every click on the patient (issue 17); the latest are what a clinician
 * reads there, and the chart shows them all.  Another patient's records
 * come in a few rows a frame (ebb_record_section_fill_anew()): making a
 * table's row takes a millisecond or more, and the page and its chart
 * are drawn first, in the frame after the click.
 */
#define G_LOG_DOMAIN "ebb-record-section"

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "ebb-record-menu.h"
#include "ebb-record-section.h"

typedef struct
{
  GListModel          *model;

  /* Parts of the subclass's template */
  GtkWidget           *scroller;
  GtkColumnView       *view;
  GtkSortListModel    *sorted;
  AdwSqueezer         *squeezer;
  GtkListBox          *rows;
  guint                bind_rows_id;  /* the idle that binds the rows to the records */

  /* The newest records first, and the rest on asking */
  GtkSliceListModel   *shown;
  guint                limit;         /* RECORDS_SHOWN, or G_MAXUINT once all were asked for */
  guint                fill_id;       /* the tick callback that shows them a few at a time */
  gboolean             fill_waits;    /* for the frame that draws the page without them */
  GtkWidget           *show_all_button;
} EbbRecordSectionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (EbbRecordSection, ebb_record_section, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define RECORDS_SHOWN 50
#define ROWS_PER_FRAME 8

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

/* What the clinician should notice, though it is no flag */
static char **
warning_classes (GtkWidget *cell,
                 gboolean   warning)
{
  static const char * const warned[] = { "warning", NULL };
  static const char * const plain[] = { NULL };

  return g_strdupv ((char **) (warning ? warned : plain));
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
  EbbRecordSection *self = EBB_RECORD_SECTION (user_data);
  GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  GObject *item = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (selection));
  gint64 id = 0;

  if (item == NULL)
    return FALSE;
  g_object_get (item, "id", &id, NULL);
  return gtk_widget_activate_action (view, EBB_RECORD_SECTION_GET_CLASS (self)->delete_action, "x", id);
}

/* Opening ------------------------------------------------------------------- */

static void
open_record (EbbRecordSection *self,
             guint             position)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (priv->sorted), position);
  gint64 id = 0;

  if (item == NULL)
    return;
  g_object_get (item, "id", &id, NULL);
  gtk_widget_activate_action (GTK_WIDGET (self), EBB_RECORD_SECTION_GET_CLASS (self)->edit_action, "x", id);
}

static void
view_activate_cb (EbbRecordSection *self,
                  guint             position,
                  GtkColumnView    *view)
{
  open_record (self, position);
}

static void
row_activated_cb (EbbRecordSection *self,
                  GtkListBoxRow    *row,
                  GtkListBox       *rows)
{
  open_record (self, gtk_list_box_row_get_index (row));
}

/* On a narrow page a record is a row with its date as the title and the
 * rest of the table's columns under it, as GNOME Settings lists things. */
static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *menu = ebb_record_menu_new ();
  g_autofree char *when = NULL, *summary = NULL, *note = NULL, *subtitle = NULL;

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

/* The rows are made only while they are shown.  A list box makes a row
 * for every record at once, and the squeezer measures both its children
 * to choose: on a wide page a patient with 500 ratings had 500 rows made,
 * measured and never seen, which was most of a click on the patient
 * (issue 17).  Empty, the rows still fit wherever they would, so the
 * squeezer chooses as before; they are bound after the frame in which it
 * chose them, since a list box must not grow rows while it is being
 * allocated. */
static gboolean
bind_rows_cb (gpointer user_data)
{
  EbbRecordSection *self = EBB_RECORD_SECTION (user_data);
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  priv->bind_rows_id = 0;
  if (ebb_record_section_get_narrow (self))
    gtk_list_box_bind_model (priv->rows, G_LIST_MODEL (priv->shown), create_row_cb, NULL, NULL);
  else
    gtk_list_box_bind_model (priv->rows, NULL, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
squeezer_child_cb (EbbRecordSection *self)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  if (priv->bind_rows_id == 0)
    priv->bind_rows_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, bind_rows_cb, self, NULL);
}

static void
update_show_all (EbbRecordSection *self)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (priv->sorted));
  g_autofree char *label = NULL;

  gtk_widget_set_visible (priv->show_all_button, priv->limit < n_items);
  if (priv->limit >= n_items)
    return;
  /* Translators: under a table of the newest 50 ratings (or sessions,
   * or entries of the audit trail): "Show All 217 Records" */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show All %u Record", "Show All %u Records", n_items),
                           n_items);
  gtk_button_set_label (GTK_BUTTON (priv->show_all_button), label);
}

static gboolean
fill_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  EbbRecordSection *self = EBB_RECORD_SECTION (widget);
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);
  guint size = gtk_slice_list_model_get_size (priv->shown);

  if (priv->fill_waits)
    {
      priv->fill_waits = FALSE;
      return G_SOURCE_CONTINUE;
    }
  if (size >= priv->limit || size >= g_list_model_get_n_items (G_LIST_MODEL (priv->sorted)))
    {
      gtk_slice_list_model_set_size (priv->shown, priv->limit);
      priv->fill_id = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_slice_list_model_set_size (priv->shown, MIN (priv->limit, size + ROWS_PER_FRAME));
  return G_SOURCE_CONTINUE;
}

/* Up to the limit, a few rows a frame from @size on. */
static void
fill_from (EbbRecordSection *self,
           guint             size)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  gtk_slice_list_model_set_size (priv->shown, size);
  if (priv->fill_id == 0)
    priv->fill_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), fill_tick_cb, NULL, NULL);
  update_show_all (self);
}

static void
show_all_cb (EbbRecordSection *self)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  priv->limit = G_MAXUINT;
  fill_from (self, gtk_slice_list_model_get_size (priv->shown));
  /* The focus was on the button, now gone: to the table, where the rows
   * just shown are. */
  gtk_widget_grab_focus (ebb_record_section_get_narrow (self) ? GTK_WIDGET (priv->rows)
                                                                : GTK_WIDGET (priv->view));
}

/* GObject ------------------------------------------------------------------- */

static void
ebb_record_section_constructed (GObject *object)
{
  EbbRecordSection *self = EBB_RECORD_SECTION (object);
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);
  EbbRecordSectionClass *klass = EBB_RECORD_SECTION_GET_CLASS (self);
  GtkWidget *widget = GTK_WIDGET (self);
  GType type = G_OBJECT_TYPE (self);
  GtkEventController *controller;

  G_OBJECT_CLASS (ebb_record_section_parent_class)->constructed (object);

  /* The subclass's init has filled its template by now. */
  priv->scroller = GTK_WIDGET (gtk_widget_get_template_child (widget, type, "scroller"));
  priv->view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (widget, type, "view"));
  priv->sorted = GTK_SORT_LIST_MODEL (gtk_widget_get_template_child (widget, type, "sorted"));
  g_assert (priv->scroller != NULL && priv->view != NULL && priv->sorted != NULL);

  /* Between the sorted records and the table's selection */
  priv->limit = RECORDS_SHOWN;
  priv->shown = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (priv->sorted)), 0, priv->limit);
  g_object_set (gtk_column_view_get_model (priv->view), "model", priv->shown, NULL);
  priv->show_all_button = gtk_button_new ();
  gtk_widget_set_halign (priv->show_all_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (priv->show_all_button, 12);
  gtk_widget_add_css_class (priv->show_all_button, "pill");
  gtk_widget_set_parent (priv->show_all_button, widget);
  g_signal_connect_object (priv->show_all_button, "clicked", G_CALLBACK (show_all_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->sorted, "items-changed", G_CALLBACK (update_show_all), self, G_CONNECT_SWAPPED);
  update_show_all (self);

  /* Before the scrolled window's own controller, which runs later. */
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (table_scroll_cb), NULL);
  gtk_widget_add_controller (priv->scroller, controller);

  /* Newest first, as a clinician reads a record. */
  gtk_column_view_sort_by_column (priv->view,
                                  GTK_COLUMN_VIEW_COLUMN (gtk_widget_get_template_child (widget, type, "when_column")),
                                  GTK_SORT_DESCENDING);

  if (klass->edit_action == NULL)
    return;

  priv->squeezer = ADW_SQUEEZER (gtk_widget_get_template_child (widget, type, "squeezer"));
  priv->rows = GTK_LIST_BOX (gtk_widget_get_template_child (widget, type, "rows"));
  g_signal_connect_object (priv->squeezer, "notify::visible-child", G_CALLBACK (squeezer_child_cb), self,
                           G_CONNECT_SWAPPED);

  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_callback_action_new (delete_key_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (priv->view), controller);
}

static void
ebb_record_section_dispose (GObject *object)
{
  EbbRecordSection *self = EBB_RECORD_SECTION (object);
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  g_clear_handle_id (&priv->bind_rows_id, g_source_remove);
  if (priv->fill_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), priv->fill_id);
  priv->fill_id = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));
  g_clear_pointer (&priv->show_all_button, gtk_widget_unparent);
  g_clear_object (&priv->shown);
  g_clear_object (&priv->model);

  G_OBJECT_CLASS (ebb_record_section_parent_class)->dispose (object);
}

static void
ebb_record_section_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EbbRecordSection *self = EBB_RECORD_SECTION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, ebb_record_section_get_model (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_record_section_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EbbRecordSection *self = EBB_RECORD_SECTION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      ebb_record_section_set_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_record_section_class_init (EbbRecordSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ebb_record_section_constructed;
  object_class->dispose = ebb_record_section_dispose;
  object_class->get_property = ebb_record_section_get_property;
  object_class->set_property = ebb_record_section_set_property;

  /**
   * EbbRecordSection:model:
   *
   * The records to list, items of the section's kind in any order.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EBB_TYPE_RECORD_MENU);

  /* The table, then the button that shows all of it */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
ebb_record_section_init (EbbRecordSection *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
}

/* Public API ---------------------------------------------------------------- */

/**
 * ebb_record_section_class_set_template:
 * @widget_class: a subclass's class
 * @resource_name: its template, which names the parts listed above
 * @edit_action: (nullable): the page.* action that opens a record, with
 *   its id; %NULL for records that do not open, and then no narrow rows
 * @delete_action: (nullable): the one that deletes a record
 *
 * Sets a subclass's template, and lets its cells call `whole_text` (a
 * tooltip that is the text, or none), `dim_classes` (the style classes
 * of a cell that shows what is missing) and `warning_classes` (of one
 * the clinician should notice), and its stack `list_or_empty`.
 * The actions' names must be static.
 */
void
ebb_record_section_class_set_template (GtkWidgetClass *widget_class,
                                       const char     *resource_name,
                                       const char     *edit_action,
                                       const char     *delete_action)
{
  EbbRecordSectionClass *klass = (EbbRecordSectionClass *) widget_class;
  static const char * const parts[] = { "scroller", "view", "when_column", "sorted" };
  static const char * const narrow_parts[] = { "views", "selection", "squeezer", "rows" };

  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), EBB_TYPE_RECORD_SECTION));

  klass->edit_action = edit_action;
  klass->delete_action = delete_action;

  gtk_widget_class_set_template_from_resource (widget_class, resource_name);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    gtk_widget_class_bind_template_child_full (widget_class, parts[i], FALSE, 0);
  for (guint i = 0; edit_action != NULL && i < G_N_ELEMENTS (narrow_parts); i++)
    gtk_widget_class_bind_template_child_full (widget_class, narrow_parts[i], FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, whole_text);
  gtk_widget_class_bind_template_callback (widget_class, dim_classes);
  gtk_widget_class_bind_template_callback (widget_class, warning_classes);
  gtk_widget_class_bind_template_callback (widget_class, list_or_empty);
  gtk_widget_class_bind_template_callback (widget_class, view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

GListModel *
ebb_record_section_get_model (EbbRecordSection *self)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  g_return_val_if_fail (EBB_IS_RECORD_SECTION (self), NULL);

  return priv->model;
}

void
ebb_record_section_set_model (EbbRecordSection *self,
                              GListModel       *model)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  g_return_if_fail (EBB_IS_RECORD_SECTION (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&priv->model, model))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * ebb_record_section_fill_anew:
 *
 * The records are about to become another patient's: the table shows
 * none of them at first, then a few more each frame up to the newest
 * RECORDS_SHOWN, so that the frame after the click draws the page and
 * its chart without waiting for every row.  A section not on screen
 * fills once it is.
 */
void
ebb_record_section_fill_anew (EbbRecordSection *self)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  g_return_if_fail (EBB_IS_RECORD_SECTION (self));

  priv->limit = RECORDS_SHOWN;
  /* On screen, the frame after the click is the page's; a section shown
   * later fills from its first frame. */
  priv->fill_waits = gtk_widget_get_mapped (GTK_WIDGET (self));
  fill_from (self, 0);
}

/**
 * ebb_record_section_get_filled:
 *
 * Returns: whether the table (or the narrow rows) shows every record it
 *   is to show, none being still on their way (ebb_record_section_fill_anew(),
 *   and the rows made once the page turns narrow)
 */
gboolean
ebb_record_section_get_filled (EbbRecordSection *self)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  g_return_val_if_fail (EBB_IS_RECORD_SECTION (self), FALSE);

  return priv->fill_id == 0 && priv->bind_rows_id == 0;
}

/**
 * ebb_record_section_get_sorted:
 *
 * Returns: (transfer none): the records as listed, sorted like the table
 */
GListModel *
ebb_record_section_get_sorted (EbbRecordSection *self)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  g_return_val_if_fail (EBB_IS_RECORD_SECTION (self), NULL);

  return G_LIST_MODEL (priv->sorted);
}

/**
 * ebb_record_section_get_narrow:
 *
 * Returns: whether the records are listed as rows, the page being too
 *   narrow for their table
 */
gboolean
ebb_record_section_get_narrow (EbbRecordSection *self)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);

  g_return_val_if_fail (EBB_IS_RECORD_SECTION (self), FALSE);

  return priv->squeezer != NULL &&
         adw_squeezer_get_visible_child (priv->squeezer) == GTK_WIDGET (priv->rows);
}

/**
 * ebb_record_section_select:
 * @position: the place of a record just deleted, or
 *   %GTK_INVALID_LIST_POSITION
 *
 * After a deletion the row that moved up into its place is selected and
 * the table has the focus, not a row's button: the button that was
 * clicked now belongs to that other row, and Space would delete it.
 */
void
ebb_record_section_select (EbbRecordSection *self,
                           guint             position)
{
  EbbRecordSectionPrivate *priv = ebb_record_section_get_instance_private (self);
  GtkSingleSelection *selection;
  GtkWidget *view;
  GtkRoot *root;
  GtkWidget *focus;
  guint n_items;

  g_return_if_fail (EBB_IS_RECORD_SECTION (self));
  g_return_if_fail (GTK_IS_SINGLE_SELECTION (gtk_column_view_get_model (priv->view)));

  view = GTK_WIDGET (priv->view);
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (priv->view));
  n_items = g_list_model_get_n_items (G_LIST_MODEL (selection));
  root = gtk_widget_get_root (view);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (n_items == 0 || position == GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
      return;
    }
  gtk_single_selection_set_selected (selection, MIN (position, n_items - 1));
  if (focus != NULL && (focus == view || gtk_widget_is_ancestor (focus, view)))
    gtk_widget_grab_focus (view);
}
