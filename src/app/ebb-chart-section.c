/* ebb-chart-section.c — the patient page's chart and what it shows
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart of one scale, with what it shows above it: the scale (a
 * drop-down, or its name when there is one only), scores or % change,
 * the date range, and whether the blood-pressure and dissociation
 * panels go under it.  The page lists the scales the patient was rated
 * on, draws the chart for these choices (ebb-patient-page-trajectory.c)
 * and follows the properties that say them.  A rating activated on the
 * chart opens through page.edit-rating, as a row of the table does.
 */
#define G_LOG_DOMAIN "ebb-chart-section"

#include "config.h"

#include "ebb-chart-section.h"
#include "ebb-chart-view.h"
#include "ebb-wrap-box.h"

struct _EbbChartSection
{
  GtkWidget        parent_instance;

  char            *scale_id;
  guint            range_days;
  guint            updating_scales : 1;

  /* Template children */
  GtkWidget       *box;
  GtkDropDown     *scale_dropdown;
  GtkLabel        *scale_label;
  GtkStringList   *scale_list;
  GtkToggleButton *percent_button;
  GtkToggleButton *panels_button;
  GtkWidget       *range_box;
  GtkToggleButton *range_3m;
  GtkToggleButton *range_6m;
  GtkToggleButton *range_1y;
  GtkToggleButton *range_all;
  GtkStack        *chart_stack;
  EbbChartView    *chart_view;
};

G_DEFINE_FINAL_TYPE (EbbChartSection, ebb_chart_section, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCALE_ID,
  PROP_PERCENT,
  PROP_RANGE_DAYS,
  PROP_PANELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_scale_id (EbbChartSection *self,
              const char      *scale_id)
{
  if (g_strcmp0 (self->scale_id, scale_id) == 0)
    return;
  g_free (self->scale_id);
  self->scale_id = g_strdup (scale_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_ID]);
}

/* Callbacks ----------------------------------------------------------------- */

static void
scale_selected_cb (EbbChartSection *self)
{
  guint selected = gtk_drop_down_get_selected (self->scale_dropdown);

  if (self->updating_scales || selected == GTK_INVALID_LIST_POSITION)
    return;
  set_scale_id (self, gtk_string_list_get_string (self->scale_list, selected));
}

static void
percent_toggled_cb (EbbChartSection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERCENT]);
}

static void
panels_toggled_cb (EbbChartSection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PANELS]);
}

static void
range_toggled_cb (EbbChartSection *self,
                  GtkToggleButton *button)
{
  guint days;

  /* Each toggle of the group notifies; only the one turned on counts. */
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->range_3m)
    days = 91;
  else if (button == self->range_6m)
    days = 182;
  else if (button == self->range_1y)
    days = 365;
  else
    days = 0;
  if (self->range_days == days)
    return;
  self->range_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE_DAYS]);
}

static void
rating_activated_cb (EbbChartSection *self,
                     gint64           id,
                     EbbChartView    *view)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "page.edit-rating", "x", id);
}

/* GObject ------------------------------------------------------------------- */

static void
ebb_chart_section_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EBB_TYPE_CHART_SECTION);

  G_OBJECT_CLASS (ebb_chart_section_parent_class)->dispose (object);
}

static void
ebb_chart_section_finalize (GObject *object)
{
  EbbChartSection *self = EBB_CHART_SECTION (object);

  g_clear_pointer (&self->scale_id, g_free);

  G_OBJECT_CLASS (ebb_chart_section_parent_class)->finalize (object);
}

static void
ebb_chart_section_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EbbChartSection *self = EBB_CHART_SECTION (object);

  switch (prop_id)
    {
    case PROP_SCALE_ID:
      g_value_set_string (value, self->scale_id);
      break;

    case PROP_PERCENT:
      g_value_set_boolean (value, ebb_chart_section_get_percent (self));
      break;

    case PROP_RANGE_DAYS:
      g_value_set_uint (value, self->range_days);
      break;

    case PROP_PANELS:
      g_value_set_boolean (value, ebb_chart_section_get_panels (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_chart_section_class_init (EbbChartSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ebb_chart_section_dispose;
  object_class->finalize = ebb_chart_section_finalize;
  object_class->get_property = ebb_chart_section_get_property;

  /**
   * EbbChartSection:scale-id:
   *
   * The scale charted, or %NULL for none: the one picked, or the one
   * ebb_chart_section_set_scales() said.
   */
  properties[PROP_SCALE_ID] = g_param_spec_string ("scale-id", NULL, NULL, NULL, flags);
  /* Every scale as change from its baseline, rather than its scores */
  properties[PROP_PERCENT] = g_param_spec_boolean ("percent", NULL, NULL, FALSE, flags);
  /* How many days before the latest record the chart starts, or 0 for
   * the whole history */
  properties[PROP_RANGE_DAYS] = g_param_spec_uint ("range-days", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* The blood-pressure and dissociation panels under the trajectory */
  properties[PROP_PANELS] = g_param_spec_boolean ("panels", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EBB_TYPE_CHART_VIEW);
  g_type_ensure (EBB_TYPE_WRAP_BOX);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-chart-section.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, box);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, scale_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, scale_label);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, scale_list);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, percent_button);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, panels_button);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, range_box);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, range_3m);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, range_6m);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, range_1y);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, range_all);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, EbbChartSection, chart_view);
  gtk_widget_class_bind_template_callback (widget_class, scale_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, percent_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, panels_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, rating_activated_cb);
}

static void
ebb_chart_section_init (EbbChartSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API ---------------------------------------------------------------- */

/**
 * ebb_chart_section_set_scales:
 * @scale_ids: (array zero-terminated=1): the scales the patient was rated
 *   on, in the catalogue's order
 * @selected: (nullable): the one to chart, among them, or %NULL for none
 */
void
ebb_chart_section_set_scales (EbbChartSection    *self,
                              const char * const *scale_ids,
                              const char         *selected)
{
  guint n_scales;
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (EBB_IS_CHART_SECTION (self));
  g_return_if_fail (scale_ids != NULL);

  n_scales = g_strv_length ((char **) scale_ids);
  for (guint i = 0; selected != NULL && i < n_scales; i++)
    if (g_str_equal (scale_ids[i], selected))
      position = i;

  self->updating_scales = TRUE;
  gtk_string_list_splice (self->scale_list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->scale_list)),
                          scale_ids);
  gtk_drop_down_set_selected (self->scale_dropdown, position);
  self->updating_scales = FALSE;
  set_scale_id (self, selected);

  /* One scale only: its name, not a drop-down with nothing to choose;
   * none: no chart controls either. */
  gtk_widget_set_visible (GTK_WIDGET (self->scale_dropdown), n_scales > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->scale_label), n_scales == 1 && selected != NULL);
  gtk_label_set_text (self->scale_label, selected != NULL ? selected : "");
  gtk_widget_set_visible (GTK_WIDGET (self->percent_button), selected != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->panels_button), selected != NULL);
  gtk_widget_set_visible (self->range_box, selected != NULL);
}

const char *
ebb_chart_section_get_scale_id (EbbChartSection *self)
{
  g_return_val_if_fail (EBB_IS_CHART_SECTION (self), NULL);

  return self->scale_id;
}

gboolean
ebb_chart_section_get_percent (EbbChartSection *self)
{
  g_return_val_if_fail (EBB_IS_CHART_SECTION (self), FALSE);

  return gtk_toggle_button_get_active (self->percent_button);
}

/**
 * ebb_chart_section_get_panels:
 *
 * Returns: whether the blood-pressure and dissociation panels are asked
 *   for under the trajectory
 */
gboolean
ebb_chart_section_get_panels (EbbChartSection *self)
{
  g_return_val_if_fail (EBB_IS_CHART_SECTION (self), FALSE);

  return gtk_toggle_button_get_active (self->panels_button);
}

guint
ebb_chart_section_get_range_days (EbbChartSection *self)
{
  g_return_val_if_fail (EBB_IS_CHART_SECTION (self), 0);

  return self->range_days;
}

/* A new patient starts with the whole history, in scores.  The panels
 * stay as they were: whether to see what sessions cost alongside the
 * ratings is how this clinician reads charts, not a view of one patient. */
void
ebb_chart_section_reset (EbbChartSection *self)
{
  g_return_if_fail (EBB_IS_CHART_SECTION (self));

  gtk_toggle_button_set_active (self->range_all, TRUE);
  gtk_toggle_button_set_active (self->percent_button, FALSE);
}

/**
 * ebb_chart_section_set_chart:
 * @chart: (transfer full) (nullable): the chart, or %NULL for none yet
 * @label: (nullable): its name for screen readers, "MADRS trajectory of
 *   K-0042"
 */
void
ebb_chart_section_set_chart (EbbChartSection *self,
                             EbbChart        *chart,
                             const char      *label)
{
  g_return_if_fail (EBB_IS_CHART_SECTION (self));

  ebb_chart_view_set_chart (self->chart_view, chart, label);
  gtk_stack_set_visible_child_name (self->chart_stack, chart != NULL ? "chart" : "no-ratings");
}

GtkWidget *
ebb_chart_section_get_chart_view (EbbChartSection *self)
{
  g_return_val_if_fail (EBB_IS_CHART_SECTION (self), NULL);

  return GTK_WIDGET (self->chart_view);
}
