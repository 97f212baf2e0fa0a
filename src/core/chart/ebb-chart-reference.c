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
  gint32    from_day;   /* where the line starts; 0: the plot's left edge */
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
  RuleLine rule = { kind, value, text, 0 };

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
          /* Translators: the response threshold's line on a chart of % change,
           * "response −50%"; %s is a minus sign */
          add_rule (rules, RULE_THRESHOLD, -r, g_strdup_printf (_("response %s%.0f%%"), EBB_CHART_MINUS, r));
        }
      return rules;
    }

  if (self->trajectories->len == 0)
    return rules;
  scale = ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0));
  if (trajectory != NULL)
    {
      const int baseline = ebb_trajectory_get_baseline (trajectory)->total;
      const int threshold = ebb_trajectory_get_threshold_points (trajectory);
      /* A later course's lines start at its baseline: the earlier courses
       * keep theirs (_ebb_chart_draw_earlier_courses()). */
      const gint32 from_day = ebb_trajectory_get_n_courses (trajectory) > 1
        ? ebb_trajectory_get_baseline (trajectory)->when.day : 0;

      add_rule (rules, RULE_BASELINE, baseline, g_strdup_printf (_("baseline %d"), baseline));
      g_array_index (rules, RuleLine, rules->len - 1).from_day = from_day;
      /* Whole points, as the rules say them: "response ≤ 10", never 10.5. */
      add_rule (rules, RULE_THRESHOLD, threshold, g_strdup_printf (_("response ≤ %d"), threshold));
      g_array_index (rules, RuleLine, rules->len - 1).from_day = from_day;
    }
  /* With no baseline, an efficacy scale's remission cut-off is still a
   * fact of the scale; PCL-5 has a screening cut-off instead (§1). */
  {
    const EbbTrajectory *first = _ebb_chart_nth_trajectory (self, 0);
    int remission = ebb_trajectory_get_remission_max (first);

    if (remission >= 0 && (trajectory != NULL || scale->efficacy))
      add_rule (rules, RULE_REMISSION, remission, g_strdup_printf (_("remission ≤ %d"), remission));
    else if (scale->screen_cutoff > 0)
      add_rule (rules, RULE_REMISSION, scale->screen_cutoff,
                g_strdup_printf (_("cut-off ≤ %d"), scale->screen_cutoff));
  }
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

/* Two band names stacked at a boundary read as one label. */
static gboolean
stacked (GArray             *placed,
         const EbbChartRect *box)
{
  for (guint p = 0; p < placed->len; p++)
    {
      const EbbChartRect *other = &g_array_index (placed, EbbChartRect, p);

      if (box->x < other->x + other->width && other->x < box->x + box->width &&
          box->y < other->y + other->height + box->height && other->y < box->y + box->height * 2)
        return TRUE;
    }
  return FALSE;
}

/* Band names inside the plot, where they cover neither the data nor a
 * rule line: at a corner of the band if one is free (top left, top right,
 * bottom left, bottom right), else anywhere along its top or bottom edge,
 * else anywhere in it.  A band with no free room at all goes unnamed: its
 * colour has to speak for itself. */
void
_ebb_chart_place_band_labels (const EbbChartDrawing *d,
                              EbbChartObstacles     *o,
                              GArray                *labels)
{
  const EbbChartLayout *l = d->l;
  const EbbScale *scale = banded_scale (d->self);
  const EbbChartCover must_avoid = EBB_CHART_COVER_DATA | EBB_CHART_COVER_LABEL |
                                   EBB_CHART_COVER_RULE | EBB_CHART_COVER_OUTSIDE;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (EbbChartRect));

  for (guint i = 0; scale != NULL && i < scale->n_bands; i++)
    {
      PangoLayout *layout = _ebb_chart_make_text (d->self, ebb_band_get_label (&scale->bands[i]), l->small_font_size,
                                                  EBB_CHART_TEXT_PLAIN, -1);
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (EbbChartRect));
      PangoRectangle ink, logical;
      EbbChartRect ink_box, rect;
      double y0, y1, top, bottom, left, right, w, h, step;
      int chosen = -1, fallback = -1;

      /* Band names have no halo: what they must not cover is measured
       * against their ink, so that "minimal" fits under a line its
       * logical box would touch. */
      band_extent (d, scale, i, &y0, &y1);
      pango_layout_get_extents (layout, &ink, &logical);
      w = (double) ink.width / PANGO_SCALE;
      h = (double) ink.height / PANGO_SCALE + 2;   /* a point of air above and below */
      top = MAX (y0, o->bounds.y);
      bottom = MIN (y1, o->bounds.y + o->bounds.height);
      left = l->plot.x + 4;
      right = l->plot.x + l->plot.width - w - 4;
      if (bottom - top < h || right < left)
        {
          g_object_unref (layout);
          continue;
        }

      /* Corners first, then along the top and bottom edges, then rows
       * between them, each from left to right. */
      step = MAX (4, w / 4);
      {
        const double corners[4][2] = { { left, top }, { right, top }, { left, bottom - h }, { right, bottom - h } };

        for (int c = 0; c < 4; c++)
          {
            EbbChartRect box = { corners[c][0], corners[c][1], w, h };
            g_array_append_val (candidates, box);
          }
      }
      for (int row = 0;; row++)
        {
          const double y = row == 0 ? top : row == 1 ? bottom - h : top + (row - 1) * h / 2;

          if (row > 1 && y > bottom - h - h / 4)
            break;
          for (double x = left + step; x < right - 0.5; x += step)
            {
              EbbChartRect box = { x, y, w, h };
              g_array_append_val (candidates, box);
            }
        }

      for (guint c = 0; c < candidates->len && chosen < 0; c++)
        {
          const EbbChartRect *box = &g_array_index (candidates, EbbChartRect, c);

          if (_ebb_chart_obstacles_cover (o, box) & must_avoid)
            continue;
          if (!stacked (placed, box))
            chosen = c;
          else if (fallback < 0)
            fallback = c;
        }
      if (chosen < 0)
        chosen = fallback;
      if (chosen < 0)
        {
          g_object_unref (layout);
          continue;
        }
      ink_box = g_array_index (candidates, EbbChartRect, chosen);
      g_array_append_val (placed, ink_box);
      _ebb_chart_obstacles_add_rect (o, EBB_CHART_COVER_LABEL, &ink_box);
      rect = (EbbChartRect) { ink_box.x - (double) ink.x / PANGO_SCALE, ink_box.y + 1 - (double) ink.y / PANGO_SCALE,
                              (double) logical.width / PANGO_SCALE, (double) logical.height / PANGO_SCALE };
      _ebb_chart_labels_add (labels, NULL, EBB_CHART_LABEL_BAND, &rect, layout, &d->palette->text_dim, FALSE);
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
      const double x0 = rule->from_day > 0 ? CLAMP (_ebb_chart_x_for (d, rule->from_day), l->plot.x,
                                                    l->plot.x + l->plot.width)
                                           : l->plot.x;

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
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, l->plot.x + l->plot.width, y);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/**
 * _ebb_chart_draw_earlier_courses:
 *
 * §3: each course has its own baseline.  The current course's lines are
 * the labelled rules; an earlier course's baseline and response threshold
 * are drawn over that course alone, thinner, unlabelled (the description
 * and the report name them).
 */
void
_ebb_chart_draw_earlier_courses (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  const EbbTrajectory *trajectory;
  cairo_t *cr = d->cr;
  guint n;

  if (d->self->mode != EBB_CHART_MODE_SCORE || d->self->trajectories->len == 0)
    return;
  trajectory = _ebb_chart_nth_trajectory (d->self, 0);
  n = ebb_trajectory_get_n_courses (trajectory);

  cairo_save (cr);
  cairo_rectangle (cr, l->plot.x, l->plot.y, l->plot.width, l->plot.height);
  cairo_clip (cr);
  for (guint c = 0; c + 1 < n; c++)
    {
      const EbbCourseBaseline *course = ebb_trajectory_get_course (trajectory, c);
      const EbbCourseBaseline *next = ebb_trajectory_get_course (trajectory, c + 1);
      double x0, x1;

      if (course->baseline_status != EBB_BASELINE_OK)
        continue;
      x0 = _ebb_chart_x_for (d, course->baseline->when.day);
      x1 = _ebb_chart_x_for (d, next->baseline != NULL ? next->baseline->when.day : next->course->t0->when.day);
      for (int k = 0; k < 2; k++)
        {
          const double value = k == 0 ? course->baseline->total : floor (course->threshold + 1e-9);
          const double y = _ebb_chart_y_for (d, value);

          _ebb_chart_set_source (cr, rule_colour (d->palette, k == 0 ? RULE_BASELINE : RULE_THRESHOLD));
          if (k == 0)
            _ebb_chart_set_dash (cr, dash_baseline, G_N_ELEMENTS (dash_baseline));
          else
            _ebb_chart_set_dash (cr, dash_threshold, G_N_ELEMENTS (dash_threshold));
          cairo_set_line_width (cr, 0.8);
          cairo_move_to (cr, x0, y);
          cairo_line_to (cr, x1, y);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

/* The rule lines, which band names must not cross and other labels had
 * rather not. */
void
_ebb_chart_add_rule_obstacles (const EbbChartDrawing *d,
                               GArray                *rules,
                               EbbChartObstacles     *o)
{
  const EbbChartLayout *l = d->l;

  for (guint i = 0; i < rules->len; i++)
    {
      const double y = _ebb_chart_y_for (d, g_array_index (rules, RuleLine, i).value);

      _ebb_chart_obstacles_add_segment (o, EBB_CHART_COVER_RULE, l->plot.x, y, l->plot.x + l->plot.width, y, 0.8);
    }
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

/* Whether the rule labels go inside the plot: the chart is too narrow
 * for the right gutter. */
static gboolean
rule_labels_inside (const EbbChartDrawing *d,
                    GArray                *rules)
{
  const EbbChartLayout *l = d->l;
  const double widest = _ebb_chart_rule_labels_width (d->self, l->small_font_size);

  return rules->len > 0 && l->plot.x + l->plot.width + 5 + widest > l->width - l->margin + 0.5;
}

/* Inside the plot, a rule's label goes just above its line, at the right
 * end if that is free, else as far right as it covers no data; else
 * below it.  Where there is no such place, the footnote says in words
 * what the line means. */
void
_ebb_chart_place_rule_labels (const EbbChartDrawing *d,
                              GArray                *rules,
                              EbbChartObstacles     *o,
                              GArray                *labels)
{
  const EbbChartLayout *l = d->l;

  if (!rule_labels_inside (d, rules))
    return;

  for (guint i = 0; i < rules->len; i++)
    {
      const RuleLine *rule = &g_array_index (rules, RuleLine, i);
      const double y = _ebb_chart_y_for (d, rule->value);
      PangoLayout *layout = _ebb_chart_make_text (d->self, rule->text, l->small_font_size,
                                                  EBB_CHART_TEXT_PLAIN, -1);
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (EbbChartRect));
      const double gap = 2.0;
      double w, h, right, step;
      int chosen;

      _ebb_chart_text_size (layout, &w, &h);
      right = l->plot.x + l->plot.width - w - 3;
      step = MAX (4, w / 4);
      for (int side = 0; side < 2; side++)
        for (double x = right; x > l->plot.x + 2 - step; x -= step)
          {
            EbbChartRect box = { MAX (x, l->plot.x + 3), side == 0 ? y - gap - h : y + gap, w, h };
            g_array_append_val (candidates, box);
          }
      /* Crossing another rule line costs a few places along. */
      chosen = _ebb_chart_obstacles_choose (o, (const EbbChartRect *) candidates->data, candidates->len,
                                            EBB_CHART_COVER_DATA | EBB_CHART_COVER_LABEL | EBB_CHART_COVER_OUTSIDE,
                                            EBB_CHART_COVER_RULE, 8);
      if (chosen < 0)
        {
          g_object_unref (layout);
          continue;
        }
      _ebb_chart_labels_add (labels, o, EBB_CHART_LABEL_RULE, &g_array_index (candidates, EbbChartRect, chosen),
                             layout, rule_colour (d->palette, rule->kind), TRUE);
    }
}

/* Labels in the right gutter, centred on their lines and pushed apart when
 * lines are close (MADRS: threshold 11 and remission 10). */
void
_ebb_chart_draw_rule_labels (const EbbChartDrawing *d,
                             GArray                *rules)
{
  const EbbChartLayout *l = d->l;
  g_autofree RuleLabel *labels = NULL;
  const guint n = rules->len;
  const double x = l->plot.x + l->plot.width + 4;

  if (n == 0 || rule_labels_inside (d, rules))
    return;

  labels = g_new0 (RuleLabel, n);
  for (guint i = 0; i < n; i++)
    {
      labels[i].rule = &g_array_index (rules, RuleLine, i);
      labels[i].y = _ebb_chart_y_for (d, labels[i].rule->value);
      labels[i].layout = _ebb_chart_make_text (d->self, labels[i].rule->text, l->small_font_size,
                                               EBB_CHART_TEXT_PLAIN, -1);
      _ebb_chart_text_size (labels[i].layout, NULL, &labels[i].height);
      labels[i].top = labels[i].y - labels[i].height / 2;
    }
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
      g_object_unref (label->layout);
    }
}
