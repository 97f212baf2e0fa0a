/* ebb-window.c — the main window: one clinic database
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sidebar with the clinic's patients (searchable, with the Attention
 * view on top) beside the content: the welcome page of an empty clinic,
 * Attention, one patient, or why the database could not be opened.  The
 * actions live in ebb-window-actions.c.
 */
#define G_LOG_DOMAIN "ebb-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ebb-application.h"
#include "ebb-daily-backup.h"
#include "ebb-date.h"
#include "ebb-patient-row.h"
#include "ebb-window-private.h"

G_DEFINE_FINAL_TYPE (EbbWindow, ebb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DATABASE_PATH,
  PROP_DEMO,
  PROP_UNDO_STACK,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ebb_window_reload (EbbWindow *self);
static void ebb_window_start_backup (EbbWindow *self);

/**
 * ebb_window_get_demo_path:
 *
 * The demo clinic is made afresh in the cache: it can be thrown away at
 * any time, and is never mixed up with the clinic's own data folder.
 *
 * Returns: (transfer full): where the demo clinic is written
 */
char *
ebb_window_get_demo_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "ebb", "demo-clinic.db", NULL);
}

static const char *
visible_page (EbbWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
ebb_window_update_title (EbbWindow *self)
{
  g_autofree char *display_name = NULL;
  g_autofree char *title = NULL;

  if (self->database_path != NULL)
    {
      g_autofree char *basename = g_path_get_basename (self->database_path);

      display_name = g_filename_display_name (basename);
    }

  if (self->demo)
    {
      title = g_strdup (_("Ebb — Demo (synthetic data)"));
      adw_window_title_set_subtitle (self->sidebar_title, _("Demo clinic, synthetic data"));
    }
  else if (display_name != NULL)
    {
      /* Translators: the window title; %s is the clinic database's file name */
      title = g_strdup_printf (_("Ebb — %s"), display_name);
      adw_window_title_set_subtitle (self->sidebar_title, display_name);
    }
  else
    {
      title = g_strdup (_("Ebb"));
      adw_window_title_set_subtitle (self->sidebar_title, NULL);
    }

  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_visible (self->demo_tag, self->demo);
}

static void
ebb_window_set_database_path (EbbWindow  *self,
                              const char *path)
{
  g_autofree char *demo_path = NULL;
  gboolean demo;

  /* g_set_str() is GLib 2.76 */
  if (g_strcmp0 (self->database_path, path) != 0)
    {
      g_free (self->database_path);
      self->database_path = g_strdup (path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_PATH]);
    }

  demo_path = ebb_window_get_demo_path ();
  demo = path != NULL && g_strcmp0 (path, demo_path) == 0;
  if (self->demo != demo)
    {
      self->demo = demo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
    }

  ebb_window_update_title (self);
}

/* Moves the list's selection to @patient_id (0: none) without taking it
 * for a click. */
static void
ebb_window_sync_selection (EbbWindow *self,
                           gint64     patient_id)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);
  guint n_items = g_list_model_get_n_items (model);
  guint position = GTK_INVALID_LIST_POSITION;

  if (patient_id != 0)
    {
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(EbbPatientItem) item = g_list_model_get_item (model, i);

          if (ebb_patient_item_get_id (item) == patient_id)
            {
              position = i;
              break;
            }
        }
    }

  self->syncing_selection = TRUE;
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  if (g_strcmp0 (visible_page (self), "attention") == 0)
    gtk_list_box_select_row (self->attention_list, self->attention_row);
  else
    gtk_list_box_unselect_all (self->attention_list);
  self->syncing_selection = FALSE;
}

static void
ebb_window_show_page (EbbWindow  *self,
                      const char *name)
{
  gboolean patient = g_str_equal (name, "patient");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->patient_menu_button, patient);

  /* Off screen, the page need not follow the database. */
  if (!patient && ebb_patient_page_get_patient_id (self->patient_page) != 0)
    ebb_patient_page_set_patient (self->patient_page, self->store, 0);

  /* The Attention page has its own heading; a patient's title is set by
   * ebb_window_show_patient(). */
  if (!patient)
    {
      adw_window_title_set_title (self->content_title, NULL);
      adw_window_title_set_subtitle (self->content_title, NULL);
    }

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
  EbbPatientItem *item;
  g_autoptr(EbbPatient) patient = NULL;
  const char *code;
  const char *name;

  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);

  if (self->store == NULL || patient_id <= 0)
    return FALSE;

  /* The lists catch up with the database a moment after it changed: a
   * patient just added is not listed yet, but is there to be shown. */
  item = ebb_patient_list_lookup (self->patients, patient_id);
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
  else
    return FALSE;

  if (ebb_patient_page_get_patient_id (self->patient_page) != patient_id)
    ebb_patient_page_set_patient (self->patient_page, self->store, patient_id);

  adw_window_title_set_title (self->content_title, code);
  adw_window_title_set_subtitle (self->content_title, name);
  ebb_window_show_page (self, "patient");
  ebb_window_sync_selection (self, patient_id);
  adw_leaflet_set_visible_child (self->leaflet, self->content);

  return TRUE;
}

static void
ebb_window_show_error (EbbWindow    *self,
                       const GError *error)
{
  g_autofree char *description = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_page, description);
  ebb_window_show_page (self, "error");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/**
 * ebb_window_show_message:
 * @self: a window
 * @heading: what went wrong, in a few words
 * @body: (nullable): the details, plain text
 *
 * Tells the user about a failure that changed nothing.
 */
void
ebb_window_show_message (EbbWindow  *self,
                         const char *heading,
                         const char *body)
{
  GtkWidget *dialog;

  g_return_if_fail (EBB_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hint_toast_dismissed_cb (EbbWindow *self,
                         AdwToast  *toast)
{
  if (self->hint_toast == toast)
    self->hint_toast = NULL;
}

/**
 * ebb_window_show_hint:
 * @self: a window
 * @text: why a command did nothing, and what to do instead
 *
 * Says it in a toast, once however often the command is tried while the
 * toast is shown: a shortcut pressed where it cannot work should not be
 * met with silence.
 */
void
ebb_window_show_hint (EbbWindow  *self,
                      const char *text)
{
  g_return_if_fail (EBB_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  if (self->hint_toast != NULL &&
      g_strcmp0 (adw_toast_get_title (self->hint_toast), text) == 0)
    return;
  if (self->hint_toast != NULL)
    adw_toast_dismiss (self->hint_toast);

  /* Borrowed: the overlay owns the toast until it is dismissed. */
  self->hint_toast = adw_toast_new (text);
  g_signal_connect_object (self->hint_toast, "dismissed",
                           G_CALLBACK (hint_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  ebb_window_add_toast (self, self->hint_toast);
}

static void
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
  if (self->store != NULL && !self->lists_ready && ebb_window_get_loading (self))
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

/* Notifies EbbWindow:loading when it changed. */
static void
ebb_window_update_loading (EbbWindow *self)
{
  gboolean loading = ebb_window_get_loading (self);

  if (self->loading == loading)
    return;

  self->loading = loading;
  ebb_window_update_sidebar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Brings the lists up to the database and the rule settings: they are
 * read in a thread, and patients_loaded_cb() takes it from there. */
static void
ebb_window_reload (EbbWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *default_scale = NULL;
  EbbRuleSettings rules;

  self->reload_pending = FALSE;

  if (self->store == NULL)
    {
      ebb_patient_list_clear (self->patients);
      ebb_window_update_loading (self);
      ebb_window_update_sidebar (self);
      return;
    }

  /* Reading a large clinic keeps a core busy for a while: started at
   * once, it slowed the window's first frame down (by 90 ms, median, on
   * the benchmark's clinic of 5,000 on a busy 2-core machine).  The
   * window shows first, saying it is loading, and reads right after. */
  if (!self->painted)
    {
      self->reload_pending = TRUE;
      ebb_window_update_loading (self);
      return;
    }

  ebb_application_get_rule_settings (EBB_IS_APPLICATION (app) ? EBB_APPLICATION (app) : NULL, &rules);
  default_scale = g_settings_get_string (self->settings, "default-scale");
  self->as_of = ebb_date_today ();

  ebb_patient_list_load (self->patients, ebb_store_get_path (self->store),
                         &rules, default_scale, self->as_of);
}

/* The lists show what the latest load read: move off a page whose subject
 * has gone, or off the loading page. */
static void
patients_loaded_cb (EbbWindow      *self,
                    gboolean        keys_changed,
                    const GError   *error,
                    EbbPatientList *patients)
{
  guint n_patients;
  gint64 shown;
  const char *page;

  if (error != NULL)
    {
      /* The lists keep what they showed; say why they may be stale. */
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      ebb_window_add_toast (self, toast);

      /* Nothing was read: say so in place of the lists, not "no patients". */
      if (!self->lists_ready)
        ebb_window_show_error (self, error);
      return;
    }

  if (!self->lists_ready)
    ebb_window_start_backup (self);
  self->lists_ready = TRUE;

  if (keys_changed)
    {
      gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
    }

  ebb_attention_page_set_as_of (self->attention_page, self->as_of);

  n_patients = g_list_model_get_n_items (ebb_patient_list_get_patients (self->patients));
  shown = ebb_patient_page_get_patient_id (self->patient_page);
  page = visible_page (self);

  if (n_patients == 0)
    ebb_window_show_page (self, "empty");
  else if (g_strcmp0 (page, "attention") != 0 && g_strcmp0 (page, "patient") != 0)
    ebb_window_show_attention (self);
  else if (g_strcmp0 (page, "patient") == 0)
    {
      /* The patient was deleted (or this is another clinic): back to the
       * overview rather than an empty page. */
      if (shown == 0 || !ebb_window_show_patient (self, shown))
        ebb_window_show_page (self, "attention");
    }

  ebb_window_update_sidebar (self);
  ebb_window_update_actions (self);
}

static void
patients_loading_cb (EbbWindow      *self,
                     GParamSpec     *pspec,
                     EbbPatientList *patients)
{
  ebb_window_update_loading (self);
}

static void
first_frame_painted_cb (EbbWindow     *self,
                        GdkFrameClock *frame_clock)
{
  g_signal_handlers_disconnect_by_func (frame_clock, first_frame_painted_cb, self);
  self->painted = TRUE;
  if (self->reload_pending)
    ebb_window_reload (self);
}

static void
mapped_cb (EbbWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, mapped_cb, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (first_frame_painted_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
store_changed_cb (EbbWindow *self,
                  EbbStore  *store)
{
  ebb_window_reload (self);
}

static void
rule_settings_changed_cb (EbbWindow  *self,
                          const char *key,
                          GSettings  *settings)
{
  ebb_window_reload (self);
}

static void
undo_stack_changed_cb (EbbWindow    *self,
                       GParamSpec   *pspec,
                       EbbUndoStack *undo_stack)
{
  ebb_window_update_actions (self);
}

/* The page lets go of a patient that was deleted (by its own command,
 * or elsewhere): show the overview instead of an empty page. */
static void
patient_page_patient_changed_cb (EbbWindow      *self,
                                 GParamSpec     *pspec,
                                 EbbPatientPage *page)
{
  if (ebb_patient_page_get_patient_id (page) == 0 &&
      g_strcmp0 (visible_page (self), "patient") == 0)
    ebb_window_show_attention (self);
}

static void
ebb_window_set_store (EbbWindow *self,
                      EbbStore  *store)
{
  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);

  /* Nothing of the previous clinic may be undone into this one. */
  ebb_undo_stack_clear (self->undo_stack);
  if (ebb_patient_page_get_patient_id (self->patient_page) != 0)
    ebb_patient_page_set_patient (self->patient_page, store, 0);

  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed",
                             G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);

  /* A new clinic starts unfiltered and at its overview, once it has been
   * read; nothing read from the previous one may show up in it. */
  self->lists_ready = FALSE;
  ebb_patient_list_clear (self->patients);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* A clinic database that opened is remembered for the next start; the
 * demo is not, since it is made afresh each time. */
static void
ebb_window_remember_database (EbbWindow *self)
{
  if (self->demo || self->database_path == NULL)
    return;

  g_settings_set_string (self->settings, "last-database", self->database_path);
}

/* The day's backup (ebb-daily-backup.c) is made once the clinic's lists
 * were first read, so as not to slow that down; it says so only when it
 * fails.  The application stays up until it is done, so that closing the
 * window right away does not cut it short. */
typedef struct
{
  GWeakRef      window;
  GApplication *application;   /* held, or NULL */
} BackupData;

static void
daily_backup_done_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  BackupData *data = user_data;
  g_autoptr(EbbWindow) self = g_weak_ref_get (&data->window);
  g_autoptr(GError) error = NULL;

  if (!ebb_daily_backup_finish (result, &error) && self != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The daily backup could not be made: %s"), error->message);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      ebb_window_add_toast (self, toast);
    }
  if (self != NULL)
    self->n_backups--;

  if (data->application != NULL)
    {
      g_application_release (data->application);
      g_object_unref (data->application);
    }
  g_weak_ref_clear (&data->window);
  g_free (data);
}

static void
ebb_window_start_backup (EbbWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  BackupData *data;

  if (self->store == NULL || self->demo || self->database_path == NULL)
    return;

  data = g_new0 (BackupData, 1);
  g_weak_ref_init (&data->window, self);
  if (application != NULL)
    {
      data->application = g_object_ref (G_APPLICATION (application));
      g_application_hold (data->application);
    }
  self->n_backups++;
  ebb_daily_backup_async (self->database_path,
                          (guint) MAX (1, g_settings_get_int (self->settings, "backup-keep")),
                          ebb_date_today (), NULL,
                          daily_backup_done_cb, data);
}

static void
ebb_window_take_store (EbbWindow  *self,
                       EbbStore   *store,
                       const char *path)
{
  ebb_window_set_database_path (self, path);
  ebb_window_set_store (self, store);
  ebb_window_remember_database (self);
  ebb_window_reload (self);
  ebb_window_show_attention (self);

  /* The demo is made afresh each time it is opened: say so before
   * anyone spends time on changes that will not last. */
  if (self->demo)
    {
      AdwToast *toast = adw_toast_new (_("Demo clinic with synthetic patients. Changes are discarded when it is opened again."));

      adw_toast_set_timeout (toast, 10);
      ebb_window_add_toast (self, toast);
    }
}

/**
 * ebb_window_switch_database:
 * @self: a window
 * @path: an existing clinic database
 * @error: a location for an error
 *
 * Opens @path in place of the clinic shown.  Unlike
 * ebb_window_open_database(), a file that cannot be opened changes
 * nothing: the clinic shown stays open.
 *
 * Returns: whether @path was opened
 */
gboolean
ebb_window_switch_database (EbbWindow   *self,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(EbbStore) store = NULL;

  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  store = ebb_store_open (path, EBB_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    return FALSE;

  ebb_window_take_store (self, store, path);
  return TRUE;
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
      menu = gtk_popover_menu_new_from_model (self->patient_menu);
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
  gtk_filter_changed (GTK_FILTER (self->filter), change);

  /* The patient shown is selected again when the search lets it back. */
  if (g_strcmp0 (visible_page (self), "patient") == 0)
    ebb_window_sync_selection (self, ebb_patient_page_get_patient_id (self->patient_page));

  ebb_window_update_sidebar (self);
}

/* Enter in the search opens the first match: type a code, press Enter. */
static void
search_activated_cb (EbbWindow      *self,
                     GtkSearchEntry *entry)
{
  g_autoptr(EbbPatientItem) item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), 0);

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
  const char *page = visible_page (self);
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

/* GObject */

static void
ebb_window_restore_size (EbbWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
ebb_window_save_size (EbbWindow *self)
{
  int width;
  int height;

  /* GTK keeps the default size at the last unmaximized size, which is
   * the one to come back to after unmaximizing next time. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
ebb_window_close_request (GtkWindow *window)
{
  ebb_window_save_size (EBB_WINDOW (window));

  return GTK_WINDOW_CLASS (ebb_window_parent_class)->close_request (window);
}

static void
ebb_window_dispose (GObject *object)
{
  EbbWindow *self = EBB_WINDOW (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, rule_settings_changed_cb, self);
  /* A load still reading is of no use to anyone now. */
  if (self->patients != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->patients, self);
      ebb_patient_list_cancel (self->patients);
    }

  self->hint_toast = NULL;

  /* Undo steps may hold the store; the store must close with the window. */
  if (self->undo_stack != NULL)
    ebb_undo_stack_clear (self->undo_stack);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ebb_window_parent_class)->dispose (object);
}

static void
ebb_window_finalize (GObject *object)
{
  EbbWindow *self = EBB_WINDOW (object);

  g_clear_object (&self->undo_stack);
  g_clear_object (&self->patients);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_pointer (&self->folded_query, g_free);
  g_clear_pointer (&self->code_query, g_free);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (ebb_window_parent_class)->finalize (object);
}

static void
ebb_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EbbWindow *self = EBB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    case PROP_UNDO_STACK:
      g_value_set_object (value, self->undo_stack);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, ebb_window_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_window_class_init (EbbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ebb_window_dispose;
  object_class->finalize = ebb_window_finalize;
  object_class->get_property = ebb_window_get_property;

  window_class->close_request = ebb_window_close_request;

  /**
   * EbbWindow:store:
   *
   * The open clinic database, or %NULL when none could be opened.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         EBB_TYPE_STORE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * EbbWindow:database-path:
   *
   * The path of the clinic database the window shows, or tried to open.
   */
  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * EbbWindow:demo:
   *
   * Whether the database is the synthetic demo clinic.
   */
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * EbbWindow:undo-stack:
   *
   * What win.undo reverts; cleared when another database is opened.
   */
  properties[PROP_UNDO_STACK] =
    g_param_spec_object ("undo-stack", NULL, NULL,
                         EBB_TYPE_UNDO_STACK,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  /**
   * EbbWindow:loading:
   *
   * Whether the clinic's lists are being read: the first time after a
   * clinic is opened, and again after each change.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EBB_TYPE_ATTENTION_PAGE);
  g_type_ensure (EBB_TYPE_PATIENT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, content);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_list);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_row);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_separator);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_count);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, patient_list);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, demo_tag);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, patient_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, patient_menu);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_page);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, patient_page);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, error_page);
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

  ebb_window_class_add_actions (widget_class);
}

static void
ebb_window_init (EbbWindow *self)
{
  self->undo_stack = ebb_undo_stack_new ();
  self->patients = ebb_patient_list_new ();
  self->filter = gtk_custom_filter_new (filter_patient_cb, self, NULL);
  self->sorter = gtk_custom_sorter_new (sort_patients_cb, NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_sort_list_model_set_sorter (self->sort_model, GTK_SORTER (self->sorter));
  gtk_sort_list_model_set_model (self->sort_model, ebb_patient_list_get_patients (self->patients));
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  ebb_attention_page_set_model (self->attention_page, ebb_patient_list_get_attention (self->patients));

  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  g_signal_connect_object (self->patients, "loaded",
                           G_CALLBACK (patients_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->patients, "notify::loading",
                           G_CALLBACK (patients_loading_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->patient_page, "notify::patient-id",
                           G_CALLBACK (patient_page_patient_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->undo_stack, "notify::can-undo",
                           G_CALLBACK (undo_stack_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::response-fraction",
                           G_CALLBACK (rule_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::baseline-window-days",
                           G_CALLBACK (rule_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::default-scale",
                           G_CALLBACK (rule_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  ebb_window_restore_size (self);

  ebb_window_update_title (self);
  ebb_window_update_sidebar (self);
  ebb_window_update_actions (self);
}

/**
 * ebb_window_new:
 * @application: (nullable): the application, or %NULL (in tests)
 *
 * Creates a window that shows no clinic yet; see ebb_window_open_database().
 */
EbbWindow *
ebb_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (EBB_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * ebb_window_open_database:
 * @self: a window
 * @path: the clinic database, created when it does not exist
 * @error: return location for an error
 *
 * Opens the clinic database at @path and shows it.  When that fails the
 * window shows the error instead, so callers may pass %NULL for @error.
 *
 * Returns: whether the database could be opened
 */
gboolean
ebb_window_open_database (EbbWindow   *self,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &local_error);
  if (store == NULL)
    {
      ebb_window_set_database_path (self, path);
      ebb_window_set_store (self, NULL);
      ebb_window_reload (self);
      ebb_window_show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  ebb_window_take_store (self, store, path);

  return TRUE;
}

/**
 * ebb_window_get_store:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the open clinic database
 */
EbbStore *
ebb_window_get_store (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * ebb_window_get_loading:
 * @self: a window
 *
 * Returns: whether the clinic's lists are being read, see #EbbWindow:loading
 */
gboolean
ebb_window_get_loading (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);

  return self->reload_pending || ebb_patient_list_get_loading (self->patients);
}

/**
 * ebb_window_get_database_path:
 * @self: a window
 *
 * Returns: (nullable): the path of the database shown, or that failed to open
 */
const char *
ebb_window_get_database_path (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), NULL);

  return self->database_path;
}

/**
 * ebb_window_get_undo_stack:
 * @self: a window
 *
 * What win.undo reverts: whoever deletes something in this window pushes
 * a step that puts it back, then calls ebb_window_offer_undo().
 *
 * Returns: (transfer none): the window's undo stack
 */
EbbUndoStack *
ebb_window_get_undo_stack (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), NULL);

  return self->undo_stack;
}

/**
 * ebb_window_add_toast:
 * @self: a window
 * @toast: (transfer full): a toast
 *
 * Shows @toast at the bottom of the window.
 */
void
ebb_window_add_toast (EbbWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (EBB_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * ebb_window_offer_undo:
 * @self: a window
 * @message: what was done, "Patient K-0042 deleted"
 *
 * Shows @message in a toast with an Undo button (win.undo).
 */
void
ebb_window_offer_undo (EbbWindow  *self,
                       const char *message)
{
  AdwToast *toast;

  g_return_if_fail (EBB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  ebb_window_add_toast (self, toast);
}

/**
 * ebb_window_is_demo:
 * @self: a window
 *
 * Returns: whether the window shows the synthetic demo clinic
 */
gboolean
ebb_window_is_demo (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);

  return self->demo;
}
