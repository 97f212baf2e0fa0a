/* ebb-chart-reference.c — severity bands and rule lines
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the scale and the baseline say a score means: the scale's
 * severity bands, named inside the plot where the data leaves room, and
 * the baseline, response threshold and remission cut-off, drawn across
 * the plot and labelled in the right gutter.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"

/* Which lines ------------------------------------------------------------- */

typedef enum
{
  RULE_BASELINE,
  RULE_THRESHOLD,
  RULE_REMISSION,
} RuleKind;

typedef struct
{
  RuleKind  kind;
  double    value;
  char     *text;
} RuleLine;

static void
rule_line_clear (RuleLine *rule)
{
  g_free (rule->text);
}

static void
add_rule (GArray   *rules,
          RuleKind  kind,
          double    value,
          char     *text)
{
  RuleLine rule = { kind, value, text };

  g_array_append_val (rules, rule);
}

/* Baseline, response threshold and remission cut-off: the lines labelled
 * at the right edge. */
GArray *
_ebb_chart_collect_rules (EbbChart *self)
{
  GArray *rules = g_array_new (FALSE, TRUE, sizeof (RuleLine));
  const EbbTrajectory *trajectory = NULL;
  const EbbScale *scale;

  g_array_set_clear_func (rules, (GDestroyNotify) rule_line_clear);

  for (guint t = 0; t < self->trajectories->len && trajectory == NULL; t++)
    if (_ebb_chart_has_baseline (_ebb_chart_nth_trajectory (self, t)))
      trajectory = _ebb_chart_nth_trajectory (self, t);

  if (self->mode == EBB_CHART_MODE_PERCENT)
    {
      if (trajectory != NULL)
        {
          double r = ebb_trajectory_get_response_fraction (trajectory) * 100;

          add_rule (rules, RULE_BASELINE, 0, g_strdup (_("baseline")));
          add_rule (rules, RULE_THRESHOLD, -r, g_strdup_printf (_("response " EBB_CHART_MINUS "%.0f%%"), r));
        }
      return rules;
    }

  if (self->trajectories->len == 0)
    return rules;
  scale = ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0));
  if (trajectory != NULL)
    {
      const int baseline = ebb_trajectory_get_baseline (trajectory)->total;
      const double threshold = ebb_trajectory_get_threshold (trajectory);
      g_autofree char *threshold_text = _ebb_chart_format_number (threshold);

      add_rule (rules, RULE_BASELINE, baseline, g_strdup_printf (_("baseline %d"), baseline));
      add_rule (rules, RULE_THRESHOLD, threshold, g_strdup_printf (_("response ≤ %s"), threshold_text));
    }
  /* With no baseline, an efficacy scale's remission cut-off is still a
   * fact of the scale. */
  if (scale->remission_max >= 0 && (trajectory != NULL || scale->efficacy))
    add_rule (rules, RULE_REMISSION, scale->remission_max,
              g_strdup_printf (_("remission ≤ %d"), scale->remission_max));
  return rules;
}

/* The widest rule label: the layout keeps a gutter that wide on the
 * right, so that the labels never cover the latest ratings. */
double
_ebb_chart_rule_labels_width (EbbChart *self,
                              double    size)
{
  g_autoptr(GArray) rules = _ebb_chart_collect_rules (self);
  double width = 0;

  for (guint i = 0; i < rules->len; i++)
    width = MAX (width, _ebb_chart_measure_width (self, g_array_index (rules, RuleLine, i).text,
                                                  size, EBB_CHART_TEXT_PLAIN));
  return width;
}

/* Bands ------------------------------------------------------------------- */

static void
band_colour (const EbbChartPalette *palette,
             guint                  index,
             guint                  n_bands,
             EbbChartRgba          *colour)
{
  /* Spread the scale's bands over green → yellow → orange → red (→ dark
   * red for a fifth band). */
  guint slot;

  if (n_bands >= EBB_CHART_N_BAND_COLOURS)
    slot = MIN (index, EBB_CHART_N_BAND_COLOURS - 1);
  else if (n_bands <= 1)
    slot = 0;
  else
    slot = (guint) round ((double) index * 3 / (n_bands - 1));
  *colour = palette->bands[slot];
}

/* The scale whose bands a chart shows: only in score mode. */
static const EbbScale *
banded_scale (EbbChart *self)
{
  if (self->mode != EBB_CHART_MODE_SCORE || self->trajectories->len == 0)
    return NULL;
  return ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0));
}

/* The top and bottom of band @i.  Bands are inclusive whole scores: each
 * covers up to half a point past its ends so that neighbours meet without
 * a gap, and the outer ones reach the ends of the axis. */
static void
band_extent (const EbbChartDrawing *d,
             const EbbScale        *scale,
             guint                  i,
             double                *y0,
             double                *y1)
{
  const EbbBand *band = &scale->bands[i];
  const double lo = i == 0 ? d->l->value_min : band->min - 0.5;
  const double hi = i + 1 == scale->n_bands ? d->l->value_max : band->max + 0.5;

  *y0 = _ebb_chart_y_for (d, hi);
  *y1 = _ebb_chart_y_for (d, lo);
}

void
_ebb_chart_draw_bands (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  const EbbScale *scale = banded_scale (d->self);
  cairo_t *cr = d->cr;

  for (guint i = 0; scale != NULL && i < scale->n_bands; i++)
    {
      EbbChartRgba colour;
      double y0, y1;

      band_extent (d, scale, i, &y0, &y1);
      band_colour (d->palette, i, scale->n_bands, &colour);
      _ebb_chart_set_source (cr, &colour);
      cairo_rectangle (cr, l->plot.x, y0, l->plot.width, y1 - y0);
      cairo_fill (cr);
    }
}

/* A label over the score line hides data; over a rule line, only a dash. */
#define SERIES_HIT 100

/* How much of the score line and the rule lines a label box would cover:
 * 0 when it is free.  Exact for straight segments: each is clipped to the
 * box's columns and its y extent there compared with the box's. */
static int
box_collisions (const EbbChartDrawing *d,
                const EbbChartRect    *box,
                GArray                *rules)
{
  const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (d->self, 0);
  const guint n = ebb_trajectory_get_n_points (trajectory);
  const double r = d->l->marker_radius + 1;
  double px = 0, py = 0;
  int hits = 0;

  for (guint i = 0; i < rules->len; i++)
    {
      const double y = _ebb_chart_y_for (d, g_array_index (rules, RuleLine, i).value);
      hits += y >= box->y - 1 && y <= box->y + box->height + 1;
    }

  for (guint i = 0; i < n; i++)
    {
      const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
      const double x = _ebb_chart_x_for (d, _ebb_chart_when_day (&point->score->when));
      const double y = _ebb_chart_y_for (d, point->score->total);

      if (x + r >= box->x && x - r <= box->x + box->width &&
          y + r >= box->y && y - r <= box->y + box->height)
        hits += SERIES_HIT;
      else if (i > 0 && MAX (px, x) >= box->x && MIN (px, x) <= box->x + box->width)
        {
          const double x0 = MAX (MIN (px, x), box->x), x1 = MIN (MAX (px, x), box->x + box->width);
          const double slope = x != px ? (y - py) / (x - px) : 0;
          const double ya = py + slope * (x0 - px), yb = py + slope * (x1 - px);

          if (MAX (ya, yb) >= box->y && MIN (ya, yb) <= box->y + box->height)
            hits += SERIES_HIT;
        }
      px = x;
      py = y;
    }
  return hits;
}

/* Band names inside the plot, where the data leaves room: top left of the
 * band, else top right, bottom left, bottom right; the least covered place
 * when none is free. */
void
_ebb_chart_draw_band_labels (const EbbChartDrawing *d,
                             GArray                *rules)
{
  const EbbChartLayout *l = d->l;
  const EbbScale *scale = banded_scale (d->self);
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (EbbChartRect));

  for (guint i = 0; scale != NULL && i < scale->n_bands; i++)
    {
      g_autoptr(PangoLayout) layout = _ebb_chart_make_text (d->self, _(scale->bands[i].label), l->small_font_size,
                                                            EBB_CHART_TEXT_PLAIN, -1);
      EbbChartRect best = { 0 };
      int best_hits = G_MAXINT;
      double y0, y1, w, h;

      band_extent (d, scale, i, &y0, &y1);
      _ebb_chart_text_size (layout, &w, &h);
      if (y1 - y0 < h + 1 || w + 8 > l->plot.width / 2)
        continue;

      for (int c = 0; c < 4 && best_hits > 0; c++)
        {
          const EbbChartRect box = {
            c % 2 == 0 ? l->plot.x + 4 : l->plot.x + l->plot.width - w - 4,
            c < 2 ? y0 + 1 : y1 - h - 1,
            w, h,
          };
          int hits = box_collisions (d, &box, rules);

          /* Two band names stacked at a boundary read as one label. */
          for (guint p = 0; p < placed->len; p++)
            {
              const EbbChartRect *other = &g_array_index (placed, EbbChartRect, p);

              if (box.x < other->x + other->width && other->x < box.x + box.width &&
                  box.y < other->y + other->height + h && other->y < box.y + box.height + h)
                hits += 3;
            }
          if (hits < best_hits)
            {
              best = box;
              best_hits = hits;
            }
        }
      /* Where every place covers ratings (a small chart), the band's
       * colour has to speak for itself. */
      if (best_hits >= SERIES_HIT)
        continue;
      g_array_append_val (placed, best);
      if (best_hits > 0)
        _ebb_chart_show_text_with_halo (d->cr, layout, best.x, best.y, &d->palette->text_dim, &d->palette->halo);
      else
        _ebb_chart_show_text (d->cr, layout, best.x, best.y, &d->palette->text_dim);
    }
}

/* Rule lines -------------------------------------------------------------- */

/* Line styles: the dash tells them apart without colour. */
static const double dash_baseline[] = { 6.0, 3.0 };
static const double dash_threshold[] = { 3.5, 2.5 };
static const double dash_remission[] = { 0.01, 2.6 };   /* dots, with round caps */

static const EbbChartRgba *
rule_colour (const EbbChartPalette *palette,
             RuleKind               kind)
{
  switch (kind)
    {
    case RULE_BASELINE:  return &palette->baseline;
    case RULE_THRESHOLD: return &palette->threshold;
    case RULE_REMISSION:
    default:             return &palette->remission;
    }
}

void
_ebb_chart_draw_rules (const EbbChartDrawing *d,
                       GArray                *rules)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;

  cairo_save (cr);
  for (guint i = 0; i < rules->len; i++)
    {
      const RuleLine *rule = &g_array_index (rules, RuleLine, i);
      const double y = _ebb_chart_y_for (d, rule->value);

      _ebb_chart_set_source (cr, rule_colour (d->palette, rule->kind));
      switch (rule->kind)
        {
        case RULE_BASELINE:
          _ebb_chart_set_dash (cr, dash_baseline, G_N_ELEMENTS (dash_baseline));
          cairo_set_line_width (cr, 1.0);
          break;
        case RULE_THRESHOLD:
          _ebb_chart_set_dash (cr, dash_threshold, G_N_ELEMENTS (dash_threshold));
          cairo_set_line_width (cr, 1.2);
          break;
        case RULE_REMISSION:
        default:
          _ebb_chart_set_dash (cr, dash_remission, G_N_ELEMENTS (dash_remission));
          cairo_set_line_width (cr, 1.4);
          break;
        }
      cairo_move_to (cr, l->plot.x, y);
      cairo_line_to (cr, l->plot.x + l->plot.width, y);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

typedef struct
{
  const RuleLine *rule;
  double          y;       /* the line's y */
  double          top;     /* the label's top, after spreading */
  PangoLayout    *layout;
  double          height;
} RuleLabel;

static int
compare_rule_labels (gconstpointer a,
                     gconstpointer b)
{
  const RuleLabel *la = a, *lb = b;

  return (la->y > lb->y) - (la->y < lb->y);
}

/* Labels in the right gutter, centred on their lines and pushed apart when
 * lines are close (MADRS: threshold 11 and remission 10).  A chart too
 * narrow for the gutter has them inside the plot, above their lines. */
void
_ebb_chart_draw_rule_labels (const EbbChartDrawing *d,
                             GArray                *rules)
{
  const EbbChartLayout *l = d->l;
  g_autofree RuleLabel *labels = NULL;
  const guint n = rules->len;
  double x = l->plot.x + l->plot.width + 4, widest = 0;
  gboolean inside;

  if (n == 0)
    return;

  labels = g_new0 (RuleLabel, n);
  for (guint i = 0; i < n; i++)
    {
      double w;

      labels[i].rule = &g_array_index (rules, RuleLine, i);
      labels[i].y = _ebb_chart_y_for (d, labels[i].rule->value);
      labels[i].layout = _ebb_chart_make_text (d->self, labels[i].rule->text, l->small_font_size,
                                               EBB_CHART_TEXT_PLAIN, -1);
      _ebb_chart_text_size (labels[i].layout, &w, &labels[i].height);
      widest = MAX (widest, w);
    }
  inside = x + 1 + widest > l->width - l->margin + 0.5;
  if (inside)
    x = l->plot.x + l->plot.width - widest - 4;
  for (guint i = 0; i < n; i++)
    labels[i].top = inside ? labels[i].y - labels[i].height - 1 : labels[i].y - labels[i].height / 2;
  qsort (labels, n, sizeof *labels, compare_rule_labels);

  /* Top to bottom: each label at least below the previous one... */
  for (guint i = 1; i < n; i++)
    labels[i].top = MAX (labels[i].top, labels[i - 1].top + labels[i - 1].height);
  /* ...and, from the bottom, within the plot's extent. */
  if (labels[n - 1].top + labels[n - 1].height > l->plot.y + l->plot.height + labels[n - 1].height / 2)
    labels[n - 1].top = l->plot.y + l->plot.height - labels[n - 1].height / 2;
  for (guint i = n - 1; i > 0; i--)
    labels[i - 1].top = MIN (labels[i - 1].top, labels[i].top - labels[i - 1].height);

  for (guint i = 0; i < n; i++)
    {
      const RuleLabel *label = &labels[i];
      const EbbChartRgba *colour = rule_colour (d->palette, label->rule->kind);
      const double centre = label->top + label->height / 2;

      if (inside)
        {
          double w;

          _ebb_chart_text_size (label->layout, &w, NULL);
          _ebb_chart_show_text_with_halo (d->cr, label->layout, l->plot.x + l->plot.width - w - 3, label->top,
                                          colour, &d->palette->halo);
        }
      else
        {
          /* A short leader when the label had to move off its line. */
          if (fabs (centre - label->y) > 1.5)
            {
              _ebb_chart_set_source (d->cr, colour);
              cairo_set_line_width (d->cr, 0.6);
              cairo_move_to (d->cr, x - 4, label->y);
              cairo_line_to (d->cr, x - 1, centre);
              cairo_stroke (d->cr);
            }
          _ebb_chart_show_text (d->cr, label->layout, x + 1, label->top, colour);
        }
      g_object_unref (label->layout);
    }
}
