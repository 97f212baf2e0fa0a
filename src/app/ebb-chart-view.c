/* ebb-chart-view.c — the chart of one patient, drawn by EbbChart
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget draws nothing itself: snapshot() hands a cairo context to
 * ebb_chart_draw(), the same function the exports and the report use, and
 * hovering and clicking ask ebb_chart_hit_test() about the same layout.
 * GTK renders the snapshot at the display's scale, so HiDPI needs no
 * cached surface.
 */
#define G_LOG_DOMAIN "ebb-chart-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ebb-application.h"
#include "ebb-chart-view.h"
#include "ebb-record-items.h"

/* The chart's sizes are points; the desktop's text is set in points at
 * gtk-xft-dpi (96 by default, more with Large Text). */
#define POINTS_PER_INCH 72.0

struct _EbbChartView
{
  GtkWidget  parent_instance;

  EbbChart  *chart;
  GSettings *settings;      /* the application's, or NULL in tests */
  char      *label;
};

G_DEFINE_FINAL_TYPE (EbbChartView, ebb_chart_view, GTK_TYPE_WIDGET)

enum {
  RATING_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
ebb_chart_view_get_scale (EbbChartView *self)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  int xft_dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &xft_dpi, NULL);
  if (xft_dpi <= 0)
    xft_dpi = 96 * 1024;
  return (xft_dpi / 1024.0) / POINTS_PER_INCH;
}

EbbChartTheme
ebb_chart_view_get_theme (EbbChartView *self)
{
  g_return_val_if_fail (EBB_IS_CHART_VIEW (self), EBB_CHART_THEME_LIGHT);

  if (self->settings != NULL)
    {
      /* The enum's nicks: system, light, dark, print */
      switch (g_settings_get_enum (self->settings, "chart-theme"))
        {
        case 1: return EBB_CHART_THEME_LIGHT;
        case 2: return EBB_CHART_THEME_DARK;
        case 3: return EBB_CHART_THEME_PRINT;
        default: break;
        }
      return adw_style_manager_get_dark (adw_style_manager_get_default ()) ?
             EBB_CHART_THEME_DARK : EBB_CHART_THEME_LIGHT;
    }

  /* Without the application (in tests) the light theme keeps pixels
   * predictable. */
  return EBB_CHART_THEME_LIGHT;
}

static gboolean
ebb_chart_view_hit_test (EbbChartView *self,
                         double        x,
                         double        y,
                         EbbChartHit  *hit)
{
  double scale = ebb_chart_view_get_scale (self);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->chart == NULL || width <= 0 || height <= 0)
    return FALSE;
  return ebb_chart_hit_test (self->chart, width / scale, height / scale,
                             x / scale, y / scale, hit);
}

static void
ebb_chart_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  EbbChartView *self = EBB_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double scale;
  cairo_t *cr;

  if (self->chart == NULL || width <= 0 || height <= 0)
    return;

  scale = ebb_chart_view_get_scale (self);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_scale (cr, scale, scale);
  ebb_chart_set_theme (self->chart, ebb_chart_view_get_theme (self));
  ebb_chart_draw (self->chart, cr, width / scale, height / scale);
  cairo_destroy (cr);
}

static GtkSizeRequestMode
ebb_chart_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The panels under the trajectory take height of their own, so that the
 * trajectory keeps its size when they are shown. */
static int
panels_height (EbbChartView *self)
{
  const EbbChartPanels panels = self->chart != NULL ? ebb_chart_get_panels (self->chart) : EBB_CHART_PANEL_NONE;

  return ((panels & EBB_CHART_PANEL_BLOOD_PRESSURE) ? 120 : 0) +
         ((panels & EBB_CHART_PANEL_DISSOCIATION) ? 70 : 0);
}

static void
ebb_chart_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 720;
    }
  else
    {
      /* Wider charts get taller, but not so tall that the flags below
       * leave the window. */
      const int panels = panels_height (EBB_CHART_VIEW (widget));

      *minimum = 240 + panels;
      *natural = (for_size > 0 ? CLAMP (for_size * 2 / 5, 260, 420) : 320) + panels;
    }
}

static void
ebb_chart_view_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ebb_chart_view_parent_class)->css_changed (widget, change);

  /* High contrast and dark style come with a CSS change. */
  gtk_widget_queue_draw (widget);
}

/* The tooltip names what is under the pointer: for a rating its score,
 * band, date and change from baseline; for a session what was given. */
static gboolean
ebb_chart_view_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  EbbChartView *self = EBB_CHART_VIEW (widget);
  g_autofree char *text = NULL;
  g_autoptr(GString) markup = NULL;
  EbbChartHit hit;

  if (keyboard_mode || !ebb_chart_view_hit_test (self, x, y, &hit))
    return FALSE;

  text = ebb_chart_describe_hit (self->chart, &hit);
  if (text == NULL)
    return FALSE;

  markup = g_string_new (NULL);
  if (hit.kind == EBB_CHART_HIT_RATING)
    {
      const EbbRating *rating = hit.point->rating;
      const EbbScale *scale = ebb_scale_lookup (rating->scale_id);
      const char *band = scale != NULL ? ebb_band_display (scale, rating->total) : NULL;
      const char *rest = strchr (text, '\n');
      g_autofree char *escaped = g_markup_escape_text (rest != NULL ? rest + 1 : "", -1);

      g_string_append_printf (markup, "<b>%s %d</b>", rating->scale_id, rating->total);
      if (band != NULL)
        g_string_append_printf (markup, " · %s", band);
      g_string_append_printf (markup, " · %s", rating->when_text);
      if (*escaped != '\0')
        g_string_append_printf (markup, "\n%s", escaped);
      g_string_append_printf (markup, "\n<small>%s</small>", _("Click to edit"));
    }
  else
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      g_string_append (markup, escaped);
    }

  gtk_tooltip_set_markup (tooltip, markup->str);
  return TRUE;
}

static void
click_released_cb (EbbChartView    *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  EbbChartHit hit;

  if (!ebb_chart_view_hit_test (self, x, y, &hit) || hit.kind != EBB_CHART_HIT_RATING)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[RATING_ACTIVATED], 0, hit.point->rating->id);
}

static void
motion_cb (EbbChartView             *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  EbbChartHit hit;
  gboolean on_rating = ebb_chart_view_hit_test (self, x, y, &hit) && hit.kind == EBB_CHART_HIT_RATING;

  /* A rating can be clicked to edit it: say so with the pointer. */
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), on_rating ? "pointer" : NULL);
}

static void
theme_changed_cb (EbbChartView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ebb_chart_view_update_accessible (EbbChartView *self)
{
  g_autofree char *description = NULL;

  if (self->chart != NULL)
    description = ebb_chart_describe (self->chart);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->label != NULL ? self->label : _("Trajectory chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : _("No ratings to show."),
                                  -1);
}

static void
ebb_chart_view_dispose (GObject *object)
{
  EbbChartView *self = EBB_CHART_VIEW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->chart, ebb_chart_free);

  G_OBJECT_CLASS (ebb_chart_view_parent_class)->dispose (object);
}

static void
ebb_chart_view_finalize (GObject *object)
{
  EbbChartView *self = EBB_CHART_VIEW (object);

  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (ebb_chart_view_parent_class)->finalize (object);
}

static void
ebb_chart_view_class_init (EbbChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_chart_view_dispose;
  object_class->finalize = ebb_chart_view_finalize;

  widget_class->snapshot = ebb_chart_view_snapshot;
  widget_class->get_request_mode = ebb_chart_view_get_request_mode;
  widget_class->measure = ebb_chart_view_measure;
  widget_class->css_changed = ebb_chart_view_css_changed;
  widget_class->query_tooltip = ebb_chart_view_query_tooltip;

  /**
   * EbbChartView::rating-activated:
   * @id: the rating's row id
   *
   * Emitted when a rating on the chart is clicked, to edit it.
   */
  signals[RATING_ACTIVATED] =
    g_signal_new ("rating-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "ebbchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ebb_chart_view_init (EbbChartView *self)
{
  GApplication *app = g_application_get_default ();
  GtkGesture *click;
  GtkEventController *motion;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (theme_changed_cb), self, G_CONNECT_SWAPPED);

  if (EBB_IS_APPLICATION (app))
    {
      GSettings *settings = ebb_application_get_settings (EBB_APPLICATION (app));

      if (settings != NULL)
        {
          self->settings = g_object_ref (settings);
          g_signal_connect_object (self->settings, "changed::chart-theme",
                                   G_CALLBACK (theme_changed_cb), self, G_CONNECT_SWAPPED);
        }
    }

  ebb_chart_view_update_accessible (self);
}

void
ebb_chart_view_set_chart (EbbChartView *self,
                          EbbChart     *chart,
                          const char   *label)
{
  int panels_before;

  g_return_if_fail (EBB_IS_CHART_VIEW (self));

  panels_before = panels_height (self);
  if (self->chart != chart)
    g_clear_pointer (&self->chart, ebb_chart_free);
  self->chart = chart;
  if (panels_height (self) != panels_before)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  g_free (self->label);
  self->label = g_strdup (label);

  /* Like AdwAvatar: the accessible text follows the content. */
  ebb_chart_view_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

EbbChart *
ebb_chart_view_get_chart (EbbChartView *self)
{
  g_return_val_if_fail (EBB_IS_CHART_VIEW (self), NULL);

  return self->chart;
}
