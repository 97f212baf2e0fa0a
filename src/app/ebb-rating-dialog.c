/* ebb-rating-dialog.c — record or edit one rating
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-rating-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-date-time-row.h"
#include "ebb-dialog-util.h"
#include "ebb-item-entry.h"
#include "ebb-patient-records.h"
#include "ebb-rating-dialog.h"
#include "ebb-record-items.h"
#include "ebb-scale.h"
#include "ebb-trajectory.h"

/* Buttons for the alert item's values, 0 to the largest item maximum of
 * any alert item (MADRS item 10: 0–6); those above a scale's are hidden. */
#define N_ALERT_BUTTONS 7

struct _EbbRatingDialog
{
  AdwWindow            parent_instance;

  EbbStore            *store;
  gint64               patient_id;
  EbbRating           *editing;       /* the stored rating being edited, or NULL */
  EbbPatientRecords    records;       /* the patient's, for the baseline and the last rating */
  EbbRuleSettings      rules;
  GPtrArray           *sessions;      /* the patient's EbbSession*, for the dose question */
  GPtrArray           *ratings;        /* the patient's EbbRating*, for the dose question */

  char                *typed_total;   /* the total as typed before item entry, or NULL */

  char                *message;       /* what is wrong, as shown */
  guint                updating : 1;  /* setting the total from the items */
  guint                showing_dose : 1; /* setting the dose answer the rules would take */
  guint                can_save : 1;
  guint                dose_chosen : 1;   /* before or after, said by the user or stored */
  guint                alert_optional : 1; /* editing a rating stored without its alert item */

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkStringList       *scale_list;
  AdwComboRow         *scale_row;
  EbbDateTimeRow      *date_row;
  AdwEntryRow         *total_row;
  AdwPreferencesGroup *score_group;
  GtkLabel            *band_label;
  GtkSwitch           *items_switch;
  AdwActionRow        *dose_row;
  GtkToggleButton     *before_button;
  GtkToggleButton     *after_button;
  AdwActionRow        *alert_row;
  GtkWidget           *alert_box;
  GtkToggleButton     *alert_buttons[N_ALERT_BUTTONS];
  EbbItemEntry        *item_entry;
  AdwEntryRow         *rater_row;
  AdwEntryRow         *note_row;
  GtkLabel            *date_message;
  GtkLabel            *score_message;
  GtkLabel            *store_message;
  GtkWidget           *save_button;
};

G_DEFINE_FINAL_TYPE (EbbRatingDialog, ebb_rating_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const EbbScale *
ebb_rating_dialog_get_scale (EbbRatingDialog *self)
{
  guint n_scales;
  const EbbScale * const *scales = ebb_scale_all (&n_scales);
  guint selected = adw_combo_row_get_selected (self->scale_row);

  return selected < n_scales ? scales[selected] : NULL;
}

static gboolean
items_mode (EbbRatingDialog *self)
{
  return gtk_switch_get_active (self->items_switch) &&
         ebb_item_entry_get_n_items (self->item_entry) > 0;
}

/* Shows the total the items give, without taking it for typing. */
static void
show_item_total (EbbRatingDialog *self,
                 const char      *text)
{
  if (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->total_row)), text))
    return;
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->total_row), text);
  self->updating = FALSE;
}

/* Parses the total as typed: digits only, since scores are whole points. */
static gboolean
parse_total (const char *text,
             int        *total)
{
  guint64 value;

  if (text == NULL || *text == '\0')
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, 9999, &value, NULL))
    return FALSE;
  *total = (int) value;
  return TRUE;
}

/* The alert item ----------------------------------------------------------- */

/* §1: a total typed alone asks for the scale's alert item; items entered
 * one by one hold it already. */
static gboolean
alert_asked (EbbRatingDialog *self,
             const EbbScale  *scale)
{
  return scale != NULL && scale->alert_item > 0 && !items_mode (self);
}

/* The value chosen, or -1 while none is */
static int
alert_value (EbbRatingDialog *self)
{
  for (guint i = 0; i < N_ALERT_BUTTONS; i++)
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self->alert_buttons[i])) &&
          gtk_toggle_button_get_active (self->alert_buttons[i]))
        return (int) i;
    }
  return -1;
}

static void
set_alert_value (EbbRatingDialog *self,
                 int              value)
{
  /* Grouped buttons: activating one lets go of the others; with none to
   * activate, the active one is let go of by hand. */
  for (guint i = 0; i < N_ALERT_BUTTONS; i++)
    {
      if ((int) i == value)
        gtk_toggle_button_set_active (self->alert_buttons[i], TRUE);
    }
  for (guint i = 0; value < 0 && i < N_ALERT_BUTTONS; i++)
    gtk_toggle_button_set_active (self->alert_buttons[i], FALSE);
}

/* Shows the question for @scale, unanswered: a value given for one
 * scale's item is not one for another's. */
static void
update_alert_row (EbbRatingDialog *self,
                  const EbbScale  *scale)
{
  g_autofree char *title = NULL;
  g_autofree char *plain = NULL;
  guint item_max;

  set_alert_value (self, -1);
  if (scale == NULL || scale->alert_item == 0)
    return;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->alert_row),
                               self->alert_optional ? _("Not recorded: choose it if you know it")
                                                    : _("Required with a total alone"));

  item_max = scale->item_max[scale->alert_item - 1];
  g_assert (item_max < N_ALERT_BUTTONS);

  if (ebb_scale_get_alert_item_label (scale) != NULL)
    {
      /* Translators: the alert item asked with a total, "Item 9 · thoughts
       * of death or self-harm"; the underscore marks the access key */
      title = g_strdup_printf (_("Ite_m %u · %s"), scale->alert_item, ebb_scale_get_alert_item_label (scale));
      /* Translators: the same without the access key, for screen readers */
      plain = g_strdup_printf (_("Item %u · %s"), scale->alert_item, ebb_scale_get_alert_item_label (scale));
    }
  else
    {
      title = g_strdup_printf (_("Ite_m %u"), scale->alert_item);
      plain = g_strdup_printf (_("Item %u"), scale->alert_item);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->alert_row), title);

  for (guint i = 0; i < N_ALERT_BUTTONS; i++)
    {
      g_autofree char *label = NULL;

      gtk_widget_set_visible (GTK_WIDGET (self->alert_buttons[i]), i <= item_max);
      /* Translators: a screen reader's name for a value of the alert item,
       * "Item 9 · thoughts of death or self-harm: 2" */
      label = g_strdup_printf (_("%s: %u"), plain, i);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->alert_buttons[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
}

/* What is wrong with the alert item given with @total, or %NULL.  Besides
 * its range, the total can prove it higher: a PHQ-9 total of 26 needs
 * item 9 at 2 or more, as the other eight items give at most 24. */
static char *
check_alert_value (EbbRatingDialog *self,
                   const EbbScale  *scale,
                   int              total,
                   int              value)
{
  int item_max = scale->item_max[scale->alert_item - 1];
  int others_max = scale->total_max - item_max;

  if (value < 0)
    return NULL;
  if (value > total)
    /* Translators: "Item 9 is 2, more than the total of 1" */
    return g_strdup_printf (_("Item %u is %d, more than the total of %d"),
                            scale->alert_item, value, total);
  if (total - others_max > value)
    /* Translators: "A PHQ-9 total of 26 needs item 9 to be at least 2: the
     * other items give at most 24" */
    return g_strdup_printf (_("A %s total of %d needs item %u to be at least %d: the other items give at most %d"),
                            scale->id, total, scale->alert_item, total - others_max, others_max);
  return NULL;
}

/* Before or after the dose ------------------------------------------------ */

/* The done session on @day, else the one booked for it, or %NULL: only
 * these are doses given or about to be (§2). */
static const EbbSession *
session_on_day (EbbRatingDialog *self,
                gint32           day)
{
  const EbbSession *booked = NULL;

  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->when.day != day)
        continue;
      if (session->status == EBB_SESSION_DONE)
        return session;
      if (session->status == EBB_SESSION_SCHEDULED && booked == NULL)
        booked = session;
    }
  return booked;
}

/* What the rules would take without an answer (§2): the times when both
 * have one; else the first rating of the scale that day, in the order
 * recorded, is the pre-dose one and any later one is after the dose. */
static EbbDoseRelation
guess_dose_relation (EbbRatingDialog  *self,
                     const EbbScale   *scale,
                     const EbbWhen    *when,
                     const EbbSession *session,
                     gboolean         *rated_before)
{
  *rated_before = FALSE;
  if (EBB_WHEN_HAS_TIME (when) && EBB_WHEN_HAS_TIME (&session->when))
    return when->second <= session->when.second ? EBB_DOSE_RELATION_BEFORE : EBB_DOSE_RELATION_AFTER;

  for (guint i = 0; self->ratings != NULL && i < self->ratings->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (self->ratings, i);

      if (rating->when.day != when->day || ebb_scale_lookup (rating->scale_id) != scale)
        continue;
      /* Recorded before the one being edited, or before a new one */
      if (self->editing == NULL || rating->id < self->editing->id)
        {
          *rated_before = TRUE;
          return EBB_DOSE_RELATION_AFTER;
        }
    }
  return EBB_DOSE_RELATION_BEFORE;
}

static void
show_dose_relation (EbbRatingDialog *self,
                    EbbDoseRelation  relation)
{
  self->showing_dose = TRUE;
  gtk_toggle_button_set_active (relation == EBB_DOSE_RELATION_AFTER ? self->after_button : self->before_button,
                                TRUE);
  self->showing_dose = FALSE;
}

/* Asks on a day with a session, and only then; until the user answers,
 * the answer shown is the rules' own guess. */
static void
update_dose_row (EbbRatingDialog *self,
                 const EbbScale  *scale,
                 const EbbWhen   *when)
{
  const EbbSession *session = when != NULL ? session_on_day (self, when->day) : NULL;
  g_autofree char *subtitle = NULL;
  EbbDoseRelation guess;
  gboolean rated_before;

  gtk_widget_set_visible (GTK_WIDGET (self->dose_row), session != NULL);
  if (session == NULL)
    return;

  guess = guess_dose_relation (self, scale, when, session, &rated_before);
  if (EBB_WHEN_HAS_TIME (&session->when))
    /* Translators: under "Taken before or after the session?", "Session at 10:00 · Done" */
    subtitle = g_strdup_printf (_("Session at %02d:%02d · %s"),
                                session->when.second / 3600, session->when.second / 60 % 60,
                                ebb_session_status_to_title (session->status));
  else
    /* Translators: under "Taken before or after the session?", "Session that day · Scheduled" */
    subtitle = g_strdup_printf (_("Session that day · %s"), ebb_session_status_to_title (session->status));
  /* Why After is offered: the first rating of a scale that day is
   * usually the pre-dose one. */
  if (rated_before && !self->dose_chosen)
    {
      g_autofree char *plain = g_steal_pointer (&subtitle);

      /* Translators: "Session at 10:00 · Done · MADRS already rated that day" */
      subtitle = g_strdup_printf (_("%s · %s already rated that day"), plain, scale->id);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->dose_row), subtitle);

  if (!self->dose_chosen)
    show_dose_relation (self, guess);
}

/* The patient's history on the scale ---------------------------------------- */

/* The latest rating on @scale other than the one being edited */
static const EbbRating *
last_rating (EbbRatingDialog *self,
             const EbbScale  *scale)
{
  const EbbRating *last = NULL;

  for (guint i = 0; self->ratings != NULL && i < self->ratings->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (self->ratings, i);

      if (ebb_scale_lookup (rating->scale_id) != scale ||
          (self->editing != NULL && rating->id == self->editing->id))
        continue;
      if (last == NULL || ebb_when_compare (&rating->when, &last->when) > 0 ||
          (ebb_when_compare (&rating->when, &last->when) == 0 && rating->id > last->id))
        last = rating;
    }
  return last;
}

/* Beside the total, what it is compared with: "Baseline 30 · last 14 on
 * Tue 3 Nov", the baseline of the current course as the rules take it. */
static void
update_history (EbbRatingDialog *self,
                const EbbScale  *scale)
{
  g_autoptr(EbbTrajectory) trajectory = NULL;
  g_autofree char *baseline_text = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *text = NULL;
  const EbbRating *baseline = NULL;
  const EbbRating *last;
  gint32 today = ebb_date_today ();

  if (scale == NULL || self->records.patient == NULL)
    return;

  if (scale->efficacy)
    {
      trajectory = ebb_trajectory_new_for_records (&self->records, scale, today, &self->rules);
      baseline = ebb_trajectory_get_baseline (trajectory);
    }
  if (baseline != NULL && self->editing != NULL && baseline->id == self->editing->id)
    baseline_text = g_strdup (_("This rating is the baseline"));
  else if (baseline != NULL)
    /* Translators: the score a response is judged against, "Baseline 30" */
    baseline_text = g_strdup_printf (_("Baseline %d"), baseline->total);

  last = last_rating (self, scale);
  if (last != NULL)
    {
      g_autofree char *day = ebb_date_format_for_people (last->when.day, today);

      if (baseline_text != NULL)
        /* Translators: after "Baseline 30 · ", the latest rating on the
         * scale, "last 14 on Tue 3 Nov" */
        last_text = g_strdup_printf (_("last %d on %s"), last->total, day);
      else
        /* Translators: the latest rating on the scale, when there is no
         * baseline: "Last 14 on Tue 3 Nov" */
        last_text = g_strdup_printf (_("Last %d on %s"), last->total, day);
    }

  if (baseline_text != NULL && last_text != NULL)
    /* Translators: "Baseline 30 · last 14 on Tue 3 Nov" */
    text = g_strdup_printf (_("%s · %s"), baseline_text, last_text);
  else if (last_text != NULL)
    text = g_steal_pointer (&last_text);
  else if (baseline_text != NULL)
    text = g_steal_pointer (&baseline_text);
  else
    /* Translators: on the rating dialog, "No earlier MADRS rating" */
    text = g_strdup_printf (_("No earlier %s rating"), scale->id);
  adw_preferences_group_set_description (self->score_group, text);
}

/* The date as entered: %NULL and @when set when it can be a rating's,
 * else what is wrong with it. */
static char *
check_date (EbbRatingDialog *self,
            EbbWhen         *when)
{
  g_autofree char *date_text = ebb_date_time_row_dup_text (self->date_row);
  g_autoptr(GError) error = NULL;

  if (date_text == NULL)
    return g_strdup (_("Choose the date of the rating"));
  if (!ebb_when_parse (date_text, when, &error))
    return g_strdup (error->message);
  if (when->day > ebb_date_today ())
    {
      g_autofree char *day = ebb_date_format_for_people (when->day, ebb_date_today ());

      /* Translators: "Tue 15 Dec is in the future: …" */
      return g_strdup_printf (_("%s is in the future: record a rating on the day it was taken"), day);
    }
  return NULL;
}

/* The total as typed, or as the items add up, with the items.  Returns
 * whether there is one to check; otherwise @error says what is wrong, or
 * @missing how many items are still to enter, or nothing was typed yet. */
static gboolean
read_rating (EbbRatingDialog  *self,
             const EbbScale   *scale,
             int              *total,
             const int       **items,
             guint            *n_items,
             char            **error,
             char            **missing)
{
  g_autofree char *total_text = NULL;
  const char *items_error;
  guint n_missing;

  if (!items_mode (self))
    {
      total_text = ebb_dialog_entry_text (self->total_row);
      /* Nothing typed yet is not a mistake: Save just waits. */
      if (total_text == NULL)
        return FALSE;
      if (!parse_total (total_text, total))
        {
          *error = g_strdup_printf (_("The %s total must be a whole number from %d to %d"),
                                    scale->id, scale->total_min, scale->total_max);
          return FALSE;
        }
      return TRUE;
    }

  items_error = ebb_item_entry_get_message (self->item_entry);
  n_missing = ebb_item_entry_get_n_missing (self->item_entry);
  if (items_error != NULL)
    {
      *error = g_strdup (items_error);
      show_item_total (self, "");
      return FALSE;
    }
  if (n_missing > 0)
    {
      /* No total until every item has a value: a half-filled form
       * must not pass for a low score. */
      *missing = g_strdup_printf (ngettext ("%u item to enter", "%u items to enter", n_missing),
                                  n_missing);
      show_item_total (self, "");
      return FALSE;
    }

  {
    g_autofree char *sum = NULL;

    /* The total follows the items. */
    *items = ebb_item_entry_get_values (self->item_entry, n_items);
    *total = ebb_item_entry_get_total (self->item_entry);
    sum = g_strdup_printf ("%d", *total);
    show_item_total (self, sum);
  }
  return TRUE;
}

/* Under the score, what is wrong with it, at the row it is about.  An
 * alert item not answered yet is not a mistake, and red is the colour of
 * a suicide alert here: it is asked for in grey, as items still to enter
 * are; only a value the total contradicts is marked. */
static void
show_score_message (EbbRatingDialog *self,
                    const char      *score_error,
                    const char      *alert_error,
                    const char      *alert_missing)
{
  if (alert_missing != NULL)
    {
      ebb_dialog_show_field_message (self->score_message, NULL, alert_missing);
      gtk_widget_remove_css_class (GTK_WIDGET (self->total_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->alert_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->score_message), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->score_message), "dim-label");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->score_message), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->score_message), "error");
  if (alert_error != NULL)
    {
      ebb_dialog_show_field_message (self->score_message, GTK_WIDGET (self->alert_row), alert_error);
      gtk_widget_remove_css_class (GTK_WIDGET (self->total_row), "error");
    }
  else
    {
      ebb_dialog_show_field_message (self->score_message, GTK_WIDGET (self->total_row), score_error);
      gtk_widget_remove_css_class (GTK_WIDGET (self->alert_row), "error");
    }
}

/* Checks every field, shows what is wrong where it is wrong, and allows
 * saving only when nothing is. */
static void
ebb_rating_dialog_validate (EbbRatingDialog *self)
{
  const EbbScale *scale = ebb_rating_dialog_get_scale (self);
  g_autofree char *date_error = NULL;
  g_autofree char *score_error = NULL;
  g_autofree char *alert_error = NULL;
  g_autofree char *alert_missing = NULL;
  g_autofree char *missing = NULL;
  const int *items = NULL;
  guint n_items = 0;
  gboolean date_ok;
  gboolean score_ok;
  const char *band = NULL;
  int total = 0;
  EbbWhen when;

  if (scale == NULL)
    return;

  date_error = check_date (self, &when);
  date_ok = date_error == NULL;
  update_dose_row (self, scale, date_ok ? &when : NULL);

  score_ok = read_rating (self, scale, &total, &items, &n_items, &score_error, &missing);
  band = missing;
  if (score_ok)
    {
      g_autoptr(GError) error = NULL;

      if (!ebb_scale_validate (scale, total, items, n_items, &error))
        {
          score_error = g_strdup (error->message);
          score_ok = FALSE;
        }
      else
        band = ebb_band_display (scale, total);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->alert_row), alert_asked (self, scale));
  /* Only once there is a total: nothing typed yet is not a mistake. */
  if (score_ok && alert_asked (self, scale))
    {
      if (alert_value (self) < 0 && !self->alert_optional)
        /* Translators: "Answer item 9 (thoughts of death or self-harm) to
         * save: it is asked with every PHQ-9 total" */
        alert_missing = g_strdup_printf (_("Answer item %u (%s) to save: it is asked with every %s total"),
                                         scale->alert_item, ebb_scale_get_alert_item_label (scale), scale->id);
      else
        alert_error = check_alert_value (self, scale, total, alert_value (self));
      score_ok = alert_error == NULL && alert_missing == NULL;
    }

  gtk_label_set_text (self->band_label, band != NULL ? band : "");
  ebb_dialog_show_field_message (self->date_message, GTK_WIDGET (self->date_row), date_error);
  show_score_message (self, score_error, alert_error, alert_missing);

  g_clear_pointer (&self->message, g_free);
  self->message = g_strdup (date_error != NULL ? date_error :
                            score_error != NULL ? score_error :
                            alert_error != NULL ? alert_error : alert_missing);

  self->can_save = date_ok && score_ok;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rating.save", self->can_save);
}

static void
item_entry_changed_cb (EbbRatingDialog *self)
{
  ebb_rating_dialog_validate (self);
}

static void
ebb_rating_dialog_update_items_mode (EbbRatingDialog *self)
{
  gboolean on = gtk_switch_get_active (self->items_switch);

  gtk_widget_set_visible (GTK_WIDGET (self->item_entry), on);
  /* The total is worked out from the items while they are entered. */
  gtk_editable_set_editable (GTK_EDITABLE (self->total_row), !on);
}

static void
scale_selected_cb (EbbRatingDialog *self)
{
  const EbbScale *scale = ebb_rating_dialog_get_scale (self);
  g_autofree char *subtitle = NULL;

  if (scale == NULL)
    return;

  /* On two lines: on one, the scale's long name took the row's width
   * and the picker itself shrank to "M…". */
  /* Translators: under the scale picker, the scale's name, then "total 0–60 · past 7 days" */
  subtitle = g_strdup_printf (_("%s\ntotal %d–%d · past %u days"),
                              ebb_scale_get_name (scale), scale->total_min, scale->total_max, scale->recall_days);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scale_row), subtitle);

  ebb_item_entry_set_scale (self->item_entry, scale);
  update_alert_row (self, scale);
  update_history (self, scale);
  ebb_rating_dialog_update_items_mode (self);
  ebb_rating_dialog_validate (self);
}

static void
items_switch_active_cb (EbbRatingDialog *self)
{
  if (gtk_switch_get_active (self->items_switch))
    {
      /* Kept to be put back when item entry is switched off again. */
      g_free (self->typed_total);
      self->typed_total = ebb_dialog_entry_text (self->total_row);
      ebb_rating_dialog_update_items_mode (self);
      ebb_item_entry_focus_missing (self->item_entry);
    }
  else
    {
      ebb_rating_dialog_update_items_mode (self);
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->total_row),
                             self->typed_total != NULL ? self->typed_total : "");
      self->updating = FALSE;
      g_clear_pointer (&self->typed_total, g_free);
    }
  ebb_rating_dialog_validate (self);
}

static void
field_changed_cb (EbbRatingDialog *self)
{
  if (!self->updating)
    ebb_rating_dialog_validate (self);
}

static void
dose_toggled_cb (EbbRatingDialog *self,
                 GParamSpec      *pspec,
                 GtkToggleButton *button)
{
  /* The user's answer stays through later changes of date or scale. */
  if (!self->showing_dose && gtk_toggle_button_get_active (button))
    self->dose_chosen = TRUE;
}

/* The access key of the item's row goes to its value, without choosing
 * one: a value nobody chose is never saved. */
static gboolean
alert_mnemonic_cb (EbbRatingDialog *self,
                   gboolean         group_cycling,
                   GtkWidget       *box)
{
  int value = alert_value (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->alert_buttons[MAX (value, 0)]));
  return TRUE;
}

static void
show_store_error (EbbRatingDialog *self,
                  const GError    *error)
{
  /* Put the message where the mistake is when the store can tell. */
  if (error->domain == EBB_DATE_ERROR)
    ebb_dialog_show_save_error (self->date_message, GTK_WIDGET (self->date_row), error, &self->message);
  else if (error->domain == EBB_SCALE_ERROR)
    ebb_dialog_show_save_error (self->score_message, GTK_WIDGET (self->total_row), error, &self->message);
  else
    ebb_dialog_show_save_error (self->store_message, NULL, error, &self->message);
}

static void
ebb_rating_dialog_save (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EbbRatingDialog *self = EBB_RATING_DIALOG (widget);
  const EbbScale *scale = ebb_rating_dialog_get_scale (self);
  g_autoptr(EbbRating) rating = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *total_text = NULL;
  gboolean stored;

  ebb_rating_dialog_validate (self);
  if (!self->can_save || scale == NULL)
    return;

  rating = self->editing != NULL ? ebb_rating_copy (self->editing) : ebb_rating_new ();
  rating->patient_id = self->patient_id;

  date_text = ebb_date_time_row_dup_text (self->date_row);
  if (!ebb_rating_set_when (rating, date_text, &error))
    {
      show_store_error (self, error);
      return;
    }

  g_free (rating->scale_id);
  rating->scale_id = g_strdup (scale->id);
  total_text = ebb_dialog_entry_text (self->total_row);
  if (!parse_total (total_text, &rating->total))
    return;

  if (items_mode (self))
    {
      guint n_items;
      const int *items = ebb_item_entry_get_values (self->item_entry, &n_items);

      /* Validation said every item has a value. */
      if (items == NULL)
        return;
      ebb_rating_set_items (rating, items, n_items);
    }
  else
    ebb_rating_set_items (rating, NULL, 0);

  /* Validation said the item was answered, unless it may stay unrecorded. */
  rating->alert_item = alert_asked (self, scale) ? alert_value (self) : -1;
  if (!gtk_widget_get_visible (GTK_WIDGET (self->dose_row)))
    rating->dose_relation = EBB_DOSE_RELATION_UNKNOWN;
  else if (gtk_toggle_button_get_active (self->after_button))
    rating->dose_relation = EBB_DOSE_RELATION_AFTER;
  else
    rating->dose_relation = EBB_DOSE_RELATION_BEFORE;

  g_free (rating->rater);
  rating->rater = ebb_dialog_entry_text (self->rater_row);
  g_free (rating->note);
  rating->note = ebb_dialog_entry_text (self->note_row);

  if (self->editing != NULL)
    stored = ebb_store_update_rating_if_unchanged (self->store, self->editing, rating, &error);
  else
    stored = ebb_store_add_rating (self->store, rating, &error);

  if (!stored)
    {
      /* Nothing typed is lost: the dialog stays open with the message. */
      show_store_error (self, error);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, rating->id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ebb_rating_dialog_dispose (GObject *object)
{
  EbbRatingDialog *self = EBB_RATING_DIALOG (object);

  /* An item typed but not yet taken is taken as the dialog is torn down,
   * when there is nothing left to validate. */
  if (self->item_entry != NULL)
    g_signal_handlers_disconnect_by_data (self->item_entry, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_RATING_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ebb_rating_dialog_parent_class)->dispose (object);
}

static void
ebb_rating_dialog_finalize (GObject *object)
{
  EbbRatingDialog *self = EBB_RATING_DIALOG (object);

  g_clear_pointer (&self->editing, ebb_rating_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->ratings, g_ptr_array_unref);
  ebb_patient_records_clear (&self->records);
  g_clear_pointer (&self->typed_total, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ebb_rating_dialog_parent_class)->finalize (object);
}

static void
ebb_rating_dialog_class_init (EbbRatingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_rating_dialog_dispose;
  object_class->finalize = ebb_rating_dialog_finalize;

  /**
   * EbbRatingDialog::saved:
   * @id: the rating's row id
   *
   * Emitted after the rating was stored, just before the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (EBB_TYPE_ITEM_ENTRY);
  g_type_ensure (EBB_TYPE_DATE_TIME_ROW);

  gtk_widget_class_install_action (widget_class, "rating.save", NULL, ebb_rating_dialog_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-rating-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, scale_list);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, total_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, score_group);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, band_label);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, items_switch);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, dose_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, before_button);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, after_button);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, alert_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, alert_box);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, item_entry);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, rater_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, date_message);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, score_message);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, store_message);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingDialog, save_button);
}

static void
ebb_rating_dialog_init (EbbRatingDialog *self)
{
  guint n_scales;
  const EbbScale * const *scales = ebb_scale_all (&n_scales);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < n_scales; i++)
    gtk_string_list_append (self->scale_list, scales[i]->id);

  for (guint i = 0; i < N_ALERT_BUTTONS; i++)
    {
      g_autofree char *value = g_strdup_printf ("%u", i);
      GtkWidget *button = gtk_toggle_button_new_with_label (value);

      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->alert_buttons[0]);
      gtk_widget_add_css_class (button, "numeric");
      g_signal_connect_object (button, "notify::active",
                               G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (self->alert_box), button);
      self->alert_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->alert_row), self->alert_box);
  /* Tab goes from one field to the next answer, not to the row between. */
  gtk_widget_set_focusable (GTK_WIDGET (self->alert_row), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self->dose_row), FALSE);
  g_signal_connect_object (self->alert_box, "mnemonic-activate",
                           G_CALLBACK (alert_mnemonic_cb), self, G_CONNECT_SWAPPED);
  /* The buttons say "Before" and "After" beside their question; a
   * screen reader names them whole. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->before_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Before the dose"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Taken before or after the session?"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->after_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("After the dose"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Taken before or after the session?"),
                                  -1);
  g_signal_connect_object (self->before_button, "notify::active",
                           G_CALLBACK (dose_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->after_button, "notify::active",
                           G_CALLBACK (dose_toggled_cb), self, G_CONNECT_SWAPPED);

  /* The date row starts on today. */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  g_signal_connect_object (self->scale_row, "notify::selected",
                           G_CALLBACK (scale_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->item_entry, "changed",
                           G_CALLBACK (item_entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->items_switch, "notify::active",
                           G_CALLBACK (items_switch_active_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "notify::text",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->total_row, "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);

  scale_selected_cb (self);
}

GtkWidget *
ebb_rating_dialog_new (GtkWindow      *parent,
                       EbbStore        *store,
                       gint64           patient_id,
                       const EbbRating *rating,
                       const char      *scale_id)
{
  EbbRatingDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EBB_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id > 0, NULL);

  self = g_object_new (EBB_TYPE_RATING_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->patient_id = patient_id;
  ebb_dialog_show_patient (self->window_title, store, patient_id);
  /* Without them the dose question is not asked, nor the baseline shown:
   * the store's error shows on Save, if it lasts. */
  if (ebb_patient_records_load (&self->records, store, patient_id, NULL))
    {
      self->sessions = self->records.sessions != NULL ? g_ptr_array_ref (self->records.sessions) : NULL;
      self->ratings = self->records.ratings != NULL ? g_ptr_array_ref (self->records.ratings) : NULL;
    }
  if (!ebb_store_load_rule_settings (store, &self->rules, NULL))
    ebb_rule_settings_init_defaults (&self->rules);

  if (rating != NULL)
    {
      g_autofree char *total = g_strdup_printf ("%d", rating->total);

      self->editing = ebb_rating_copy (rating);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Rating"));
      ebb_rating_dialog_set_scale (self, rating->scale_id);
      ebb_date_time_row_set_text (self->date_row, rating->when_text);
      gtk_editable_set_text (GTK_EDITABLE (self->total_row), total);
      if (rating->n_items > 0)
        ebb_rating_dialog_set_items (self, rating->items, rating->n_items);
      else if (rating->alert_item >= 0)
        set_alert_value (self, rating->alert_item);
      else
        {
          /* An imported total: not answering now keeps it as it was. */
          self->alert_optional = TRUE;
          update_alert_row (self, ebb_rating_dialog_get_scale (self));
        }
      if (rating->dose_relation != EBB_DOSE_RELATION_UNKNOWN)
        {
          show_dose_relation (self, rating->dose_relation);
          self->dose_chosen = TRUE;
        }
      if (rating->rater != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->rater_row), rating->rater);
      if (rating->note != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->note_row), rating->note);
    }
  else if (scale_id != NULL)
    ebb_rating_dialog_set_scale (self, scale_id);
  update_history (self, ebb_rating_dialog_get_scale (self));

  ebb_rating_dialog_validate (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->total_row));
  ebb_dialog_confirm_discard (GTK_WINDOW (self),
                              rating != NULL ? _("Discard Changes to This Rating?")
                                            : _("Discard This Rating?"));

  return GTK_WIDGET (self);
}

void
ebb_rating_dialog_set_scale (EbbRatingDialog *self,
                             const char      *scale_id)
{
  const EbbScale *scale;
  guint n_scales;
  const EbbScale * const *scales = ebb_scale_all (&n_scales);

  g_return_if_fail (EBB_IS_RATING_DIALOG (self));

  scale = ebb_scale_lookup (scale_id);
  for (guint i = 0; scale != NULL && i < n_scales; i++)
    {
      if (scales[i] == scale)
        adw_combo_row_set_selected (self->scale_row, i);
    }
}

void
ebb_rating_dialog_set_date (EbbRatingDialog *self,
                            const char      *text)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));

  ebb_date_time_row_set_text (self->date_row, text);
}

void
ebb_rating_dialog_set_total (EbbRatingDialog *self,
                             const char      *text)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));

  gtk_switch_set_active (self->items_switch, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->total_row), text != NULL ? text : "");
}

/**
 * ebb_rating_dialog_set_items:
 *
 * Switches to item-by-item entry with these values; a value below 0, or
 * one missing from the end, leaves its item to be entered.  The total
 * follows the items once every one has a value.
 */
void
ebb_rating_dialog_set_items (EbbRatingDialog *self,
                             const int       *items,
                             guint            n_items)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));
  g_return_if_fail (n_items == 0 || items != NULL);

  ebb_item_entry_set_values (self->item_entry, items, n_items);
  gtk_switch_set_active (self->items_switch, TRUE);
  ebb_rating_dialog_update_items_mode (self);
  ebb_rating_dialog_validate (self);
}

/**
 * ebb_rating_dialog_set_item:
 * @index: the 0-based item
 * @value: its value, or -1 to leave it to be entered
 *
 * Enters one item, as typing it would; item entry must be on.
 */
void
ebb_rating_dialog_set_item (EbbRatingDialog *self,
                            guint            index,
                            int              value)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));
  g_return_if_fail (index < ebb_item_entry_get_n_items (self->item_entry));

  ebb_item_entry_set_item (self->item_entry, index, value);
}

gboolean
ebb_rating_dialog_get_can_save (EbbRatingDialog *self)
{
  g_return_val_if_fail (EBB_IS_RATING_DIALOG (self), FALSE);

  return self->can_save;
}

const char *
ebb_rating_dialog_get_message (EbbRatingDialog *self)
{
  g_return_val_if_fail (EBB_IS_RATING_DIALOG (self), NULL);

  return self->message;
}

/**
 * ebb_rating_dialog_set_alert_item:
 * @value: the alert item's value, or -1 to leave it unanswered
 *
 * Answers the alert item asked with a total alone, as choosing its value
 * would.
 */
void
ebb_rating_dialog_set_alert_item (EbbRatingDialog *self,
                                  int              value)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));
  g_return_if_fail (value < N_ALERT_BUTTONS);

  set_alert_value (self, value);
  ebb_rating_dialog_validate (self);
}

/**
 * ebb_rating_dialog_get_alert_item:
 *
 * Returns: the alert item's value as chosen, or -1 when none is or the
 *   question is not asked
 */
int
ebb_rating_dialog_get_alert_item (EbbRatingDialog *self)
{
  g_return_val_if_fail (EBB_IS_RATING_DIALOG (self), -1);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->alert_row)))
    return -1;
  return alert_value (self);
}

/**
 * ebb_rating_dialog_set_dose_relation:
 * @relation: before or after the dose
 *
 * Answers "Taken before or after the session?", as clicking would; the
 * answer stays when the date or scale changes.
 */
void
ebb_rating_dialog_set_dose_relation (EbbRatingDialog *self,
                                     EbbDoseRelation  relation)
{
  g_return_if_fail (EBB_IS_RATING_DIALOG (self));
  g_return_if_fail (relation == EBB_DOSE_RELATION_BEFORE || relation == EBB_DOSE_RELATION_AFTER);

  gtk_toggle_button_set_active (relation == EBB_DOSE_RELATION_AFTER ? self->after_button : self->before_button,
                                TRUE);
}

/**
 * ebb_rating_dialog_get_dose_relation:
 *
 * Returns: the answer shown to "Taken before or after the session?", or
 *   %EBB_DOSE_RELATION_UNKNOWN when the day has no session to ask about
 */
EbbDoseRelation
ebb_rating_dialog_get_dose_relation (EbbRatingDialog *self)
{
  g_return_val_if_fail (EBB_IS_RATING_DIALOG (self), EBB_DOSE_RELATION_UNKNOWN);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->dose_row)))
    return EBB_DOSE_RELATION_UNKNOWN;
  return gtk_toggle_button_get_active (self->after_button) ? EBB_DOSE_RELATION_AFTER
                                                           : EBB_DOSE_RELATION_BEFORE;
}
