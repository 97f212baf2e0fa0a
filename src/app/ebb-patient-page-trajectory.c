/* ebb-patient-page-trajectory.c — the status and the chart of the selected scale
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here follows the patient's trajectory on the scale picked
 * in EbbChartSection: the status and durability in EbbPatientStatus, and
 * the chart, for the range and % change picked there too.  The line
 * about the next session shares EbbPatientStatus, so its words are
 * worked out here too.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-patient-page-private.h"
#include "ebb-record-items.h"

/* Scales -------------------------------------------------------------------- */

guint
_ebb_patient_page_count_ratings (EbbPatientPage *self,
                                 const EbbScale *scale)
{
  guint count = 0;

  for (guint i = 0; i < self->ratings->len; i++)
    count += ebb_scale_lookup (((EbbRating *) g_ptr_array_index (self->ratings, i))->scale_id) == scale;
  return count;
}

/* The patient's preferred scale, else the clinic's default, else the one
 * rated most: whichever comes first of those the patient was rated on. */
static const EbbScale *
ebb_patient_page_default_scale (EbbPatientPage *self)
{
  GSettings *settings = _ebb_patient_page_get_settings ();
  const EbbScale *scale;
  const EbbScale *best = NULL;
  guint best_count = 0;
  guint n_scales;
  const EbbScale * const *all = ebb_scale_all (&n_scales);

  scale = ebb_scale_lookup (self->patient->preferred_scale);
  if (scale != NULL && _ebb_patient_page_count_ratings (self, scale) > 0)
    return scale;

  if (settings != NULL)
    {
      g_autofree char *id = g_settings_get_string (settings, "default-scale");

      scale = ebb_scale_lookup (id);
      if (scale != NULL && _ebb_patient_page_count_ratings (self, scale) > 0)
        return scale;
    }

  for (guint i = 0; i < n_scales; i++)
    {
      guint count = all[i]->efficacy ? _ebb_patient_page_count_ratings (self, all[i]) : 0;

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
      if (_ebb_patient_page_count_ratings (self, all[i]) > 0)
        return all[i];
    }
  return NULL;
}

void
_ebb_patient_page_update_scales (EbbPatientPage *self,
                                 gboolean        new_patient)
{
  guint n_scales;
  const EbbScale * const *all = ebb_scale_all (&n_scales);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (new_patient || (self->scale != NULL && _ebb_patient_page_count_ratings (self, self->scale) == 0))
    self->scale = NULL;
  if (self->scale == NULL)
    self->scale = ebb_patient_page_default_scale (self);

  for (guint i = 0; i < n_scales; i++)
    {
      if (_ebb_patient_page_count_ratings (self, all[i]) > 0)
        g_ptr_array_add (ids, (gpointer) all[i]->id);
    }
  g_ptr_array_add (ids, NULL);

  ebb_chart_section_set_scales (self->chart_section, (const char * const *) ids->pdata,
                                self->scale != NULL ? self->scale->id : NULL);
}

/* Header -------------------------------------------------------------------- */

/* "Tue 24 Nov", with the year when it is not this year's */
char *
_ebb_patient_page_format_day (gint32 day,
                              gint32 today)
{
  return ebb_date_format_for_people (day, today);
}

/* The first session booked for today or later, or NULL */
const EbbSession *
_ebb_patient_page_next_booked (EbbPatientPage *self)
{
  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->status == EBB_SESSION_SCHEDULED && session->when.day >= self->today)
        return session;
    }
  return NULL;
}

/* The latest session still booked for a day already past: it took place
 * or it did not, and the record does not say which, or NULL */
static const EbbSession *
latest_unrecorded (EbbPatientPage *self)
{
  const EbbSession *found = NULL;

  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->status == EBB_SESSION_SCHEDULED && session->when.day < self->today)
        found = session;
    }
  return found;
}

gboolean
_ebb_patient_page_has_done_session (EbbPatientPage *self)
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
  g_autofree char *date = _ebb_patient_page_format_day (next->when.day, self->today);
  const char *phase = ebb_phase_to_label (next->phase);
  const char *route = ebb_route_to_label (next->route);
  g_autofree char *dose = ebb_format_dose (next->dose_mg);
  g_autofree char *treatment = NULL;
  int days = next->when.day - self->today;
  g_autofree char *when = NULL;

  if (dose != NULL)
    /* Translators: phase, route and dose of a session, "maintenance IV 50 mg";
     * reorder with %1$s, %2$s and %3$s where your language needs it */
    treatment = g_strdup_printf (_("%s %s %s"), phase, route, dose);
  else
    /* Translators: phase and route of a session, "maintenance IV" */
    treatment = g_strdup_printf (_("%s %s"), phase, route);

  if (days == 0)
    when = g_strdup (_("today"));
  else if (days == 1)
    when = g_strdup (_("tomorrow"));
  else
    when = g_strdup_printf (ngettext ("in %d day", "in %d days", days), days);

  /* Translators: "Next: maintenance IV 50 mg on Tue 24 Nov (in 3 days)" */
  return g_strdup_printf (_("Next: %s on %s (%s)"), treatment, date, when);
}

/* What the most urgent open flag adds to the status: "worsening", "fade
 * projected Wed 9 Dec"; NULL when the status says it already. */
static char *
describe_lead_flag (EbbPatientPage    *self,
                    const EbbFlag     *flag,
                    EbbResponseStatus  status)
{
  g_autofree char *day = _ebb_patient_page_format_day (flag->day, self->today);
  g_autofree char *phrase = NULL;

  switch (flag->kind)
    {
    case EBB_FLAG_SUICIDE_ITEM:
      phrase = g_strdup (C_("status", "suicide item"));
      break;
    case EBB_FLAG_WORSENING:
      phrase = g_strdup (C_("status", "worsening"));
      break;
    case EBB_FLAG_RELAPSE:
      phrase = g_strdup (C_("status", "relapse"));
      break;
    case EBB_FLAG_BLOOD_PRESSURE:
      phrase = g_strdup (C_("status", "blood pressure high"));
      break;
    case EBB_FLAG_NON_RESPONSE:
      if (status == EBB_STATUS_NOT_RESPONDING)
        return NULL;
      phrase = g_strdup (C_("status", "no response after induction"));
      break;
    case EBB_FLAG_FADED:
      /* Translators: in the status pill, "Not responding · faded Sat 5 Dec" */
      phrase = g_strdup_printf (C_("status", "faded %s"), day);
      break;
    case EBB_FLAG_PROJECTED:
      /* Translators: in the status pill, "Responding · fade projected Wed 9 Dec" */
      phrase = g_strdup_printf (C_("status", "fade projected %s"), day);
      break;
    case EBB_FLAG_MISSED:
      phrase = g_strdup (C_("status", "sessions missed"));
      break;
    case EBB_FLAG_UNRECORDED:
      phrase = g_strdup (C_("status", "session not recorded"));
      break;
    case EBB_FLAG_LAPSED:
      phrase = g_strdup (C_("status", "lost to follow-up"));
      break;
    case EBB_N_FLAG_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }

  /* A flag on another scale than the one charted names its scale. */
  if (flag->scale != NULL && flag->scale != self->scale)
    /* Translators: in the status pill, "Responding · PHQ-9 suicide item" */
    return g_strdup_printf (C_("status", "%s %s"), flag->scale->id, phrase);
  return g_steal_pointer (&phrase);
}

/* The status of the charted scale, and the most urgent open flag when it
 * adds to it, so that the two never disagree: a patient projected to fade
 * in two days is not shown as plainly responding. */
static void
set_status (EbbPatientPage    *self,
            EbbResponseStatus  status,
            gboolean           known,
            const char        *tooltip)
{
  static const char * const classes[] = { "no-baseline", "not-responding", "responding", "remission" };
  const EbbFlag *lead = _ebb_patient_page_get_lead_flag (self);
  g_autofree char *flag_text = NULL;
  g_autofree char *status_text = NULL;
  const char *text;
  const char *style;

  if (!known)
    status = EBB_STATUS_NO_BASELINE;

  switch (status)
    {
    case EBB_STATUS_RESPONDING:     text = _("Responding"); break;
    case EBB_STATUS_REMISSION:      text = _("Remission"); break;
    case EBB_STATUS_NOT_RESPONDING: text = _("Not responding"); break;
    case EBB_STATUS_NO_BASELINE:
    default:                        text = _("No baseline"); break;
    }

  style = classes[status];
  if (lead != NULL)
    {
      flag_text = describe_lead_flag (self, lead, status);
      /* Red for what needs seeing today, orange for a response gone or
       * going; a follow-up flag leaves the response's colour. */
      switch (lead->kind)
        {
        case EBB_FLAG_SUICIDE_ITEM:
        case EBB_FLAG_WORSENING:
        case EBB_FLAG_RELAPSE:
        case EBB_FLAG_BLOOD_PRESSURE:
          style = "alert";
          break;
        case EBB_FLAG_NON_RESPONSE:
        case EBB_FLAG_FADED:
        case EBB_FLAG_PROJECTED:
          style = "not-responding";
          break;
        default:
          break;
        }
    }

  if (flag_text != NULL)
    /* Translators: the status pill, "Responding · fade projected Wed 9 Dec" */
    status_text = g_strdup_printf (_("%s · %s"), text, flag_text);
  else
    status_text = g_strdup (text);
  ebb_patient_status_set_status (self->status, status_text, style, tooltip);
}

static void
ebb_patient_page_update_header (EbbPatientPage *self)
{
  const EbbPatient *patient = self->patient;
  const EbbSession *next = _ebb_patient_page_next_booked (self);
  const EbbSession *unrecorded;
  g_autofree char *name = NULL;
  g_autofree char *next_text = NULL;
  g_autofree char *durability = NULL;
  g_autofree char *baseline = NULL;

  if (patient->birth_year > 0)
    /* Translators: a patient's name and year of birth */
    name = g_strdup_printf (_("%s · b. %d"), patient->name ? patient->name : "", patient->birth_year);
  else
    name = g_strdup (patient->name ? patient->name : "");
  ebb_patient_status_set_patient (self->status, patient->code, name);

  if (next != NULL)
    next_text = describe_next_session (self, next);
  else if (_ebb_patient_page_has_done_session (self))
    next_text = g_strdup (_("No next session booked"));
  else
    next_text = g_strdup (_("No treatment session yet"));
  /* A booked day gone by with nothing recorded: the rules count a booked
   * session as the next one only from today on, so say why it is not. */
  unrecorded = latest_unrecorded (self);
  if (unrecorded != NULL)
    {
      g_autofree char *day = _ebb_patient_page_format_day (unrecorded->when.day, self->today);
      /* Translators: after the next session, "… · Session of Sun 22 Nov
       * not recorded: mark it done or missed" */
      g_autofree char *hint = g_strdup_printf (_("Session of %s not recorded: mark it done or missed"), day);
      char *both = g_strconcat (next_text, " · ", hint, NULL);

      g_free (next_text);
      next_text = both;
    }
  ebb_patient_status_set_next (self->status, next_text,
                               (next == NULL && _ebb_patient_page_has_done_session (self)) || unrecorded != NULL);

  if (self->trajectory == NULL)
    {
      set_status (self, EBB_STATUS_NO_BASELINE, FALSE, _("No ratings yet"));
      ebb_patient_status_set_durability (self->status, NULL);
      return;
    }

  {
    g_autofree char *iso = ebb_trajectory_describe_baseline (self->trajectory);

    baseline = _ebb_patient_page_for_people (self, iso);
  }
  {
    /* Translators: tooltip of the status: "Baseline MADRS 30 on Fri 2 Jan" */
    g_autofree char *tooltip = ebb_trajectory_get_baseline_status (self->trajectory) == EBB_BASELINE_OK ?
                               g_strdup_printf (_("Baseline %s"), baseline) : g_strdup (baseline);

    set_status (self, ebb_trajectory_get_status (self->trajectory), TRUE, tooltip);
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

  ebb_patient_status_set_durability (self->status, durability);
}

/* Chart --------------------------------------------------------------------- */

/* Ranges end at the patient's latest record, not at today: a patient
 * last seen a year ago still shows their last three months. */
static gint32
range_start (EbbPatientPage *self)
{
  guint days = ebb_chart_section_get_range_days (self->chart_section);
  gint32 last = 0;

  if (days == 0)
    return 0;

  for (guint i = 0; i < self->ratings->len; i++)
    last = MAX (last, ((EbbRating *) g_ptr_array_index (self->ratings, i))->when.day);
  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->status == EBB_SESSION_DONE)
        last = MAX (last, session->when.day);
    }
  last = MIN (MAX (last, 1), self->today);
  return MAX (1, last - (gint32) days);
}

/* A chart as the page shows it, for the screen, a file or the clipboard. */
EbbChart *
_ebb_patient_page_make_chart (EbbPatientPage *self)
{
  gboolean percent = ebb_chart_section_get_percent (self->chart_section);
  EbbPatientRecords records = _ebb_patient_page_get_records (self);
  EbbChart *chart;

  if (self->patient == NULL || self->scale == NULL)
    return NULL;

  chart = ebb_chart_new_for_records (&records, percent ? NULL : self->scale, self->today, &self->rules);
  if (ebb_chart_get_n_trajectories (chart) == 0)
    {
      /* % change needs an efficacy scale; fall back to the scores. */
      ebb_chart_free (chart);
      chart = ebb_chart_new_for_records (&records, self->scale, self->today, &self->rules);
    }
  ebb_chart_set_range (chart, range_start (self), 0);
  ebb_chart_set_panels (chart, ebb_chart_section_get_panels (self->chart_section) ? EBB_CHART_PANEL_ALL
                                                                                  : EBB_CHART_PANEL_NONE);
  return chart;
}

static void
ebb_patient_page_update_chart (EbbPatientPage *self)
{
  EbbChart *chart = _ebb_patient_page_make_chart (self);
  g_autofree char *label = NULL;

  if (chart == NULL)
    {
      ebb_chart_section_set_chart (self->chart_section, NULL, NULL);
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

  ebb_chart_section_set_chart (self->chart_section, chart, label);
}

/* Everything that depends on the selected scale or chart settings. */
void
_ebb_patient_page_update_view (EbbPatientPage *self)
{
  g_clear_pointer (&self->trajectory, ebb_trajectory_free);
  if (self->patient != NULL && self->scale != NULL)
    {
      EbbPatientRecords records = _ebb_patient_page_get_records (self);

      self->trajectory = ebb_trajectory_new_for_records (&records, self->scale, self->today, &self->rules);
    }

  ebb_patient_page_update_header (self);
  ebb_patient_page_update_chart (self);
}

/* Callbacks ----------------------------------------------------------------- */

static void
scale_changed_cb (EbbPatientPage  *self,
                  GParamSpec      *pspec,
                  EbbChartSection *section)
{
  const EbbScale *scale = ebb_scale_lookup (ebb_chart_section_get_scale_id (section));

  /* The page says which scale when it reloads; this is another one picked. */
  if (self->patient == NULL || scale == NULL || scale == self->scale)
    return;
  self->scale = scale;
  _ebb_patient_page_update_view (self);
}

static void
chart_options_changed_cb (EbbPatientPage *self)
{
  if (self->patient != NULL)
    ebb_patient_page_update_chart (self);
}

/* Internal API -------------------------------------------------------------- */

void
_ebb_patient_page_init_trajectory (EbbPatientPage *self)
{
  g_signal_connect_object (self->chart_section, "notify::scale-id",
                           G_CALLBACK (scale_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_section, "notify::percent",
                           G_CALLBACK (chart_options_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_section, "notify::range-days",
                           G_CALLBACK (chart_options_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_section, "notify::panels",
                           G_CALLBACK (chart_options_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Public API ---------------------------------------------------------------- */

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

  return self->patient != NULL ? ebb_patient_status_get_status (self->status) : NULL;
}

GtkWidget *
ebb_patient_page_get_chart_view (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  return ebb_chart_section_get_chart_view (self->chart_section);
}
