/* ebb-report.c — the one-page case-note report (PDF)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is laid out top-down (header, chart, summary, flags, events) and
 * bottom-up (the footer); the table of sessions and ratings gets what is
 * left, in two newspaper columns when it needs them, and says how many
 * earlier rows it had to leave out.  It is always one page.
 */
#define G_LOG_DOMAIN "ebb-report"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "ebb-flags.h"
#include "ebb-page-private.h"
#include "ebb-report.h"

#define BODY_SIZE 9.0
#define SMALL_SIZE 8.0      /* the smallest text on the page */
#define HEADING_SIZE 10.0
#define MAX_FLAGS 8
#define MAX_EVENT_LINES 3

typedef struct
{
  EbbPage                 page;
  const EbbPatient       *patient;
  GPtrArray              *sessions;
  GPtrArray              *ratings;
  EbbReportOptions        options;       /* with the dates resolved */
  EbbRuleSettings         settings;
  EbbPatientRecords       records;
  GPtrArray              *trajectories;  /* EbbTrajectory*: every efficacy scale rated */
  GPtrArray              *flags;         /* EbbFlag*: every flag up to the as-of day, with its state */
  const EbbScale         *chart_scale;
} Report;

typedef struct
{
  EbbWhen   when;
  gboolean  is_session;
  char     *date;
  char     *what;
  char     *detail;
  gboolean  alert;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->date);
  g_free (row->what);
  g_free (row->detail);
}

/**
 * ebb_report_options_init:
 * @options: (out caller-allocates): options to fill with the defaults
 *
 * A4, no clinic name, as of today, the whole history, the patient's
 * default scale, the light chart theme, the default rule settings.
 */
void
ebb_report_options_init (EbbReportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->paper = EBB_REPORT_PAPER_A4;
  options->chart_theme = EBB_CHART_THEME_LIGHT;
}

/**
 * ebb_report_paper_size:
 * @width: (out): in points
 * @height: (out): in points
 */
void
ebb_report_paper_size (EbbReportPaper  paper,
                       double         *width,
                       double         *height)
{
  g_return_if_fail (width != NULL && height != NULL);

  if (paper == EBB_REPORT_PAPER_LETTER)
    {
      *width = 612;
      *height = 792;
    }
  else
    {
      *width = 595;
      *height = 842;
    }
}

/* Text ------------------------------------------------------------------- */

static char *
describe_treatment (const EbbSession *session)
{
  g_autoptr(GString) text = g_string_new (ebb_phase_to_label (session->phase));

  g_string_append_printf (text, " · %s", ebb_route_to_label (session->route));
  if (session->dose_mg >= 0)
    {
      g_autofree char *dose = _ebb_page_format_number (session->dose_mg);
      /* Translators: a session's dose after its phase and route,
       * "maintenance · IV · 40 mg" */
      g_string_append_printf (text, _(" · %s mg"), dose);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
in_window (Report *r,
           gint32  day)
{
  return (r->options.from_day == 0 || day >= r->options.from_day) && day <= r->options.to_day;
}

/* Sections ----------------------------------------------------------------- */

static double
draw_header (Report *r,
             double  y)
{
  g_autofree char *who = NULL;
  g_autoptr(GString) sub = g_string_new (NULL);
  g_autoptr(GString) right = g_string_new (NULL);
  g_autofree char *as_of = ebb_date_format (r->options.as_of_day);
  g_autoptr(PangoLayout) right_layout = NULL;
  double h, left_w, right_w;

  who = g_markup_printf_escaped ("<b>%s</b>  %s", r->patient->code,
                                 r->patient->name != NULL ? r->patient->name : "");
  if (r->patient->birth_year > 0)
    g_string_append_printf (sub, _("Born %d · "), r->patient->birth_year);
  g_string_append (sub, _("Ketamine / esketamine treatment summary"));

  if (r->options.clinic_name != NULL && r->options.clinic_name[0] != '\0')
    {
      g_autofree char *clinic = g_markup_printf_escaped ("<b>%s</b>\n", r->options.clinic_name);
      g_string_append (right, clinic);
    }
  g_string_append_printf (right, _("Report as of %s"), as_of);
  {
    g_autofree char *to = ebb_date_format (r->options.to_day);

    if (r->options.from_day > 0)
      {
        g_autofree char *from = ebb_date_format (r->options.from_day);
        g_string_append_printf (right, _("\nWindow %s to %s"), from, to);
      }
  }

  /* The right block first: the name wraps in what it leaves. */
  right_layout = _ebb_page_text (&r->page, right->str, BODY_SIZE, FALSE, -1, TRUE);
  pango_layout_set_alignment (right_layout, PANGO_ALIGN_RIGHT);
  right_w = MIN (_ebb_page_layout_width (right_layout), r->page.content_width * 0.45);
  pango_layout_set_width (right_layout, (int) (right_w * PANGO_SCALE));
  pango_layout_set_wrap (right_layout, PANGO_WRAP_WORD_CHAR);
  _ebb_page_show (&r->page, right_layout, r->page.width - r->page.margin - right_w, y, 0.2);
  left_w = r->page.content_width - right_w - 12;

  h = _ebb_page_paragraph (&r->page, who, 15, FALSE, TRUE, r->page.margin, y, left_w, 0.0);
  h += _ebb_page_paragraph (&r->page, sub->str, BODY_SIZE, FALSE, FALSE, r->page.margin, y + h, left_w, 0.3);
  h = MAX (h, _ebb_page_layout_height (right_layout));
  _ebb_page_rule (&r->page, y + h + 4, 0.0, 0.8);
  return y + h + 10;
}

static EbbChart *
make_chart (Report *r)
{
  EbbChart *chart = ebb_chart_new_for_records (&r->records, r->chart_scale,
                                               r->options.as_of_day, r->options.settings);

  ebb_chart_set_theme (chart, r->options.chart_theme);
  /* Paper: the as-of line has the date, never "today". */
  ebb_chart_set_for_screen (chart, FALSE);
  if (r->options.from_day > 0)
    ebb_chart_set_range (chart, r->options.from_day,
                         r->options.to_day != r->options.as_of_day ? r->options.to_day : 0);
  /* The panels that have something to show: a report is read before the
   * next dose, when what the last sessions cost matters, but an empty
   * panel would only take the table's room. */
  ebb_chart_set_panels (chart, ebb_chart_get_panels_with_data (chart));
  return chart;
}

/* The room the chart's panels take on the page, out of @room. */
static double
panels_height (Report *r,
               double  room)
{
  g_autoptr(EbbChart) chart = make_chart (r);
  const EbbChartPanels panels = ebb_chart_get_panels (chart);

  return ((panels & EBB_CHART_PANEL_BLOOD_PRESSURE) ? round (room * 0.11) : 0) +
         ((panels & EBB_CHART_PANEL_DISSOCIATION) ? round (room * 0.06) : 0);
}

static double
draw_chart (Report *r,
            double  y,
            double  height)
{
  g_autoptr(EbbChart) chart = make_chart (r);
  EbbChartLayout layout;
  double inset;

  /* The chart keeps a margin of its own: let it reach into the page's so
   * that its text lines up with the rest of the page. */
  ebb_chart_get_layout (chart, r->page.content_width, height, &layout);
  inset = MIN (layout.footnote.height > 0 ? layout.footnote.x : layout.font_size * 0.7, r->page.margin / 2);
  cairo_save (r->page.cr);
  cairo_translate (r->page.cr, r->page.margin - inset, y);
  ebb_chart_draw (chart, r->page.cr, r->page.content_width + 2 * inset, height);
  cairo_restore (r->page.cr);
  return y + height;
}

static char *
summary_markup (Report              *r,
                const EbbTrajectory *trajectory)
{
  const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
  const guint n = ebb_trajectory_get_n_points (trajectory);
  g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *head = g_markup_printf_escaped ("<b>%s</b>  ", scale->id);
  const gboolean ok = ebb_trajectory_get_baseline_status (trajectory) == EBB_BASELINE_OK;
  EbbDurability durability;

  g_string_append (text, head);
  if (!scale->efficacy)
    {
      /* A side-effect measure (CADSS): what was seen, no response, no
       * durability, no recall period. */
      int highest = -1;
      gint32 highest_day = 0;

      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);

          if (point->rating->total > highest)
            {
              highest = point->rating->total;
              highest_day = point->rating->when.day;
            }
        }
      g_string_append (text, _("side effect (dissociation)"));
      if (n > 0)
        {
          const EbbTrajectoryPoint *latest = ebb_trajectory_get_point (trajectory, n - 1);
          g_autofree char *date = ebb_date_format (latest->rating->when.day);
          g_autofree char *high_date = ebb_date_format (highest_day);

          g_string_append_printf (text, _(" · latest %d on %s"), latest->rating->total, date);
          g_string_append_printf (text, _(" · highest %d on %s"), highest, high_date);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (ok)
    {
      g_autofree char *status = g_markup_printf_escaped ("<b>%s</b>",
                                                         ebb_response_status_to_string (ebb_trajectory_get_status (trajectory)));
      g_autofree char *base = g_markup_printf_escaped (_(" · baseline %s"), baseline);
      g_string_append (text, status);
      g_string_append (text, base);
    }
  else
    {
      g_autofree char *why = g_markup_escape_text (baseline, -1);
      g_string_append (text, why);
    }

  if (n > 0)
    {
      const EbbTrajectoryPoint *latest = ebb_trajectory_get_point (trajectory, n - 1);
      g_autofree char *date = ebb_date_format (latest->rating->when.day);

      g_string_append_printf (text, _(" · latest %d on %s"), latest->rating->total, date);
      if (!isnan (latest->change_percent))
        {
          if (latest->change_percent >= 0)
            g_string_append_printf (text, _(", %.0f%% below baseline"), latest->change_percent);
          else
            g_string_append_printf (text, _(", %.0f%% above baseline"), -latest->change_percent);
        }
    }
  else
    g_string_append (text, _(" · no ratings yet"));

  if (ok)
    {
      if (ebb_trajectory_get_nadir (trajectory) >= 0)
        g_string_append_printf (text, _(" · lowest %d"), ebb_trajectory_get_nadir (trajectory));

      ebb_trajectory_get_durability (trajectory, &durability);
      if (durability.n_episodes == 0)
        g_string_append (text, _(" · no response yet"));
      else if (durability.n_faded == 0)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %u response, not faded",
                                                   " · %u responses, none faded", durability.n_episodes),
                                durability.n_episodes);
      else
        {
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · durability: %u of %u response faded",
                                                     " · durability: %u of %u responses faded",
                                                     durability.n_episodes),
                                  durability.n_faded, durability.n_episodes);
          if (!isnan (durability.median_days_to_fade))
            g_string_append_printf (text, _(", median %.3g days from session to fade"),
                                    durability.median_days_to_fade);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
treatment_markup (Report *r)
{
  guint done = 0, off = 0, by_phase[EBB_PHASE_RESCUE + 1] = { 0 };
  const EbbSession *first = NULL, *next = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; r->sessions != NULL && i < r->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (r->sessions, i);

      if (session->when.day > r->options.as_of_day)
        {
          if (session->status == EBB_SESSION_SCHEDULED &&
              (next == NULL || ebb_when_compare (&session->when, &next->when) < 0))
            next = session;
          continue;
        }
      if (session->status == EBB_SESSION_DONE)
        {
          done++;
          by_phase[session->phase]++;
          if (first == NULL || ebb_when_compare (&session->when, &first->when) < 0)
            first = session;
        }
      else if (session->status == EBB_SESSION_CANCELLED || session->status == EBB_SESSION_MISSED)
        off++;
      else if (session->status == EBB_SESSION_SCHEDULED && session->when.day == r->options.as_of_day &&
               (next == NULL || ebb_when_compare (&session->when, &next->when) < 0))
        next = session;
    }

  g_string_append_printf (text, "<b>%s</b>  ", _("Sessions"));
  if (done == 0)
    g_string_append (text, _("none done yet"));
  else
    {
      g_autofree char *since = ebb_date_format (first->when.day);

      g_string_append_printf (text, _("%u done since %s (%u induction, %u maintenance, %u rescue)"),
                              done, since, by_phase[EBB_PHASE_INDUCTION],
                              by_phase[EBB_PHASE_MAINTENANCE], by_phase[EBB_PHASE_RESCUE]);
    }
  if (off > 0)
    g_string_append_printf (text, _(", %u cancelled or missed"), off);
  if (next != NULL)
    {
      g_autofree char *date = _ebb_page_format_when (&next->when);
      g_autofree char *treatment = describe_treatment (next);
      g_autofree char *escaped = g_markup_escape_text (treatment, -1);
      const int days = next->when.day - r->options.as_of_day;

      /* Translators: the next session, " · next 2026-06-16, maintenance · IV
       * (in 15 days)"; keep the <b> markup */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · <b>next</b> %s, %s (in %d day)",
                                                 " · <b>next</b> %s, %s (in %d days)", days),
                              date, escaped, days);
    }
  else
    g_string_append (text, _(" · <b>no next session booked</b>"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}


typedef struct
{
  const EbbFlag *flag;
  gboolean       open;
} RankedFlag;

/* What still needs a decision first, most urgent first; then the history,
 * latest first: a case note reads from now backwards. */
static int
compare_ranked_flags (gconstpointer a,
                      gconstpointer b)
{
  const RankedFlag *fa = a, *fb = b;

  if (fa->open != fb->open)
    return fa->open ? -1 : 1;
  if (fa->open)
    return ebb_flag_compare_urgency (fa->flag, fb->flag);
  if (fa->flag->day != fb->flag->day)
    return fa->flag->day > fb->flag->day ? -1 : 1;
  return ebb_flag_compare_urgency (fa->flag, fb->flag);
}


/* The flags of the reporting window, in the order the page lists them:
 * the open ones first, most urgent first; then the others, newest first. */
static GArray *
collect_flags (Report *r)
{
  GArray *flags = g_array_new (FALSE, FALSE, sizeof (RankedFlag));

  for (guint i = 0; i < r->flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (r->flags, i);

      /* Projected flags are about the interval open now: only when the
       * window reaches the as-of date. */
      if (flag->kind == EBB_FLAG_PROJECTED ? r->options.to_day >= r->options.as_of_day :
          in_window (r, flag->day))
        {
          RankedFlag ranked = { flag, ebb_flag_is_open (flag) };
          g_array_append_val (flags, ranked);
        }
    }
  g_array_sort (flags, compare_ranked_flags);
  return flags;
}

static char *
flag_markup (Report        *r,
             const EbbFlag *flag)
{
  g_autofree char *date = ebb_date_format (flag->day);
  g_autofree char *text = NULL;

  if (flag->scale != NULL)
    text = g_markup_printf_escaped ("<b>%s</b> %s · %s — %s", ebb_flag_kind_to_label (flag->kind),
                                    date, flag->scale->id, flag->detail);
  else
    text = g_markup_printf_escaped ("<b>%s</b> %s — %s", ebb_flag_kind_to_label (flag->kind),
                                    date, flag->detail);

  if (ebb_flag_is_open (flag))
    {
      g_autofree char *suggestion = g_markup_printf_escaped (" <i>%s</i>", flag->suggestion);
      return g_strconcat (text, suggestion, NULL);
    }
  else
    {
      g_autofree char *state = ebb_flag_describe_state (flag);
      g_autofree char *closed = g_markup_printf_escaped (" <i>%s.</i>", state);
      return g_strconcat (text, closed, NULL);
    }
}

static GArray *
collect_rows (Report *r)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));

  g_array_set_clear_func (rows, (GDestroyNotify) row_clear);

  for (guint i = 0; r->sessions != NULL && i < r->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (r->sessions, i);
      g_autofree char *treatment = NULL;
      Row row = { session->when, TRUE };

      if (!in_window (r, session->when.day) || session->when.day > r->options.as_of_day)
        continue;
      treatment = describe_treatment (session);
      row.date = _ebb_page_format_when (&session->when);
      /* Translators: an event in the report's table, "session done" */
      row.what = g_strdup_printf (_("session %s"), ebb_session_status_to_label (session->status));
      if (ebb_session_pre_dose_reading (session) != NULL &&
          ebb_session_highest_after_dose (session) != NULL)
        row.detail = g_strdup_printf (_("%s · BP %d/%d → %d/%d"), treatment,
                                      ebb_session_pre_dose_reading (session)->systolic,
                                      ebb_session_pre_dose_reading (session)->diastolic,
                                      ebb_session_highest_after_dose (session)->systolic,
                                      ebb_session_highest_after_dose (session)->diastolic);
      else
        row.detail = g_steal_pointer (&treatment);
      g_array_append_val (rows, row);
    }

  /* Ratings with their change from baseline (from the trajectory of their
   * own scale, so a PHQ-9 row shows PHQ-9's change). */
  for (guint t = 0; t < r->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = g_ptr_array_index (r->trajectories, t);
      const EbbScale *scale = ebb_trajectory_get_scale (trajectory);

      for (guint i = 0; i < ebb_trajectory_get_n_points (trajectory); i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          g_autoptr(GString) detail = g_string_new (NULL);
          Row row = { point->rating->when, FALSE };

          if (!in_window (r, point->rating->when.day))
            continue;
          row.date = _ebb_page_format_when (&point->rating->when);
          row.what = g_strdup (scale->id);
          g_string_append_printf (detail, "%d", point->rating->total);
          if (!isnan (point->change_percent))
            g_string_append_printf (detail, " (%s%.0f%%)", point->change_percent > 0.5 ? "−" :
                                    point->change_percent < -0.5 ? "+" : "±", fabs (point->change_percent));
          if (point->remission)
            g_string_append (detail, _(" · remission"));
          else if (point->responding)
            g_string_append (detail, _(" · responding"));
          if (point->post_dose)
            g_string_append (detail, _(" · after the dose"));
          if (point->suicide_alert && point->alert_implied)
            {
              /* Translators: in the report's table, the suicide item as the total proves it */
              g_string_append_printf (detail, _(" · suicide item at least %d (from the total)"), point->alert_value);
              row.alert = TRUE;
            }
          else if (point->suicide_alert)
            {
              g_string_append_printf (detail, _(" · suicide item %d"), point->alert_value);
              row.alert = TRUE;
            }
          else if (point->alert_unrecorded)
            g_string_append (detail, _(" · suicide item not recorded"));
          row.detail = g_string_free (g_steal_pointer (&detail), FALSE);
          g_array_append_val (rows, row);
        }
    }
  return rows;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = a, *rb = b;

  if (ra->when.day != rb->when.day)
    return ra->when.day < rb->when.day ? -1 : 1;
  /* Same day: the pre-dose rating before its session (clinical rules §2),
   * unless both have times. */
  if (EBB_WHEN_HAS_TIME (&ra->when) && EBB_WHEN_HAS_TIME (&rb->when) && ra->when.second != rb->when.second)
    return ra->when.second < rb->when.second ? -1 : 1;
  return (int) ra->is_session - (int) rb->is_session;
}

static double
table_row_height (Report *r)
{
  g_autoptr(PangoLayout) layout = _ebb_page_text (&r->page, "Ag", SMALL_SIZE, FALSE, -1, FALSE);

  return ceil (_ebb_page_layout_height (layout)) + 2;
}

static void
draw_cell (Report     *r,
           const char *text,
           gboolean    bold,
           double      x,
           double      y,
           double      width,
           double      grey)
{
  g_autoptr(PangoLayout) layout = _ebb_page_text (&r->page, text, SMALL_SIZE, bold, -1, FALSE);

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  _ebb_page_show (&r->page, layout, x, y + 1, grey);
}

/* The widths the table's columns need for what is in them, headings
 * included, so that no date, event or dose is cut short. */
static void
measure_columns (Report *r,
                 GArray *rows,
                 double *date_w,
                 double *what_w,
                 double *detail_w)
{
  const double pad = 6;

  *date_w = *what_w = *detail_w = 0;
  for (guint i = 0; i <= rows->len; i++)
    {
      const Row *row = i < rows->len ? &g_array_index (rows, Row, i) : NULL;
      g_autoptr(PangoLayout) date = _ebb_page_text (&r->page, row != NULL ? row->date : _("Date"),
                                               SMALL_SIZE, row == NULL, -1, FALSE);
      g_autoptr(PangoLayout) what = _ebb_page_text (&r->page, row != NULL ? row->what : _("Event"),
                                               SMALL_SIZE, row == NULL || row->alert, -1, FALSE);
      g_autoptr(PangoLayout) detail = _ebb_page_text (&r->page, row != NULL ? row->detail : _("Details"),
                                                 SMALL_SIZE, row == NULL || row->alert, -1, FALSE);

      *date_w = MAX (*date_w, _ebb_page_layout_width (date) + pad);
      *what_w = MAX (*what_w, _ebb_page_layout_width (what) + pad);
      *detail_w = MAX (*detail_w, _ebb_page_layout_width (detail) + pad);
    }
}

/* The table fills the height it is given; rows that do not fit are the
 * earliest, and the first line says how many.  Two columns of rows when
 * they are needed and every row fits in half the width; otherwise one,
 * since a dose or a blood pressure cut short is worse than a row left
 * out and counted. */
static void
draw_table (Report *r,
            double  y,
            double  height)
{
  g_autoptr(GArray) rows = collect_rows (r);
  const double row_h = table_row_height (r);
  const double gutter = 16;
  g_autofree char *heading = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = ebb_date_format (r->options.to_day);
  guint per_column, n_columns, capacity, skipped, first;
  double column_w, title_h, date_w, what_w, detail_w;

  g_array_sort (rows, compare_rows);

  if (r->options.from_day > 0)
    from = ebb_date_format (r->options.from_day);
  heading = from != NULL ? g_strdup_printf (_("Sessions and ratings, %s to %s"), from, to) :
                           g_strdup_printf (_("Sessions and ratings up to %s"), to);
  title_h = _ebb_page_paragraph (&r->page, heading, HEADING_SIZE, TRUE, FALSE, r->page.margin, y, r->page.content_width, 0.0);
  y += title_h + 3;
  height -= title_h + 3;

  if (rows->len == 0)
    {
      _ebb_page_paragraph (&r->page, _("No sessions or ratings in this window."), BODY_SIZE, FALSE, FALSE,
                 r->page.margin, y, r->page.content_width, 0.3);
      return;
    }

  measure_columns (r, rows, &date_w, &what_w, &detail_w);
  per_column = (guint) MAX (1, floor ((height - row_h) / row_h));
  n_columns = rows->len > per_column &&
              date_w + what_w + detail_w <= (r->page.content_width - gutter) / 2 ? 2 : 1;
  capacity = per_column * n_columns;
  skipped = rows->len > capacity ? rows->len - (capacity - 1) : 0;
  first = skipped;
  column_w = (r->page.content_width - (n_columns - 1) * gutter) / n_columns;
  /* Spare width goes to the details. */
  date_w = MIN (date_w, column_w / 3);
  what_w = MIN (what_w, column_w / 3);

  for (guint c = 0; c < n_columns; c++)
    {
      const double x = r->page.margin + c * (column_w + gutter);
      double ry = y;

      draw_cell (r, _("Date"), TRUE, x, ry, date_w - 4, 0.0);
      draw_cell (r, _("Event"), TRUE, x + date_w, ry, what_w - 4, 0.0);
      draw_cell (r, _("Details"), TRUE, x + date_w + what_w, ry, column_w - date_w - what_w, 0.0);
      ry += row_h;
      cairo_set_source_rgb (r->page.cr, 0, 0, 0);
      cairo_set_line_width (r->page.cr, 0.5);
      cairo_move_to (r->page.cr, x, ry);
      cairo_line_to (r->page.cr, x + column_w, ry);
      cairo_stroke (r->page.cr);

      for (guint slot = 0; slot < per_column; slot++)
        {
          const guint index = c * per_column + slot;
          const Row *row;

          if (c == 0 && slot == 0 && skipped > 0)
            {
              g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u earlier row",
                                                                    "… and %u earlier rows", skipped),
                                                       skipped);
              draw_cell (r, more, FALSE, x, ry, column_w, 0.35);
              ry += row_h;
              continue;
            }
          if (first + index - (skipped > 0 ? 1 : 0) >= rows->len)
            break;
          row = &g_array_index (rows, Row, first + index - (skipped > 0 ? 1 : 0));

          /* Sessions on a faint band, so doses and ratings read apart. */
          if (row->is_session)
            {
              cairo_set_source_rgb (r->page.cr, 0.93, 0.93, 0.93);
              cairo_rectangle (r->page.cr, x, ry, column_w, row_h);
              cairo_fill (r->page.cr);
            }
          draw_cell (r, row->date, FALSE, x, ry, date_w - 4, 0.0);
          draw_cell (r, row->what, row->alert, x + date_w, ry, what_w - 4, 0.0);
          draw_cell (r, row->detail, row->alert, x + date_w + what_w, ry, column_w - date_w - what_w, 0.0);
          ry += row_h;
        }
    }
}

static char *
footer_text (Report *r)
{
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  g_autofree char *as_of = ebb_date_format (r->options.as_of_day);

  for (guint t = 0; t < r->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = g_ptr_array_index (r->trajectories, t);

      if (!ebb_trajectory_get_scale (trajectory)->efficacy)
        continue;
      g_string_append_printf (changes, "%s%s %d", changes->len ? ", " : "",
                              ebb_trajectory_get_scale (trajectory)->id,
                              ebb_trajectory_get_meaningful_change (trajectory));
    }

  /* The rules of version 2 in a paragraph, with the clinic's numbers. */
  return g_strdup_printf (_("How the flags were computed (Ebb's clinical rules, version 2). Each course has "
                            "its own baseline: the latest rating before its first session, at most %d days "
                            "before. Responding: at or below %.0f%% of baseline; a rating after the dose on "
                            "a session's day is left out. Worsening: at least the meaningful change above "
                            "baseline%s%s%s. Relapse: after a response, ratings at relapse level for 5 days or "
                            "more. No response: not responding at the end of induction (6th session, 8th by "
                            "nasal spray, or day 28). Faded: no longer responding and the meaningful change "
                            "above the response's lowest, or not responding for %d days. Projected: a line "
                            "through 3 or more ratings crosses the response level before the next booked "
                            "session. Suicide item: at or above its alert level, recorded or implied by the "
                            "total; only a decision closes it. Sessions: a booking %d days past with no "
                            "record, two missed in a row, or nothing booked for 1.5 intervals. Blood "
                            "pressure: before dosing above %d/%d, after dosing %d/%d or more. A flag stays "
                            "open until the data closes it, a clinician decides, or the course is ended.\n"
                            "Data as of %s. Generated by Ebb %s on %s."),
                          r->settings.baseline_window_days,
                          (1 - r->settings.response_fraction) * 100,
                          changes->len ? " (" : "", changes->str, changes->len ? ")" : "",
                          r->settings.fade_run_days, r->settings.unrecorded_days,
                          r->settings.bp_before.systolic, r->settings.bp_before.diastolic,
                          r->settings.bp_after.systolic, r->settings.bp_after.diastolic,
                          as_of, PACKAGE_VERSION, today);
}

/* The page ----------------------------------------------------------------- */

static void
report_init (Report                 *r,
             const EbbPatient       *patient,
             GPtrArray              *sessions,
             GPtrArray              *ratings,
             const EbbReportOptions *options,
             cairo_t                *cr,
             double                  width,
             double                  height)
{
  const EbbScale * const *all;
  guint n_scales;

  memset (r, 0, sizeof *r);
  _ebb_page_init (&r->page, cr, width, height);
  r->patient = patient;
  r->sessions = sessions;
  r->ratings = ratings;
  if (options != NULL)
    r->options = *options;
  else
    ebb_report_options_init (&r->options);
  if (r->options.as_of_day <= 0)
    r->options.as_of_day = ebb_date_today ();
  if (r->options.to_day <= 0 || r->options.to_day > r->options.as_of_day)
    r->options.to_day = r->options.as_of_day;
  if (r->options.settings != NULL)
    r->settings = *r->options.settings;
  else
    ebb_rule_settings_init_defaults (&r->settings);
  r->options.settings = &r->settings;
  r->chart_scale = r->options.scale != NULL ? r->options.scale : ebb_chart_default_scale (patient, ratings);

  r->records = (EbbPatientRecords) { patient, sessions, ratings, r->options.course_ends, r->options.decisions,
                                     NULL, r->options.events };
  r->flags = ebb_flags_for_records (&r->records, r->options.as_of_day, &r->settings);
  r->trajectories = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_trajectory_free);
  all = ebb_scale_all (&n_scales);
  for (guint s = 0; s < n_scales; s++)
    {
      gboolean rated = all[s] == r->chart_scale;

      /* Every scale rated, side-effect ones (CADSS) included: they are in
       * the summary and the table, never in the rules. */
      for (guint i = 0; ratings != NULL && i < ratings->len && !rated; i++)
        {
          const EbbRating *rating = g_ptr_array_index (ratings, i);
          rated = rating->when.day <= r->options.as_of_day && ebb_scale_lookup (rating->scale_id) == all[s];
        }
      if (rated)
        g_ptr_array_add (r->trajectories, ebb_trajectory_new_for_records (&r->records, all[s],
                                                                          r->options.as_of_day, &r->settings));
    }
}

static void
report_clear (Report *r)
{
  _ebb_page_clear (&r->page);
  g_clear_pointer (&r->trajectories, g_ptr_array_unref);
  g_clear_pointer (&r->flags, g_ptr_array_unref);
}

/* The footer at the foot of the page; returns its top. */
static double
draw_footer (Report *r)
{
  g_autofree char *footer = footer_text (r);
  double footer_h = _ebb_page_measure_paragraph (&r->page, footer, SMALL_SIZE, FALSE, r->page.content_width);
  double top = r->page.height - r->page.margin - footer_h;

  _ebb_page_rule (&r->page, top - 5, 0.5, 0.5);
  _ebb_page_paragraph (&r->page, footer, SMALL_SIZE, FALSE, FALSE, r->page.margin, top, r->page.content_width, 0.3);
  return top;
}

/* "Summary": a paragraph per scale, then the treatment; returns the y
 * under it. */
static double
draw_summary (Report *r,
              double  y)
{
  g_autofree char *treatment = NULL;

  y += _ebb_page_paragraph (&r->page, _("Summary"), HEADING_SIZE, TRUE, FALSE, r->page.margin, y, r->page.content_width, 0.0) + 2;
  for (guint t = 0; t < r->trajectories->len; t++)
    {
      g_autofree char *markup = summary_markup (r, g_ptr_array_index (r->trajectories, t));
      y += _ebb_page_paragraph (&r->page, markup, BODY_SIZE, FALSE, TRUE, r->page.margin, y, r->page.content_width, 0.0) + 2;
    }
  treatment = treatment_markup (r);
  y += _ebb_page_paragraph (&r->page, treatment, BODY_SIZE, FALSE, TRUE, r->page.margin, y, r->page.content_width, 0.0) + 8;
  return y;
}

/* The events of the reporting window, by day. */
static GPtrArray *
collect_events (Report *r)
{
  GPtrArray *events = g_ptr_array_new ();

  for (guint i = 0; r->options.events != NULL && i < r->options.events->len; i++)
    {
      EbbEvent *event = g_ptr_array_index (r->options.events, i);

      if (event->day <= r->options.to_day &&
          (r->options.from_day <= 0 || event->day >= r->options.from_day))
        g_ptr_array_add (events, event);
    }
  g_ptr_array_sort (events, ebb_event_compare);
  return events;
}

static char *
event_markup (const EbbEvent *event)
{
  g_autofree char *day = ebb_date_format (event->day);
  const char *kind = ebb_event_kind_to_label (event->kind);
  const char *text = event->text != NULL ? event->text : "";

  /* The kinds a reader must not miss in bold, as on the chart. */
  if (ebb_event_kind_is_alarm (event->kind))
    /* Translators: an event in the report, "2026-02-20  suicide attempt: overdose",
     * its kind in bold */
    return g_markup_printf_escaped (_("%s  <b>%s</b>: %s"), day, kind, text);
  /* Translators: an event in the report, "2026-03-10  life event: moved house" */
  return g_markup_printf_escaped (_("%s  %s: %s"), day, kind, text);
}

static int
event_rank (const EbbEvent *event)
{
  return event->kind == EBB_EVENT_SUICIDE_ATTEMPT ? 0 : ebb_event_kind_is_alarm (event->kind) ? 1 : 2;
}

/* Suicide attempts, then hospitalisations, then the rest; each the
 * latest first. */
static int
compare_event_priority (gconstpointer a,
                        gconstpointer b)
{
  const EbbEvent *x = *(EbbEvent * const *) a, *y = *(EbbEvent * const *) b;

  if (event_rank (x) != event_rank (y))
    return event_rank (x) < event_rank (y) ? -1 : 1;
  return -ebb_event_compare (a, b);
}

/* "Events" and @n of @events (by priority), in day order, run on in one
 * paragraph: the block stays short, whatever else the page holds. */
static char *
events_markup (GPtrArray *events,
               guint      n)
{
  GString *markup = g_string_new (NULL);
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autofree char *heading = g_markup_escape_text (_("Events"), -1);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (shown, g_ptr_array_index (events, i));
  g_ptr_array_sort (shown, ebb_event_compare);

  g_string_append_printf (markup, "<b>%s</b>  ", heading);
  for (guint i = 0; i < shown->len; i++)
    {
      g_autofree char *one = event_markup (g_ptr_array_index (shown, i));

      g_string_append_printf (markup, i > 0 ? " · %s" : "%s", one);
    }
  if (n < events->len)
    {
      const guint left_out = events->len - n;
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u other, not shown",
                                                            "%u others, not shown", left_out),
                                               left_out);
      g_autofree char *escaped = g_markup_escape_text (more, -1);

      g_string_append_printf (markup, " · … %s", escaped);
    }
  return g_string_free (markup, FALSE);
}

/* What the events need at the least, kept from the flags above them,
 * which take the rest first: the paragraph with the first alone. */
static double
events_reserve (Report *r)
{
  g_autoptr(GPtrArray) events = collect_events (r);
  g_autofree char *markup = NULL;

  if (events->len == 0)
    return 0;
  g_ptr_array_sort (events, compare_event_priority);
  markup = events_markup (events, 1);
  return _ebb_page_measure_paragraph (&r->page, markup, BODY_SIZE, TRUE, r->page.content_width) + 8;
}

/* The events of the window, as many as fit in MAX_EVENT_LINES
 * lines and leave the table ten rows above @bottom; nothing when there
 * are none.  Returns the y under them. */
static double
draw_events (Report *r,
             double  y,
             double  bottom)
{
  g_autoptr(GPtrArray) events = collect_events (r);
  const double table_min = 10 * table_row_height (r) + 24;
  const double line = _ebb_page_measure_paragraph (&r->page, "X", BODY_SIZE, FALSE, r->page.content_width);
  g_autofree char *chosen = NULL;

  if (events->len == 0)
    return y;
  /* A suicide attempt or a hospitalisation first, then the latest: as
   * many as fit. */
  g_ptr_array_sort (events, compare_event_priority);
  for (guint n = 1; n <= events->len; n++)
    {
      g_autofree char *markup = events_markup (events, n);
      const double h = _ebb_page_measure_paragraph (&r->page, markup, BODY_SIZE, TRUE, r->page.content_width);

      if (n > 1 && (h > MAX_EVENT_LINES * line + 1 || y + h > bottom - table_min))
        break;
      g_free (chosen);
      chosen = g_steal_pointer (&markup);
    }
  return y + _ebb_page_paragraph (&r->page, chosen, BODY_SIZE, FALSE, TRUE, r->page.margin, y, r->page.content_width, 0.0) + 8;
}

static char *
flags_heading (GArray *flags)
{
  guint n_open = 0;

  for (guint i = 0; i < flags->len; i++)
    n_open += g_array_index (flags, RankedFlag, i).open;
  if (n_open > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Flags in this window (%u, %u open)",
                                         "Flags in this window (%u, %u open)", flags->len),
                            flags->len, n_open);
  if (flags->len > 0)
    /* §5: closed flags stay in the history; what matters first is that
     * none needs a decision. */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "No open flags (%u decided or resolved in this window)",
                                         "No open flags (%u decided or resolved in this window)", flags->len),
                            flags->len);
  return g_strdup (_("No flags in this window"));
}

/* The flags, open ones first, as many as leave the table ten rows above
 * @bottom; returns the y under them. */
static double
draw_flags (Report *r,
            double  y,
            double  bottom)
{
  g_autoptr(GArray) flags = collect_flags (r);
  g_autofree char *heading = flags_heading (flags);
  const double table_min = 10 * table_row_height (r) + 24;
  double flags_h = 0;
  guint n_flags_shown = 0;

  y += _ebb_page_paragraph (&r->page, heading, HEADING_SIZE, TRUE, FALSE, r->page.margin, y, r->page.content_width, 0.0) + 2;
  for (guint i = 0; i < flags->len && i < MAX_FLAGS; i++)
    {
      g_autofree char *markup = flag_markup (r, g_array_index (flags, RankedFlag, i).flag);
      const double h = _ebb_page_measure_paragraph (&r->page, markup, BODY_SIZE, TRUE, r->page.content_width - 10);

      if (y + flags_h + h + 14 > bottom - table_min)
        break;
      flags_h += h + 2;
      n_flags_shown++;
    }
  for (guint i = 0; i < n_flags_shown; i++)
    {
      const RankedFlag *ranked = &g_array_index (flags, RankedFlag, i);
      g_autofree char *markup = flag_markup (r, ranked->flag);

      /* A bar in the margin for what needs a decision now. */
      if (ranked->open)
        {
          cairo_set_source_rgb (r->page.cr, ranked->flag->kind == EBB_FLAG_SUICIDE_ITEM ? 0.75 : 0.35, 0, 0);
          cairo_rectangle (r->page.cr, r->page.margin, y + 1, 3, BODY_SIZE + 2);
          cairo_fill (r->page.cr);
        }
      y += _ebb_page_paragraph (&r->page, markup, BODY_SIZE, FALSE, TRUE, r->page.margin + 10, y, r->page.content_width - 10, 0.0) + 2;
    }
  if (n_flags_shown < flags->len)
    {
      guint n_more = flags->len - n_flags_shown;
      /* The page is for the case notes: no command lines here. */
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u earlier flag, not shown",
                                                            "… and %u earlier flags, not shown", n_more),
                                               n_more);
      y += _ebb_page_paragraph (&r->page, more, BODY_SIZE, FALSE, FALSE, r->page.margin + 10, y, r->page.content_width - 10, 0.35) + 2;
    }
  return y;
}

/**
 * ebb_report_draw:
 * @patient: the patient
 * @sessions: (element-type EbbSession): the patient's sessions
 * @scores: (element-type EbbRating): the patient's ratings
 * @options: (nullable): what to report, or %NULL for the defaults
 * @cr: where to draw the page
 * @width: the page's width in points
 * @height: the page's height in points
 *
 * Draws the one-page report; ebb_report_write_pdf() puts it in a file, a
 * print dialog can draw it on its own page.
 */
void
ebb_report_draw (const EbbPatient       *patient,
                 GPtrArray              *sessions,
                 GPtrArray              *ratings,
                 const EbbReportOptions *options,
                 cairo_t                *cr,
                 double                  width,
                 double                  height)
{
  Report r;
  double y, chart_h, bottom;

  g_return_if_fail (patient != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 100 && height > 100);

  report_init (&r, patient, sessions, ratings, options, cr, width, height);
  cairo_save (cr);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  /* Bottom up: the footer. */
  bottom = draw_footer (&r) - 12;

  /* Top down: header, chart, summary, flags. */
  y = draw_header (&r, r.page.margin);
  chart_h = round (MIN (r.page.content_width * 0.52, (bottom - y) * 0.42));
  if (r.chart_scale != NULL)
    y = draw_chart (&r, y, chart_h + panels_height (&r, bottom - y)) + 8;
  else
    y += _ebb_page_paragraph (&r.page, _("No ratings recorded yet: the chart starts with the first rating."),
                    BODY_SIZE, FALSE, FALSE, r.page.margin, y + 4, r.page.content_width, 0.3) + 16;

  y = draw_summary (&r, y);
  /* The flags before the events: what needs a decision has the room
   * first. */
  y = draw_flags (&r, y, bottom - events_reserve (&r)) + 8;
  y = draw_events (&r, y, bottom);

  draw_table (&r, y, bottom - y);

  cairo_restore (cr);
  report_clear (&r);
}

typedef struct
{
  const EbbPatient       *patient;
  GPtrArray              *sessions;
  GPtrArray              *ratings;
  const EbbReportOptions *options;
} PaintData;

static void
paint_report (cairo_t  *cr,
              double    width,
              double    height,
              gpointer  user_data)
{
  PaintData *data = user_data;

  ebb_report_draw (data->patient, data->sessions, data->ratings, data->options, cr, width, height);
}

/**
 * ebb_report_write_pdf:
 * @patient: the patient
 * @sessions: (element-type EbbSession): the patient's sessions
 * @scores: (element-type EbbRating): the patient's ratings
 * @path: the PDF file to write (replaced atomically, created 0600)
 * @options: (nullable): what to report, or %NULL for the defaults
 *
 * Writes the one-page case-note report.
 *
 * Returns: %TRUE on success; otherwise @error (%EBB_CHART_ERROR) names
 *   the file
 */
gboolean
ebb_report_write_pdf (const EbbPatient       *patient,
                      GPtrArray              *sessions,
                      GPtrArray              *ratings,
                      const char             *path,
                      const EbbReportOptions *options,
                      GError                **error)
{
  EbbReportOptions defaults;
  PaintData data = { patient, sessions, ratings, options };
  g_autofree char *title = NULL;
  double width, height;

  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    {
      ebb_report_options_init (&defaults);
      data.options = options = &defaults;
    }
  ebb_report_paper_size (options->paper, &width, &height);
  title = g_strdup_printf (_("%s · treatment summary"), patient->code);
  return ebb_chart_export_paint (path, EBB_CHART_FORMAT_PDF, width, height, 0, title,
                                 paint_report, &data, error);
}
