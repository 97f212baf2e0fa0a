/* ebb-patient-page-records.c — the ratings, sessions and audit lists
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three column views over list stores that are refilled on every
 * reload; the views sort them.  A row opens its record in a dialog when
 * activated, and has a menu to edit or delete it.  Where the page is too
 * narrow for a whole table, the ratings and sessions are rows instead,
 * over the same sorted models.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ebb-audit-item.h"
#include "ebb-patient-page-private.h"
#include "ebb-rating-dialog.h"
#include "ebb-record-items.h"
#include "ebb-session-dialog.h"

/* Lookups ------------------------------------------------------------------- */

const EbbRating *
_ebb_patient_page_find_rating (EbbPatientPage *self,
                               gint64          id)
{
  for (guint i = 0; self->ratings != NULL && i < self->ratings->len; i++)
    {
      const EbbRating *score = g_ptr_array_index (self->ratings, i);

      if (score->id == id)
        return score;
    }
  return NULL;
}

const EbbSession *
_ebb_patient_page_find_session (EbbPatientPage *self,
                                gint64          id)
{
  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->id == id)
        return session;
    }
  return NULL;
}

/* Dialogs ------------------------------------------------------------------- */

void
_ebb_patient_page_edit_rating (EbbPatientPage *self,
                               gint64          id)
{
  const EbbRating *score = _ebb_patient_page_find_rating (self, id);

  if (score == NULL)
    return;
  gtk_window_present (GTK_WINDOW (ebb_rating_dialog_new (_ebb_patient_page_get_parent (self),
                                                         self->store, self->patient_id,
                                                         score, NULL)));
}

void
_ebb_patient_page_edit_session (EbbPatientPage *self,
                                gint64          id)
{
  const EbbSession *session = _ebb_patient_page_find_session (self, id);

  if (session == NULL)
    return;
  gtk_window_present (GTK_WINDOW (ebb_session_dialog_new (_ebb_patient_page_get_parent (self),
                                                          self->store, self->patient_id,
                                                          session)));
}

/* Records ------------------------------------------------------------------- */

void
_ebb_patient_page_update_records (EbbPatientPage *self)
{
  g_autoptr(GHashTable) points = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) trajectories = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_trajectory_free);
  g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) audit_items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  guint n_scales;
  const EbbScale * const *all = ebb_scale_all (&n_scales);

  if (self->patient != NULL)
    {
      EbbPatientRecords records = _ebb_patient_page_get_records (self);
      g_autoptr(EbbTimeline) timeline = ebb_timeline_new (&records, self->today, &self->rules);

      /* Each rating as the rules see it, on its own scale: its change
       * from baseline, whether it was taken after the day's dose, what
       * its total implies of a suicide item not recorded. */
      for (guint s = 0; s < n_scales; s++)
        {
          EbbTrajectory *trajectory;

          if (_ebb_patient_page_count_ratings (self, all[s]) == 0)
            continue;
          trajectory = ebb_trajectory_new_for_timeline (timeline, all[s]);
          g_ptr_array_add (trajectories, trajectory);
          for (guint i = 0; i < ebb_trajectory_get_n_points (trajectory); i++)
            {
              const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);

              g_hash_table_insert (points, (gpointer) &point->rating->id, (gpointer) point);
            }
        }

      for (guint i = 0; i < self->ratings->len; i++)
        {
          const EbbRating *score = g_ptr_array_index (self->ratings, i);

          g_ptr_array_add (ratings, ebb_rating_item_new (score, g_hash_table_lookup (points, &score->id),
                                                         self->today));
        }

      for (guint i = 0; i < self->sessions->len; i++)
        g_ptr_array_add (sessions, ebb_session_item_new (g_ptr_array_index (self->sessions, i), self->today));

      audit = ebb_store_list_audit (self->store, self->patient_id, &error);
      if (audit == NULL)
        _ebb_patient_page_show_error (self, _("Could not read the audit trail"), error);
      for (guint i = 0; audit != NULL && i < audit->len; i++)
        g_ptr_array_add (audit_items, ebb_audit_item_new (g_ptr_array_index (audit, i)));
    }

  g_list_store_splice (self->ratings_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ratings_store)),
                       ratings->pdata, ratings->len);
  g_list_store_splice (self->sessions_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sessions_store)),
                       sessions->pdata, sessions->len);
  g_list_store_splice (self->audit_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->audit_store)),
                       audit_items->pdata, audit_items->len);

  gtk_stack_set_visible_child_name (self->ratings_views, ratings->len > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->sessions_views, sessions->len > 0 ? "list" : "empty");
}

/* Callbacks ----------------------------------------------------------------- */

static void
ratings_activate_cb (EbbPatientPage *self,
                     guint           position,
                     GtkColumnView  *view)
{
  g_autoptr(EbbRatingItem) item = g_list_model_get_item (G_LIST_MODEL (self->ratings_sorted), position);

  if (item != NULL)
    _ebb_patient_page_edit_rating (self, ebb_rating_item_get_rating (item)->id);
}

static void
sessions_activate_cb (EbbPatientPage *self,
                      guint           position,
                      GtkColumnView  *view)
{
  g_autoptr(EbbSessionItem) item = g_list_model_get_item (G_LIST_MODEL (self->sessions_sorted), position);

  if (item != NULL)
    _ebb_patient_page_edit_session (self, ebb_session_item_get_session (item)->id);
}

/* Column cells -------------------------------------------------------------- */

/* Short values are never cut short ("Mainte…" saves little and says
 * less): a table too wide for the window scrolls sideways instead.  Only
 * free text is, with the whole of it on hover. */
typedef enum
{
  CELL_TEXT,
  CELL_NUMERIC,   /* right-aligned, tabular figures */
  CELL_LONG,      /* ellipsized, the whole text as a tooltip */
  CELL_DATE,      /* a date missing its day is a wrong date */
} CellKind;

/* How much of a long text a column asks for before the page's width is
 * shared out; it takes what is left over beyond that. */
#define LONG_CELL_WIDTH_CHARS 28

/* A text cell shows one property of the row's item, as a string. */
static void
text_cell_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kind"));

  gtk_label_set_xalign (GTK_LABEL (label), kind == CELL_NUMERIC ? 1 : 0);
  if (kind == CELL_LONG)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), LONG_CELL_WIDTH_CHARS);
    }
  /* No margins of its own: the cell's padding lines the text up with
   * the column's title. */
  if (kind == CELL_NUMERIC)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
text_cell_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  const char *property = g_object_get_data (G_OBJECT (factory), "property");
  const char *tooltip_property = g_object_get_data (G_OBJECT (factory), "tooltip-property");
  const char *dim_property = g_object_get_data (G_OBJECT (factory), "dim-property");
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kind"));
  GObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), property);
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;
  const char *string;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (item, property, &value);
  g_value_init (&text, G_TYPE_STRING);
  g_value_transform (&value, &text);
  string = g_value_get_string (&text);

  gtk_label_set_text (GTK_LABEL (label), string != NULL ? string : "");

  if (tooltip_property != NULL)
    {
      g_autofree char *tooltip = NULL;

      g_object_get (item, tooltip_property, &tooltip, NULL);
      gtk_widget_set_tooltip_text (label, tooltip);
    }
  /* Notes can be long: the whole of one on hover. */
  else if (kind == CELL_LONG)
    gtk_widget_set_tooltip_text (label, string != NULL && *string != '\0' ? string : NULL);

  /* What is missing rather than recorded reads dimmer than a value. */
  if (dim_property != NULL)
    {
      gboolean dim = FALSE;

      g_object_get (item, dim_property, &dim, NULL);
      if (dim)
        {
          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_add_css_class (label, "caption");
        }
      else
        {
          gtk_widget_remove_css_class (label, "dim-label");
          gtk_widget_remove_css_class (label, "caption");
        }
    }
}

/* @tooltip_property: (nullable): a string property for the cell's
 *   tooltip, in place of a long text's own
 * @dim_property: (nullable): a boolean property that dims the cell */
static void
set_text_column_full (GtkColumnViewColumn *column,
                      const char          *property,
                      CellKind             kind,
                      const char          *tooltip_property,
                      const char          *dim_property)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "property", (gpointer) property);
  g_object_set_data (G_OBJECT (factory), "tooltip-property", (gpointer) tooltip_property);
  g_object_set_data (G_OBJECT (factory), "dim-property", (gpointer) dim_property);
  g_object_set_data (G_OBJECT (factory), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (factory, "setup", G_CALLBACK (text_cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (text_cell_bind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

static void
set_text_column (GtkColumnViewColumn *column,
                 const char          *property,
                 CellKind             kind)
{
  set_text_column_full (column, property, kind, NULL, NULL);
}

/* "Tue 1 Dec 2026", for the names of a row's buttons */
static char *
describe_record (GObject *item)
{
  if (EBB_IS_RATING_ITEM (item))
    {
      const EbbRating *score = ebb_rating_item_get_rating (EBB_RATING_ITEM (item));
      g_autofree char *when = ebb_format_when (score->when_text);

      /* Translators: "MADRS rating of Tue 1 Dec 2026" */
      return g_strdup_printf (_("%s rating of %s"), score->scale_id, when);
    }
  else
    {
      const EbbSession *session = ebb_session_item_get_session (EBB_SESSION_ITEM (item));
      g_autofree char *when = ebb_format_when (session->when_text);

      /* Translators: "session of Tue 1 Dec 2026" */
      return g_strdup_printf (_("session of %s"), when);
    }
}

/* A row's own commands, behind one button: Edit, and Delete set apart,
 * as GNOME Contacts has it.  Delete one click away on every row deleted
 * the wrong one when the next row moved up under the pointer. */
static GtkWidget *
record_menu_button_new (void)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_add_css_class (button, "flat");
  /* Small enough not to make every row taller than its text. */
  gtk_widget_add_css_class (button, "ebb-row-button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static void
record_menu_button_bind (GtkWidget *button,
                         GObject   *item)
{
  gboolean rating = EBB_IS_RATING_ITEM (item);
  gint64 id = rating ? ebb_rating_item_get_rating (EBB_RATING_ITEM (item))->id
                     : ebb_session_item_get_session (EBB_SESSION_ITEM (item))->id;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) delete_section = g_menu_new ();
  g_autoptr(GMenuItem) edit = g_menu_item_new (_("_Edit…"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete"), NULL);
  g_autofree char *what = describe_record (item);
  /* Translators: the name of a row's menu button, "Actions for the MADRS
   * rating of Tue 1 Dec 2026" */
  g_autofree char *label = g_strdup_printf (_("Actions for the %s"), what);

  g_menu_item_set_action_and_target_value (edit, rating ? "page.edit-rating" : "page.edit-session",
                                           g_variant_new_int64 (id));
  g_menu_item_set_action_and_target_value (delete, rating ? "page.delete-rating" : "page.delete-session",
                                           g_variant_new_int64 (id));
  g_menu_append_item (menu, edit);
  g_menu_append_item (delete_section, delete);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (delete_section));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, _("More"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
actions_cell_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       EbbPatientPage           *self)
{
  GtkWidget *button = record_menu_button_new ();

  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_list_item_set_child (list_item, button);
  gtk_list_item_set_activatable (list_item, TRUE);
}

static void
actions_cell_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      EbbPatientPage           *self)
{
  record_menu_button_bind (gtk_list_item_get_child (list_item), gtk_list_item_get_item (list_item));
}

static void
set_actions_column (EbbPatientPage      *self,
                    GtkColumnViewColumn *column)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (actions_cell_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (actions_cell_bind_cb), self);
  gtk_column_view_column_set_factory (column, factory);
}

/* Rows ---------------------------------------------------------------------- */

/* Joins the non-empty parts with " · ". */
static char *
join_parts (const char * const *parts,
            guint               n_parts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, parts[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* On a narrow page a record is a row with its date as the title and the
 * rest of the table's columns under it, as GNOME Settings lists things. */
static GtkWidget *
record_row_new (EbbPatientPage *self,
                GObject        *item,
                const char     *when,
                const char     *summary,
                const char     *note)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = record_menu_button_new ();
  g_autofree char *subtitle = note != NULL && *note != '\0' ? g_strdup_printf ("%s\n%s", summary, note)
                                                            : g_strdup (summary);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  record_menu_button_bind (button, item);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "ebb-item", g_object_ref (item), g_object_unref);
  return row;
}

static GtkWidget *
create_rating_row_cb (gpointer item,
                      gpointer user_data)
{
  EbbPatientPage *self = EBB_PATIENT_PAGE (user_data);
  g_autofree char *when = NULL, *scale = NULL, *band = NULL, *change = NULL, *items = NULL, *note = NULL;
  g_autofree char *score = NULL, *change_text = NULL, *summary = NULL;
  int total;

  g_object_get (item, "when-display", &when, "scale", &scale, "total", &total, "band", &band,
                "change-text", &change, "items-text", &items, "note", &note, NULL);
  /* Translators: a rating in a narrow list, "MADRS 24" */
  score = g_strdup_printf (_("%s %d"), scale, total);
  if (change != NULL && g_strcmp0 (change, "—") != 0)
    /* Translators: a rating's change from baseline in a narrow list,
     * "−20 % from baseline" (minus is better) */
    change_text = g_strdup_printf (_("%s from baseline"), change);
  summary = join_parts ((const char *[]) { score, band, change_text, items }, 4);
  return record_row_new (self, item, when, summary, note);
}

static GtkWidget *
create_session_row_cb (gpointer item,
                       gpointer user_data)
{
  EbbPatientPage *self = EBB_PATIENT_PAGE (user_data);
  g_autofree char *when = NULL, *status = NULL, *phase = NULL, *route = NULL, *dose = NULL;
  g_autofree char *bp = NULL, *note = NULL, *bp_text = NULL, *summary = NULL;

  g_object_get (item, "when-display", &when, "status", &status, "phase", &phase, "route", &route,
                "dose-text", &dose, "bp-text", &bp, "note", &note, NULL);
  if (bp != NULL && *bp != '\0')
    /* Translators: blood pressure in a narrow list, "BP 128/82 → 131/85" */
    bp_text = g_strdup_printf (_("BP %s"), bp);
  summary = join_parts ((const char *[]) { status, phase, route, dose, bp_text }, 5);
  return record_row_new (self, item, when, summary, note);
}

static void
record_row_activated_cb (EbbPatientPage *self,
                         GtkListBoxRow  *row,
                         GtkListBox     *list_box)
{
  GObject *item = g_object_get_data (G_OBJECT (row), "ebb-item");

  if (EBB_IS_RATING_ITEM (item))
    _ebb_patient_page_edit_rating (self, ebb_rating_item_get_rating (EBB_RATING_ITEM (item))->id);
  else if (EBB_IS_SESSION_ITEM (item))
    _ebb_patient_page_edit_session (self, ebb_session_item_get_session (EBB_SESSION_ITEM (item))->id);
}

/* The Delete key deletes the selected row, as the row's button does. */
static gboolean
delete_key_cb (GtkWidget *view,
               GVariant  *args,
               gpointer   user_data)
{
  EbbPatientPage *self = EBB_PATIENT_PAGE (user_data);
  GObject *item;

  if (self->store == NULL || ebb_store_is_read_only (self->store))
    return FALSE;

  if (view == GTK_WIDGET (self->ratings_view))
    {
      item = gtk_single_selection_get_selected_item (self->ratings_selection);
      if (item == NULL)
        return FALSE;
      _ebb_patient_page_request_delete_rating (self, ebb_rating_item_get_rating (EBB_RATING_ITEM (item))->id);
    }
  else
    {
      item = gtk_single_selection_get_selected_item (self->sessions_selection);
      if (item == NULL)
        return FALSE;
      _ebb_patient_page_request_delete_session (self, ebb_session_item_get_session (EBB_SESSION_ITEM (item))->id);
    }
  return TRUE;
}

static void
add_delete_shortcut (EbbPatientPage *self,
                     GtkWidget      *view)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                            gtk_callback_action_new (delete_key_cb, self, NULL));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (view, controller);
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
                 EbbPatientPage           *self)
{
  GtkAdjustment *page = gtk_scrolled_window_get_vadjustment (self->page_scroller);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double step;

  /* Shift and the wheel scroll the table sideways. */
  if (dy == 0 || (state & GDK_SHIFT_MASK) != 0)
    return FALSE;

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    step = pow (gtk_adjustment_get_page_size (page), 2.0 / 3.0);
  else
    step = SURFACE_SCROLL_FACTOR;
  gtk_adjustment_set_value (page, gtk_adjustment_get_value (page) + dy * step);
  return TRUE;
}

static void
pass_vertical_scrolling (EbbPatientPage *self,
                         GtkWidget      *table)
{
  GtkEventController *controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  /* Before the scrolled window's own controller, which runs later. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (table_scroll_cb), self, 0);
  gtk_widget_add_controller (table, controller);
}

/* Internal API -------------------------------------------------------------- */

void
_ebb_patient_page_init_records (EbbPatientPage *self)
{
  set_text_column_full (self->rating_when_column, "when-display", CELL_DATE, "when-tooltip", NULL);
  set_text_column (self->rating_scale_column, "scale", CELL_TEXT);
  set_text_column (self->rating_total_column, "total", CELL_NUMERIC);
  set_text_column (self->rating_band_column, "band", CELL_TEXT);
  set_text_column (self->rating_change_column, "change-text", CELL_NUMERIC);
  set_text_column_full (self->rating_items_column, "items-text", CELL_LONG, "items-tooltip", "alert-unrecorded");
  set_text_column (self->rating_note_column, "note", CELL_LONG);
  set_actions_column (self, self->rating_actions_column);
  set_text_column (self->session_when_column, "when-display", CELL_DATE);
  set_text_column (self->session_status_column, "status", CELL_TEXT);
  set_text_column (self->session_phase_column, "phase", CELL_TEXT);
  set_text_column (self->session_route_column, "route", CELL_TEXT);
  set_text_column (self->session_dose_column, "dose-text", CELL_NUMERIC);
  set_text_column (self->session_bp_column, "bp-text", CELL_TEXT);
  set_text_column (self->session_note_column, "note", CELL_LONG);
  set_actions_column (self, self->session_actions_column);

  add_delete_shortcut (self, GTK_WIDGET (self->ratings_view));
  add_delete_shortcut (self, GTK_WIDGET (self->sessions_view));

  pass_vertical_scrolling (self, self->ratings_scroller);
  pass_vertical_scrolling (self, self->sessions_scroller);

  /* Newest first, as a clinician reads a record. */
  gtk_column_view_sort_by_column (self->ratings_view, self->rating_when_column, GTK_SORT_DESCENDING);
  gtk_column_view_sort_by_column (self->sessions_view, self->session_when_column, GTK_SORT_DESCENDING);

  g_signal_connect_object (self->ratings_view, "activate",
                           G_CALLBACK (ratings_activate_cb), self, G_CONNECT_SWAPPED);

  /* The same sorted models, as rows on a narrow page */
  gtk_list_box_bind_model (self->ratings_rows, G_LIST_MODEL (self->ratings_sorted),
                           create_rating_row_cb, self, NULL);
  gtk_list_box_bind_model (self->sessions_rows, G_LIST_MODEL (self->sessions_sorted),
                           create_session_row_cb, self, NULL);
  g_signal_connect_object (self->ratings_rows, "row-activated",
                           G_CALLBACK (record_row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sessions_rows, "row-activated",
                           G_CALLBACK (record_row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sessions_view, "activate",
                           G_CALLBACK (sessions_activate_cb), self, G_CONNECT_SWAPPED);
}

/* Public API ---------------------------------------------------------------- */

/**
 * ebb_patient_page_get_ratings:
 *
 * Returns: (transfer none): the ratings as listed, sorted like the view
 */
GListModel *
ebb_patient_page_get_ratings (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  return G_LIST_MODEL (self->ratings_sorted);
}

GListModel *
ebb_patient_page_get_sessions (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  return G_LIST_MODEL (self->sessions_sorted);
}

/**
 * ebb_patient_page_get_narrow:
 *
 * Returns: whether the ratings are listed as rows, the page being too
 *   narrow for their table
 */
gboolean
ebb_patient_page_get_narrow (EbbPatientPage *self)
{
  GtkWidget *squeezer;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), FALSE);

  squeezer = gtk_widget_get_parent (GTK_WIDGET (self->ratings_rows));
  return adw_squeezer_get_visible_child (ADW_SQUEEZER (squeezer)) == GTK_WIDGET (self->ratings_rows);
}
