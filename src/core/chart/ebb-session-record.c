/* ebb-session-record.c — one session's record on one page (PDF, PNG or SVG)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is read by whoever picks up the case notes later: every part
 * says what was recorded, and "not recorded" where nothing was, so that a
 * blank is never mistaken for "no".  Top down: who and when, the dose,
 * the readings (a table beside a plot against minutes after dosing), the
 * effects, the observation and discharge, the medicines taken that day,
 * the day's CADSS rating; the footer at the foot.  Always one page: the
 * readings table says how many rows it had to leave out.
 */
#define G_LOG_DOMAIN "ebb-session-record"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart.h"
#include "ebb-medicine.h"
#include "ebb-page-private.h"
#include "ebb-rating.h"
#include "ebb-scale.h"
#include "ebb-session-record.h"

#define BODY_SIZE 9.0
#define SMALL_SIZE 8.0
#define HEADING_SIZE 10.5
#define ESKETAMINE_DEVICE_MG 28.0   /* one nasal spray device */
#define PNG_DPI 150.0

G_DEFINE_QUARK (ebb-session-record-error-quark, ebb_session_record_error)

typedef struct
{
  EbbPage                  page;
  const EbbPatientRecords *records;
  const EbbSession        *session;
  double                   label_width;   /* of the labels of the fields */
} Record;

/* Finding the session ------------------------------------------------------ */

static char *
session_times (const EbbPatientRecords *records,
               gint32                   day)
{
  g_autoptr(GString) times = g_string_new (NULL);

  for (guint i = 0; records->sessions != NULL && i < records->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (records->sessions, i);

      if (session->when.day != day)
        continue;
      if (times->len > 0)
        g_string_append (times, ", ");
      if (EBB_WHEN_HAS_TIME (&session->when))
        g_string_append_printf (times, "%02d:%02d", session->when.second / 3600, session->when.second / 60 % 60);
      else
        g_string_append (times, _("one without a time"));
    }
  return g_string_free (g_steal_pointer (&times), FALSE);
}

/**
 * ebb_session_record_find:
 * @records: the patient's records, sessions read with their readings
 * @when: "2026-03-02", or "2026-03-02T09:30" to choose among the day's
 *   sessions
 * @error: return location for an error
 *
 * The session of the patient at @when, whatever its status.  A date
 * alone names the day's only session; with a time, the session booked at
 * that minute.
 *
 * Returns: (transfer none): the session, borrowed from @records; %NULL
 *   with @error: %EBB_DATE_ERROR when @when is not a date,
 *   %EBB_SESSION_RECORD_ERROR_NOT_FOUND when no session matches,
 *   %EBB_SESSION_RECORD_ERROR_AMBIGUOUS when a date alone matches
 *   several (the message lists their times)
 */
const EbbSession *
ebb_session_record_find (const EbbPatientRecords *records,
                         const char              *when,
                         GError                 **error)
{
  const EbbSession *found = NULL;
  g_autofree char *date = NULL;
  EbbWhen wanted;
  guint n_day = 0, n_found = 0;

  g_return_val_if_fail (records != NULL && records->patient != NULL, NULL);
  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ebb_when_parse (when, &wanted, error))
    return NULL;
  date = ebb_date_format (wanted.day);

  for (guint i = 0; records->sessions != NULL && i < records->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (records->sessions, i);

      if (session->when.day != wanted.day)
        continue;
      n_day++;
      /* A minute names a session: seconds are never shown, so never asked. */
      if (EBB_WHEN_HAS_TIME (&wanted) &&
          (!EBB_WHEN_HAS_TIME (&session->when) || session->when.second / 60 != wanted.second / 60))
        continue;
      n_found++;
      found = session;
    }

  if (n_found == 1)
    return found;
  if (n_day == 0)
    {
      g_set_error (error, EBB_SESSION_RECORD_ERROR, EBB_SESSION_RECORD_ERROR_NOT_FOUND,
                   _("%s has no session on %s"), records->patient->code, date);
      return NULL;
    }

  {
    g_autofree char *times = session_times (records, wanted.day);

    if (n_found == 0)
      g_set_error (error, EBB_SESSION_RECORD_ERROR, EBB_SESSION_RECORD_ERROR_NOT_FOUND,
                   _("%s has no session at %02d:%02d on %s; that day: %s"), records->patient->code,
                   wanted.second / 3600, wanted.second / 60 % 60, date, times);
    else if (EBB_WHEN_HAS_TIME (&wanted))
      /* Two sessions booked at the same minute: nothing on the command
       * line can tell them apart; the window can. */
      g_set_error (error, EBB_SESSION_RECORD_ERROR, EBB_SESSION_RECORD_ERROR_AMBIGUOUS,
                   _("%s had %u sessions at %02d:%02d on %s: export the one you mean from the window"),
                   records->patient->code, n_found, wanted.second / 3600, wanted.second / 60 % 60, date);
    else
      g_set_error (error, EBB_SESSION_RECORD_ERROR, EBB_SESSION_RECORD_ERROR_AMBIGUOUS,
                   g_dngettext (GETTEXT_PACKAGE, "%s had %u session on %s, at %s: give the time, as in %sT09:30",
                                "%s had %u sessions on %s, at %s: give the time, as in %sT09:30", n_found),
                   records->patient->code, n_found, date, times, date);
  }
  return NULL;
}

/* Words -------------------------------------------------------------------- */

static const char *
not_recorded (void)
{
  return _("not recorded");
}

/* "Esketamine": a word standing alone in a field, as the route's title is. */
static char *
capitalised (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  char buf[6];
  int n = g_unichar_to_utf8 (g_unichar_totitle (first), buf);

  return g_strdup_printf ("%.*s%s", n, buf, g_utf8_next_char (text));
}

/* "10:30", or "not recorded". */
static char *
clock_or_not (gint32 second)
{
  if (second < 0)
    return g_strdup (not_recorded ());
  return ebb_clock_time_format (second);
}

static const char *
answer_label (EbbAnswer answer)
{
  switch (answer)
    {
    case EBB_ANSWER_YES:
      return _("yes");
    case EBB_ANSWER_NO:
      return _("no");
    case EBB_ANSWER_NOT_RECORDED:
    default:
      return not_recorded ();
    }
}

/* A "no" to a discharge question in bold: it is what a reader looks for. */
static char *
answer_markup (EbbAnswer answer)
{
  if (answer == EBB_ANSWER_NO)
    return g_markup_printf_escaped ("<b>%s</b>", answer_label (answer));
  return g_markup_escape_text (answer_label (answer), -1);
}

static const char *
level_label (EbbLevel level)
{
  switch (level)
    {
    case EBB_LEVEL_NONE:
      return _("none");
    case EBB_LEVEL_MILD:
      return _("mild");
    case EBB_LEVEL_MODERATE:
      return _("moderate");
    case EBB_LEVEL_SEVERE:
      return _("severe");
    case EBB_LEVEL_MOAAS:
    case EBB_LEVEL_NOT_RECORDED:
    default:
      return not_recorded ();
    }
}

/* ", resolved before discharge" or ", NOT resolved before discharge":
 * what was seen is only half of it. */
static void
append_resolved (GString   *text,
                 EbbAnswer  resolved)
{
  if (resolved == EBB_ANSWER_YES)
    g_string_append (text, _("; resolved before discharge"));
  else if (resolved == EBB_ANSWER_NO)
    g_string_append (text, _("; <b>not resolved before discharge</b>"));
  else
    g_string_append (text, _("; whether it resolved not recorded"));
}

static char *
observed_markup (const EbbObservedLevel *observed)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (observed->level == EBB_LEVEL_NOT_RECORDED)
    return g_strdup (not_recorded ());
  if (observed->level == EBB_LEVEL_MOAAS)
    /* Translators: the MOAA/S sedation score, 5 awake, 0 no response */
    g_string_append_printf (text, _("MOAA/S %d (of 5: 5 is awake and responsive)"), observed->moaas);
  else
    g_string_append (text, level_label (observed->level));
  if (observed->level != EBB_LEVEL_NONE)
    append_resolved (text, observed->resolved);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
respiratory_markup (const EbbSession *session)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (session->respiratory_spo2 < 0)
    return g_strdup (not_recorded ());
  if (session->respiratory_spo2 == 0)
    return g_strdup (_("none"));
  g_string_append_printf (text, _("yes, lowest SpO₂ %d %%"), session->respiratory_spo2);
  append_resolved (text, session->respiratory_resolved);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
other_effects_markup (const EbbSession *session)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (session->effects == 0)
    return g_strdup (_("none recorded"));
  for (guint bit = 1; bit <= EBB_EFFECT_OTHER; bit <<= 1)
    {
      if (!(session->effects & bit))
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      if (bit == EBB_EFFECT_OTHER && session->other_effect != NULL && session->other_effect[0] != '\0')
        {
          g_autofree char *other = g_markup_escape_text (session->other_effect, -1);
          g_string_append (text, other);
        }
      else
        {
          g_autofree char *label = g_markup_escape_text (ebb_effect_to_label (bit), -1);
          g_string_append (text, label);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Minutes after dosing of a reading, when both times are known. */
static gboolean
minutes_after_dose (const EbbSession *session,
                    const EbbReading *reading,
                    double           *minutes)
{
  if (reading->time < 0 || session->dose_time < 0)
    return FALSE;
  *minutes = (reading->time - session->dose_time) / 60.0;
  return TRUE;
}

/* Drawing helpers ---------------------------------------------------------- */

static double
heading (Record     *r,
         const char *text,
         double      y)
{
  double h = _ebb_page_paragraph (&r->page, text, HEADING_SIZE, TRUE, FALSE, r->page.margin, y,
                                  r->page.content_width, 0.0);

  cairo_set_source_rgb (r->page.cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (r->page.cr, 0.5);
  cairo_move_to (r->page.cr, r->page.margin, y + h + 1);
  cairo_line_to (r->page.cr, r->page.width - r->page.margin, y + h + 1);
  cairo_stroke (r->page.cr);
  return y + h + 4;
}

/* A label and its value (markup) side by side at @x, @width wide; returns
 * the y under them. */
static double
field_at (Record     *r,
          const char *label,
          const char *value,
          double      x,
          double      y,
          double      width,
          double      label_width)
{
  double label_h, value_h;

  label_h = _ebb_page_paragraph (&r->page, label, BODY_SIZE, FALSE, FALSE, x, y, label_width - 6, 0.35);
  value_h = _ebb_page_paragraph (&r->page, value, BODY_SIZE, FALSE, TRUE, x + label_width, y,
                                 width - label_width, 0.0);
  return y + MAX (label_h, value_h) + 1.5;
}

static double
field (Record     *r,
       const char *label,
       const char *value,
       double      x,
       double      y,
       double      width)
{
  return field_at (r, label, value, x, y, width, r->label_width);
}

/* A notice that must not be missed: a bar in the margin, bold text. */
static double
notice (Record     *r,
        const char *text,
        double      y)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
  double h = _ebb_page_measure_paragraph (&r->page, markup, BODY_SIZE, TRUE, r->page.content_width - 10);

  cairo_set_source_rgb (r->page.cr, 0.75, 0, 0);
  cairo_rectangle (r->page.cr, r->page.margin, y, 3, h);
  cairo_fill (r->page.cr);
  _ebb_page_paragraph (&r->page, markup, BODY_SIZE, FALSE, TRUE, r->page.margin + 10, y,
                       r->page.content_width - 10, 0.0);
  return y + h + 2;
}

/* Sections ----------------------------------------------------------------- */

static double
draw_header (Record *r,
             double  y)
{
  const EbbPatient *patient = r->records->patient;
  const EbbSession *session = r->session;
  g_autofree char *who = NULL;
  g_autofree char *when = _ebb_page_format_when (&session->when);
  g_autofree char *right = NULL;
  g_autoptr(PangoLayout) right_layout = NULL;
  double h, right_w;

  who = g_markup_printf_escaped ("<b>%s</b>  %s", patient->code, patient->name != NULL ? patient->name : "");
  right = g_markup_printf_escaped (_("Session <b>%s</b>\n%s · %s"), when,
                                   ebb_session_status_to_title (session->status),
                                   ebb_phase_to_label (session->phase));

  right_layout = _ebb_page_text (&r->page, right, BODY_SIZE + 1, FALSE, -1, TRUE);
  pango_layout_set_alignment (right_layout, PANGO_ALIGN_RIGHT);
  right_w = MIN (_ebb_page_layout_width (right_layout), r->page.content_width * 0.45);
  pango_layout_set_width (right_layout, (int) (right_w * PANGO_SCALE));
  pango_layout_set_wrap (right_layout, PANGO_WRAP_WORD_CHAR);
  _ebb_page_show (&r->page, right_layout, r->page.width - r->page.margin - right_w, y, 0.0);

  h = _ebb_page_paragraph (&r->page, who, 15, FALSE, TRUE, r->page.margin, y,
                           r->page.content_width - right_w - 12, 0.0);
  h += _ebb_page_paragraph (&r->page, _("Ketamine / esketamine session record"), BODY_SIZE, FALSE, FALSE,
                            r->page.margin, y + h, r->page.content_width - right_w - 12, 0.3);
  h = MAX (h, _ebb_page_layout_height (right_layout));
  _ebb_page_rule (&r->page, y + h + 4, 0.0, 0.8);
  return y + h + 12;
}

static char *
dose_markup (const EbbSession *session)
{
  g_autofree char *mg = NULL;

  if (session->dose_mg < 0)
    return g_strdup (not_recorded ());
  mg = _ebb_page_format_number (session->dose_mg);
  if (session->drug == EBB_DRUG_ESKETAMINE && session->route == EBB_ROUTE_INTRANASAL)
    {
      const double devices = session->dose_mg / ESKETAMINE_DEVICE_MG;

      /* A dose that is not whole devices is said as it is: the warning
       * under it says what is wrong. */
      if (fabs (devices - round (devices)) < 1e-6)
        return g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE, "<b>%s mg</b> (%d device of 28 mg)",
                                                     "<b>%s mg</b> (%d devices of 28 mg)", (gulong) round (devices)),
                                        mg, (int) round (devices));
    }
  return g_markup_printf_escaped (_("<b>%s mg</b>"), mg);
}

static double
draw_dose (Record *r,
           double  y)
{
  const EbbSession *session = r->session;
  const double half = r->page.content_width / 2;
  g_autofree char *dose = dose_markup (session);
  g_autofree char *drug_title = capitalised (ebb_drug_to_label (session->drug));
  g_autofree char *drug = g_markup_escape_text (session->drug == EBB_DRUG_NOT_RECORDED ? not_recorded ()
                                                : drug_title, -1);
  g_autofree char *route = g_markup_escape_text (ebb_route_to_title (session->route), -1);
  g_autofree char *duration = NULL;
  g_autofree char *lot = NULL;
  g_autofree char *dose_time = clock_or_not (session->dose_time);
  g_autofree char *warning = ebb_session_dose_warning (session);
  double left_y, right_y;

  if (session->duration_min > 0)
    duration = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", session->duration_min),
                                session->duration_min);
  else
    duration = g_strdup (session->route == EBB_ROUTE_IV ? not_recorded () : _("not an infusion"));
  lot = g_markup_escape_text (session->lot != NULL && session->lot[0] != '\0' ? session->lot : not_recorded (), -1);

  y = heading (r, _("Dose"), y);
  left_y = field (r, _("Drug"), drug, r->page.margin, y, half - 10);
  left_y = field (r, _("Route"), route, r->page.margin, left_y, half - 10);
  left_y = field (r, _("Dose"), dose, r->page.margin, left_y, half - 10);
  right_y = field (r, _("Given at"), dose_time, r->page.margin + half, y, half);
  right_y = field (r, _("Infusion over"), duration, r->page.margin + half, right_y, half);
  right_y = field (r, _("Lot"), lot, r->page.margin + half, right_y, half);
  y = MAX (left_y, right_y) + 2;
  if (warning != NULL)
    y = notice (r, warning, y);
  return y + 8;
}

/* The readings table: returns the number of rows drawn. */
static void
draw_readings_table (Record *r,
                     double  x,
                     double  y,
                     double  width,
                     double  bottom)
{
  static const double fractions[] = { 0.14, 0.12, 0.20, 0.15, 0.15, 0.24 };
  const char *headers[] = { _("Time"), _("+min"), _("BP mmHg"), _("HR /min"), _("SpO₂ %"), _("Before dose") };
  GPtrArray *readings = r->session->readings;
  const double row_h = BODY_SIZE + 4.5;
  const guint n = readings != NULL ? readings->len : 0;
  guint fits, shown;
  double cx;

  cx = x;
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      _ebb_page_paragraph (&r->page, headers[c], SMALL_SIZE, TRUE, FALSE, cx, y, width * fractions[c] - 2, 0.2);
      cx += width * fractions[c];
    }
  y += row_h;
  cairo_set_source_rgb (r->page.cr, 0, 0, 0);
  cairo_set_line_width (r->page.cr, 0.5);
  cairo_move_to (r->page.cr, x, y - 1.5);
  cairo_line_to (r->page.cr, x + width, y - 1.5);
  cairo_stroke (r->page.cr);

  if (n == 0)
    {
      _ebb_page_paragraph (&r->page, _("No readings recorded."), BODY_SIZE, FALSE, FALSE, x, y, width, 0.35);
      return;
    }
  fits = (guint) MAX (1, floor ((bottom - y) / row_h));
  /* Too many for the page: the first ones and the last ones matter most
   * (before dosing, and at discharge), so the middle is left out. */
  shown = n <= fits ? n : fits - 1;
  for (guint i = 0; i < shown + (n > fits ? 1 : 0); i++)
    {
      const guint index = n <= fits || i < shown / 2 ? i : (i == shown / 2 ? G_MAXUINT : n - (shown + 1 - i));
      const EbbReading *reading;
      char *cells[G_N_ELEMENTS (headers)] = { NULL };
      double minutes;

      if (index == G_MAXUINT)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… %u reading not shown",
                                                                "… %u readings not shown", n - shown),
                                                   n - shown);
          _ebb_page_paragraph (&r->page, more, SMALL_SIZE, FALSE, FALSE, x, y + i * row_h, width, 0.35);
          continue;
        }
      reading = g_ptr_array_index (readings, index);
      cells[0] = reading->time >= 0 ? ebb_clock_time_format (reading->time) : g_strdup (_("—"));
      cells[1] = minutes_after_dose (r->session, reading, &minutes) ? g_strdup_printf ("%+.0f", minutes)
                                                                      : g_strdup (_("—"));
      cells[2] = ebb_reading_has_pressure (reading) ? g_strdup_printf ("%d/%d", reading->systolic, reading->diastolic)
                                                    : g_strdup (_("—"));
      cells[3] = reading->heart_rate > 0 ? g_strdup_printf ("%d", reading->heart_rate) : g_strdup (_("—"));
      cells[4] = reading->spo2 > 0 ? g_strdup_printf ("%d", reading->spo2) : g_strdup (_("—"));
      cells[5] = g_strdup (reading->pre_dose ? _("yes") : "");

      /* Readings before dosing on a faint band: they are the baseline. */
      if (reading->pre_dose)
        {
          cairo_set_source_rgb (r->page.cr, 0.93, 0.93, 0.93);
          cairo_rectangle (r->page.cr, x, y + i * row_h - 1, width, row_h);
          cairo_fill (r->page.cr);
        }
      cx = x;
      for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
        {
          g_autoptr(PangoLayout) layout = _ebb_page_text (&r->page, cells[c], BODY_SIZE, FALSE, -1, FALSE);

          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_width (layout, (int) ((width * fractions[c] - 2) * PANGO_SCALE));
          _ebb_page_show (&r->page, layout, cx, y + i * row_h, 0.0);
          cx += width * fractions[c];
        }
      /* g_autofree on an array frees its first element only. */
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        g_free (cells[c]);
    }
}

static void
set_series_colour (cairo_t *cr,
                   gboolean heart_rate)
{
  if (heart_rate)
    cairo_set_source_rgb (cr, 0.72, 0.18, 0.12);
  else
    cairo_set_source_rgb (cr, 0.10, 0.25, 0.55);
}

/* Systolic and diastolic as carets joined by a bar, heart rate as dots,
 * all against minutes after dosing on one axis of mmHg and beats a
 * minute, whose numbers share a range. */
static void
draw_readings_plot (Record *r,
                    double  x,
                    double  y,
                    double  width,
                    double  height)
{
  cairo_t *cr = r->page.cr;
  GPtrArray *readings = r->session->readings;
  double min_x = 0, max_x = 0, low = 60, high = 160;
  guint n_plotted = 0, n_unplaced = 0;
  double px, py, pw, ph;
  const double axis_w = 24, legend_h = SMALL_SIZE + 8, axis_h = SMALL_SIZE + 14;
  double step_x;

  for (guint i = 0; readings != NULL && i < readings->len; i++)
    {
      const EbbReading *reading = g_ptr_array_index (readings, i);
      double minutes;

      if (!minutes_after_dose (r->session, reading, &minutes))
        {
          n_unplaced++;
          continue;
        }
      if (!ebb_reading_has_pressure (reading) && reading->heart_rate == 0)
        continue;
      min_x = n_plotted == 0 ? minutes : MIN (min_x, minutes);
      max_x = n_plotted == 0 ? minutes : MAX (max_x, minutes);
      if (ebb_reading_has_pressure (reading))
        {
          low = MIN (low, reading->diastolic);
          high = MAX (high, reading->systolic);
        }
      if (reading->heart_rate > 0)
        {
          low = MIN (low, reading->heart_rate);
          high = MAX (high, reading->heart_rate);
        }
      n_plotted++;
    }

  if (n_plotted == 0)
    {
      const char *why = r->session->dose_time < 0 && readings != NULL && readings->len > 0
                          ? _("No plot: the dose time is not recorded, so the readings cannot be placed after it.")
                          : _("No plot: no reading with a time.");
      _ebb_page_paragraph (&r->page, why, SMALL_SIZE, FALSE, FALSE, x, y + 14, width, 0.35);
      return;
    }

  /* Whole steps of 20 mmHg; the dose (minute 0) always shown. */
  low = floor ((low - 5) / 20) * 20;
  high = ceil ((high + 5) / 20) * 20;
  min_x = MIN (min_x, 0);
  max_x = MAX (max_x, 30);
  step_x = max_x - min_x > 180 ? 60 : max_x - min_x > 90 ? 30 : 15;
  /* A quarter step beyond the first and last readings: a mark on the
   * frame would be half hidden. */
  min_x = floor ((min_x - step_x / 4) / step_x) * step_x;
  max_x = ceil ((max_x + step_x / 4) / step_x) * step_x;

  px = x + axis_w;
  py = y + legend_h;
  pw = width - axis_w - 4;
  ph = height - legend_h - axis_h;

#define X_OF(m) (px + ((m) - min_x) / (max_x - min_x) * pw)
#define Y_OF(v) (py + ph - ((v) - low) / (high - low) * ph)

  /* The legend above, the grid, the axes' numbers. */
  {
    g_autofree char *legend = g_strdup_printf ("<span foreground=\"#1a408c\">▼ %s  ▲ %s</span>   "
                                               "<span foreground=\"#b82e1f\">● %s</span>",
                                               _("systolic"), _("diastolic"), _("heart rate"));
    _ebb_page_paragraph (&r->page, legend, SMALL_SIZE, FALSE, TRUE, px, y, pw, 0.0);
  }
  cairo_set_line_width (cr, 0.4);
  for (double v = low; v <= high + 0.5; v += 20)
    {
      g_autofree char *label = g_strdup_printf ("%.0f", v);
      g_autoptr(PangoLayout) layout = _ebb_page_text (&r->page, label, SMALL_SIZE - 1, FALSE, -1, FALSE);

      cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
      cairo_move_to (cr, px, round (Y_OF (v)) + 0.5);
      cairo_line_to (cr, px + pw, round (Y_OF (v)) + 0.5);
      cairo_stroke (cr);
      _ebb_page_show (&r->page, layout, px - 3 - _ebb_page_layout_width (layout),
                      Y_OF (v) - _ebb_page_layout_height (layout) / 2, 0.35);
    }
  for (double m = min_x; m <= max_x + 0.5; m += step_x)
    {
      g_autofree char *label = g_strdup_printf ("%.0f", m);
      g_autoptr(PangoLayout) layout = _ebb_page_text (&r->page, label, SMALL_SIZE - 1, FALSE, -1, FALSE);

      _ebb_page_show (&r->page, layout, X_OF (m) - _ebb_page_layout_width (layout) / 2, py + ph + 2, 0.35);
    }
  {
    g_autofree char *caption = NULL;

    if (n_unplaced > 0)
      caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "minutes after dosing; mmHg and beats a minute (%u reading "
                                              "without a time not plotted)",
                                              "minutes after dosing; mmHg and beats a minute (%u readings "
                                              "without a time not plotted)",
                                              n_unplaced), n_unplaced);
    else
      caption = g_strdup (_("minutes after dosing; mmHg and beats a minute"));
    _ebb_page_paragraph (&r->page, caption, SMALL_SIZE - 1, FALSE, FALSE, px, py + ph + SMALL_SIZE + 3, pw, 0.35);
  }
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 0.6);
  cairo_rectangle (cr, px, py, pw, ph);
  cairo_stroke (cr);

  /* The dose, a dashed line at minute 0. */
  {
    static const double dash[] = { 2, 2 };
    g_autoptr(PangoLayout) layout = _ebb_page_text (&r->page, _("dose"), SMALL_SIZE - 1, FALSE, -1, FALSE);

    cairo_save (cr);
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
    cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
    cairo_move_to (cr, X_OF (0), py);
    cairo_line_to (cr, X_OF (0), py + ph);
    cairo_stroke (cr);
    cairo_restore (cr);
    /* At the foot, where the lowest values leave room (the axis starts
     * below them): at the top it would sit on the first systolic. */
    _ebb_page_show (&r->page, layout, X_OF (0) + 2, py + ph - _ebb_page_layout_height (layout) - 1, 0.2);
  }

  /* The lines first, the marks on top. */
  for (int series = 0; series < 3; series++)
    {
      gboolean started = FALSE;

      set_series_colour (cr, series == 2);
      cairo_set_line_width (cr, series == 2 ? 0.8 : 1.0);
      for (guint i = 0; i < readings->len; i++)
        {
          const EbbReading *reading = g_ptr_array_index (readings, i);
          double minutes, value;

          if (!minutes_after_dose (r->session, reading, &minutes))
            continue;
          if (series < 2 && !ebb_reading_has_pressure (reading))
            continue;
          if (series == 2 && reading->heart_rate == 0)
            continue;
          value = series == 0 ? reading->systolic : series == 1 ? reading->diastolic : reading->heart_rate;
          if (started)
            cairo_line_to (cr, X_OF (minutes), Y_OF (value));
          else
            cairo_move_to (cr, X_OF (minutes), Y_OF (value));
          started = TRUE;
        }
      cairo_stroke (cr);
    }
  for (guint i = 0; i < readings->len; i++)
    {
      const EbbReading *reading = g_ptr_array_index (readings, i);
      double minutes, cx;

      if (!minutes_after_dose (r->session, reading, &minutes))
        continue;
      cx = X_OF (minutes);
      if (ebb_reading_has_pressure (reading))
        {
          const double sy = Y_OF (reading->systolic), dy = Y_OF (reading->diastolic);

          set_series_colour (cr, FALSE);
          cairo_set_line_width (cr, 0.8);
          cairo_move_to (cr, cx, sy);
          cairo_line_to (cr, cx, dy);
          cairo_stroke (cr);
          /* ▼ above the systolic, ▲ below the diastolic: their points on
           * the value, as on a paper anaesthesia chart. */
          cairo_move_to (cr, cx - 3, sy - 5);
          cairo_line_to (cr, cx + 3, sy - 5);
          cairo_line_to (cr, cx, sy);
          cairo_close_path (cr);
          cairo_move_to (cr, cx - 3, dy + 5);
          cairo_line_to (cr, cx + 3, dy + 5);
          cairo_line_to (cr, cx, dy);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
      if (reading->heart_rate > 0)
        {
          set_series_colour (cr, TRUE);
          cairo_arc (cr, cx, Y_OF (reading->heart_rate), 2.2, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
#undef X_OF
#undef Y_OF
}

static double
draw_readings (Record *r,
               double  y,
               double  height)
{
  const double table_w = r->page.content_width * 0.48;
  const double gap = r->page.content_width * 0.04;

  y = heading (r, _("Vital signs"), y);
  if (r->session->readings == NULL || r->session->readings->len == 0)
    {
      /* Nothing to plot: a line says so, and the page closes up. */
      _ebb_page_paragraph (&r->page, _("No readings recorded."), BODY_SIZE, FALSE, FALSE, r->page.margin, y,
                           r->page.content_width, 0.35);
      return y + BODY_SIZE + 14;
    }
  draw_readings_table (r, r->page.margin, y, table_w, y + height);
  draw_readings_plot (r, r->page.margin + table_w + gap, y, r->page.content_width - table_w - gap, height);
  return y + height + 8;
}

static double
draw_effects (Record *r,
              double  y)
{
  const double w = r->page.content_width;
  g_autofree char *sedation = observed_markup (&r->session->sedation);
  g_autofree char *dissociation = observed_markup (&r->session->dissociation);
  g_autofree char *respiratory = respiratory_markup (r->session);
  g_autofree char *others = other_effects_markup (r->session);

  y = heading (r, _("Effects"), y);
  y = field (r, _("Sedation"), sedation, r->page.margin, y, w);
  y = field (r, _("Dissociation"), dissociation, r->page.margin, y, w);
  y = field (r, _("Respiratory depression"), respiratory, r->page.margin, y, w);
  y = field (r, _("Other effects"), others, r->page.margin, y, w);
  return y + 8;
}

static double
draw_observation (Record *r,
                  double  y)
{
  const EbbSession *session = r->session;
  const double half = r->page.content_width / 2;
  g_autofree char *dose_time = clock_or_not (session->dose_time);
  g_autofree char *discharge_time = clock_or_not (session->discharge_time);
  g_autofree char *monitored = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *by = g_markup_escape_text (session->monitored_by != NULL && session->monitored_by[0] != '\0'
                                              ? session->monitored_by : not_recorded (), -1);
  g_autofree char *ok_before = answer_markup (session->vitals_ok_before);
  g_autofree char *ok_discharge = answer_markup (session->vitals_ok_discharge);
  g_autofree char *transport = answer_markup (session->transport_arranged);
  const int minutes = ebb_session_minutes_monitored (session);
  int early_minutes;
  double left_y, right_y;

  if (minutes >= 0)
    monitored = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "<b>%d minute</b> after dosing",
                                              "<b>%d minutes</b> after dosing", minutes), minutes);
  else
    monitored = g_strdup (not_recorded ());
  if (session->ready_min >= 0)
    ready = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute after dosing",
                                          "%d minutes after dosing", session->ready_min), session->ready_min);
  else
    ready = g_strdup (not_recorded ());

  y = heading (r, _("Observation and discharge"), y);
  left_y = field (r, _("Dose given"), dose_time, r->page.margin, y, half - 10);
  left_y = field (r, _("Discharged"), discharge_time, r->page.margin, left_y, half - 10);
  left_y = field (r, _("Monitored for"), monitored, r->page.margin, left_y, half - 10);
  left_y = field (r, _("Ready to leave"), ready, r->page.margin, left_y, half - 10);
  /* The questions are long, their answers short. */
  right_y = field_at (r, _("Vital signs acceptable before dosing"), ok_before,
                      r->page.margin + half, y, half, half * 0.62);
  right_y = field_at (r, _("Vital signs acceptable at discharge"), ok_discharge,
                      r->page.margin + half, right_y, half, half * 0.62);
  right_y = field_at (r, _("Transport home arranged"), transport,
                      r->page.margin + half, right_y, half, half * 0.62);
  right_y = field_at (r, _("Monitored by"), by, r->page.margin + half, right_y, half, half * 0.62);
  y = MAX (left_y, right_y) + 2;
  if (ebb_session_discharged_early (session, &early_minutes))
    {
      g_autofree char *text = g_strdup_printf (_("Discharged %d minutes after an intranasal dose: the esketamine "
                                                 "label asks for at least %d minutes of observation."),
                                               early_minutes, EBB_INTRANASAL_OBSERVATION_MIN);
      y = notice (r, text, y);
    }
  return y + 8;
}

static double
draw_medicines (Record *r,
                double  y)
{
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  y = heading (r, _("Medicines taken that day (sedation or blood pressure)"), y);
  if (r->records->medicines == NULL)
    g_string_append (text, not_recorded ());
  else
    {
      taken = ebb_medicines_taken_on (r->records->medicines, r->session->when.day);
      for (guint i = 0; i < taken->len; i++)
        {
          const EbbMedicine *medicine = g_ptr_array_index (taken, i);
          g_autofree char *since = ebb_date_format (medicine->start_day);
          g_autofree char *item = NULL;

          if (medicine->stop_day > 0)
            {
              g_autofree char *until = ebb_date_format (medicine->stop_day);
              item = g_markup_printf_escaped (_("<b>%s</b> (%s), %s to %s"), medicine->name,
                                              ebb_medicine_class_to_label (medicine->klass), since, until);
            }
          else
            item = g_markup_printf_escaped (_("<b>%s</b> (%s), since %s"), medicine->name,
                                            ebb_medicine_class_to_label (medicine->klass), since);
          g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", item);
        }
      if (taken->len == 0)
        g_string_append (text, _("None recorded."));
    }
  y += _ebb_page_paragraph (&r->page, text->str, BODY_SIZE, FALSE, TRUE, r->page.margin, y,
                            r->page.content_width, 0.0);
  return y + 8;
}

static double
draw_cadss (Record *r,
            double  y)
{
  const EbbScale *cadss = ebb_scale_lookup ("CADSS");
  g_autoptr(GString) text = g_string_new (NULL);

  y = heading (r, _("Dissociation rating that day (CADSS)"), y);
  for (guint i = 0; cadss != NULL && r->records->ratings != NULL && i < r->records->ratings->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (r->records->ratings, i);

      if (rating->when.day != r->session->when.day || ebb_scale_lookup (rating->scale_id) != cadss)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, _("<b>%d</b> of %d"), rating->total, cadss->total_max);
      if (EBB_WHEN_HAS_TIME (&rating->when))
        {
          g_autofree char *at = ebb_clock_time_format (rating->when.second);
          g_string_append_printf (text, _(" at %s"), at);
        }
      if (rating->dose_relation == EBB_DOSE_RELATION_BEFORE)
        g_string_append (text, _(", before the dose"));
      else if (rating->dose_relation == EBB_DOSE_RELATION_AFTER)
        g_string_append (text, _(", after the dose"));
      if (rating->rater != NULL && rating->rater[0] != '\0')
        {
          g_autofree char *rater = g_markup_printf_escaped (_(", rated by %s"), rating->rater);
          g_string_append (text, rater);
        }
    }
  if (text->len == 0)
    g_string_append (text, _("No CADSS rating that day."));
  y += _ebb_page_paragraph (&r->page, text->str, BODY_SIZE, FALSE, TRUE, r->page.margin, y,
                            r->page.content_width, 0.0);
  return y + 8;
}

/* The notes, cut with "…" where the page ends: a note is free text of
 * any length, and the page is one page. */
static double
draw_note (Record *r,
           double  y,
           double  bottom)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *readings = r->session->readings;

  if (r->session->note != NULL && r->session->note[0] != '\0')
    g_string_append (text, r->session->note);
  /* A reading's note has no room in the table: it is kept here, by its time. */
  for (guint i = 0; readings != NULL && i < readings->len; i++)
    {
      const EbbReading *reading = g_ptr_array_index (readings, i);
      g_autofree char *at = NULL;

      if (reading->note == NULL || reading->note[0] == '\0')
        continue;
      at = reading->time >= 0 ? ebb_clock_time_format (reading->time) : g_strdup (_("reading without a time"));
      g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "\n" : "", at, reading->note);
    }
  if (text->len == 0)
    return y;
  y = heading (r, _("Notes"), y);
  if (bottom - y < BODY_SIZE * 1.5)
    return y;
  layout = _ebb_page_text (&r->page, text->str, BODY_SIZE, FALSE, r->page.content_width, FALSE);
  pango_layout_set_height (layout, (int) ((bottom - y) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  _ebb_page_show (&r->page, layout, r->page.margin, y, 0.0);
  return y + _ebb_page_layout_height (layout) + 8;
}

static double
draw_footer (Record *r)
{
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  g_autofree char *footer = g_strdup_printf (_("Values as recorded in Ebb; “not recorded” where nothing was "
                                               "entered. BP: blood pressure; HR: heart rate; +min: minutes after "
                                               "dosing (before it, less than 0). Generated by Ebb %s on %s."),
                                             PACKAGE_VERSION, today);
  double h = _ebb_page_measure_paragraph (&r->page, footer, SMALL_SIZE, FALSE, r->page.content_width);
  double top = r->page.height - r->page.margin - h;

  _ebb_page_rule (&r->page, top - 5, 0.5, 0.5);
  _ebb_page_paragraph (&r->page, footer, SMALL_SIZE, FALSE, FALSE, r->page.margin, top,
                       r->page.content_width, 0.3);
  return top;
}

/* The page ----------------------------------------------------------------- */

/**
 * ebb_session_record_draw:
 * @records: the patient's records: the patient, ratings (for the day's
 *   CADSS) and medicines; the sessions are not read
 * @session: the session, with its readings
 * @cr: where to draw the page
 * @width: the page's width in points
 * @height: the page's height in points
 *
 * Draws the session's record on one page; ebb_session_record_export()
 * puts it in a file, a print dialog can draw it on its own page.
 */
void
ebb_session_record_draw (const EbbPatientRecords *records,
                         const EbbSession        *session,
                         cairo_t                 *cr,
                         double                   width,
                         double                   height)
{
  Record r = { .records = records, .session = session };
  double y, bottom, plot_h;

  g_return_if_fail (records != NULL && records->patient != NULL);
  g_return_if_fail (session != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 100 && height > 100);

  _ebb_page_init (&r.page, cr, width, height);
  r.label_width = round (r.page.content_width * 0.19);
  cairo_save (cr);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  bottom = draw_footer (&r) - 12;
  y = draw_header (&r, r.page.margin);
  y = draw_dose (&r, y);
  /* The readings get a fixed share, the rest what they need: a session
   * has a handful of readings, and the table says what it leaves out. */
  plot_h = round (MIN (r.page.content_width * 0.42, (bottom - y) * 0.36));
  y = draw_readings (&r, y, plot_h);
  y = draw_effects (&r, y);
  y = draw_observation (&r, y);
  y = draw_medicines (&r, y);
  y = draw_cadss (&r, y);
  draw_note (&r, y, bottom);

  cairo_restore (cr);
  _ebb_page_clear (&r.page);
}

typedef struct
{
  const EbbPatientRecords *records;
  const EbbSession        *session;
} PaintData;

static void
paint_record (cairo_t  *cr,
              double    width,
              double    height,
              gpointer  user_data)
{
  PaintData *data = user_data;

  ebb_session_record_draw (data->records, data->session, cr, width, height);
}

/**
 * ebb_session_record_export:
 * @records: the patient's records (see ebb_session_record_draw())
 * @session: the session, with its readings
 * @paper: A4 or Letter
 * @path: the file to write, PDF, PNG or SVG by its extension (replaced
 *   atomically, created 0600)
 * @error: return location for an error
 *
 * Writes the session's record on one page.  A PNG is 150 dpi.
 *
 * Returns: %TRUE on success; otherwise @error (%EBB_CHART_ERROR) names
 *   the file
 */
gboolean
ebb_session_record_export (const EbbPatientRecords *records,
                           const EbbSession        *session,
                           EbbReportPaper           paper,
                           const char              *path,
                           GError                 **error)
{
  PaintData data = { records, session };
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  double width, height;

  g_return_val_if_fail (records != NULL && records->patient != NULL, FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  ebb_report_paper_size (paper, &width, &height);
  when = _ebb_page_format_when (&session->when);
  title = g_strdup_printf (_("%s · session record %s"), records->patient->code, when);
  return ebb_chart_export_paint (path, EBB_CHART_FORMAT_AUTO, width, height, PNG_DPI, title,
                                 paint_record, &data, error);
}
