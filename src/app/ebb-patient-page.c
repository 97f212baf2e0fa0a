/* ebb-patient-page.c — one patient: header, chart, flags and records
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page reads the patient's sessions and ratings from the store and
 * asks the core for everything it shows: the status and durability from
 * the trajectory, the flags from ebb_flags_for_patient(), the chart from
 * EbbChart.  It reloads whenever the store says it changed, so an edit
 * made anywhere (a dialog, an undo, another view) shows here at once.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ebb-application.h"
#include "ebb-chart-view.h"
#include "ebb-export.h"
#include "ebb-flags.h"
#include "ebb-patient-dialog.h"
#include "ebb-patient-page.h"
#include "ebb-rating-dialog.h"
#include "ebb-record-items.h"
#include "ebb-session-dialog.h"
#include "ebb-window.h"

typedef enum
{
  RANGE_3_MONTHS,
  RANGE_6_MONTHS,
  RANGE_1_YEAR,
  RANGE_ALL,
} DateRange;

struct _EbbPatientPage
{
  GtkWidget            parent_instance;

  EbbStore            *store;
  gint64               patient_id;

  /* What was read for the patient at the last reload */
  EbbPatient          *patient;
  GPtrArray           *sessions;        /* EbbSession*, in time order */
  GPtrArray           *scores;          /* EbbScore*, in time order */
  EbbRuleSettings      rules;
  gint32               today;

  const EbbScale      *scale;           /* the selected scale, or NULL when none is rated */
  EbbTrajectory       *trajectory;      /* of that scale */
  GPtrArray           *flags;           /* EbbFlag*, most urgent first */
  GPtrArray           *flag_rows;       /* AdwActionRow*, owned by flags_group */
  char                *status_text;

  EbbUndoStack        *own_undo_stack;  /* outside an Ebb window only */

  guint                updating_scales : 1;

  /* Template children */
  GtkStack            *stack;
  GtkLabel            *code_label;
  GtkLabel            *name_label;
  GtkLabel            *status_label;
  GtkLabel            *next_label;
  GtkLabel            *durability_label;
  GtkDropDown         *scale_dropdown;
  GtkStringList       *scale_list;
  GtkToggleButton     *percent_button;
  GtkWidget           *range_box;
  GtkToggleButton     *range_3m;
  GtkToggleButton     *range_6m;
  GtkToggleButton     *range_1y;
  GtkToggleButton     *range_all;
  GtkStack            *chart_stack;
  EbbChartView        *chart_view;
  AdwPreferencesGroup *flags_group;
  GtkStack            *records_stack;
  GtkColumnView       *ratings_view;
  GtkSingleSelection  *ratings_selection;
  GtkSortListModel    *ratings_sorted;
  GListStore          *ratings_store;
  GtkColumnView       *sessions_view;
  GtkSingleSelection  *sessions_selection;
  GtkSortListModel    *sessions_sorted;
  GListStore          *sessions_store;
  GtkColumnView       *audit_view;
  GListStore          *audit_store;
  GtkColumnViewColumn *rating_when_column;
  GtkColumnViewColumn *rating_scale_column;
  GtkColumnViewColumn *rating_total_column;
  GtkColumnViewColumn *rating_band_column;
  GtkColumnViewColumn *rating_change_column;
  GtkColumnViewColumn *rating_items_column;
  GtkColumnViewColumn *rating_note_column;
  GtkColumnViewColumn *rating_actions_column;
  GtkColumnViewColumn *session_when_column;
  GtkColumnViewColumn *session_status_column;
  GtkColumnViewColumn *session_phase_column;
  GtkColumnViewColumn *session_route_column;
  GtkColumnViewColumn *session_dose_column;
  GtkColumnViewColumn *session_bp_column;
  GtkColumnViewColumn *session_note_column;
  GtkColumnViewColumn *session_actions_column;
  GtkColumnViewColumn *audit_at_column;
  GtkColumnViewColumn *audit_action_column;
  GtkColumnViewColumn *audit_what_column;
};

G_DEFINE_FINAL_TYPE (EbbPatientPage, ebb_patient_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PATIENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ebb_patient_page_reload (EbbPatientPage *self);

/* Helpers ------------------------------------------------------------------- */

static EbbWindow *
ebb_patient_page_get_window (EbbPatientPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return EBB_IS_WINDOW (root) ? EBB_WINDOW (root) : NULL;
}

static GtkWindow *
ebb_patient_page_get_parent (EbbPatientPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static GSettings *
app_settings (void)
{
  GApplication *app = g_application_get_default ();

  return EBB_IS_APPLICATION (app) ? ebb_application_get_settings (EBB_APPLICATION (app)) : NULL;
}

static void
ebb_patient_page_load_rules (EbbPatientPage *self)
{
  GApplication *app = g_application_get_default ();

  if (EBB_IS_APPLICATION (app))
    ebb_application_get_rule_settings (EBB_APPLICATION (app), &self->rules);
  else
    ebb_rule_settings_init_defaults (&self->rules);
}

static void
show_error (EbbPatientPage *self,
            const char     *what,
            const GError   *error)
{
  /* Translators: "Could not delete the rating: <reason>" */
  g_autofree char *message = g_strdup_printf (_("%s: %s"), what, error->message);

  ebb_export_show_toast (GTK_WIDGET (self), message);
}

static const EbbScore *
find_score (EbbPatientPage *self,
            gint64          id)
{
  for (guint i = 0; self->scores != NULL && i < self->scores->len; i++)
    {
      const EbbScore *score = g_ptr_array_index (self->scores, i);

      if (score->id == id)
        return score;
    }
  return NULL;
}

static const EbbSession *
find_session (EbbPatientPage *self,
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

/* "Tue 24 Nov", with the year when it is not this year's */
static char *
format_day_short (gint32 day,
                  gint32 today)
{
  int y, m, d, this_year, tm, td;
  g_autoptr(GDateTime) date = NULL;

  ebb_date_to_ymd (day, &y, &m, &d);
  ebb_date_to_ymd (today, &this_year, &tm, &td);
  date = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (date == NULL)
    return ebb_date_format (day);
  /* Translators: a date as strftime() writes it; with and without the year */
  return g_date_time_format (date, y == this_year ? _("%a %-d %b") : _("%a %-d %b %Y"));
}

static char *
format_threshold (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* 15 or 13.5, never 15.000000 */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3g", value));
}

/* Undo ---------------------------------------------------------------------- */

/* A copy of what was deleted, enough to put it back. */
typedef struct
{
  EbbStore   *store;
  EbbScore   *score;      /* a deleted rating, or */
  EbbSession *session;    /* a deleted session, or */
  EbbPatient *patient;    /* a deleted patient, with */
  GPtrArray  *sessions;   /* their sessions and */
  GPtrArray  *scores;     /* their ratings */
  GWeakRef    page;       /* to show a restored patient again */
} Deleted;

static void
deleted_free (Deleted *deleted)
{
  g_clear_object (&deleted->store);
  g_clear_pointer (&deleted->score, ebb_score_free);
  g_clear_pointer (&deleted->session, ebb_session_free);
  g_clear_pointer (&deleted->patient, ebb_patient_free);
  g_clear_pointer (&deleted->sessions, g_ptr_array_unref);
  g_clear_pointer (&deleted->scores, g_ptr_array_unref);
  g_weak_ref_clear (&deleted->page);
  g_free (deleted);
}

static Deleted *
deleted_new (EbbPatientPage *self)
{
  Deleted *deleted = g_new0 (Deleted, 1);

  deleted->store = g_object_ref (self->store);
  g_weak_ref_init (&deleted->page, self);
  return deleted;
}

/* The rows come back as new rows (with new ids): the store audits that
 * as an insert, so the trail shows both the deletion and the undo. */
static gboolean
restore_patient (Deleted  *deleted,
                 gint64   *patient_id,
                 GError  **error)
{
  g_autoptr(EbbPatient) patient = ebb_patient_copy (deleted->patient);

  patient->id = 0;
  if (!ebb_store_add_patient (deleted->store, patient, error))
    return FALSE;

  for (guint i = 0; i < deleted->sessions->len; i++)
    {
      g_autoptr(EbbSession) session = ebb_session_copy (g_ptr_array_index (deleted->sessions, i));

      session->id = 0;
      session->patient_id = patient->id;
      if (!ebb_store_add_session (deleted->store, session, error))
        return FALSE;
    }

  for (guint i = 0; i < deleted->scores->len; i++)
    {
      g_autoptr(EbbScore) score = ebb_score_copy (g_ptr_array_index (deleted->scores, i));

      score->id = 0;
      score->patient_id = patient->id;
      if (!ebb_store_add_score (deleted->store, score, error))
        return FALSE;
    }

  *patient_id = patient->id;
  return TRUE;
}

static gboolean
undo_delete (gpointer   data,
             GError   **error)
{
  Deleted *deleted = data;
  g_autoptr(EbbPatientPage) page = NULL;
  gint64 patient_id = 0;

  if (deleted->score != NULL)
    {
      g_autoptr(EbbScore) score = ebb_score_copy (deleted->score);

      score->id = 0;
      return ebb_store_add_score (deleted->store, score, error);
    }

  if (deleted->session != NULL)
    {
      g_autoptr(EbbSession) session = ebb_session_copy (deleted->session);

      session->id = 0;
      return ebb_store_add_session (deleted->store, session, error);
    }

  /* A patient comes back whole or not at all: one transaction. */
  if (!ebb_store_begin (deleted->store, error))
    return FALSE;
  if (!restore_patient (deleted, &patient_id, error))
    {
      ebb_store_rollback (deleted->store);
      return FALSE;
    }
  if (!ebb_store_commit (deleted->store, error))
    return FALSE;

  page = g_weak_ref_get (&deleted->page);
  if (page != NULL && page->patient_id == 0 && page->store == deleted->store)
    ebb_patient_page_set_patient (page, deleted->store, patient_id);
  return TRUE;
}

static void
ebb_patient_page_offer_undo (EbbPatientPage *self,
                             const char     *message,
                             Deleted        *deleted)
{
  EbbWindow *window = ebb_patient_page_get_window (self);

  ebb_undo_stack_push (ebb_patient_page_get_undo_stack (self), message,
                       undo_delete, deleted, (GDestroyNotify) deleted_free);
  if (window != NULL)
    ebb_window_offer_undo (window, message);
}

/* Dialogs ------------------------------------------------------------------- */

static void
ebb_patient_page_present (EbbPatientPage *self,
                          GtkWidget      *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ebb_patient_page_edit_rating (EbbPatientPage *self,
                              gint64          id)
{
  const EbbScore *score = find_score (self, id);

  if (score == NULL)
    return;
  ebb_patient_page_present (self, ebb_rating_dialog_new (ebb_patient_page_get_parent (self),
                                                         self->store, self->patient_id,
                                                         score, NULL));
}

static void
ebb_patient_page_edit_session (EbbPatientPage *self,
                               gint64          id)
{
  const EbbSession *session = find_session (self, id);

  if (session == NULL)
    return;
  ebb_patient_page_present (self, ebb_session_dialog_new (ebb_patient_page_get_parent (self),
                                                          self->store, self->patient_id,
                                                          session));
}

/* Flags --------------------------------------------------------------------- */

static const char *
flag_heading (EbbFlagKind kind)
{
  switch (kind)
    {
    case EBB_FLAG_SUICIDE_ITEM: return _("Suicide item");
    case EBB_FLAG_PROJECTED:    return _("Projected to fade");
    case EBB_FLAG_FADED:        return _("Response faded");
    case EBB_FLAG_RELAPSE:      return _("Relapse");
    default:                    g_return_val_if_reached ("");
    }
}

/* The rule behind a flag in plain words, with this patient's numbers. */
static char *
explain_flag (EbbPatientPage *self,
              const EbbFlag  *flag)
{
  g_autoptr(EbbTrajectory) trajectory = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const EbbScale *scale = flag->scale;
  const EbbScore *baseline;
  g_autofree char *baseline_text = NULL;
  g_autofree char *threshold = NULL;
  int percent;
  int meaningful;

  trajectory = ebb_trajectory_new (self->patient, scale, self->sessions, self->scores,
                                   self->today, &self->rules);
  baseline = ebb_trajectory_get_baseline (trajectory);
  baseline_text = ebb_trajectory_describe_baseline (trajectory);
  threshold = format_threshold (ebb_trajectory_get_threshold (trajectory));
  percent = (int) lround (ebb_trajectory_get_response_fraction (trajectory) * 100);
  meaningful = ebb_trajectory_get_meaningful_change (trajectory);

  switch (flag->kind)
    {
    case EBB_FLAG_SUICIDE_ITEM:
      g_string_append_printf (text,
                              _("On the %s, item %u asks about %s. A value of %d or more raises this "
                                "alert whatever the total score. It is always listed first, and no "
                                "setting hides it."),
                              scale->id, scale->alert_item,
                              scale->alert_item_label != NULL ? scale->alert_item_label : "",
                              scale->alert_min);
      break;

    case EBB_FLAG_FADED:
      g_string_append_printf (text,
                              _("The baseline is %s. A response means a score of %s or less: at least "
                                "%d %% below the baseline. A response has faded when a later score is "
                                "above %s and also at least %d points above the lowest score of that "
                                "response (its nadir); a smaller rise counts as measurement noise."),
                              baseline_text, threshold, percent, threshold, meaningful);
      break;

    case EBB_FLAG_PROJECTED:
      {
        const EbbProjection *projection = ebb_trajectory_get_projection (trajectory);

        g_string_append_printf (text,
                                _("The baseline is %s, so a response means a score of %s or less."),
                                baseline_text, threshold);
        if (projection != NULL && projection->fade_day > 0)
          {
            g_autofree char *fade = format_day_short (projection->fade_day, self->today);
            guint n = projection->last_point - projection->first_point + 1;

            g_string_append_printf (text,
                                    ngettext (" Since the lowest rating of this interval, scores rise by "
                                              "about %.1f points a day (a straight line through %u "
                                              "rating). If that goes on, the score passes %s on %s.",
                                              " Since the lowest rating of this interval, scores rise by "
                                              "about %.1f points a day (a straight line through %u "
                                              "ratings). If that goes on, the score passes %s on %s.", n),
                                    projection->slope, n, threshold, fade);
          }
        g_string_append (text, _(" Bringing the next session forward may keep the response."));
      }
      break;

    case EBB_FLAG_RELAPSE:
      {
        g_autofree char *level = format_threshold (baseline != NULL ? baseline->total * 0.75 : NAN);

        g_string_append_printf (text,
                                _("After a response, two ratings 5 to 15 days apart were both at relapse "
                                  "level: less than 25 %% better than the baseline of %d, that is a score "
                                  "above %s"),
                                baseline != NULL ? baseline->total : 0, level);
        if (g_strcmp0 (scale->id, "MADRS") == 0)
          g_string_append (text, _(", or a MADRS score of 22 or more"));
        g_string_append (text, _(". This follows the single-infusion relapse criterion of Ibrahim et al. "
                                 "(2012) and the definition of SUSTAIN-1."));
      }
      break;

    default:
      break;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
make_flag_row (EbbPatientPage *self,
               const EbbFlag  *flag)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *why = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box;
  GtkWidget *label;
  const char *suggestion;
  g_autofree char *date = ebb_date_format (flag->day);
  g_autofree char *subtitle = NULL;
  g_autofree char *explanation = explain_flag (self, flag);

  /* Translators: under a flag: its kind, scale and date */
  subtitle = g_strdup_printf (_("%s · %s · %s"), flag_heading (flag->kind), flag->scale->id, date);

  /* The texts come from the data, not from markup we wrote. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), flag->detail);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "ebb-flag-row");
  if (flag->kind == EBB_FLAG_SUICIDE_ITEM)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), "dialog-error-symbolic");
      gtk_widget_add_css_class (row, "urgent");
    }
  gtk_widget_add_css_class (icon, "ebb-flag-icon");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, flag_heading (flag->kind),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* The popover: the rule with this patient's numbers, what happened,
   * and what to do about it. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  label = gtk_label_new (_("Why Is This Flagged?"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (explanation);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (flag->detail);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  suggestion = ebb_flag_suggestion (flag);
  if (suggestion != NULL && *suggestion != '\0')
    {
      label = gtk_label_new (suggestion);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_add_css_class (popover, "ebb-why-popover");

  gtk_menu_button_set_label (GTK_MENU_BUTTON (why), _("Why?"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (why), popover);
  gtk_widget_set_valign (why, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (why, _("Why Is This Flagged?"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (why),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Why is this flagged?"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), why);

  return row;
}

static int
compare_flag_urgency_cb (gconstpointer a,
                         gconstpointer b)
{
  return ebb_flag_compare_urgency (*(EbbFlag * const *) a, *(EbbFlag * const *) b);
}

static void
ebb_patient_page_update_flags (EbbPatientPage *self)
{
  g_autoptr(GPtrArray) all = NULL;

  for (guint i = 0; i < self->flag_rows->len; i++)
    adw_preferences_group_remove (self->flags_group, g_ptr_array_index (self->flag_rows, i));
  g_ptr_array_set_size (self->flag_rows, 0);
  g_ptr_array_set_size (self->flags, 0);

  if (self->patient == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->flags_group), FALSE);
      return;
    }

  /* As the attention list and the command line show them: the recent
   * ones and the projected ones, the suicide item above everything. */
  all = ebb_flags_for_patient (self->patient, self->sessions, self->scores, self->today, &self->rules);
  for (guint i = 0; i < all->len; i++)
    {
      EbbFlag *flag = g_ptr_array_index (all, i);

      if (ebb_flag_in_scope (flag, self->today, EBB_FLAGS_RECENT))
        g_ptr_array_add (self->flags, ebb_flag_copy (flag));
    }
  g_ptr_array_sort (self->flags, compare_flag_urgency_cb);

  for (guint i = 0; i < self->flags->len; i++)
    {
      GtkWidget *row = make_flag_row (self, g_ptr_array_index (self->flags, i));

      adw_preferences_group_add (self->flags_group, row);
      g_ptr_array_add (self->flag_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->flags_group), self->flags->len > 0);
}

/* Scales -------------------------------------------------------------------- */

static guint
count_ratings (EbbPatientPage *self,
               const EbbScale *scale)
{
  guint count = 0;

  for (guint i = 0; i < self->scores->len; i++)
    count += ebb_scale_lookup (((EbbScore *) g_ptr_array_index (self->scores, i))->scale_id) == scale;
  return count;
}

/* The patient's preferred scale, else the clinic's default, else the one
 * rated most: whichever comes first of those the patient was rated on. */
static const EbbScale *
ebb_patient_page_default_scale (EbbPatientPage *self)
{
  GSettings *settings = app_settings ();
  const EbbScale *scale;
  const EbbScale *best = NULL;
  guint best_count = 0;
  guint n_scales;
  const EbbScale * const *all = ebb_scale_all (&n_scales);

  scale = ebb_scale_lookup (self->patient->preferred_scale);
  if (scale != NULL && count_ratings (self, scale) > 0)
    return scale;

  if (settings != NULL)
    {
      g_autofree char *id = g_settings_get_string (settings, "default-scale");

      scale = ebb_scale_lookup (id);
      if (scale != NULL && count_ratings (self, scale) > 0)
        return scale;
    }

  for (guint i = 0; i < n_scales; i++)
    {
      guint count = all[i]->efficacy ? count_ratings (self, all[i]) : 0;

      if (count > best_count)
        {
          best = all[i];
          best_count = count;
        }
    }
  if (best != NULL)
    return best;

  /* Only side-effect ratings: chart those rather than nothing. */
  for (guint i = 0; i < n_scales; i++)
    {
      if (count_ratings (self, all[i]) > 0)
        return all[i];
    }
  return NULL;
}

static void
ebb_patient_page_update_scales (EbbPatientPage *self,
                                gboolean        new_patient)
{
  guint n_scales;
  const EbbScale * const *all = ebb_scale_all (&n_scales);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  guint selected = GTK_INVALID_LIST_POSITION;

  if (new_patient || (self->scale != NULL && count_ratings (self, self->scale) == 0))
    self->scale = NULL;
  if (self->scale == NULL)
    self->scale = ebb_patient_page_default_scale (self);

  for (guint i = 0; i < n_scales; i++)
    {
      if (count_ratings (self, all[i]) == 0)
        continue;
      if (all[i] == self->scale)
        selected = ids->len;
      g_ptr_array_add (ids, (gpointer) all[i]->id);
    }
  g_ptr_array_add (ids, NULL);

  self->updating_scales = TRUE;
  gtk_string_list_splice (self->scale_list, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->scale_list)),
                          (const char * const *) ids->pdata);
  gtk_drop_down_set_selected (self->scale_dropdown, selected);
  self->updating_scales = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_dropdown), ids->len > 2);

  /* Nothing to chart yet: no chart controls either. */
  gtk_widget_set_visible (GTK_WIDGET (self->scale_dropdown), self->scale != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->percent_button), self->scale != NULL);
  gtk_widget_set_visible (self->range_box, self->scale != NULL);
}

/* Header -------------------------------------------------------------------- */

static const EbbSession *
next_booked_session (EbbPatientPage *self)
{
  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->status == EBB_SESSION_SCHEDULED && session->when.day >= self->today)
        return session;
    }
  return NULL;
}

static gboolean
has_done_session (EbbPatientPage *self)
{
  for (guint i = 0; i < self->sessions->len; i++)
    {
      if (((EbbSession *) g_ptr_array_index (self->sessions, i))->status == EBB_SESSION_DONE)
        return TRUE;
    }
  return FALSE;
}

static char *
describe_next_session (EbbPatientPage   *self,
                       const EbbSession *next)
{
  g_autofree char *date = format_day_short (next->when.day, self->today);
  g_autofree char *phase = g_utf8_strdown (ebb_phase_display (next->phase), -1);
  g_autofree char *dose = ebb_format_dose (next->dose_mg);
  g_autofree char *treatment = NULL;
  int days = next->when.day - self->today;
  g_autofree char *when = NULL;

  if (dose != NULL)
    treatment = g_strdup_printf ("%s %s %s", phase, ebb_route_display (next->route), dose);
  else
    treatment = g_strdup_printf ("%s %s", phase, ebb_route_display (next->route));

  if (days == 0)
    when = g_strdup (_("today"));
  else if (days == 1)
    when = g_strdup (_("tomorrow"));
  else
    when = g_strdup_printf (ngettext ("in %d day", "in %d days", days), days);

  /* Translators: "Next: maintenance IV 50 mg on Tue 24 Nov (in 3 days)" */
  return g_strdup_printf (_("Next: %s on %s (%s)"), treatment, date, when);
}

static void
set_status (EbbPatientPage    *self,
            EbbResponseStatus  status,
            gboolean           known)
{
  static const char * const classes[] = { "no-baseline", "not-responding", "responding", "remission" };
  const char *text;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);

  switch (known ? status : EBB_STATUS_NO_BASELINE)
    {
    case EBB_STATUS_RESPONDING:     text = _("Responding"); break;
    case EBB_STATUS_REMISSION:      text = _("Remission"); break;
    case EBB_STATUS_NOT_RESPONDING: text = _("Not responding"); break;
    case EBB_STATUS_NO_BASELINE:
    default:                        text = _("No baseline"); break;
    }

  g_free (self->status_text);
  self->status_text = g_strdup (text);
  gtk_label_set_text (self->status_label, text);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                            classes[known ? status : EBB_STATUS_NO_BASELINE]);
}

static void
ebb_patient_page_update_header (EbbPatientPage *self)
{
  const EbbPatient *patient = self->patient;
  const EbbSession *next = next_booked_session (self);
  g_autofree char *name = NULL;
  g_autofree char *next_text = NULL;
  g_autofree char *durability = NULL;
  g_autofree char *baseline = NULL;

  gtk_label_set_text (self->code_label, patient->code);
  if (patient->birth_year > 0)
    /* Translators: a patient's name and year of birth */
    name = g_strdup_printf (_("%s · b. %d"), patient->name ? patient->name : "", patient->birth_year);
  else
    name = g_strdup (patient->name ? patient->name : "");
  gtk_label_set_text (self->name_label, name);

  if (next != NULL)
    next_text = describe_next_session (self, next);
  else if (has_done_session (self))
    next_text = g_strdup (_("No next session booked"));
  else
    next_text = g_strdup (_("No treatment session yet"));
  gtk_label_set_text (self->next_label, next_text);
  if (next == NULL && has_done_session (self))
    gtk_widget_add_css_class (GTK_WIDGET (self->next_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->next_label), "warning");

  if (self->trajectory == NULL)
    {
      set_status (self, EBB_STATUS_NO_BASELINE, FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), _("No ratings yet"));
      gtk_widget_set_visible (GTK_WIDGET (self->durability_label), FALSE);
      return;
    }

  set_status (self, ebb_trajectory_get_status (self->trajectory), TRUE);
  baseline = ebb_trajectory_describe_baseline (self->trajectory);
  {
    /* Translators: tooltip of the status: "Baseline MADRS 30 on 2026-01-02" */
    g_autofree char *tooltip = ebb_trajectory_get_baseline_status (self->trajectory) == EBB_BASELINE_OK ?
                               g_strdup_printf (_("Baseline %s"), baseline) : g_strdup (baseline);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), tooltip);
  }

  if (ebb_trajectory_get_baseline_status (self->trajectory) == EBB_BASELINE_OK)
    {
      EbbDurability d;

      ebb_trajectory_get_durability (self->trajectory, &d);
      if (d.n_episodes == 0)
        durability = g_strdup_printf (_("Durability: no response on %s yet"), self->scale->id);
      else if (d.n_faded == 0)
        durability = g_strdup_printf (ngettext ("Durability: %u response, none faded",
                                                "Durability: %u responses, none faded", d.n_episodes),
                                      d.n_episodes);
      else
        /* Translators: "Durability: 3 of 4 responses faded, median 9 days" */
        durability = g_strdup_printf (ngettext ("Durability: %u of %u response faded, median %.0f days",
                                                "Durability: %u of %u responses faded, median %.0f days",
                                                d.n_episodes),
                                      d.n_faded, d.n_episodes, d.median_days_to_fade);
    }
  else
    durability = g_strdup_printf (_("Durability: %s"), baseline);

  gtk_label_set_text (self->durability_label, durability);
  gtk_widget_set_visible (GTK_WIDGET (self->durability_label), TRUE);
}

/* Chart --------------------------------------------------------------------- */

static DateRange
ebb_patient_page_get_range (EbbPatientPage *self)
{
  if (gtk_toggle_button_get_active (self->range_3m))
    return RANGE_3_MONTHS;
  if (gtk_toggle_button_get_active (self->range_6m))
    return RANGE_6_MONTHS;
  if (gtk_toggle_button_get_active (self->range_1y))
    return RANGE_1_YEAR;
  return RANGE_ALL;
}

/* Ranges end at the patient's latest record, not at today: a patient
 * last seen a year ago still shows their last three months. */
static gint32
range_start (EbbPatientPage *self)
{
  static const int days[] = { 91, 182, 365, 0 };
  DateRange range = ebb_patient_page_get_range (self);
  gint32 last = 0;

  if (days[range] == 0)
    return 0;

  for (guint i = 0; i < self->scores->len; i++)
    last = MAX (last, ((EbbScore *) g_ptr_array_index (self->scores, i))->when.day);
  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->status == EBB_SESSION_DONE)
        last = MAX (last, session->when.day);
    }
  last = MIN (MAX (last, 1), self->today);
  return MAX (1, last - days[range]);
}

/* A chart as the page shows it, for the screen, a file or the clipboard. */
static EbbChart *
ebb_patient_page_make_chart (EbbPatientPage *self)
{
  gboolean percent = gtk_toggle_button_get_active (self->percent_button);
  EbbChart *chart;

  if (self->patient == NULL || self->scale == NULL)
    return NULL;

  chart = ebb_chart_new_for_patient (self->patient, self->sessions, self->scores,
                                     percent ? NULL : self->scale, self->today, &self->rules);
  if (ebb_chart_get_n_trajectories (chart) == 0)
    {
      /* % change needs an efficacy scale; fall back to the scores. */
      ebb_chart_free (chart);
      chart = ebb_chart_new_for_patient (self->patient, self->sessions, self->scores,
                                         self->scale, self->today, &self->rules);
    }
  ebb_chart_set_range (chart, range_start (self), 0);
  return chart;
}

static void
ebb_patient_page_update_chart (EbbPatientPage *self)
{
  EbbChart *chart = ebb_patient_page_make_chart (self);
  g_autofree char *label = NULL;

  if (chart == NULL)
    {
      ebb_chart_view_set_chart (self->chart_view, NULL, NULL);
      gtk_stack_set_visible_child_name (self->chart_stack, "no-ratings");
      return;
    }

  /* The page's header names the patient already. */
  ebb_chart_set_parts (chart, EBB_CHART_PART_LEGEND | EBB_CHART_PART_FOOTNOTE);

  if (ebb_chart_get_mode (chart) == EBB_CHART_MODE_PERCENT)
    /* Translators: the chart's accessible name */
    label = g_strdup_printf (_("Change from baseline of %s"), self->patient->code);
  else
    /* Translators: the chart's accessible name, "MADRS trajectory of K-0042" */
    label = g_strdup_printf (_("%s trajectory of %s"), self->scale->id, self->patient->code);

  ebb_chart_view_set_chart (self->chart_view, chart, label);
  gtk_stack_set_visible_child_name (self->chart_stack, "chart");
}

/* Records ------------------------------------------------------------------- */

static void
ebb_patient_page_update_records (EbbPatientPage *self)
{
  g_autoptr(GHashTable) changes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) audit_items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  guint n_scales;
  const EbbScale * const *all = ebb_scale_all (&n_scales);

  if (self->patient != NULL)
    {
      /* The change of each rating from its own scale's baseline. */
      for (guint s = 0; s < n_scales; s++)
        {
          g_autoptr(EbbTrajectory) trajectory = NULL;

          if (!all[s]->efficacy || count_ratings (self, all[s]) == 0)
            continue;
          trajectory = ebb_trajectory_new (self->patient, all[s], self->sessions, self->scores,
                                           self->today, &self->rules);
          for (guint i = 0; i < ebb_trajectory_get_n_points (trajectory); i++)
            {
              const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);

              g_hash_table_insert (changes,
                                   g_memdup2 (&point->score->id, sizeof (gint64)),
                                   g_memdup2 (&point->change_percent, sizeof (double)));
            }
        }

      for (guint i = 0; i < self->scores->len; i++)
        {
          const EbbScore *score = g_ptr_array_index (self->scores, i);
          double *change = g_hash_table_lookup (changes, &score->id);

          g_ptr_array_add (ratings, ebb_rating_item_new (score, change != NULL ? *change : NAN));
        }

      for (guint i = 0; i < self->sessions->len; i++)
        g_ptr_array_add (sessions, ebb_session_item_new (g_ptr_array_index (self->sessions, i)));

      audit = ebb_store_list_audit (self->store, self->patient_id, &error);
      if (audit == NULL)
        show_error (self, _("Could not read the audit trail"), error);
      for (guint i = 0; audit != NULL && i < audit->len; i++)
        g_ptr_array_add (audit_items, ebb_audit_item_new (g_ptr_array_index (audit, i)));
    }

  g_list_store_splice (self->ratings_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ratings_store)),
                       ratings->pdata, ratings->len);
  g_list_store_splice (self->sessions_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sessions_store)),
                       sessions->pdata, sessions->len);
  g_list_store_splice (self->audit_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->audit_store)),
                       audit_items->pdata, audit_items->len);
}

static void
ebb_patient_page_update_actions (EbbPatientPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean patient = self->patient != NULL;
  gboolean writable = patient && !ebb_store_is_read_only (self->store);
  gboolean chart = patient && self->scale != NULL;

  gtk_widget_action_set_enabled (widget, "page.record-rating", writable);
  gtk_widget_action_set_enabled (widget, "page.record-session", writable);
  gtk_widget_action_set_enabled (widget, "page.schedule-next", writable && has_done_session (self));
  gtk_widget_action_set_enabled (widget, "page.edit-patient", writable);
  gtk_widget_action_set_enabled (widget, "page.delete-patient", writable);
  gtk_widget_action_set_enabled (widget, "page.export-chart", chart);
  gtk_widget_action_set_enabled (widget, "page.export-report", patient);
  gtk_widget_action_set_enabled (widget, "page.copy-chart", chart);
}

/* Everything that depends on the selected scale or chart settings. */
static void
ebb_patient_page_update_view (EbbPatientPage *self)
{
  g_clear_pointer (&self->trajectory, ebb_trajectory_free);
  if (self->patient != NULL && self->scale != NULL)
    self->trajectory = ebb_trajectory_new (self->patient, self->scale, self->sessions, self->scores,
                                           self->today, &self->rules);

  ebb_patient_page_update_header (self);
  ebb_patient_page_update_chart (self);
}

static void
ebb_patient_page_clear (EbbPatientPage *self)
{
  g_clear_pointer (&self->patient, ebb_patient_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->scores, g_ptr_array_unref);
  g_clear_pointer (&self->trajectory, ebb_trajectory_free);
  self->scale = NULL;

  ebb_chart_view_set_chart (self->chart_view, NULL, NULL);
  ebb_patient_page_update_flags (self);
  ebb_patient_page_update_records (self);
  ebb_patient_page_update_actions (self);
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
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) scores = NULL;

  if (self->store == NULL || self->patient_id == 0)
    {
      ebb_patient_page_clear (self);
      return;
    }

  patient = ebb_store_get_patient (self->store, self->patient_id, &error);
  if (patient != NULL)
    sessions = ebb_store_list_sessions (self->store, self->patient_id, &error);
  if (sessions != NULL)
    scores = ebb_store_list_scores (self->store, self->patient_id, &error);

  if (scores == NULL)
    {
      /* Deleted (here, by an undo, or elsewhere): show nothing, and say
       * so through patient-id so the window can follow. */
      if (!g_error_matches (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW))
        show_error (self, _("Could not read the patient"), error);
      ebb_patient_page_set_patient_id (self, 0);
      ebb_patient_page_clear (self);
      return;
    }

  g_clear_pointer (&self->patient, ebb_patient_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->scores, g_ptr_array_unref);
  self->patient = g_steal_pointer (&patient);
  self->sessions = g_steal_pointer (&sessions);
  self->scores = g_steal_pointer (&scores);
  self->today = ebb_date_today ();
  ebb_patient_page_load_rules (self);

  ebb_patient_page_update_scales (self, new_patient);
  ebb_patient_page_update_view (self);
  ebb_patient_page_update_flags (self);
  ebb_patient_page_update_records (self);
  ebb_patient_page_update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "patient");
}

static void
ebb_patient_page_reload (EbbPatientPage *self)
{
  ebb_patient_page_reload_full (self, FALSE);
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

static void
scale_selected_cb (EbbPatientPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->scale_dropdown);
  const char *id;

  if (self->updating_scales || self->patient == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  id = gtk_string_list_get_string (self->scale_list, selected);
  self->scale = ebb_scale_lookup (id);
  ebb_patient_page_update_view (self);
}

static void
chart_options_changed_cb (EbbPatientPage *self)
{
  if (self->patient != NULL)
    ebb_patient_page_update_chart (self);
}

static void
range_toggled_cb (EbbPatientPage  *self,
                  GtkToggleButton *button)
{
  /* Each toggle of the group notifies; only the one turned on counts. */
  if (gtk_toggle_button_get_active (button))
    chart_options_changed_cb (self);
}

static void
chart_rating_activated_cb (EbbPatientPage *self,
                           gint64          id,
                           EbbChartView   *view)
{
  ebb_patient_page_edit_rating (self, id);
}

static void
ratings_activate_cb (EbbPatientPage *self,
                     guint           position,
                     GtkColumnView  *view)
{
  g_autoptr(EbbRatingItem) item = g_list_model_get_item (G_LIST_MODEL (self->ratings_sorted), position);

  if (item != NULL)
    ebb_patient_page_edit_rating (self, ebb_rating_item_get_score (item)->id);
}

static void
sessions_activate_cb (EbbPatientPage *self,
                      guint           position,
                      GtkColumnView  *view)
{
  g_autoptr(EbbSessionItem) item = g_list_model_get_item (G_LIST_MODEL (self->sessions_sorted), position);

  if (item != NULL)
    ebb_patient_page_edit_session (self, ebb_session_item_get_session (item)->id);
}

/* Column cells -------------------------------------------------------------- */

/* A text cell shows one property of the row's item, as a string. */
static void
text_cell_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
text_cell_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  const char *property = g_object_get_data (G_OBJECT (factory), "property");
  GObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), property);
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (item, property, &value);
  g_value_init (&text, G_TYPE_STRING);
  g_value_transform (&value, &text);

  gtk_label_set_text (GTK_LABEL (label), g_value_get_string (&text) ? g_value_get_string (&text) : "");
  /* Notes can be long: the whole of one on hover. */
  if (g_object_get_data (G_OBJECT (factory), "tooltip") != NULL)
    gtk_widget_set_tooltip_text (label, g_value_get_string (&text));
}

typedef enum
{
  CELL_TEXT,
  CELL_NUMERIC,   /* right-aligned, tabular figures */
  CELL_LONG,      /* ellipsized, the whole text as a tooltip */
} CellKind;

static void
set_text_column (GtkColumnViewColumn *column,
                 const char          *property,
                 CellKind             kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "property", (gpointer) property);
  g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (kind == CELL_NUMERIC));
  g_object_set_data (G_OBJECT (factory), "tooltip", GINT_TO_POINTER (kind == CELL_LONG));
  g_signal_connect (factory, "setup", G_CALLBACK (text_cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (text_cell_bind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

static gint64
list_item_record_id (GtkListItem *list_item)
{
  GObject *item = gtk_list_item_get_item (list_item);

  if (EBB_IS_RATING_ITEM (item))
    return ebb_rating_item_get_score (EBB_RATING_ITEM (item))->id;
  if (EBB_IS_SESSION_ITEM (item))
    return ebb_session_item_get_session (EBB_SESSION_ITEM (item))->id;
  return 0;
}

static void
edit_clicked_cb (EbbPatientPage *self,
                 GtkButton      *button)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "list-item");

  if (EBB_IS_RATING_ITEM (gtk_list_item_get_item (list_item)))
    ebb_patient_page_edit_rating (self, list_item_record_id (list_item));
  else
    ebb_patient_page_edit_session (self, list_item_record_id (list_item));
}

static void
delete_clicked_cb (EbbPatientPage *self,
                   GtkButton      *button)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "list-item");
  g_autoptr(GError) error = NULL;

  if (EBB_IS_RATING_ITEM (gtk_list_item_get_item (list_item)))
    {
      if (!ebb_patient_page_delete_rating (self, list_item_record_id (list_item), &error))
        show_error (self, _("Could not delete the rating"), error);
    }
  else if (!ebb_patient_page_delete_session (self, list_item_record_id (list_item), &error))
    show_error (self, _("Could not delete the session"), error);
}

static void
actions_cell_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       EbbPatientPage           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_add_css_class (delete, "flat");
  /* Small enough not to make every row taller than its text. */
  gtk_widget_add_css_class (edit, "ebb-row-button");
  gtk_widget_add_css_class (delete, "ebb-row-button");
  g_object_set_data (G_OBJECT (edit), "list-item", list_item);
  g_object_set_data (G_OBJECT (delete), "list-item", list_item);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (delete, "clicked", G_CALLBACK (delete_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), edit);
  gtk_box_append (GTK_BOX (box), delete);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_list_item_set_child (list_item, box);
  /* The buttons are the row's actions; the row itself is not a stop. */
  gtk_list_item_set_activatable (list_item, TRUE);
}

static void
actions_cell_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      EbbPatientPage           *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *edit = gtk_widget_get_first_child (box);
  GtkWidget *delete = gtk_widget_get_next_sibling (edit);
  GObject *item = gtk_list_item_get_item (list_item);
  g_autofree char *edit_label = NULL;
  g_autofree char *delete_label = NULL;
  gboolean writable = self->store != NULL && !ebb_store_is_read_only (self->store);

  if (EBB_IS_RATING_ITEM (item))
    {
      const EbbScore *score = ebb_rating_item_get_score (EBB_RATING_ITEM (item));

      /* Translators: a button's name, "Edit MADRS rating of 2026-11-02" */
      edit_label = g_strdup_printf (_("Edit %s rating of %s"), score->scale_id, score->when_text);
      delete_label = g_strdup_printf (_("Delete %s rating of %s"), score->scale_id, score->when_text);
    }
  else
    {
      const EbbSession *session = ebb_session_item_get_session (EBB_SESSION_ITEM (item));

      edit_label = g_strdup_printf (_("Edit session of %s"), session->when_text);
      delete_label = g_strdup_printf (_("Delete session of %s"), session->when_text);
    }

  gtk_widget_set_tooltip_text (edit, edit_label);
  gtk_widget_set_tooltip_text (delete, delete_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);
  gtk_widget_set_sensitive (edit, writable);
  gtk_widget_set_sensitive (delete, writable);
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

/* The Delete key deletes the selected row, as the row's button does. */
static gboolean
delete_key_cb (GtkWidget *view,
               GVariant  *args,
               gpointer   user_data)
{
  EbbPatientPage *self = EBB_PATIENT_PAGE (user_data);
  g_autoptr(GError) error = NULL;
  GObject *item;

  if (self->store == NULL || ebb_store_is_read_only (self->store))
    return FALSE;

  if (view == GTK_WIDGET (self->ratings_view))
    {
      item = gtk_single_selection_get_selected_item (self->ratings_selection);
      if (item == NULL)
        return FALSE;
      if (!ebb_patient_page_delete_rating (self, ebb_rating_item_get_score (EBB_RATING_ITEM (item))->id, &error))
        show_error (self, _("Could not delete the rating"), error);
    }
  else
    {
      item = gtk_single_selection_get_selected_item (self->sessions_selection);
      if (item == NULL)
        return FALSE;
      if (!ebb_patient_page_delete_session (self, ebb_session_item_get_session (EBB_SESSION_ITEM (item))->id, &error))
        show_error (self, _("Could not delete the session"), error);
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

/* Actions ------------------------------------------------------------------- */

static void
page_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EbbPatientPage *self = EBB_PATIENT_PAGE (widget);

  if (g_str_equal (action_name, "page.record-rating"))
    ebb_patient_page_record_rating (self);
  else if (g_str_equal (action_name, "page.record-session"))
    ebb_patient_page_record_session (self);
  else if (g_str_equal (action_name, "page.schedule-next"))
    ebb_patient_page_schedule_next (self);
  else if (g_str_equal (action_name, "page.edit-patient"))
    ebb_patient_page_edit_patient (self);
  else if (g_str_equal (action_name, "page.delete-patient"))
    ebb_patient_page_delete_patient (self);
  else if (g_str_equal (action_name, "page.export-chart"))
    ebb_patient_page_export (self);
  else if (g_str_equal (action_name, "page.export-report"))
    ebb_patient_page_export_report (self);
  else if (g_str_equal (action_name, "page.copy-chart"))
    ebb_patient_page_copy_chart (self);
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
  g_clear_pointer (&self->scores, g_ptr_array_unref);
  g_clear_pointer (&self->trajectory, ebb_trajectory_free);
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  g_clear_pointer (&self->flag_rows, g_ptr_array_unref);
  g_clear_pointer (&self->status_text, g_free);

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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_patient_page_class_init (EbbPatientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const actions[] = {
    "page.record-rating", "page.record-session", "page.schedule-next",
    "page.edit-patient", "page.delete-patient",
    "page.export-chart", "page.export-report", "page.copy-chart",
  };

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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, page_action_cb);

  g_type_ensure (EBB_TYPE_CHART_VIEW);
  g_type_ensure (EBB_TYPE_RATING_ITEM);
  g_type_ensure (EBB_TYPE_SESSION_ITEM);
  g_type_ensure (EBB_TYPE_AUDIT_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ebbpatientpage");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-patient-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, next_label);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, durability_label);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, scale_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, scale_list);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, percent_button);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, range_box);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, range_3m);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, range_6m);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, range_1y);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, range_all);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, chart_view);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, flags_group);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, records_stack);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, ratings_view);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, ratings_selection);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, ratings_sorted);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, ratings_store);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, sessions_view);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, sessions_selection);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, sessions_sorted);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, sessions_store);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, audit_view);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, audit_store);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, rating_when_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, rating_scale_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, rating_total_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, rating_band_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, rating_change_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, rating_items_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, rating_note_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, rating_actions_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, session_when_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, session_status_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, session_phase_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, session_route_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, session_dose_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, session_bp_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, session_note_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, session_actions_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, audit_at_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, audit_action_column);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientPage, audit_what_column);
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
  GtkToggleButton *ranges[4];

  gtk_widget_init_template (GTK_WIDGET (self));
  ebb_patient_page_load_css ();

  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  self->flag_rows = g_ptr_array_new ();
  self->today = ebb_date_today ();
  ebb_rule_settings_init_defaults (&self->rules);

  set_text_column (self->rating_when_column, "when", CELL_TEXT);
  set_text_column (self->rating_scale_column, "scale", CELL_TEXT);
  set_text_column (self->rating_total_column, "total", CELL_NUMERIC);
  set_text_column (self->rating_band_column, "band", CELL_TEXT);
  set_text_column (self->rating_change_column, "change-text", CELL_NUMERIC);
  set_text_column (self->rating_items_column, "items-text", CELL_LONG);
  set_text_column (self->rating_note_column, "note", CELL_LONG);
  set_actions_column (self, self->rating_actions_column);
  set_text_column (self->session_when_column, "when", CELL_TEXT);
  set_text_column (self->session_status_column, "status", CELL_TEXT);
  set_text_column (self->session_phase_column, "phase", CELL_TEXT);
  set_text_column (self->session_route_column, "route", CELL_TEXT);
  set_text_column (self->session_dose_column, "dose-text", CELL_NUMERIC);
  set_text_column (self->session_bp_column, "bp-text", CELL_TEXT);
  set_text_column (self->session_note_column, "note", CELL_LONG);
  set_actions_column (self, self->session_actions_column);
  set_text_column (self->audit_at_column, "at", CELL_TEXT);
  set_text_column (self->audit_action_column, "action", CELL_TEXT);
  set_text_column (self->audit_what_column, "what", CELL_LONG);

  if (app_settings () != NULL)
    g_signal_connect_object (app_settings (), "changed",
                             G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  add_delete_shortcut (self, GTK_WIDGET (self->ratings_view));
  add_delete_shortcut (self, GTK_WIDGET (self->sessions_view));

  /* Newest first, as a clinician reads a record. */
  gtk_column_view_sort_by_column (self->ratings_view, self->rating_when_column, GTK_SORT_DESCENDING);
  gtk_column_view_sort_by_column (self->sessions_view, self->session_when_column, GTK_SORT_DESCENDING);
  gtk_column_view_sort_by_column (self->audit_view, self->audit_at_column, GTK_SORT_DESCENDING);

  g_signal_connect_object (self->scale_dropdown, "notify::selected",
                           G_CALLBACK (scale_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->percent_button, "toggled",
                           G_CALLBACK (chart_options_changed_cb), self, G_CONNECT_SWAPPED);
  ranges[0] = self->range_3m;
  ranges[1] = self->range_6m;
  ranges[2] = self->range_1y;
  ranges[3] = self->range_all;
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    g_signal_connect_object (ranges[i], "toggled", G_CALLBACK (range_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_view, "rating-activated",
                           G_CALLBACK (chart_rating_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ratings_view, "activate",
                           G_CALLBACK (ratings_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sessions_view, "activate",
                           G_CALLBACK (sessions_activate_cb), self, G_CONNECT_SWAPPED);

  ebb_patient_page_update_actions (self);
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
      /* A new patient starts with the whole history, in scores. */
      gtk_toggle_button_set_active (self->range_all, TRUE);
      gtk_toggle_button_set_active (self->percent_button, FALSE);
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

EbbStore *
ebb_patient_page_get_store (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  return self->store;
}

void
ebb_patient_page_record_rating (EbbPatientPage *self)
{
  GSettings *settings = app_settings ();
  g_autofree char *fallback = NULL;
  const char *scale_id;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  /* The scale on screen, else the clinic's default. */
  if (self->scale != NULL)
    scale_id = self->scale->id;
  else if (settings != NULL)
    scale_id = fallback = g_settings_get_string (settings, "default-scale");
  else
    scale_id = self->patient->preferred_scale;

  ebb_patient_page_present (self, ebb_rating_dialog_new (ebb_patient_page_get_parent (self),
                                                         self->store, self->patient_id,
                                                         NULL, scale_id));
}

void
ebb_patient_page_record_session (EbbPatientPage *self)
{
  g_autoptr(EbbSession) session = NULL;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  /* Most sessions repeat the last one's phase, route and dose. */
  for (guint i = self->sessions->len; i > 0; i--)
    {
      const EbbSession *last = g_ptr_array_index (self->sessions, i - 1);

      if (last->status == EBB_SESSION_DONE)
        {
          g_autofree char *today = ebb_date_format (self->today);

          session = ebb_session_new ();
          session->patient_id = self->patient_id;
          session->status = EBB_SESSION_DONE;
          session->phase = last->phase;
          session->route = last->route;
          session->dose_mg = last->dose_mg;
          ebb_session_set_when (session, today, NULL);
          break;
        }
    }

  ebb_patient_page_present (self, ebb_session_dialog_new (ebb_patient_page_get_parent (self),
                                                          self->store, self->patient_id, session));
}

/**
 * ebb_patient_page_schedule_next:
 *
 * Opens the session dialog with the next maintenance session filled in
 * (see ebb_session_propose_next()), so that one click on Save books it.
 */
void
ebb_patient_page_schedule_next (EbbPatientPage *self)
{
  g_autoptr(EbbSession) next = NULL;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  next = ebb_session_propose_next (self->sessions, self->patient_id, self->today);
  if (next == NULL)
    {
      g_autofree char *today = ebb_date_format (self->today);

      next = ebb_session_new ();
      next->patient_id = self->patient_id;
      next->status = EBB_SESSION_SCHEDULED;
      ebb_session_set_when (next, today, NULL);
    }

  ebb_patient_page_present (self, ebb_session_dialog_new (ebb_patient_page_get_parent (self),
                                                          self->store, self->patient_id, next));
}

void
ebb_patient_page_edit_patient (EbbPatientPage *self)
{
  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  ebb_patient_page_present (self, ebb_patient_dialog_new (ebb_patient_page_get_parent (self),
                                                          self->store, self->patient));
}

static void
delete_patient_response_cb (EbbPatientPage   *self,
                            const char       *response,
                            AdwMessageDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  Deleted *deleted;

  if (!g_str_equal (response, "delete") || self->patient == NULL)
    return;

  /* Copies taken before deleting: they are what Undo puts back. */
  deleted = deleted_new (self);
  deleted->patient = ebb_patient_copy (self->patient);
  deleted->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_session_free);
  for (guint i = 0; i < self->sessions->len; i++)
    g_ptr_array_add (deleted->sessions, ebb_session_copy (g_ptr_array_index (self->sessions, i)));
  deleted->scores = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_score_free);
  for (guint i = 0; i < self->scores->len; i++)
    g_ptr_array_add (deleted->scores, ebb_score_copy (g_ptr_array_index (self->scores, i)));

  if (!ebb_store_delete_patient (self->store, self->patient_id, &error))
    {
      show_error (self, _("Could not delete the patient"), error);
      deleted_free (deleted);
      return;
    }

  /* Translators: a toast, "Patient K-0042 deleted" */
  message = g_strdup_printf (_("Patient %s deleted"), deleted->patient->code);
  ebb_patient_page_offer_undo (self, message, deleted);
}

void
ebb_patient_page_delete_patient (EbbPatientPage *self)
{
  GtkWidget *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *ratings = NULL;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  /* Translators: a question, "Delete K-0042?" */
  heading = g_strdup_printf (_("Delete %s?"), self->patient->code);
  dialog = adw_message_dialog_new (ebb_patient_page_get_parent (self), heading, NULL);
  sessions = g_strdup_printf (ngettext ("%u session", "%u sessions", self->sessions->len),
                              self->sessions->len);
  ratings = g_strdup_printf (ngettext ("%u rating", "%u ratings", self->scores->len),
                             self->scores->len);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: "… with 12 sessions and 30 ratings …" */
                                  _("The patient is deleted with %s and %s. You can undo this "
                                    "until Ebb is closed, and the audit trail keeps a record of "
                                    "what was deleted."),
                                  sessions, ratings);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_patient_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
ebb_patient_page_delete_rating (EbbPatientPage  *self,
                                gint64           score_id,
                                GError         **error)
{
  const EbbScore *score;
  Deleted *deleted;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  score = find_score (self, score_id);
  if (score == NULL)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                   _("The rating is no longer there"));
      return FALSE;
    }

  deleted = deleted_new (self);
  deleted->score = ebb_score_copy (score);
  if (!ebb_store_delete_score (self->store, score_id, error))
    {
      deleted_free (deleted);
      return FALSE;
    }

  ebb_patient_page_offer_undo (self, _("Rating deleted"), deleted);
  return TRUE;
}

gboolean
ebb_patient_page_delete_session (EbbPatientPage  *self,
                                 gint64           session_id,
                                 GError         **error)
{
  const EbbSession *session;
  Deleted *deleted;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = find_session (self, session_id);
  if (session == NULL)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                   _("The session is no longer there"));
      return FALSE;
    }

  deleted = deleted_new (self);
  deleted->session = ebb_session_copy (session);
  if (!ebb_store_delete_session (self->store, session_id, error))
    {
      deleted_free (deleted);
      return FALSE;
    }

  ebb_patient_page_offer_undo (self, _("Session deleted"), deleted);
  return TRUE;
}

void
ebb_patient_page_export (EbbPatientPage *self)
{
  EbbChart *chart;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  chart = ebb_patient_page_make_chart (self);
  if (chart == NULL)
    return;
  ebb_export_chart (GTK_WIDGET (self), chart, self->patient->code,
                    ebb_chart_get_mode (chart) == EBB_CHART_MODE_SCORE ? self->scale->id : NULL);
}

void
ebb_patient_page_export_report (EbbPatientPage *self)
{
  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;
  ebb_export_report (GTK_WIDGET (self), self->store, self->patient_id,
                     self->scale != NULL ? self->scale->id : NULL);
}

void
ebb_patient_page_copy_chart (EbbPatientPage *self)
{
  g_autoptr(EbbChart) chart = NULL;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  chart = ebb_patient_page_make_chart (self);
  if (chart == NULL)
    return;
  ebb_export_copy_chart (GTK_WIDGET (self), chart);
}

const char *
ebb_patient_page_get_scale_id (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  return self->scale != NULL ? self->scale->id : NULL;
}

/**
 * ebb_patient_page_get_status_text:
 *
 * Returns: (nullable): the status shown in the header ("Responding" …)
 */
const char *
ebb_patient_page_get_status_text (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  return self->patient != NULL ? self->status_text : NULL;
}

guint
ebb_patient_page_get_n_flags (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), 0);

  return self->flags->len;
}

/**
 * ebb_patient_page_get_flag_text:
 *
 * Returns: the one-line explanation of the flag shown at @index (most
 *   urgent first)
 */
const char *
ebb_patient_page_get_flag_text (EbbPatientPage *self,
                                guint           index)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);
  g_return_val_if_fail (index < self->flags->len, NULL);

  return ((EbbFlag *) g_ptr_array_index (self->flags, index))->detail;
}

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

GtkWidget *
ebb_patient_page_get_chart_view (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  return GTK_WIDGET (self->chart_view);
}

/**
 * ebb_patient_page_get_undo_stack:
 *
 * Returns: (transfer none): where the page's deletions are undone from
 */
EbbUndoStack *
ebb_patient_page_get_undo_stack (EbbPatientPage *self)
{
  EbbWindow *window;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  window = ebb_patient_page_get_window (self);
  if (window != NULL)
    return ebb_window_get_undo_stack (window);

  if (self->own_undo_stack == NULL)
    self->own_undo_stack = ebb_undo_stack_new ();
  return self->own_undo_stack;
}
