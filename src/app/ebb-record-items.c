/* ebb-record-items.c — one rating or session as a list item
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-record-items"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ebb-record-items.h"
#include "ebb-session-clock.h"
#include "ebb-scale.h"

const char *
ebb_band_display (const EbbScale *scale,
                  int             total)
{
  const EbbBand *band;

  g_return_val_if_fail (scale != NULL, NULL);

  band = ebb_scale_band_for (scale, total);
  return band != NULL ? ebb_band_get_label (band) : NULL;
}

char *
ebb_format_change (double change_percent)
{
  if (isnan (change_percent))
    return g_strdup ("—");
  /* A fall in score is an improvement: show it as the clinic says it,
   * "−48 %" meaning 48 % better than baseline. */
  if (lround (change_percent) == 0)
    return g_strdup ("0 %");
  return g_strdup_printf ("%s%ld %%", change_percent > 0 ? "−" : "+", labs (lround (change_percent)));
}

char *
ebb_format_blood_pressure (int systolic,
                           int diastolic)
{
  if (systolic <= 0 || diastolic <= 0)
    return NULL;
  return g_strdup_printf ("%d/%d", systolic, diastolic);
}

char *
ebb_format_dose (double dose_mg)
{
  if (dose_mg < 0)
    return NULL;
  /* Translators: a dose in milligrams */
  return g_strdup_printf (_("%g mg"), dose_mg);
}

/**
 * ebb_format_when:
 * @when_text: (nullable): a date or date-time as stored, ISO 8601
 *
 * Returns: (transfer full): the date as a clinician reads it, "Tue 1 Dec
 *   2026" or "Tue 1 Dec 2026, 10:00"; the text as it is when it is not a
 *   date, and an empty string for %NULL
 */
char *
ebb_format_when (const char *when_text)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *day = NULL;
  EbbWhen when;
  int year, month, mday;

  if (when_text == NULL)
    return g_strdup ("");
  if (!ebb_when_parse (when_text, &when, NULL))
    return g_strdup (when_text);

  ebb_date_to_ymd (when.day, &year, &month, &mday);
  date = g_date_time_new_local (year, month, mday, 12, 0, 0);
  if (date == NULL)
    return g_strdup (when_text);
  /* Translators: a date as strftime() writes it; with and without the year */
  day = g_date_time_format (date, _("%a %-d %b %Y"));
  if (day == NULL)
    return g_strdup (when_text);
  if (!EBB_WHEN_HAS_TIME (&when))
    return g_steal_pointer (&day);

  /* Translators: a date and a time of day, "Tue 1 Dec 2026, 10:00" */
  return g_strdup_printf (_("%s, %02d:%02d"), day, when.second / 3600, when.second / 60 % 60);
}

/* A row's date, marked when it is after today: such a row, imported
 * ahead of its date, is left out by the rules and the chart, and the
 * table should not pass it off as the latest. */
static char *
format_row_when (const char *when_text,
                 gboolean    after_today)
{
  g_autofree char *when = ebb_format_when (when_text);

  if (!after_today)
    return g_steal_pointer (&when);
  /* Translators: a date in a table, for a rating or a done session dated
   * after today, "Sat 28 Nov 2026 · after today" */
  return g_strdup_printf (_("%s · after today"), when);
}

/* Joins the non-empty parts with " · ", for a record's row on a narrow
 * page, where the table's columns go under its date. */
static char *
join_parts (const char * const *parts,
            guint               n_parts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, parts[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* EbbRatingItem */

struct _EbbRatingItem
{
  GObject   parent_instance;

  EbbRating *rating;
  double     change_percent;
  gboolean   after_today;
  gboolean   post_dose;        /* after a dose on that dose's day (§2) */
  int        implied_alert;    /* the least an unrecorded alert item can be, or -1 */
};

G_DEFINE_FINAL_TYPE (EbbRatingItem, ebb_rating_item, G_TYPE_OBJECT)

enum {
  RATING_PROP_0,
  RATING_PROP_ID,
  RATING_PROP_WHEN,
  RATING_PROP_WHEN_DISPLAY,
  RATING_PROP_WHEN_TOOLTIP,
  RATING_PROP_SCALE,
  RATING_PROP_TOTAL,
  RATING_PROP_BAND,
  RATING_PROP_CHANGE,
  RATING_PROP_CHANGE_TEXT,
  RATING_PROP_ITEMS_TEXT,
  RATING_PROP_ITEMS_TOOLTIP,
  RATING_PROP_ALERT_UNRECORDED,
  RATING_PROP_NOTE,
  RATING_PROP_SUMMARY,
  RATING_N_PROPS
};

static GParamSpec *rating_properties[RATING_N_PROPS];

static void
ebb_rating_item_finalize (GObject *object)
{
  EbbRatingItem *self = EBB_RATING_ITEM (object);

  g_clear_pointer (&self->rating, ebb_rating_free);

  G_OBJECT_CLASS (ebb_rating_item_parent_class)->finalize (object);
}

/**
 * ebb_rating_item_get_alert_unrecorded:
 *
 * §1: a total without its scale's alert item says nothing of suicidal
 * thoughts, and the table says so rather than show a plain dash.
 *
 * Returns: whether the scale has an alert item and neither the items nor
 *   that item alone were recorded
 */
gboolean
ebb_rating_item_get_alert_unrecorded (EbbRatingItem *self)
{
  const EbbScale *scale;

  g_return_val_if_fail (EBB_IS_RATING_ITEM (self), FALSE);

  scale = ebb_scale_lookup (self->rating->scale_id);

  return scale != NULL && scale->alert_item > 0 &&
         self->rating->n_items == 0 && self->rating->alert_item < 0;
}

static char *
rating_items_tooltip (EbbRatingItem  *self,
                      const EbbScale *scale)
{
  const char *label = scale != NULL ? ebb_scale_get_alert_item_label (scale) : NULL;

  if (self->rating->n_items > 0)
    return ebb_rating_items_to_string (self->rating);
  if (scale == NULL || scale->alert_item == 0)
    return NULL;
  if (self->rating->alert_item >= 0)
    /* Translators: "Only item 9 (thoughts of death or self-harm) was
     * recorded with the total: 1" */
    return g_strdup_printf (_("Only item %u (%s) was recorded with the total: %d"),
                            scale->alert_item, label != NULL ? label : "", self->rating->alert_item);
  if (self->implied_alert > 0)
    /* Translators: "Item 9 (thoughts of death or self-harm) was not
     * recorded with this total; the total implies it was at least 1." */
    return g_strdup_printf (_("Item %u (%s) was not recorded with this total; the total implies it was at least %d."),
                            scale->alert_item, label != NULL ? label : "", self->implied_alert);
  /* Translators: "Item 9 (thoughts of death or self-harm) was not
   * recorded with this total." */
  return g_strdup_printf (_("Item %u (%s) was not recorded with this total."),
                          scale->alert_item, label != NULL ? label : "");
}

/* The item values, the alert item alone, or that it was not recorded */
static char *
rating_items_text (EbbRatingItem  *self,
                   const EbbScale *scale)
{
  if (self->rating->n_items > 0)
    return ebb_rating_items_to_string (self->rating);
  if (scale != NULL && scale->alert_item > 0 && self->rating->alert_item >= 0)
    /* Translators: the one item recorded with a total, "item 9: 1" */
    return g_strdup_printf (_("item %u: %d"), scale->alert_item, self->rating->alert_item);
  if (ebb_rating_item_get_alert_unrecorded (self))
    return g_strdup (_("suicide item not recorded"));
  return g_strdup ("—");
}

/* "MADRS 24 · moderate · −20 % from baseline · 3 2 4 …" */
static char *
rating_summary (EbbRatingItem  *self,
                const EbbScale *scale)
{
  g_autofree char *score = NULL, *change_text = NULL, *items = rating_items_text (self, scale);

  /* Translators: a rating in a narrow list, "MADRS 24" */
  score = g_strdup_printf (_("%s %d"), self->rating->scale_id, self->rating->total);
  if (!isnan (self->change_percent))
    {
      g_autofree char *change = ebb_format_change (self->change_percent);

      /* Translators: a rating's change from baseline in a narrow list,
       * "−20 % from baseline" (minus is better) */
      change_text = g_strdup_printf (_("%s from baseline"), change);
    }
  return join_parts ((const char *[]) { score,
                                        scale != NULL ? ebb_band_display (scale, self->rating->total) : NULL,
                                        change_text, items }, 4);
}

static void
ebb_rating_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EbbRatingItem *self = EBB_RATING_ITEM (object);
  const EbbScale *scale = ebb_scale_lookup (self->rating->scale_id);

  switch (prop_id)
    {
    case RATING_PROP_ID:
      g_value_set_int64 (value, self->rating->id);
      break;

    case RATING_PROP_WHEN:
      g_value_set_string (value, self->rating->when_text);
      break;

    case RATING_PROP_WHEN_DISPLAY:
      if (self->post_dose)
        {
          g_autofree char *when = ebb_format_when (self->rating->when_text);

          /* Translators: a rating's date in a table, "Tue 1 Dec 2026 · after the dose" */
          g_value_take_string (value, g_strdup_printf (_("%s · after the dose"), when));
        }
      else
        g_value_take_string (value, format_row_when (self->rating->when_text, self->after_today));
      break;

    case RATING_PROP_WHEN_TOOLTIP:
      if (!self->post_dose)
        g_value_set_string (value, NULL);
      else if (scale != NULL && scale->efficacy)
        g_value_set_string (value, _("Taken after the session’s dose that day: it shows the dose’s acute "
                                     "effect and is left out of response, fading, relapse and worsening"));
      else
        g_value_set_string (value, _("Taken after the session’s dose that day"));
      break;

    case RATING_PROP_SCALE:
      g_value_set_string (value, self->rating->scale_id);
      break;

    case RATING_PROP_TOTAL:
      g_value_set_int (value, self->rating->total);
      break;

    case RATING_PROP_BAND:
      g_value_set_string (value, scale != NULL ? ebb_band_display (scale, self->rating->total) : NULL);
      break;

    case RATING_PROP_CHANGE:
      /* NAN would compare equal to everything in a sorter; ratings
       * without a baseline sort below every change instead. */
      g_value_set_double (value, isnan (self->change_percent) ? -G_MAXDOUBLE : self->change_percent);
      break;

    case RATING_PROP_CHANGE_TEXT:
      g_value_take_string (value, ebb_format_change (self->change_percent));
      break;

    case RATING_PROP_ITEMS_TEXT:
      g_value_take_string (value, rating_items_text (self, scale));
      break;

    case RATING_PROP_ITEMS_TOOLTIP:
      g_value_take_string (value, rating_items_tooltip (self, scale));
      break;

    case RATING_PROP_ALERT_UNRECORDED:
      g_value_set_boolean (value, ebb_rating_item_get_alert_unrecorded (self));
      break;

    case RATING_PROP_NOTE:
      g_value_set_string (value, self->rating->note);
      break;

    case RATING_PROP_SUMMARY:
      g_value_take_string (value, rating_summary (self, scale));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_rating_item_class_init (EbbRatingItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ebb_rating_item_finalize;
  object_class->get_property = ebb_rating_item_get_property;

  rating_properties[RATING_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* "when" is ISO 8601 and sorts by time; "when-display" is for reading. */
  rating_properties[RATING_PROP_WHEN] =
    g_param_spec_string ("when", NULL, NULL, NULL, flags);
  rating_properties[RATING_PROP_WHEN_DISPLAY] =
    g_param_spec_string ("when-display", NULL, NULL, NULL, flags);
  rating_properties[RATING_PROP_SCALE] =
    g_param_spec_string ("scale", NULL, NULL, NULL, flags);
  rating_properties[RATING_PROP_TOTAL] =
    g_param_spec_int ("total", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  rating_properties[RATING_PROP_BAND] =
    g_param_spec_string ("band", NULL, NULL, NULL, flags);
  rating_properties[RATING_PROP_CHANGE] =
    g_param_spec_double ("change", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  rating_properties[RATING_PROP_CHANGE_TEXT] =
    g_param_spec_string ("change-text", NULL, NULL, NULL, flags);
  rating_properties[RATING_PROP_WHEN_TOOLTIP] =
    g_param_spec_string ("when-tooltip", NULL, NULL, NULL, flags);
  /* The item values, the alert item alone, or that it was not recorded */
  rating_properties[RATING_PROP_ITEMS_TEXT] =
    g_param_spec_string ("items-text", NULL, NULL, NULL, flags);
  rating_properties[RATING_PROP_ITEMS_TOOLTIP] =
    g_param_spec_string ("items-tooltip", NULL, NULL, NULL, flags);
  rating_properties[RATING_PROP_ALERT_UNRECORDED] =
    g_param_spec_boolean ("alert-unrecorded", NULL, NULL, FALSE, flags);
  rating_properties[RATING_PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, flags);
  /* The columns after the date, for a row on a narrow page */
  rating_properties[RATING_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, RATING_N_PROPS, rating_properties);
}

static void
ebb_rating_item_init (EbbRatingItem *self)
{
  self->change_percent = NAN;
  self->implied_alert = -1;
}

EbbRatingItem *
ebb_rating_item_new (const EbbRating           *rating,
                     const EbbTrajectoryPoint *point,
                     gint32                    today)
{
  EbbRatingItem *self;

  g_return_val_if_fail (rating != NULL, NULL);

  self = g_object_new (EBB_TYPE_RATING_ITEM, NULL);
  self->rating = ebb_rating_copy (rating);
  self->after_today = rating->when.day > today;
  if (point != NULL)
    {
      self->change_percent = point->change_percent;
      self->post_dose = point->post_dose;
      if (point->alert_unrecorded && point->alert_value > 0)
        self->implied_alert = point->alert_value;
    }
  return self;
}

const EbbRating *
ebb_rating_item_get_rating (EbbRatingItem *self)
{
  g_return_val_if_fail (EBB_IS_RATING_ITEM (self), NULL);

  return self->rating;
}

double
ebb_rating_item_get_change (EbbRatingItem *self)
{
  g_return_val_if_fail (EBB_IS_RATING_ITEM (self), NAN);

  return self->change_percent;
}

/* Whether the rules take it as taken after a dose on that dose's day */
gboolean
ebb_rating_item_get_post_dose (EbbRatingItem *self)
{
  g_return_val_if_fail (EBB_IS_RATING_ITEM (self), FALSE);

  return self->post_dose;
}

/* EbbSessionItem */

struct _EbbSessionItem
{
  GObject     parent_instance;

  EbbSession *session;
  gboolean    after_today;
  gboolean    in_chair;     /* open: dosed today, not discharged yet */
};

G_DEFINE_FINAL_TYPE (EbbSessionItem, ebb_session_item, G_TYPE_OBJECT)

enum {
  SESSION_PROP_0,
  SESSION_PROP_ID,
  SESSION_PROP_WHEN,
  SESSION_PROP_WHEN_DISPLAY,
  SESSION_PROP_STATUS,
  SESSION_PROP_PHASE,
  SESSION_PROP_ROUTE,
  SESSION_PROP_DOSE,
  SESSION_PROP_DOSE_TEXT,
  SESSION_PROP_BP_TEXT,
  SESSION_PROP_NOTE,
  SESSION_PROP_DISCHARGE_TEXT,
  SESSION_PROP_DISCHARGE_DETAIL,
  SESSION_PROP_DISCHARGED_EARLY,
  SESSION_PROP_SUMMARY,
  SESSION_N_PROPS
};

static GParamSpec *session_properties[SESSION_N_PROPS];

static void
ebb_session_item_finalize (GObject *object)
{
  EbbSessionItem *self = EBB_SESSION_ITEM (object);

  g_clear_pointer (&self->session, ebb_session_free);

  G_OBJECT_CLASS (ebb_session_item_parent_class)->finalize (object);
}

static char *
session_bp_text (const EbbSession *session)
{
  const EbbReading *pre = ebb_session_pre_dose_reading (session);
  const EbbReading *post = ebb_session_highest_after_dose (session);
  g_autofree char *before = pre != NULL ? ebb_format_blood_pressure (pre->systolic, pre->diastolic) : NULL;
  g_autofree char *after = post != NULL ? ebb_format_blood_pressure (post->systolic, post->diastolic) : NULL;

  if (before == NULL && after == NULL)
    return g_strdup ("—");
  return g_strdup_printf ("%s → %s", before ? before : "—", after ? after : "—");
}

static char *
session_dose_text (const EbbSession *session)
{
  char *text = ebb_format_dose (session->dose_mg);

  return text != NULL ? text : g_strdup ("—");
}

/* Minutes from the dose to the discharge, "125 min", and for an
 * intranasal patient who left before the label's two hours, "90 min,
 * early": the page shows it, though it is no flag (Attention is for
 * what needs a decision; this was one already taken). */
static char *
session_discharge_text (const EbbSessionItem *self)
{
  const EbbSession *session = self->session;
  int minutes;

  if (self->in_chair)
    /* Translators: a session dosed today whose patient has not left yet */
    return g_strdup (_("in progress"));

  if (ebb_session_discharged_early (session, &minutes))
    /* Translators: minutes from dose to discharge, less than the
     * observation an intranasal dose asks for */
    return g_strdup_printf (_("%d min, early"), minutes);
  if (minutes < 0)
    return g_strdup ("—");
  /* Translators: minutes from dose to discharge */
  return g_strdup_printf (_("%d min"), minutes);
}

/**
 * ebb_format_discharge:
 *
 * The observation of a session in a sentence, for the sessions table's
 * tooltip, its narrow list and the Record Session dialog.
 *
 * Returns: (nullable): "Monitored 125 min after dosing", or for an
 *   intranasal patient who left before the label's two hours, a sentence
 *   that says so; %NULL when the dose or discharge time is not recorded
 */
char *
ebb_format_discharge (const EbbSession *session)
{
  int minutes;

  if (ebb_session_discharged_early (session, &minutes))
    return g_strdup_printf (_("Discharged %d min after an intranasal dose: "
                              "less than the %d minutes of observation the esketamine label asks for"),
                            minutes, EBB_INTRANASAL_OBSERVATION_MIN);
  if (minutes < 0)
    return NULL;
  /* Translators: from the dose time to the discharge time */
  return g_strdup_printf (_("Monitored %d min after dosing"), minutes);
}

/* "Done · Maintenance · IV · 50 mg · BP 128/82 → 131/85" */
static char *
session_summary (const EbbSession *session)
{
  g_autofree char *dose = session_dose_text (session);
  g_autofree char *bp = session_bp_text (session);
  /* Translators: blood pressure in a narrow list, "BP 128/82 → 131/85" */
  g_autofree char *bp_text = g_strdup_printf (_("BP %s"), bp);

  g_autofree char *early = NULL;

  if (ebb_session_discharged_early (session, NULL))
    early = ebb_format_discharge (session);

  return join_parts ((const char *[]) { ebb_session_status_to_title (session->status),
                                        ebb_phase_to_title (session->phase),
                                        ebb_route_to_title (session->route),
                                        dose, bp_text, early }, 6);
}

static void
ebb_session_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EbbSessionItem *self = EBB_SESSION_ITEM (object);

  switch (prop_id)
    {
    case SESSION_PROP_ID:
      g_value_set_int64 (value, self->session->id);
      break;

    case SESSION_PROP_WHEN:
      g_value_set_string (value, self->session->when_text);
      break;

    case SESSION_PROP_WHEN_DISPLAY:
      g_value_take_string (value, format_row_when (self->session->when_text, self->after_today));
      break;

    case SESSION_PROP_STATUS:
      g_value_set_string (value, ebb_session_status_to_title (self->session->status));
      break;

    case SESSION_PROP_PHASE:
      g_value_set_string (value, ebb_phase_to_title (self->session->phase));
      break;

    case SESSION_PROP_ROUTE:
      g_value_set_string (value, ebb_route_to_title (self->session->route));
      break;

    case SESSION_PROP_DOSE:
      g_value_set_double (value, self->session->dose_mg);
      break;

    case SESSION_PROP_DOSE_TEXT:
      g_value_take_string (value, session_dose_text (self->session));
      break;

    case SESSION_PROP_BP_TEXT:
      g_value_take_string (value, session_bp_text (self->session));
      break;

    case SESSION_PROP_NOTE:
      g_value_set_string (value, self->session->note);
      break;

    case SESSION_PROP_DISCHARGE_TEXT:
      g_value_take_string (value, session_discharge_text (self));
      break;

    case SESSION_PROP_DISCHARGE_DETAIL:
      if (self->in_chair)
        {
          g_autofree char *dosed = ebb_clock_time_format (self->session->dose_time);

          /* Translators: "Dosed at 10:26, not discharged yet" */
          g_value_take_string (value, g_strdup_printf (_("Dosed at %s, not discharged yet"), dosed));
        }
      else
        g_value_take_string (value, ebb_format_discharge (self->session));
      break;

    case SESSION_PROP_DISCHARGED_EARLY:
      g_value_set_boolean (value, ebb_session_discharged_early (self->session, NULL));
      break;

    case SESSION_PROP_SUMMARY:
      g_value_take_string (value, session_summary (self->session));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_session_item_class_init (EbbSessionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ebb_session_item_finalize;
  object_class->get_property = ebb_session_item_get_property;

  session_properties[SESSION_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  session_properties[SESSION_PROP_WHEN] =
    g_param_spec_string ("when", NULL, NULL, NULL, flags);
  session_properties[SESSION_PROP_WHEN_DISPLAY] =
    g_param_spec_string ("when-display", NULL, NULL, NULL, flags);
  session_properties[SESSION_PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, flags);
  session_properties[SESSION_PROP_PHASE] =
    g_param_spec_string ("phase", NULL, NULL, NULL, flags);
  session_properties[SESSION_PROP_ROUTE] =
    g_param_spec_string ("route", NULL, NULL, NULL, flags);
  session_properties[SESSION_PROP_DOSE] =
    g_param_spec_double ("dose", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, -1, flags);
  session_properties[SESSION_PROP_DOSE_TEXT] =
    g_param_spec_string ("dose-text", NULL, NULL, NULL, flags);
  session_properties[SESSION_PROP_BP_TEXT] =
    g_param_spec_string ("bp-text", NULL, NULL, NULL, flags);
  session_properties[SESSION_PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, flags);
  /* The columns after the date, for a row on a narrow page */
  session_properties[SESSION_PROP_DISCHARGE_TEXT] =
    g_param_spec_string ("discharge-text", NULL, NULL, NULL, flags);
  session_properties[SESSION_PROP_DISCHARGE_DETAIL] =
    g_param_spec_string ("discharge-detail", NULL, NULL, NULL, flags);
  session_properties[SESSION_PROP_DISCHARGED_EARLY] =
    g_param_spec_boolean ("discharged-early", NULL, NULL, FALSE, flags);
  session_properties[SESSION_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, SESSION_N_PROPS, session_properties);
}

static void
ebb_session_item_init (EbbSessionItem *self)
{
}

EbbSessionItem *
ebb_session_item_new (const EbbSession *session,
                      gint32            today)
{
  EbbSessionItem *self;

  g_return_val_if_fail (session != NULL, NULL);

  self = g_object_new (EBB_TYPE_SESSION_ITEM, NULL);
  self->session = ebb_session_copy (session);
  /* Only a booking belongs in the future. */
  self->after_today = session->status != EBB_SESSION_SCHEDULED && session->when.day > today;
  /* Open as the session clock says it, so the table and the clock agree */
  if (session->when.day == today)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      EbbSessionTimes times;

      self->in_chair = ebb_session_times_compute (session, now, &times);
    }
  return self;
}

const EbbSession *
ebb_session_item_get_session (EbbSessionItem *self)
{
  g_return_val_if_fail (EBB_IS_SESSION_ITEM (self), NULL);

  return self->session;
}
