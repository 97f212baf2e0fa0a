/* ebb-chart-text.c — the words of a chart, measured
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text is measured with a Pango context of our own (72 dpi, unhinted
 * metrics), never with the target's, so the layout does not depend on
 * whether the chart is drawn on a window, a 300 dpi PNG or a PDF.  Here
 * too: numbers, dates and values as the chart writes them, the footnote
 * that states the rules, and finding room for labels clear of the data.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"
#include "ebb-flags.h"
#include "ebb-fonts.h"

static PangoContext *
get_pango (EbbChart *self)
{
  if (self->pango == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      /* 72 dpi makes a point a unit; unhinted metrics and unrounded glyph
       * positions make a label exactly as wide at every scale. */
      self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      pango_cairo_context_set_resolution (self->pango, 72.0);
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (self->pango, options);
      pango_context_set_round_glyph_positions (self->pango, FALSE);
      cairo_font_options_destroy (options);
    }
  return self->pango;
}

PangoLayout *
_ebb_chart_make_text (EbbChart          *self,
                      const char        *text,
                      double             size,
                      EbbChartTextFlags  flags,
                      double             wrap_width)
{
  PangoLayout *layout = pango_layout_new (get_pango (self));
  PangoFontDescription *font = ebb_font_description_new (size, (flags & EBB_CHART_TEXT_BOLD) != 0);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  if (wrap_width > 0)
    {
      pango_layout_set_width (layout, (int) (wrap_width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (flags & EBB_CHART_TEXT_MARKUP)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

void
_ebb_chart_text_size (PangoLayout *layout,
                      double      *width,
                      double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

double
_ebb_chart_measure_width (EbbChart          *self,
                          const char        *text,
                          double             size,
                          EbbChartTextFlags  flags)
{
  g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, text, size, flags, -1);
  double width;

  _ebb_chart_text_size (layout, &width, NULL);
  return width;
}

double
_ebb_chart_line_height (EbbChart          *self,
                        double             size,
                        EbbChartTextFlags  flags)
{
  g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, "Ag", size, flags, -1);
  double height;

  _ebb_chart_text_size (layout, NULL, &height);
  return height;
}

void
_ebb_chart_show_text (cairo_t            *cr,
                      PangoLayout        *layout,
                      double              x,
                      double              y,
                      const EbbChartRgba *colour)
{
  cairo_move_to (cr, x, y);
  _ebb_chart_set_source (cr, colour);
  pango_cairo_show_layout (cr, layout);
}

/* A label over data: a soft patch of background behind it. */
void
_ebb_chart_show_text_with_halo (cairo_t            *cr,
                                PangoLayout        *layout,
                                double              x,
                                double              y,
                                const EbbChartRgba *colour,
                                const EbbChartRgba *halo)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  /* Line by line, so a centred, wrapped message gets a snug patch. */
  _ebb_chart_set_source (cr, halo);
  do
    {
      PangoRectangle line;

      pango_layout_iter_get_line_extents (iter, NULL, &line);
      cairo_rectangle (cr, x + (double) line.x / PANGO_SCALE - 1.5, y + (double) line.y / PANGO_SCALE,
                       (double) line.width / PANGO_SCALE + 3, (double) line.height / PANGO_SCALE);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  cairo_fill (cr);
  _ebb_chart_show_text (cr, layout, x, y, colour);
}

/* Numbers, dates, values -------------------------------------------------- */

char *
_ebb_chart_capitalise (const char *text)
{
  g_autofree char *first = g_utf8_strup (text, g_utf8_next_char (text) - text);

  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

char *
_ebb_chart_format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", value));
}

/* "4 Jan", in the user's language. */
char *
_ebb_chart_format_day_month (gint32      day,
                             const char *format)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  ebb_date_to_ymd (day, &y, &m, &d);
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return dt != NULL ? g_date_time_format (dt, format) : g_strdup ("");
}

char *
_ebb_chart_value_label (EbbChart *self,
                        double    value)
{
  if (self->mode == EBB_CHART_MODE_SCORE)
    return _ebb_chart_format_number (value);
  if (value < 0)
    return g_strdup_printf (EBB_CHART_MINUS "%.0f%%", -value);
  if (value > 0)
    return g_strdup_printf ("+%.0f%%", value);
  return g_strdup ("0%");
}

/* What the chart is of, and its rules ------------------------------------- */

/* What the chart is of, after the patient's code in its title: a scale,
 * or % change.  The chart has at least one trajectory. */
const char *
_ebb_chart_subject (EbbChart *self)
{
  if (self->mode == EBB_CHART_MODE_SCORE)
    return ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0))->id;
  /* xgettext:no-c-format */
  return _("% change from baseline");
}

/* The rules the chart is drawn by, in words: what responding, faded,
 * remission and the projection mean for this scale or these scales.  The
 * rules write their dates as files do ("on 2026-08-02"), and an export
 * keeps them so; on screen they are dates as people read them ("on Sat
 * 2 Aug"), as everywhere else in the window. */
char *
_ebb_chart_footnote_text (EbbChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->trajectories->len == 0)
    return g_strdup ("");

  if (self->mode == EBB_CHART_MODE_SCORE)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, 0);
      const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
      g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);

      if (_ebb_chart_has_baseline (trajectory))
        {
          g_autofree char *need = ebb_trajectory_describe_response_level (trajectory);
          g_autofree char *need_sentence = _ebb_chart_capitalise (need);
          int remission = ebb_trajectory_get_remission_max (trajectory);
          int fade_run = ebb_timeline_get_settings (ebb_trajectory_get_timeline (trajectory))->fade_run_days;

          /* Translators: under a chart: "Baseline MADRS 30 on 2026-03-07. Response needs 15 or
           * less (half of baseline 30). Faded: above that and at least 6 points over the lowest
           * score since response, or above it for 14 days." */
          g_string_append_printf (text,
                                  _("Baseline %s. %s. Faded: above that and at least %d points over the "
                                    "lowest score since response, or above it for %d days."),
                                  baseline, need_sentence, ebb_trajectory_get_meaningful_change (trajectory),
                                  fade_run);
          if (remission >= 0)
            g_string_append_printf (text, _(" Remission: %d or less."), remission);
          else if (scale->screen_cutoff > 0)
            g_string_append_printf (text, _(" Below the cut-off: %d or less."), scale->screen_cutoff);
          if (ebb_trajectory_get_projection (trajectory) != NULL)
            g_string_append (text, _(" Projection: trend since the lowest rating after the last session."));
        }
      else
        {
          g_autofree char *sentence = _ebb_chart_capitalise (baseline);

          /* The plot says why there is no baseline; this says what one is. */
          if (scale->efficacy)
            {
              if (scale->remission_max >= 0)
                g_string_append_printf (text, _("Remission: %d or less. "), scale->remission_max);
              g_string_append_printf (text,
                                      _("Response and fading are judged against a baseline: the latest %s rating shortly before the first session."),
                                      scale->id);
            }
          else
            g_string_append_printf (text, "%s.", sentence);
        }
    }
  else
    {
      const EbbTrajectory *first = NULL;
      g_autoptr(GString) baselines = g_string_new (NULL);
      g_autoptr(GString) changes = g_string_new (NULL);

      for (guint t = 0; t < self->trajectories->len; t++)
        {
          const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, t);
          g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);

          if (!_ebb_chart_has_baseline (trajectory))
            continue;
          if (first == NULL)
            first = trajectory;
          g_string_append_printf (baselines, "%s%s", baselines->len ? "; " : "", baseline);
          g_string_append_printf (changes, "%s%s %d", changes->len ? ", " : "",
                                  ebb_trajectory_get_scale (trajectory)->id,
                                  ebb_trajectory_get_meaningful_change (trajectory));
        }
      if (first == NULL)
        return g_strdup (_("No scale has a baseline, so change cannot be shown."));
      g_string_append_printf (text,
                              _("Change from each scale's own baseline (%s). "
                                "Responding: %s%.0f%% or lower. "
                                "Faded: above that and at least the scale's meaningful change over the lowest score since response (%s)."),
                              baselines->str, EBB_CHART_MINUS,
                              ebb_trajectory_get_response_fraction (first) * 100, changes->str);
    }
  if (self->for_screen)
    return ebb_flag_text_for_people (text->str, _ebb_chart_as_of (self));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Room for labels --------------------------------------------------------- */

/* Labels go where they cover nothing that matters: the ratings, their
 * lines and rings, the projection, the labels placed before them and (for
 * some) the rule lines.  Each candidate box is tested against the exact
 * shapes, measured with Pango, as Sysprof skips colliding labels. */

typedef enum
{
  SHAPE_SEGMENT,
  SHAPE_CIRCLE,
  SHAPE_RECT,
} ShapeKind;

typedef struct
{
  ShapeKind      kind;
  EbbChartCover  cover;
  double         x0, y0, x1, y1;   /* segment ends; circle centre and radius (x1); rect corners */
  double         pad;              /* half the line's width and some air */
  EbbChartRect   extent;           /* for quick rejection */
} Shape;

/* The air kept between a label's text and what it must not cover; a
 * little more across, where the halo reaches. */
#define AIR_X 2.0
#define AIR_Y 0.25

void
_ebb_chart_obstacles_init (EbbChartObstacles  *o,
                           const EbbChartRect *bounds)
{
  o->bounds = *bounds;
  o->shapes = g_array_new (FALSE, FALSE, sizeof (Shape));
}

void
_ebb_chart_obstacles_clear (EbbChartObstacles *o)
{
  g_clear_pointer (&o->shapes, g_array_unref);
}

void
_ebb_chart_obstacles_add_segment (EbbChartObstacles *o,
                                  EbbChartCover      cover,
                                  double             x0,
                                  double             y0,
                                  double             x1,
                                  double             y1,
                                  double             pad)
{
  Shape shape = { SHAPE_SEGMENT, cover, x0, y0, x1, y1, pad,
                  { MIN (x0, x1) - pad, MIN (y0, y1) - pad, fabs (x1 - x0) + 2 * pad, fabs (y1 - y0) + 2 * pad } };

  if (!isfinite (x0) || !isfinite (y0) || !isfinite (x1) || !isfinite (y1))
    return;
  g_array_append_val (o->shapes, shape);
}

void
_ebb_chart_obstacles_add_circle (EbbChartObstacles *o,
                                 double             x,
                                 double             y,
                                 double             r)
{
  Shape shape = { SHAPE_CIRCLE, EBB_CHART_COVER_DATA, x, y, r, 0, 0, { x - r, y - r, 2 * r, 2 * r } };

  g_array_append_val (o->shapes, shape);
}

void
_ebb_chart_obstacles_add_rect (EbbChartObstacles  *o,
                               EbbChartCover       cover,
                               const EbbChartRect *rect)
{
  Shape shape = { SHAPE_RECT, cover, rect->x, rect->y, rect->x + rect->width, rect->y + rect->height, 0, *rect };

  g_array_append_val (o->shapes, shape);
}

static gboolean
rects_meet (const EbbChartRect *a,
            const EbbChartRect *b)
{
  return a->x <= b->x + b->width && b->x <= a->x + a->width &&
         a->y <= b->y + b->height && b->y <= a->y + a->height;
}

/* Whether the segment crosses the rectangle: Liang–Barsky clipping. */
static gboolean
segment_meets_rect (double x0,
                    double y0,
                    double x1,
                    double y1,
                    double left,
                    double top,
                    double right,
                    double bottom)
{
  const double dx = x1 - x0, dy = y1 - y0;
  const double p[4] = { -dx, dx, -dy, dy };
  const double q[4] = { x0 - left, right - x0, y0 - top, bottom - y0 };
  double t0 = 0, t1 = 1;

  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
          continue;
        }
      {
        const double t = q[i] / p[i];

        if (p[i] < 0)
          t0 = MAX (t0, t);
        else
          t1 = MIN (t1, t);
      }
      if (t0 > t1)
        return FALSE;
    }
  return TRUE;
}

static gboolean
shape_meets (const Shape        *shape,
             const EbbChartRect *box)
{
  switch (shape->kind)
    {
    case SHAPE_SEGMENT:
      /* The box grown by the line's half width stands for the line's
       * thickness: exact along the sides, a hair generous at corners. */
      return segment_meets_rect (shape->x0, shape->y0, shape->x1, shape->y1,
                                 box->x - shape->pad, box->y - shape->pad,
                                 box->x + box->width + shape->pad, box->y + box->height + shape->pad);
    case SHAPE_CIRCLE:
      {
        const double cx = CLAMP (shape->x0, box->x, box->x + box->width);
        const double cy = CLAMP (shape->y0, box->y, box->y + box->height);

        return hypot (shape->x0 - cx, shape->y0 - cy) <= shape->x1;
      }
    case SHAPE_RECT:
    default:
      return rects_meet (&shape->extent, box);
    }
}

/* What the box would cover: 0 when it is free and within bounds. */
EbbChartCover
_ebb_chart_obstacles_cover (const EbbChartObstacles *o,
                            const EbbChartRect      *box)
{
  const EbbChartRect grown = { box->x - AIR_X, box->y - AIR_Y, box->width + 2 * AIR_X, box->height + 2 * AIR_Y };
  EbbChartCover cover = 0;

  if (box->x < o->bounds.x - 0.01 || box->y < o->bounds.y - 0.01 ||
      box->x + box->width > o->bounds.x + o->bounds.width + 0.01 ||
      box->y + box->height > o->bounds.y + o->bounds.height + 0.01)
    cover |= EBB_CHART_COVER_OUTSIDE;

  for (guint i = 0; i < o->shapes->len; i++)
    {
      const Shape *shape = &g_array_index (o->shapes, Shape, i);

      if ((cover & shape->cover) == 0 && rects_meet (&shape->extent, &grown) && shape_meets (shape, &grown))
        cover |= shape->cover;
    }
  return cover;
}

/* The first candidate that covers nothing in @must_avoid, counting one
 * that covers something in @rather_avoid as @penalty places further down
 * the list.  Returns its index, or -1 when every candidate covers
 * something it must not. */
int
_ebb_chart_obstacles_choose (const EbbChartObstacles *o,
                             const EbbChartRect      *candidates,
                             guint                    n,
                             EbbChartCover            must_avoid,
                             EbbChartCover            rather_avoid,
                             guint                    penalty)
{
  guint best_cost = G_MAXUINT;
  int best = -1;

  for (guint i = 0; i < n && i < best_cost; i++)
    {
      const EbbChartCover cover = _ebb_chart_obstacles_cover (o, &candidates[i]);
      const guint cost = i + ((cover & rather_avoid) ? penalty : 0);

      if ((cover & must_avoid) == 0 && cost < best_cost)
        {
          best = i;
          best_cost = cost;
        }
    }
  return best;
}

/* A box of @w × @h next to a mark of radius @r at (@x, @y): above it,
 * else below, centred or to either side; beside it; then further away, up
 * to @max_steps half lines (@moved says so: the label needs a leader). */
gboolean
_ebb_chart_place_near (const EbbChartObstacles *o,
                       double                   x,
                       double                   y,
                       double                   r,
                       double                   w,
                       double                   h,
                       guint                    max_steps,
                       EbbChartRect            *box,
                       gboolean                *moved)
{
  const double gap = 1.5;
  const double lo = o->bounds.x, hi = MAX (o->bounds.x, o->bounds.x + o->bounds.width - w);
  const double xs[3] = {
    CLAMP (x - w / 2, lo, hi),           /* centred */
    CLAMP (x - MIN (r, w / 2), lo, hi),  /* reaching right */
    CLAMP (x + MIN (r, w / 2) - w, lo, hi),   /* reaching left */
  };
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (EbbChartRect));
  guint first_moved = 0;
  int chosen;

  for (guint step = 0; step <= max_steps; step++)
    {
      const double dy = r + gap + step * h * 0.5;

      if (step == 1)
        first_moved = candidates->len;
      for (int side = 0; side < 2; side++)
        for (int a = 0; a < 3; a++)
          {
            EbbChartRect c = { xs[a], side == 0 ? y - dy - h : y + dy, w, h };
            g_array_append_val (candidates, c);
          }
      if (step == 0)
        {
          /* Beside the mark, level with it. */
          EbbChartRect right = { x + r + gap + 1, y - h / 2, w, h };
          EbbChartRect left = { x - r - gap - 1 - w, y - h / 2, w, h };

          g_array_append_val (candidates, right);
          g_array_append_val (candidates, left);
        }
    }
  if (max_steps == 0)
    first_moved = candidates->len;

  /* Crossing a rule line costs about one step further away. */
  chosen = _ebb_chart_obstacles_choose (o, (const EbbChartRect *) candidates->data, candidates->len,
                                        EBB_CHART_COVER_DATA | EBB_CHART_COVER_LABEL | EBB_CHART_COVER_OUTSIDE,
                                        EBB_CHART_COVER_RULE, 6);
  if (chosen < 0)
    return FALSE;
  *box = g_array_index (candidates, EbbChartRect, chosen);
  if (moved != NULL)
    *moved = (guint) chosen >= first_moved;
  return TRUE;
}

static void
placed_label_clear (EbbChartPlacedLabel *label)
{
  g_clear_object (&label->layout);
}

GArray *
_ebb_chart_labels_new (void)
{
  GArray *labels = g_array_new (FALSE, TRUE, sizeof (EbbChartPlacedLabel));

  g_array_set_clear_func (labels, (GDestroyNotify) placed_label_clear);
  return labels;
}

/* Adds a placed label, which takes @layout, and keeps later labels off it. */
EbbChartPlacedLabel *
_ebb_chart_labels_add (GArray             *labels,
                       EbbChartObstacles  *o,
                       EbbChartLabelKind   kind,
                       const EbbChartRect *rect,
                       PangoLayout        *layout,
                       const EbbChartRgba *colour,
                       gboolean            halo)
{
  EbbChartPlacedLabel label = { kind, *rect, *rect, layout, colour, halo, FALSE, 0, 0, 0 };
  PangoRectangle ink, logical;

  pango_layout_get_extents (layout, &ink, &logical);
  if (halo)
    label.area = (EbbChartRect) { rect->x + (double) logical.x / PANGO_SCALE - 1.5,
                                  rect->y + (double) logical.y / PANGO_SCALE,
                                  (double) logical.width / PANGO_SCALE + 3, (double) logical.height / PANGO_SCALE };
  else
    label.area = (EbbChartRect) { rect->x + (double) ink.x / PANGO_SCALE, rect->y + (double) ink.y / PANGO_SCALE,
                                  (double) ink.width / PANGO_SCALE, (double) ink.height / PANGO_SCALE };
  g_array_append_val (labels, label);
  if (o != NULL)
    _ebb_chart_obstacles_add_rect (o, EBB_CHART_COVER_LABEL, rect);
  return &g_array_index (labels, EbbChartPlacedLabel, labels->len - 1);
}

/* Draws the labels of one kind, each with its halo and leader. */
void
_ebb_chart_draw_labels (const EbbChartDrawing *d,
                        GArray                *labels,
                        EbbChartLabelKind      kind)
{
  cairo_t *cr = d->cr;

  for (guint i = 0; i < labels->len; i++)
    {
      const EbbChartPlacedLabel *label = &g_array_index (labels, EbbChartPlacedLabel, i);

      if (label->kind != kind)
        continue;
      if (label->leader)
        {
          /* From the mark's edge to the nearest point of the label. */
          const double tx = CLAMP (label->anchor_x, label->rect.x, label->rect.x + label->rect.width);
          const double ty = CLAMP (label->anchor_y, label->rect.y, label->rect.y + label->rect.height);
          const double dist = hypot (tx - label->anchor_x, ty - label->anchor_y);

          if (dist > label->anchor_r + 1)
            {
              const double ux = (tx - label->anchor_x) / dist, uy = (ty - label->anchor_y) / dist;

              cairo_save (cr);
              _ebb_chart_set_source (cr, label->colour);
              cairo_set_line_width (cr, 0.6);
              cairo_move_to (cr, label->anchor_x + ux * (label->anchor_r + 0.5),
                             label->anchor_y + uy * (label->anchor_r + 0.5));
              cairo_line_to (cr, tx, ty);
              cairo_stroke (cr);
              cairo_restore (cr);
            }
        }
      if (label->halo)
        _ebb_chart_show_text_with_halo (cr, label->layout, label->rect.x, label->rect.y,
                                        label->colour, &d->palette->halo);
      else
        _ebb_chart_show_text (cr, label->layout, label->rect.x, label->rect.y, label->colour);
    }
}
