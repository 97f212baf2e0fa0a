/* ebb-window-clinic.c — the clinic the window shows
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a clinic database (or switching to another), and what follows:
 * the title that names it (or marks the demo), reading its lists in a
 * thread and bringing the pages up to them, the error page when it could
 * not be read, and the day's backup once it has been.
 */
#define G_LOG_DOMAIN "ebb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-application.h"
#include "ebb-daily-backup.h"
#include "ebb-server.h"
#include "ebb-store-watch.h"
#include "ebb-date.h"
#include "ebb-window-private.h"

static void ebb_window_start_backup (EbbWindow *self);
static void restart_watch (EbbWindow *self);

/* While the clinic server cannot be reached, the window says so above
 * everything, and that nothing is lost; it goes when the server is back. */
static void
update_server_banner (EbbWindow *self)
{
  gboolean away = self->store != NULL && !ebb_store_is_reachable (self->store);

  if (away)
    {
      g_autofree char *display = ebb_server_display_name (self->database_path);
      g_autofree char *text = g_strdup_printf (_("The clinic server %s cannot be reached; Ebb "
                                                 "keeps trying. Changes cannot be saved until it "
                                                 "is back: what you are typing stays in its "
                                                 "dialog."),
                                               display);

      gtk_label_set_text (self->server_banner_label, text);
    }
  gtk_revealer_set_reveal_child (self->server_banner, away);
}

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

/* A clinic as the window names it: a file's name, a server's address
 * without its password or parameters. */
static char *
clinic_display_name (const char *location)
{
  g_autofree char *basename = NULL;

  if (ebb_location_is_server (location))
    return ebb_server_display_name (location);
  basename = g_path_get_basename (location);
  return g_filename_display_name (basename);
}

void
ebb_window_update_title (EbbWindow *self)
{
  g_autofree char *display_name = NULL;
  g_autofree char *title = NULL;

  if (self->database_path != NULL)
    display_name = clinic_display_name (self->database_path);

  if (self->demo)
    {
      title = g_strdup (_("Ebb — Demo (synthetic data)"));
      adw_window_title_set_subtitle (self->sidebar_title, _("Demo clinic, synthetic data"));
    }
  else if (display_name != NULL)
    {
      /* Translators: the window title; %s is the clinic database's file name */
      title = g_strdup_printf (_("Ebb — %s"), display_name);
      /* Said where the clinic is named, so that nobody wonders why
       * nothing can be recorded (a reviewer, a file opened read-only). */
      if (self->store != NULL && ebb_store_is_read_only (self->store))
        {
          /* Translators: the sidebar's subtitle; %s is the clinic */
          g_autofree char *subtitle = g_strdup_printf (_("%s · read only"), display_name);

          adw_window_title_set_subtitle (self->sidebar_title, subtitle);
        }
      else
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
      ebb_window_notify (self, PROP_DATABASE_PATH);
    }

  demo_path = ebb_window_get_demo_path ();
  demo = path != NULL && g_strcmp0 (path, demo_path) == 0;
  if (self->demo != demo)
    {
      self->demo = demo;
      ebb_window_notify (self, PROP_DEMO);
    }

  ebb_window_update_title (self);
}

static void
ebb_window_show_error (EbbWindow    *self,
                       const GError *error)
{
  g_autofree char *description = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_page, description);
  /* A server that did not answer may answer in a moment. */
  gtk_widget_set_visible (self->retry_button,
                          self->database_path != NULL && ebb_location_is_server (self->database_path));
  ebb_window_show_page (self, "error");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
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
  ebb_window_notify (self, PROP_LOADING);
}

/* Brings the lists up to the database and the rule settings: they are
 * read in a thread, and patients_loaded_cb() takes it from there. */
static void
ebb_window_reload (EbbWindow *self)
{
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

  /* The clinic's rules, from its file: every workstation flags alike. */
  if (!ebb_store_load_rule_settings (self->store, &rules, NULL))
    ebb_rule_settings_init_defaults (&rules);
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
      AdwToast *toast = ebb_toast_new_plain (error->message);

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
  page = ebb_window_get_visible_page (self);

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

/* A change to one patient's records is read for that patient alone: the
 * rest of the clinic is as it was.  Anything wider (an import, the rule
 * settings, another program's change, a new day) reads everything. */
static void
store_changed_cb (EbbWindow *self,
                  EbbStore  *store)
{
  gint64 patient_id = ebb_store_get_changed_patient (store);

  if (patient_id != 0 && self->lists_ready && !self->reload_pending &&
      ebb_date_today () == self->as_of &&
      ebb_patient_list_reload_patient (self->patients, store, patient_id))
    return;
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
  self->data_version = 0;

  /* Every patient in the chair, not only the one on screen */
  if (self->session_watch == NULL && store != NULL)
    self->session_watch = ebb_session_watch_new (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  if (self->session_watch != NULL)
    ebb_session_watch_set_store (self->session_watch, store);
  if (store != NULL)
    {
      ebb_store_check_changed_elsewhere (store, &self->data_version);
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (!self->demo)
        ebb_application_migrate_rule_settings (EBB_IS_APPLICATION (app) ? EBB_APPLICATION (app) : NULL, store);
      g_signal_connect_object (store, "changed",
                               G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  /* A new clinic starts unfiltered and at its overview, once it has been
   * read; nothing read from the previous one may show up in it. */
  self->lists_ready = FALSE;
  ebb_patient_list_clear (self->patients);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  ebb_window_notify (self, PROP_STORE);
}

/* How many clinics the menu lists. */
#define N_RECENT 5

/* A clinic's name in the menu, as the title names it, an underscore
 * doubled, or the menu would take it for a mnemonic. */
static char *
recent_label (const char *location)
{
  g_autofree char *name = clinic_display_name (location);
  g_auto(GStrv) parts = g_strsplit (name, "_", -1);

  return g_strjoinv ("__", parts);
}

/* The primary menu's recent clinics, from the settings, which every
 * window shares: the one open here is left out. */
static void
update_recent_menu (EbbWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-databases");

  g_menu_remove_all (self->recent_section);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (g_strcmp0 (recent[i], self->database_path) == 0 && !self->demo)
        continue;
      label = recent_label (recent[i]);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_section, item);
    }
}

static void
recent_changed_cb (EbbWindow  *self,
                   const char *key,
                   GSettings  *settings)
{
  update_recent_menu (self);
}

/* A clinic that opened is remembered for the next start and put first
 * among the recent ones; the demo is not, since it is made afresh each
 * time. */
static void
ebb_window_remember_database (EbbWindow *self)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  update_recent_menu (self);
  if (self->demo || self->database_path == NULL)
    return;
  /* Settings are no place for a password. */
  if (ebb_location_is_server (self->database_path) &&
      ebb_server_location_has_password (self->database_path))
    return;

  g_settings_set_string (self->settings, "last-database", self->database_path);

  recent = g_settings_get_strv (self->settings, "recent-databases");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, self->database_path);
  for (guint i = 0; recent[i] != NULL && n < N_RECENT; i++)
    if (g_strcmp0 (recent[i], self->database_path) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-databases", (const char * const *) updated);
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
      AdwToast *toast = ebb_toast_new_plain (message);

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
  g_autofree char *folder = NULL;
  BackupData *data;

  /* A server clinic's backups are the server's (pg_dump): a copy of the
   * whole clinic on each workstation would only spread it. */
  if (self->store == NULL || self->demo || self->database_path == NULL ||
      ebb_location_is_server (self->database_path))
    return;

  data = g_new0 (BackupData, 1);
  g_weak_ref_init (&data->window, self);
  if (application != NULL)
    {
      data->application = g_object_ref (G_APPLICATION (application));
      g_application_hold (data->application);
    }
  self->n_backups++;
  folder = g_settings_get_string (self->settings, "backup-folder");
  ebb_daily_backup_async (self->database_path, folder,
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
  /* Read only or not is known now. */
  ebb_window_update_title (self);
  restart_watch (self);
  update_server_banner (self);
  ebb_window_remember_database (self);
  ebb_window_reload (self);
  ebb_window_show_attention (self);

  /* The demo is made afresh each time it is opened: say so before
   * anyone spends time on changes that will not last. */
  if (self->demo)
    {
      AdwToast *toast = ebb_toast_new_plain (_("Demo clinic with synthetic patients. Changes are discarded when it is opened again."));

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

/* A clinic opened in a thread: where, and what may call it off: the
 * caller, or the window going away. */
typedef struct
{
  char         *location;
  GCancellable *caller;
  gulong        caller_handler;
  GCancellable *window;
  gulong        window_handler;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  if (request->caller != NULL)
    g_cancellable_disconnect (request->caller, request->caller_handler);
  if (request->window != NULL)
    g_cancellable_disconnect (request->window, request->window_handler);
  g_clear_object (&request->caller);
  g_clear_object (&request->window);
  g_free (request->location);
  g_free (request);
}

static void
cancel_task_cb (GCancellable *source,
                GCancellable *task_cancellable)
{
  g_cancellable_cancel (task_cancellable);
}

static void
open_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OpenRequest *request = task_data;
  GError *error = NULL;
  EbbStore *store = ebb_store_open (request->location, EBB_STORE_OPEN_DEFAULT, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/**
 * ebb_window_switch_database_async:
 * @location: an existing clinic: a file, or a clinic server's address
 *
 * As ebb_window_switch_database(), the clinic opened in a thread, since
 * reaching a server can take seconds; the window shows it when
 * ebb_window_switch_database_finish() is called.  Cancelled, or the
 * window closed meanwhile, nothing changes.
 */
void
ebb_window_switch_database_async (EbbWindow           *self,
                                  const char          *location,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GCancellable) task_cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = NULL;
  OpenRequest *request;

  g_return_if_fail (EBB_IS_WINDOW (self));
  g_return_if_fail (location != NULL);

  request = g_new0 (OpenRequest, 1);
  request->location = g_strdup (location);
  if (cancellable != NULL)
    {
      request->caller = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_task_cb),
                                                       g_object_ref (task_cancellable),
                                                       g_object_unref);
    }
  if (self->opening != NULL)
    {
      request->window = g_object_ref (self->opening);
      request->window_handler = g_cancellable_connect (self->opening, G_CALLBACK (cancel_task_cb),
                                                       g_object_ref (task_cancellable),
                                                       g_object_unref);
    }

  task = g_task_new (self, task_cancellable, callback, user_data);
  g_task_set_source_tag (task, ebb_window_switch_database_async);
  g_task_set_task_data (task, request, (GDestroyNotify) open_request_free);
  g_task_run_in_thread (task, open_store_thread);
}

/**
 * ebb_window_switch_database_finish:
 *
 * Returns: whether the clinic was opened and is now shown; on error the
 *   clinic shown stays open
 */
gboolean
ebb_window_switch_database_finish (EbbWindow     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_autoptr(EbbStore) store = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  store = g_task_propagate_pointer (G_TASK (result), error);
  if (store == NULL)
    return FALSE;
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->opening == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the window was closed");
      return FALSE;
    }
  ebb_window_take_store (self, store, ((OpenRequest *) g_task_get_task_data (G_TASK (result)))->location);
  return TRUE;
}

/* A clinic that could not be opened: named in the title, nothing of the
 * previous one left, and why in place of the lists. */
static void
show_open_failure (EbbWindow    *self,
                   const char   *location,
                   const GError *error)
{
  ebb_window_set_database_path (self, location);
  ebb_window_set_store (self, NULL);
  ebb_window_reload (self);
  ebb_window_show_error (self, error);
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
      show_open_failure (self, path, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  ebb_window_take_store (self, store, path);

  return TRUE;
}

static void
server_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EbbWindow *self = EBB_WINDOW (source);
  g_autofree char *location = user_data;
  g_autoptr(GError) error = NULL;

  if (ebb_window_switch_database_finish (self, result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_open_failure (self, location, error);
}

/**
 * ebb_window_open_server:
 * @location: a clinic server's address
 *
 * As ebb_window_open_database(), for a clinic on a server, which can take
 * seconds to answer: the window, named after it, says it is loading at
 * once, and shows the clinic, or why it could not be opened, when the
 * server has answered.
 */
void
ebb_window_open_server (EbbWindow  *self,
                        const char *location)
{
  g_return_if_fail (EBB_IS_WINDOW (self));
  g_return_if_fail (ebb_location_is_server (location));

  ebb_window_set_database_path (self, location);
  ebb_window_show_page (self, "loading");
  ebb_window_switch_database_async (self, location, NULL, server_opened_cb, g_strdup (location));
}

/**
 * ebb_window_look_for_changes:
 *
 * What the window cannot be told: a change another program made to the
 * clinic (ebb-cli, another workstation's window), and a new day, which
 * moves every flag's as-of day and calls for the day's backup.  Looked
 * for when the window gains focus and every few seconds; either one
 * reads the lists (and the open patient) again.  What is being typed in
 * a dialog stays: dialogs keep their own copy.
 *
 * Returns: whether anything was found
 */
gboolean
ebb_window_look_for_changes (EbbWindow *self)
{
  gboolean changed;

  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);

  if (self->store == NULL || !self->lists_ready)
    return FALSE;
  self->n_looks++;

  /* Emits EbbStore::changed, on which the lists and the page reload; on
   * a server whose connection was lost, also when it is made anew, since
   * a change may have been missed meanwhile. */
  changed = ebb_store_check_changed_elsewhere (self->store, &self->data_version);
  update_server_banner (self);
  if (changed)
    return TRUE;

  if (ebb_date_today () != self->as_of)
    {
      ebb_window_reload (self);
      ebb_window_start_backup (self);
      return TRUE;
    }
  return FALSE;
}

/* A few seconds: a flag raised by an import shows before anyone would
 * think to look; one cheap query a time.  A server announces its changes
 * on the connection, which costs nothing to look at: every second, so
 * that another workstation's rating shows within two. */
#define WATCH_INTERVAL_SECONDS 5
#define SERVER_WATCH_INTERVAL_SECONDS 1

static gboolean
watch_cb (gpointer user_data)
{
  ebb_window_look_for_changes (EBB_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
restart_watch (EbbWindow *self)
{
  gboolean server = self->database_path != NULL && ebb_location_is_server (self->database_path);

  g_clear_handle_id (&self->watch_source, g_source_remove);
  self->watch_interval = server ? SERVER_WATCH_INTERVAL_SECONDS : WATCH_INTERVAL_SECONDS;
  self->watch_source = g_timeout_add_seconds (self->watch_interval, watch_cb, self);
}

static void
active_changed_cb (EbbWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    ebb_window_look_for_changes (self);
}

/* A clinic's first read goes into the lists a slice at a time: they are
 * shown from the first slice on, so that their rows are made a few a
 * frame.  Shown only once the read was whole, a large clinic's sidebar
 * and Attention made a screenful of rows each in one frame (75 ms at
 * 50,000 patients). */
static void
first_items_cb (EbbWindow *self)
{
  if (self->lists_ready)
    return;
  ebb_window_update_sidebar (self);
  if (g_strcmp0 (ebb_window_get_visible_page (self), "loading") == 0 &&
      g_list_model_get_n_items (ebb_patient_list_get_attention (self->patients)) > 0)
    ebb_window_show_page (self, "attention");
}

/* The lists are read again whenever the clinic or the rules change; the
 * first read waits for the window's first frame. */
void
ebb_window_init_clinic (EbbWindow *self)
{
  self->opening = g_cancellable_new ();
  restart_watch (self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  g_signal_connect_object (self->patients, "loaded",
                           G_CALLBACK (patients_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->patients, "notify::loading",
                           G_CALLBACK (patients_loading_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (ebb_patient_list_get_patients (self->patients), "items-changed",
                           G_CALLBACK (first_items_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ebb_patient_list_get_attention (self->patients), "items-changed",
                           G_CALLBACK (first_items_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->settings, "changed::default-scale",
                           G_CALLBACK (rule_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::recent-databases",
                           G_CALLBACK (recent_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_recent_menu (self);
}

/* A window being disposed must not react to a clinic it is letting go. */
void
ebb_window_dispose_clinic (EbbWindow *self)
{
  /* A clinic still being opened is not shown in a window going away. */
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  g_clear_handle_id (&self->watch_source, g_source_remove);
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
}
