/* ebb-chart-legend.c — the legend
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only what the chart shows, in rows that wrap: the scales, the session
 * phases and states, faded spans, the projection, suicide-item alerts
 * and relapses: every mark drawn over the data.  Baseline, threshold and
 * remission are labelled where they are drawn and need no entry.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"

/* Entries ----------------------------------------------------------------- */

typedef enum
{
  LEGEND_SERIES,
  LEGEND_SESSION_PHASE,
  LEGEND_SCHEDULED,
  LEGEND_OFF,
  LEGEND_FADE,
  LEGEND_PROJECTION,
  LEGEND_ALERT,
  LEGEND_RELAPSE,
  LEGEND_MEDICINE,
  LEGEND_EVENT,
  LEGEND_EVENT_ALARM,
} LegendKind;

typedef struct
{
  LegendKind  kind;
  int         arg;      /* series index (-1: no baseline), or phase */
  char       *label;
} LegendItem;

static void
legend_item_clear (LegendItem *item)
{
  g_free (item->label);
}

static void
add_legend (GArray     *items,
            LegendKind  kind,
            int         arg,
            char       *label)
{
  LegendItem item = { kind, arg, label };

  g_array_append_val (items, item);
}

/* Only what the chart shows: a compact legend.  Baseline, threshold and
 * remission are labelled where they are drawn and need no entry. */
GArray *
_ebb_chart_collect_legend (EbbChart *self,
                           double    day_min,
                           double    day_max)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  GPtrArray *sessions = _ebb_chart_sessions (self);
  gboolean phases[EBB_PHASE_RESCUE + 1] = { FALSE };
  gboolean scheduled = FALSE, off = FALSE, fade = FALSE, projection = FALSE, alert = FALSE, relapse = FALSE;
  EbbChartLayout domain = { .day_min = day_min, .day_max = day_max };

  g_array_set_clear_func (items, (GDestroyNotify) legend_item_clear);

  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, t);
      const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
      const guint n = ebb_trajectory_get_n_points (trajectory);
      double start, end;
      gboolean fades;

      if (self->mode == EBB_CHART_MODE_PERCENT)
        {
          if (_ebb_chart_has_baseline (trajectory))
            add_legend (items, LEGEND_SERIES, t, g_strdup (scale->id));
          else
            add_legend (items, LEGEND_SERIES, -1, g_strdup_printf (_("%s: no baseline"), scale->id));
        }
      else if (n > 0)
        add_legend (items, LEGEND_SERIES, 0, g_strdup (scale->id));

      if (!_ebb_chart_is_drawn (self, trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          alert |= point->suicide_alert && _ebb_chart_day_in_domain (&domain,
                                                                     _ebb_chart_when_day (&point->rating->when));
        }
      for (guint e = 0; e < ebb_trajectory_get_n_episodes (trajectory); e++)
        if (_ebb_chart_fade_span (trajectory, ebb_trajectory_get_episode (trajectory, e), &start, &end))
          fade |= end >= day_min && start <= day_max;
      if (_ebb_chart_projection_span (trajectory, &start, &end, &fades))
        projection |= end >= day_min && start <= day_max;
      for (guint f = 0; f < ebb_trajectory_get_flags (trajectory)->len; f++)
        {
          const EbbFlag *flag = g_ptr_array_index (ebb_trajectory_get_flags (trajectory), f);

          relapse |= flag->kind == EBB_FLAG_RELAPSE && _ebb_chart_day_in_domain (&domain, flag->day);
        }
    }

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (!_ebb_chart_session_is_shown (self, &domain, session))
        continue;
      if (session->status == EBB_SESSION_DONE)
        phases[session->phase] = TRUE;
      else if (session->status == EBB_SESSION_SCHEDULED)
        {
          phases[session->phase] = TRUE;
          scheduled = TRUE;
        }
      else
        off = TRUE;
    }

  for (int p = EBB_PHASE_INDUCTION; p <= EBB_PHASE_RESCUE; p++)
    if (phases[p])
      add_legend (items, LEGEND_SESSION_PHASE, p,
                  g_strdup (ebb_phase_to_label ((EbbPhase) p)));
  if (scheduled)
    add_legend (items, LEGEND_SCHEDULED, 0, g_strdup (ebb_session_status_to_label (EBB_SESSION_SCHEDULED)));
  if (off)
    add_legend (items, LEGEND_OFF, 0, g_strdup (_("cancelled or missed")));
  if (fade)
    add_legend (items, LEGEND_FADE, 0, g_strdup (_("faded until next session")));
  if (projection)
    add_legend (items, LEGEND_PROJECTION, 0, g_strdup (_("projected trend")));
  if (alert)
    add_legend (items, LEGEND_ALERT, 0, g_strdup (_("suicide item")));
  if (relapse)
    add_legend (items, LEGEND_RELAPSE, 0, g_strdup (_("relapse")));
  if (_ebb_chart_has_medicines (self, day_min, day_max))
    add_legend (items, LEGEND_MEDICINE, 0, g_strdup (_("medicine changing sedation or blood pressure")));
  {
    gboolean plain_event, alarm_event;

    _ebb_chart_has_events (self, day_min, day_max, &plain_event, &alarm_event);
    if (plain_event)
      add_legend (items, LEGEND_EVENT, 0, g_strdup (_("event")));
    if (alarm_event)
      add_legend (items, LEGEND_EVENT_ALARM, 0, g_strdup (_("suicide attempt or hospitalisation")));
  }

  return items;
}

/* Drawing ----------------------------------------------------------------- */

static void
draw_marker (cairo_t               *cr,
             const EbbChartPalette *palette,
             EbbChartMarker         shape,
             double                 x,
             double                 y,
             double                 r,
             const EbbChartRgba    *colour)
{
  _ebb_chart_marker_path (cr, shape, x, y, r);
  _ebb_chart_set_source (cr, colour);
  if (shape == EBB_CHART_MARKER_CROSS)
    {
      cairo_set_line_width (cr, r * 0.5);
      cairo_stroke (cr);
      return;
    }
  cairo_fill_preserve (cr);
  _ebb_chart_set_source (cr, &palette->marker_edge);
  cairo_set_line_width (cr, MIN (0.75, r * 0.35));
  cairo_stroke (cr);
}

/* A scale with no baseline is listed, but has no line to show. */
static gboolean
has_symbol (const LegendItem *item)
{
  return item->kind != LEGEND_SERIES || item->arg >= 0;
}

static void
draw_legend_symbol (EbbChart             *self,
                    const EbbChartLayout *l,
                    cairo_t              *cr,
                    const LegendItem     *item,
                    double                x,
                    double                y,
                    double                w)
{
  const EbbChartPalette *palette = _ebb_chart_get_palette (self);
  const double r = l->font_size * 0.36;   /* full size, even when the strip's glyphs are crowded */
  const double cx = x + w / 2;

  cairo_save (cr);
  switch (item->kind)
    {
    case LEGEND_SERIES:
      {
        const EbbChartRgba *colour = self->mode == EBB_CHART_MODE_SCORE ? &palette->line :
                                     &palette->series[item->arg % EBB_CHART_N_SERIES_STYLES];
        const EbbChartSeriesStyle *style = _ebb_chart_series_style (item->arg);

        _ebb_chart_set_source (cr, colour);
        cairo_set_line_width (cr, palette->line_width);
        if (self->mode == EBB_CHART_MODE_PERCENT)
          _ebb_chart_set_dash (cr, style->dash, style->n_dash);
        cairo_move_to (cr, x, y);
        cairo_line_to (cr, x + w, y);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        draw_marker (cr, palette, self->mode == EBB_CHART_MODE_PERCENT ? style->marker : EBB_CHART_MARKER_CIRCLE,
                     cx, y, MAX (l->marker_radius, 2.2), colour);
      }
      break;
    case LEGEND_SESSION_PHASE:
      _ebb_chart_draw_session_glyph (cr, palette, EBB_SESSION_DONE, item->arg, cx, y, r);
      break;
    case LEGEND_SCHEDULED:
      _ebb_chart_draw_session_glyph (cr, palette, EBB_SESSION_SCHEDULED, EBB_PHASE_MAINTENANCE, cx, y, r);
      break;
    case LEGEND_OFF:
      _ebb_chart_draw_session_glyph (cr, palette, EBB_SESSION_CANCELLED, EBB_PHASE_MAINTENANCE, cx, y, r);
      break;
    case LEGEND_FADE:
      {
        EbbChartRect swatch = { x + 1, y - r * 1.3, w - 2, r * 2.6 };
        _ebb_chart_fade_fill (cr, palette, &swatch, 1);
      }
      break;
    case LEGEND_PROJECTION:
      _ebb_chart_set_source (cr, &palette->projection);
      cairo_set_line_width (cr, 1.3);
      _ebb_chart_set_projection_dash (cr);
      cairo_move_to (cr, x, y + r * 0.6);
      cairo_line_to (cr, x + w - r * 1.2, y - r * 0.4);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      _ebb_chart_fade_diamond (cr, palette, x + w - r * 1.2, y - r * 0.4, r);
      break;
    case LEGEND_ALERT:
      _ebb_chart_set_source (cr, &palette->line);
      _ebb_chart_marker_path (cr, EBB_CHART_MARKER_CIRCLE, cx, y, l->marker_radius);
      cairo_fill (cr);
      _ebb_chart_set_source (cr, &palette->alert);
      cairo_set_line_width (cr, 1.3);
      _ebb_chart_marker_path (cr, EBB_CHART_MARKER_CIRCLE, cx, y, l->marker_radius + 2.2);
      cairo_stroke (cr);
      break;
    case LEGEND_MEDICINE:
      {
        const EbbChartRect bar = { x + 1, y - r * 1.3, w - 2, r * 2.6 };

        _ebb_chart_medicine_bar (cr, palette, &bar);
      }
      break;
    case LEGEND_EVENT:
    case LEGEND_EVENT_ALARM:
      _ebb_chart_event_marker (cr, palette, item->kind == LEGEND_EVENT_ALARM, cx, y,
                               MAX (2.5, l->small_font_size * 0.36));
      break;
    case LEGEND_RELAPSE:
      {
        const double s = l->marker_radius + 3.2;

        _ebb_chart_set_source (cr, &palette->line);
        _ebb_chart_marker_path (cr, EBB_CHART_MARKER_CIRCLE, cx, y, l->marker_radius);
        cairo_fill (cr);
        _ebb_chart_set_source (cr, &palette->relapse);
        cairo_set_line_width (cr, 1.3);
        cairo_rectangle (cr, cx - s, y - s, 2 * s, 2 * s);
        cairo_stroke (cr);
      }
      break;
    default:
      break;
    }
  cairo_restore (cr);
}

/* Lays the legend out in rows that wrap at @width; draws it when @cr is
 * given.  Returns the height it takes, the same whether drawing or not. */
double
_ebb_chart_legend_flow (EbbChart             *self,
                        const EbbChartLayout *l,
                        GArray               *items,
                        double                x0,
                        double                y0,
                        double                width,
                        cairo_t              *cr)
{
  const double size = l->small_font_size;
  const double symbol_w = size * 1.9;
  const double item_gap = size * 1.1;
  const double row_h = _ebb_chart_line_height (self, size, EBB_CHART_TEXT_PLAIN) + 1;
  const EbbChartPalette *palette = _ebb_chart_get_palette (self);
  double x = x0, y = y0;

  if (items->len == 0)
    return 0;

  for (guint i = 0; i < items->len; i++)
    {
      const LegendItem *item = &g_array_index (items, LegendItem, i);
      g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, item->label, size, EBB_CHART_TEXT_PLAIN, -1);
      double text_w, text_h, item_w;

      _ebb_chart_text_size (layout, &text_w, &text_h);
      item_w = (has_symbol (item) ? symbol_w + 3 : 0) + text_w;
      if (x > x0 && x + item_w > x0 + width)
        {
          x = x0;
          y += row_h;
        }
      if (cr != NULL)
        {
          double tx = x;

          if (has_symbol (item))
            {
              draw_legend_symbol (self, l, cr, item, x, y + row_h / 2, symbol_w);
              tx += symbol_w + 3;
            }
          _ebb_chart_show_text (cr, layout, tx, y + (row_h - text_h) / 2, &palette->text_dim);
        }
      x += item_w + item_gap;
    }
  return y + row_h - y0;
}
