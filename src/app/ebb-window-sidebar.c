/* ebb-window-sidebar.c — the pages, and the sidebar that leads to them
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The content shows one page at a time (loading, welcome, Attention, a
 * patient, the error); the sidebar lists the clinic's patients, filtered
 * by the search and sorted, under the Attention row.  The selection there
 * follows the page shown, and picking a row shows its page.
 */
#define G_LOG_DOMAIN "ebb-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ebb-patient-row.h"
#include "ebb-window-private.h"

const char *
ebb_window_get_visible_page (EbbWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* The position of @patient_id in the sidebar's @model, or
 * GTK_INVALID_LIST_POSITION.  The list is in ebb_patient_item_compare()'s
 * order: halving it finds the patient in a few looks among 50,000, where
 * looking at each in turn took 30 ms.  A patient whose key has changed
 * and who is not sorted again yet is looked for in turn. */
static guint
find_patient (EbbWindow  *self,
              GListModel *model,
              gint64      patient_id)
{
  EbbPatientItem *wanted = ebb_patient_list_lookup (self->patients, patient_id);
  guint n_items = g_list_model_get_n_items (model);
  guint low = 0, high = n_items;

  if (wanted == NULL)
    return GTK_INVALID_LIST_POSITION;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (model, middle);
      int cmp = ebb_patient_item_compare (item, wanted);

      if (cmp == 0)
        return middle;
      if (cmp < 0)
        low = middle + 1;
      else
        high = middle;
    }

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (model, i);

      if (ebb_patient_item_get_id (item) == patient_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Moves the list's selection to @patient_id (0: none) without taking it
 * for a click. */
static void
ebb_window_sync_selection (EbbWindow *self,
                           gint64     patient_id)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);
  guint position = GTK_INVALID_LIST_POSITION;
  EbbPatientItem *selected = gtk_single_selection_get_selected_item (self->selection);

  /* Already there, as after every change to the patient shown: no need
   * to look through the whole clinic for it. */
  if (patient_id != 0 && selected != NULL && ebb_patient_item_get_id (selected) == patient_id)
    position = gtk_single_selection_get_selected (self->selection);
  else if (patient_id != 0)
    position = find_patient (self, model, patient_id);

  self->syncing_selection = TRUE;
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  if (g_strcmp0 (ebb_window_get_visible_page (self), "attention") == 0)
    gtk_list_box_select_row (self->attention_list, self->attention_row);
  else
    gtk_list_box_unselect_all (self->attention_list);
  self->syncing_selection = FALSE;
}

void
ebb_window_show_page (EbbWindow  *self,
                      const char *name)
{
  gboolean patient = g_str_equal (name, "patient");

  gtk_stack_set_visible_child_name (self->stack, name);
  /* The patient's commands, at the end of the header bar, with a patient */
  gtk_widget_set_visible (self->record_button, patient);
  gtk_widget_set_visible (self->export_button, patient);
  gtk_widget_set_visible (self->patient_menu_button, patient);

  /* Off screen, the page need not follow the database. */
  if (!patient && ebb_patient_page_get_patient_id (self->patient_page) != 0)
    ebb_patient_page_set_patient (self->patient_page, self->store, 0);

  ebb_window_update_content_title (self);
  if (!patient)
    ebb_window_sync_selection (self, 0);

  ebb_window_update_actions (self);
}

/**
 * ebb_window_show_attention:
 * @self: a window
 *
 * Shows who needs attention, or the welcome page while the clinic has no
 * patients, or that it is being read.
 */
void
ebb_window_show_attention (EbbWindow *self)
{
  g_return_if_fail (EBB_IS_WINDOW (self));

  if (self->store == NULL)
    return;

  /* Not "no patients" before the clinic has been read: the welcome page
   * must not flash up on a clinic that has some.  A first read that failed
   * leaves the error page up. */
  if (!self->lists_ready)
    {
      if (ebb_window_get_loading (self))
        ebb_window_show_page (self, "loading");
    }
  else if (g_list_model_get_n_items (ebb_patient_list_get_patients (self->patients)) == 0)
    ebb_window_show_page (self, "empty");
  else
    {
      /* The most urgent patient is at the top: start there. */
      ebb_attention_page_scroll_to_top (self->attention_page);
      ebb_window_show_page (self, "attention");
    }
}

/**
 * ebb_window_show_patient:
 * @self: a window
 * @patient_id: a patient of the open clinic
 *
 * Shows the patient's page, and on a narrow window moves to it.
 *
 * Returns: whether there is such a patient
 */
gboolean
ebb_window_show_patient (EbbWindow *self,
                         gint64     patient_id)
{
  g_autoptr(EbbPatient) patient = NULL;

  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);

  if (self->store == NULL || patient_id <= 0)
    return FALSE;

  /* The lists catch up with the database a moment after it changed: a
   * patient just added is not listed yet, but is there to be shown. */
  if (ebb_patient_list_lookup (self->patients, patient_id) == NULL &&
      (patient = ebb_store_get_patient (self->store, patient_id, NULL)) == NULL)
    return FALSE;

  if (ebb_patient_page_get_patient_id (self->patient_page) != patient_id)
    ebb_patient_page_set_patient (self->patient_page, self->store, patient_id);

  ebb_window_show_page (self, "patient");
  ebb_window_sync_selection (self, patient_id);
  ebb_window_show_content (self);

  return TRUE;
}

/**
 * ebb_window_update_content_title:
 *
 * The header bar names the patient once the page's own heading, with the
 * code and name, is scrolled away: never both at once.  Attention has its
 * own heading too.
 */
void
ebb_window_update_content_title (EbbWindow *self)
{
  gint64 patient_id = ebb_patient_page_get_patient_id (self->patient_page);
  g_autoptr(EbbPatient) patient = NULL;
  const char *code = NULL;
  const char *name = NULL;

  if (g_strcmp0 (ebb_window_get_visible_page (self), "patient") == 0 && patient_id != 0 &&
      !ebb_patient_page_get_heading_visible (self->patient_page))
    {
      EbbPatientItem *item = ebb_patient_list_lookup (self->patients, patient_id);

      if (item != NULL)
        {
          code = ebb_patient_item_get_code (item);
          name = ebb_patient_item_get_name (item);
        }
      else if ((patient = ebb_store_get_patient (self->store, patient_id, NULL)) != NULL)
        {
          code = patient->code;
          name = patient->name;
        }
    }

  adw_window_title_set_title (self->content_title, code);
  adw_window_title_set_subtitle (self->content_title, name);
}

/**
 * ebb_window_show_content:
 *
 * Brings the content pane forward when the window is folded to one pane.
 * Side by side, the focus stays where the user put it: arrowing down the
 * patient list or typing in the search opens each patient without taking
 * the keyboard away (AdwLeaflet moves the focus into the child it is
 * told to show).
 */
void
ebb_window_show_content (EbbWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  adw_leaflet_set_visible_child (self->leaflet, self->content);
  if (!adw_leaflet_get_folded (self->leaflet) && focus != NULL &&
      gtk_widget_is_ancestor (focus, self->sidebar) && gtk_root_get_focus (GTK_ROOT (self)) != focus)
    gtk_widget_grab_focus (focus);
}

void
ebb_window_update_sidebar (EbbWindow *self)
{
  GListModel *attention = ebb_patient_list_get_attention (self->patients);
  guint n_flagged = g_list_model_get_n_items (attention);
  gboolean has_patients;
  gboolean no_results;
  g_autofree char *count = NULL;
  g_autofree char *label = NULL;

  count = g_strdup_printf ("%u", n_flagged);
  gtk_label_set_label (self->attention_count, count);
  gtk_widget_set_visible (GTK_WIDGET (self->attention_count), n_flagged > 0);
  label = g_strdup_printf (ngettext ("Attention, %u patient flagged",
                                     "Attention, %u patients flagged",
                                     n_flagged),
                           n_flagged);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->attention_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  no_results = self->folded_query != NULL && *self->folded_query != '\0' &&
               g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0;
  if (self->store != NULL && !self->lists_ready && ebb_window_get_loading (self) &&
      g_list_model_get_n_items (ebb_patient_list_get_patients (self->patients)) == 0)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->sidebar_stack, no_results ? "no-results" : "list");

  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), self->store != NULL);
  /* An empty clinic has no one to pay attention to, and welcomes
   * instead: no Attention row that would lead nowhere. */
  has_patients = self->store != NULL && self->lists_ready &&
                 g_list_model_get_n_items (ebb_patient_list_get_patients (self->patients)) > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->attention_list), has_patients);
  gtk_widget_set_visible (self->attention_separator, has_patients);
}

/* The page lets go of a patient that was deleted (by its own command,
 * or elsewhere): show the overview instead of an empty page. */
static void
patient_page_patient_changed_cb (EbbWindow      *self,
                                 GParamSpec     *pspec,
                                 EbbPatientPage *page)
{
  if (ebb_patient_page_get_patient_id (page) == 0 &&
      g_strcmp0 (ebb_window_get_visible_page (self), "patient") == 0)
    ebb_window_show_attention (self);
}

/* Folding */

/* The natural widths the leaflet folds by (AdwLeaflet:fold-threshold-policy
 * is natural): the sidebar as wide as it must be, and the content as wide
 * as a patient's page needs to keep its toolbar on one line and its header
 * whole.  Below their sum, 300 + 1 + 560 pixels, the window folds to one
 * pane; their own natural widths would make that depend on the patient. */
#define SIDEBAR_NATURAL_WIDTH 0
#define CONTENT_NATURAL_WIDTH 560

static GtkSizeRequestMode
fold_request_mode_cb (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
fold_measure_cb (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);
  int width = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "ebb-natural-width"));

  *minimum = *natural = 0;
  if (child == NULL || !gtk_widget_should_layout (child))
    return;
  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, width);
}

static void
fold_allocate_cb (GtkWidget *widget,
                  int        width,
                  int        height,
                  int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
set_fold_width (GtkWidget *bin,
                int        natural_width)
{
  g_object_set_data (G_OBJECT (bin), "ebb-natural-width", GINT_TO_POINTER (natural_width));
  gtk_widget_set_layout_manager (bin, gtk_custom_layout_new (fold_request_mode_cb, fold_measure_cb,
                                                             fold_allocate_cb));
}

/* Patient list */

static gboolean
filter_patient_cb (gpointer item,
                   gpointer user_data)
{
  EbbWindow *self = EBB_WINDOW (user_data);

  return ebb_patient_item_matches (EBB_PATIENT_ITEM (item), self->folded_query, self->code_query);
}

static int
sort_patients_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return ebb_patient_item_compare (EBB_PATIENT_ITEM ((gpointer) a), EBB_PATIENT_ITEM ((gpointer) b));
}

/* A row's context menu holds the patient commands: the row's patient is
 * shown first, so that the commands apply to the patient clicked. */
static void
ebb_window_popup_row_menu (EbbWindow     *self,
                           EbbPatientRow *row,
                           double         x,
                           double         y)
{
  EbbPatientItem *item = ebb_patient_row_get_item (row);
  GtkWidget *menu;

  if (item == NULL || !ebb_window_show_patient (self, ebb_patient_item_get_id (item)))
    return;

  menu = g_object_get_data (G_OBJECT (row), "ebb-context-menu");
  if (menu == NULL)
    {
      menu = gtk_popover_menu_new_from_model (self->row_menu);
      gtk_popover_set_has_arrow (GTK_POPOVER (menu), FALSE);
      gtk_widget_set_halign (menu, GTK_ALIGN_START);
      /* The row unparents it when it goes. */
      gtk_widget_set_parent (menu, GTK_WIDGET (row));
      g_object_set_data (G_OBJECT (row), "ebb-context-menu", menu);
    }

  gtk_popover_set_pointing_to (GTK_POPOVER (menu), &(GdkRectangle) { x, y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (menu));
}

static void
row_clicked_cb (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                EbbWindow       *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  ebb_window_popup_row_menu (self, EBB_PATIENT_ROW (row), x, y);
}

static void
row_long_pressed_cb (GtkGestureLongPress *gesture,
                     double               x,
                     double               y,
                     EbbWindow           *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  ebb_window_popup_row_menu (self, EBB_PATIENT_ROW (row), x, y);
}

static void
patient_factory_setup_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item,
                          EbbWindow                *self)
{
  GtkWidget *row = ebb_patient_row_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *long_press = gtk_gesture_long_press_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (row_clicked_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect_object (long_press, "pressed", G_CALLBACK (row_long_pressed_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (long_press));

  gtk_list_item_set_child (list_item, row);
}

static void
patient_factory_bind_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item,
                         gpointer                  user_data)
{
  ebb_patient_row_set_item (EBB_PATIENT_ROW (gtk_list_item_get_child (list_item)),
                            gtk_list_item_get_item (list_item));
}

static void
patient_factory_unbind_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *list_item,
                           gpointer                  user_data)
{
  ebb_patient_row_set_item (EBB_PATIENT_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
selection_changed_cb (EbbWindow          *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  EbbPatientItem *item;

  if (self->syncing_selection)
    return;

  /* Losing the selection (the search hid the row, say) keeps the page. */
  item = gtk_single_selection_get_selected_item (selection);
  if (item != NULL)
    ebb_window_show_patient (self, ebb_patient_item_get_id (item));
}

/* Whether every patient that @query finds, @old finds too */
static gboolean
query_narrows (const char *query,
               const char *code_query,
               const char *old,
               const char *old_code_query)
{
  if (old == NULL || strstr (query, old) == NULL)
    return FALSE;
  /* An empty code key finds no code at all. */
  if (*old_code_query == '\0')
    return *code_query == '\0';
  return strstr (code_query, old_code_query) != NULL;
}

static void
search_changed_cb (EbbWindow      *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *query = ebb_patient_item_fold (text);
  g_autofree char *code_query = ebb_patient_item_code_key (text, TRUE);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  gboolean was_empty = self->folded_query == NULL || *self->folded_query == '\0';

  if (g_strcmp0 (query, self->folded_query) == 0)
    return;

  /* Typing on narrows what a match is; deleting widens it: the filter
   * model then only looks at the rows that can change. */
  if (query_narrows (query, code_query, self->folded_query, self->code_query))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->folded_query != NULL &&
           query_narrows (self->folded_query, self->code_query, query, code_query))
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->folded_query);
  self->folded_query = g_steal_pointer (&query);
  g_free (self->code_query);
  self->code_query = g_steal_pointer (&code_query);
  /* No query, no filter function: the filter model then matches all
   * without keeping which, and its items are the sorted list's. */
  if (*self->folded_query == '\0')
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  else if (was_empty)
    gtk_custom_filter_set_filter_func (self->filter, filter_patient_cb, self, NULL);
  else
    gtk_filter_changed (GTK_FILTER (self->filter), change);

  /* The patient shown is selected again when the search lets it back. */
  if (g_strcmp0 (ebb_window_get_visible_page (self), "patient") == 0)
    ebb_window_sync_selection (self, ebb_patient_page_get_patient_id (self->patient_page));

  ebb_window_update_sidebar (self);
}

/* Enter in the search opens the first match: type a code, press Enter.
 * The entry reports a change a moment after the last key, and a fast
 * typist's Enter comes sooner: the list is filtered with what was typed
 * first, or Enter would open whoever was first before. */
static void
search_activated_cb (EbbWindow      *self,
                     GtkSearchEntry *entry)
{
  g_autoptr(EbbPatientItem) item = NULL;

  search_changed_cb (self, entry);
  item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), 0);

  if (item != NULL)
    ebb_window_show_patient (self, ebb_patient_item_get_id (item));
}

static void
search_stopped_cb (EbbWindow      *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
attention_row_activated_cb (EbbWindow     *self,
                            GtkListBoxRow *row,
                            GtkListBox    *list_box)
{
  if (self->syncing_selection)
    return;

  ebb_window_show_attention (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
attention_patient_activated_cb (EbbWindow        *self,
                                gint64            patient_id,
                                EbbAttentionPage *page)
{
  ebb_window_show_patient (self, patient_id);
}

static void
back_clicked_cb (EbbWindow *self,
                 GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* On a folded window the sidebar is a list to pick from: nothing stays
 * selected there, so that picking the same patient again works.  Side by
 * side, the selection shows what the content is about. */
static void
leaflet_visible_child_changed_cb (EbbWindow  *self,
                                  GParamSpec *pspec,
                                  AdwLeaflet *leaflet)
{
  const char *page = ebb_window_get_visible_page (self);
  gint64 shown = 0;

  if (adw_leaflet_get_folded (leaflet) &&
      adw_leaflet_get_visible_child (leaflet) == self->sidebar)
    {
      self->syncing_selection = TRUE;
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      gtk_list_box_unselect_all (self->attention_list);
      self->syncing_selection = FALSE;
      return;
    }

  if (g_strcmp0 (page, "patient") == 0)
    shown = ebb_patient_page_get_patient_id (self->patient_page);
  ebb_window_sync_selection (self, shown);
}

void
ebb_window_class_add_sidebar (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, patient_factory_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, patient_factory_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, patient_factory_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, attention_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, attention_patient_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_visible_child_changed_cb);
}

/* After the template: the list's models are its children. */
void
ebb_window_init_sidebar (EbbWindow *self)
{
  self->filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->sorter = gtk_custom_sorter_new (sort_patients_cb, NULL, NULL);

  gtk_sort_list_model_set_sorter (self->sort_model, GTK_SORTER (self->sorter));
  gtk_sort_list_model_set_model (self->sort_model, ebb_patient_list_get_patients (self->patients));
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));

  set_fold_width (self->sidebar, SIDEBAR_NATURAL_WIDTH);
  set_fold_width (self->content, CONTENT_NATURAL_WIDTH);

  g_signal_connect_object (self->patient_page, "notify::heading-visible",
                           G_CALLBACK (ebb_window_update_content_title), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->patient_page, "notify::patient-id",
                           G_CALLBACK (patient_page_patient_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
