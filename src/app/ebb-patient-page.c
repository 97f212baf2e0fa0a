/* ebb-patient-page.c — one patient: header, chart, flags and records
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page reads the patient's sessions and ratings from the store and
 * asks the core for everything it shows: the status and durability from
 * the trajectory, the flags from ebb_flags_for_records(), the chart from
 * EbbChart.  It reloads whenever the store says it changed, so an edit
 * made anywhere (a dialog, an undo, another view) shows here at once.
 *
 * What it shows is in section widgets, which its template composes; it
 * is split by concern, and ebb-patient-page-private.h lists both.  This
 * file has the type, its template, and the reloading.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-application.h"
#include "ebb-audit-item.h"
#include "ebb-audit-section.h"
#include "ebb-export-ui.h"
#include "ebb-patient-page-private.h"
#include "ebb-record-section.h"
#include "ebb-record-items.h"

G_DEFINE_FINAL_TYPE (EbbPatientPage, ebb_patient_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PATIENT_ID,
  PROP_HEADING_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers ------------------------------------------------------------------- */

GtkWindow *
_ebb_patient_page_get_parent (EbbPatientPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

GSettings *
_ebb_patient_page_get_settings (void)
{
  GApplication *app = g_application_get_default ();

  return EBB_IS_APPLICATION (app) ? ebb_application_get_settings (EBB_APPLICATION (app)) : NULL;
}

/* What the rules read of the patient, as last reloaded: a view, valid
 * until the next reload. */
EbbPatientRecords
_ebb_patient_page_get_records (EbbPatientPage *self)
{
  return (EbbPatientRecords) { self->patient, self->sessions, self->ratings, self->course_ends, self->decisions,
                               NULL, self->events };
}

void
_ebb_patient_page_show_error (EbbPatientPage *self,
                              const char     *what,
                              const GError   *error)
{
  /* Translators: "Could not delete the rating: <reason>" */
  g_autofree char *message = g_strdup_printf (_("%s: %s"), what, error->message);

  ebb_export_ui_show_toast (GTK_WIDGET (self), message);
}

/* Reloading ----------------------------------------------------------------- */

static void
ebb_patient_page_clear (EbbPatientPage *self)
{
  g_clear_pointer (&self->patient, ebb_patient_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->ratings, g_ptr_array_unref);
  g_clear_pointer (&self->course_ends, g_ptr_array_unref);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->trajectory, ebb_trajectory_free);
  self->scale = NULL;

  ebb_chart_section_set_chart (self->chart_section, NULL, NULL);
  ebb_session_clock_show_sessions (self->session_clock, NULL);
  _ebb_patient_page_update_flags (self);
  _ebb_patient_page_update_records (self);
  _ebb_patient_page_update_events (self);
  _ebb_patient_page_update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
ebb_patient_page_set_patient_id (EbbPatientPage *self,
                                 gint64          patient_id)
{
  if (self->patient_id == patient_id)
    return;
  self->patient_id = patient_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT_ID]);
}

static void
ebb_patient_page_reload_full (EbbPatientPage *self,
                              gboolean        new_patient)
{
  g_autoptr(GError) error = NULL;
  g_auto(EbbPatientRecords) records = { NULL };
  EbbRuleSettings rules;

  if (self->store == NULL || self->patient_id == 0)
    {
      ebb_patient_page_clear (self);
      return;
    }

  if (!ebb_patient_records_load (&records, self->store, self->patient_id, &error) ||
      !ebb_store_load_rule_settings (self->store, &rules, &error))
    {
      /* Deleted (here, by an undo, or elsewhere): show nothing, and say
       * so through patient-id so the window can follow. */
      if (!g_error_matches (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW))
        _ebb_patient_page_show_error (self, _("Could not read the patient"), error);
      ebb_patient_page_set_patient_id (self, 0);
      ebb_patient_page_clear (self);
      return;
    }

  g_clear_pointer (&self->patient, ebb_patient_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->ratings, g_ptr_array_unref);
  g_clear_pointer (&self->course_ends, g_ptr_array_unref);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  self->patient = (EbbPatient *) g_steal_pointer (&records.patient);
  self->sessions = g_steal_pointer (&records.sessions);
  self->ratings = g_steal_pointer (&records.ratings);
  self->course_ends = g_steal_pointer (&records.course_ends);
  self->decisions = g_steal_pointer (&records.decisions);
  self->events = g_steal_pointer (&records.events);
  self->rules = rules;
  self->today = ebb_date_today ();

  _ebb_patient_page_update_scales (self, new_patient);
  /* The flags first: the status in the header agrees with them. */
  _ebb_patient_page_update_flags (self);
  _ebb_patient_page_update_view (self);
  /* Another patient's rows come a few a frame, after the chart. */
  if (new_patient)
    {
      ebb_record_section_fill_anew (EBB_RECORD_SECTION (self->ratings_section));
      ebb_record_section_fill_anew (EBB_RECORD_SECTION (self->sessions_section));
      ebb_record_section_fill_anew (EBB_RECORD_SECTION (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                        EBB_TYPE_PATIENT_PAGE,
                                                                                        "audit_section")));
    }
  _ebb_patient_page_update_records (self);
  _ebb_patient_page_update_events (self);
  _ebb_patient_page_update_actions (self);
  /* The sessions carry their readings: the clock finds the one open. */
  ebb_session_clock_show_sessions (self->session_clock, self->sessions);
  gtk_stack_set_visible_child_name (self->stack, "patient");
}

static void
ebb_patient_page_reload (EbbPatientPage *self)
{
  ebb_patient_page_reload_full (self, FALSE);
}

/* Whether the code and name at the top are on screen: the window's
 * header bar names the patient only once they are scrolled away. */
static void
update_heading_visible (EbbPatientPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->page_scroller);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->page_scroller);
  GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  graphene_point_t bottom;
  gboolean visible = TRUE;

  /* Where the heading ends in the scrolled content, which scrolling
   * does not change (only where the content is). */
  if (gtk_widget_compute_point (GTK_WIDGET (self->status), content,
                                &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (GTK_WIDGET (self->status)) / 2.0),
                                &bottom))
    visible = gtk_adjustment_get_value (adjustment) < bottom.y;

  if (self->heading_visible == visible)
    return;
  self->heading_visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADING_VISIBLE]);
}

/* Callbacks ----------------------------------------------------------------- */

static void
store_changed_cb (EbbPatientPage *self,
                  EbbStore       *store)
{
  ebb_patient_page_reload (self);
}

/* The rules' settings change what is flagged and how the status reads. */
static void
settings_changed_cb (EbbPatientPage *self,
                     const char     *key,
                     GSettings      *settings)
{
  if (g_str_has_prefix (key, "window-") || g_str_equal (key, "last-database") ||
      g_str_equal (key, "chart-theme"))
    return;
  ebb_patient_page_reload (self);
}

/* GObject ------------------------------------------------------------------- */

static void
ebb_patient_page_disconnect_store (EbbPatientPage *self)
{
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
}

static void
ebb_patient_page_dispose (GObject *object)
{
  EbbPatientPage *self = EBB_PATIENT_PAGE (object);

  ebb_patient_page_disconnect_store (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_PATIENT_PAGE);
  g_clear_object (&self->own_undo_stack);

  G_OBJECT_CLASS (ebb_patient_page_parent_class)->dispose (object);
}

static void
ebb_patient_page_finalize (GObject *object)
{
  EbbPatientPage *self = EBB_PATIENT_PAGE (object);

  g_clear_pointer (&self->patient, ebb_patient_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->ratings, g_ptr_array_unref);
  g_clear_pointer (&self->course_ends, g_ptr_array_unref);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->trajectory, ebb_trajectory_free);

  G_OBJECT_CLASS (ebb_patient_page_parent_class)->finalize (object);
}

static void
ebb_patient_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EbbPatientPage *self = EBB_PATIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_PATIENT_ID:
      g_value_set_int64 (value, self->patient_id);
      break;

    case PROP_HEADING_VISIBLE:
      g_value_set_boolean (value, self->heading_visible);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_patient_page_class_init (EbbPatientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_patient_page_dispose;
  object_class->finalize = ebb_patient_page_finalize;
  object_class->get_property = ebb_patient_page_get_property;

  /**
   * EbbPatientPage:patient-id:
   *
   * The row id of the patient shown, or 0 for none (also after the
   * patient was deleted).
   */
  properties[PROP_PATIENT_ID] =
    g_param_spec_int64 ("patient-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * EbbPatientPage:heading-visible:
   *
   * Whether the patient's code and name at the top of the page are on
   * screen, or scrolled away.
   */
  properties[PROP_HEADING_VISIBLE] =
    g_param_spec_boolean ("heading-visible", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  _ebb_patient_page_class_add_actions (widget_class);

  /* The sections, top to bottom, and what the record sections list */
  g_type_ensure (EBB_TYPE_PATIENT_STATUS);
  g_type_ensure (EBB_TYPE_SESSION_CLOCK);
  g_type_ensure (EBB_TYPE_FLAG_BANNER);
  g_type_ensure (EBB_TYPE_CHART_SECTION);
  g_type_ensure (EBB_TYPE_FLAGS_SECTION);
  g_type_ensure (EBB_TYPE_RATINGS_SECTION);
  g_type_ensure (EBB_TYPE_SESSIONS_SECTION);
  g_type_ensure (EBB_TYPE_AUDIT_SECTION);
  g_type_ensure (EBB_TYPE_RATING_ITEM);
  g_type_ensure (EBB_TYPE_SESSION_ITEM);
  g_type_ensure (EBB_TYPE_AUDIT_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ebbpatientpage");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-patient-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, page_scroller);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, records_stack);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, status);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, session_clock);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, banner);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, chart_section);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, flags_section);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, events_box);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, events_list);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, ratings_section);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, ratings_store);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, sessions_section);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, sessions_store);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, audit_store);
  /* Named for the tests, which look into it */
  gtk_widget_class_bind_template_child_full (widget_class, "audit_section", FALSE, 0);
}

static void
ebb_patient_page_load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/ebbclinic/Ebb/ebb-patient-page.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
ebb_patient_page_init (EbbPatientPage *self)
{
  GSettings *settings = _ebb_patient_page_get_settings ();

  gtk_widget_init_template (GTK_WIDGET (self));
  ebb_patient_page_load_css ();

  self->today = ebb_date_today ();
  self->heading_visible = TRUE;
  ebb_rule_settings_init_defaults (&self->rules);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->page_scroller), "value-changed",
                           G_CALLBACK (update_heading_visible), self, G_CONNECT_SWAPPED);

  _ebb_patient_page_init_trajectory (self);

  if (settings != NULL)
    g_signal_connect_object (settings, "changed",
                             G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  _ebb_patient_page_update_actions (self);
}

/* Public API ---------------------------------------------------------------- */

GtkWidget *
ebb_patient_page_new (void)
{
  return g_object_new (EBB_TYPE_PATIENT_PAGE, NULL);
}

/**
 * ebb_patient_page_set_patient:
 * @self: a patient page
 * @store: (nullable): the clinic database
 * @patient_id: the patient to show, or 0 for none
 *
 * Shows a patient, and follows the store's changes from then on.
 */
void
ebb_patient_page_set_patient (EbbPatientPage *self,
                              EbbStore       *store,
                              gint64          patient_id)
{
  gboolean new_patient;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));
  g_return_if_fail (store == NULL || EBB_IS_STORE (store));
  g_return_if_fail (patient_id >= 0);

  new_patient = store != self->store || patient_id != self->patient_id;

  if (store != self->store)
    {
      ebb_patient_page_disconnect_store (self);
      if (store != NULL)
        {
          self->store = g_object_ref (store);
          g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
    }

  if (new_patient)
    {
      /* A new patient starts with the whole history, in scores, read
       * from the top: the header first, and the ratings under the chart,
       * not wherever the previous patient was left. */
      ebb_chart_section_reset (self->chart_section);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->page_scroller), 0);
      gtk_stack_set_visible_child_name (self->records_stack, "ratings");
    }

  ebb_patient_page_set_patient_id (self, store != NULL ? patient_id : 0);
  ebb_patient_page_reload_full (self, new_patient);
}

gint64
ebb_patient_page_get_patient_id (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), 0);

  return self->patient_id;
}

/**
 * ebb_patient_page_get_heading_visible:
 *
 * Returns: whether the patient's code and name are on screen, see
 *   #EbbPatientPage:heading-visible
 */
gboolean
ebb_patient_page_get_heading_visible (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), TRUE);

  return self->heading_visible;
}
