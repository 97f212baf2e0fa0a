/* ebb-window-private.h — what the window's files share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is one class in several files:
 *
 *   ebb-window.c          the type, its template and properties, toasts
 *   ebb-window-sidebar.c  the pages, and the sidebar's list, search and selection
 *   ebb-window-clinic.c   opening a clinic, reading its lists, its daily backup
 *   ebb-window-actions.c  the win.* commands
 */
#pragma once

#include "ebb-attention-page.h"
#include "ebb-patient-list.h"
#include "ebb-patient-page.h"
#include "ebb-session-watch.h"
#include "ebb-undo-stack.h"
#include "ebb-window.h"

G_BEGIN_DECLS

typedef enum {
  PROP_0,
  PROP_STORE,
  PROP_DATABASE_PATH,
  PROP_DEMO,
  PROP_UNDO_STACK,
  PROP_LOADING,
  N_PROPS
} EbbWindowProperty;

struct _EbbWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  EbbStore             *store;
  char                 *database_path;
  EbbUndoStack         *undo_stack;
  EbbPatientList       *patients;
  EbbSessionWatch      *session_watch;  /* notifies readings due, whatever page is shown */
  GtkCustomFilter      *filter;
  GtkCustomSorter      *sorter;
  char                 *folded_query;
  char                 *code_query;     /* the query as a code key, see ebb_patient_item_code_key() */
  AdwToast             *hint_toast;     /* "Open a patient first" while shown, else NULL */
  AdwToast             *undo_toast;     /* the toast offering Undo while shown, else NULL */
  AdwToast             *step_toast;     /* the toast of the latest undoable step, offering Undo or
                                         * saying "Undone", until dismissed */
  gint32                as_of;          /* the day the latest load worked the flags out for */
  guint                 n_backups;      /* daily backups being made */
  gint64                data_version;   /* the clinic's, as last seen (ebb-store-watch.c) */
  guint                 watch_source;   /* the look for changes made elsewhere and the new day */
  guint                 watch_interval; /* its seconds: a server's announcements are looked at more often */
  guint                 n_looks;        /* looks for changes so far, for the tests */
  GtkRevealer          *server_banner;  /* the clinic server cannot be reached */
  GMenu                *recent_section; /* the primary menu's recent clinics */
  GCancellable         *opening;        /* clinics being opened in a thread, let go with the window */
  GtkWidget            *retry_button;   /* on the error page, for a clinic server */
  GtkLabel             *server_banner_label;

  guint                 demo : 1;
  /* Set while the window itself moves the selection, so that the
   * selection handlers do not take it for the user's choice. */
  guint                 syncing_selection : 1;
  /* Whether the lists show the open clinic: they have been read at least
   * once since it was opened. */
  guint                 lists_ready : 1;
  guint                 painted : 1;          /* the first frame is on screen */
  guint                 reload_pending : 1;   /* reload once it is */
  guint                 loading : 1;          /* as last notified */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  AdwWindowTitle       *sidebar_title;
  GtkSearchEntry       *search_entry;
  GtkListBox           *attention_list;
  GtkListBoxRow        *attention_row;
  GtkWidget            *attention_separator;
  GtkLabel             *attention_count;
  GtkStack             *sidebar_stack;
  GtkListView          *patient_list;
  GtkSingleSelection   *selection;
  GtkFilterListModel   *filter_model;
  GtkSortListModel     *sort_model;
  AdwWindowTitle       *content_title;
  GtkWidget            *demo_tag;
  GtkWidget            *record_button;
  GtkWidget            *export_button;
  GtkWidget            *patient_menu_button;
  GtkWidget            *primary_menu_button;
  GMenuModel           *row_menu;
  GtkStack             *stack;
  AdwStatusPage        *welcome_page;
  EbbAttentionPage     *attention_page;
  EbbPatientPage       *patient_page;
  AdwStatusPage        *error_page;
};

/* ebb-window.c */
void        ebb_window_notify             (EbbWindow         *self,
                                           EbbWindowProperty  prop);
void        ebb_window_show_message       (EbbWindow    *self,
                                           const char   *heading,
                                           const char   *body);
void        ebb_window_show_hint          (EbbWindow    *self,
                                           const char   *text);

/* ebb-window-sidebar.c */
void        ebb_window_class_add_sidebar  (GtkWidgetClass *widget_class);
void        ebb_window_init_sidebar       (EbbWindow    *self);
const char *ebb_window_get_visible_page   (EbbWindow    *self);
void        ebb_window_show_page          (EbbWindow    *self,
                                           const char   *name);
void        ebb_window_show_attention     (EbbWindow    *self);
gboolean    ebb_window_show_patient       (EbbWindow    *self,
                                           gint64        patient_id);
void        ebb_window_update_sidebar     (EbbWindow    *self);
void        ebb_window_show_content       (EbbWindow    *self);
void        ebb_window_update_content_title (EbbWindow  *self);

/* ebb-window-clinic.c */
gboolean    ebb_window_look_for_changes   (EbbWindow    *self);
void        ebb_window_init_clinic        (EbbWindow    *self);
void        ebb_window_dispose_clinic     (EbbWindow    *self);
char       *ebb_window_get_demo_path      (void);
void        ebb_window_update_title       (EbbWindow    *self);
void        ebb_window_switch_database_async  (EbbWindow           *self,
                                              const char          *location,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    ebb_window_switch_database_finish (EbbWindow           *self,
                                              GAsyncResult        *result,
                                              GError             **error);
gboolean    ebb_window_switch_database    (EbbWindow    *self,
                                           const char   *path,
                                           GError      **error);

/* ebb-window-actions.c */
void        ebb_window_import_files       (EbbWindow          *self,
                                           const char * const *paths);
void        ebb_window_class_add_actions  (GtkWidgetClass *widget_class);
void        ebb_window_update_actions     (EbbWindow    *self);
void        ebb_window_show_undone        (EbbWindow    *self);

G_END_DECLS
