/* ebb-flags-section.c — the patient page's flags
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flags are the core's (ebb_flags_for_records()), filtered and
 * ordered as the attention list shows them: the open ones, most urgent
 * first, then, folded, those decided or resolved, newest first.  Each
 * open row has the flag's title, its numbers under it, a popover that
 * explains the rule behind it with this patient's numbers, and a button
 * to record a decision on it through page.record-decision.  The page
 * gives it the records it reloaded, and reads the open flags back for
 * its banner, its status and its decisions.
 */
#define G_LOG_DOMAIN "ebb-flags-section"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ebb-flags-section.h"

struct _EbbFlagsSection
{
  GtkWidget            parent_instance;

  GPtrArray           *flags;      /* EbbFlag*, open, most urgent first */
  GPtrArray           *rows;       /* AdwPreferencesRow*, owned by group: a row per open flag, then the earlier ones */

  /* Template children */
  AdwPreferencesGroup *group;
};

G_DEFINE_FINAL_TYPE (EbbFlagsSection, ebb_flags_section, GTK_TYPE_WIDGET)

/* The core writes ISO dates, as files do; the window, as people read them. */
static char *
for_people (const char *text,
            gint32      today)
{
  return text != NULL ? ebb_flag_text_for_people (text, today) : NULL;
}

/* The rule behind a flag in plain words, with this patient's numbers:
 * the core says it (ebb_flag_explain_rule()), for the report too. */
static char *
explain_flag (const EbbFlag           *flag,
              const EbbPatientRecords *records,
              const EbbRuleSettings   *rules,
              gint32                   today)
{
  g_autoptr(EbbTrajectory) trajectory = NULL;
  g_autofree char *rule = NULL;

  if (flag->scale != NULL)
    trajectory = ebb_trajectory_new_for_records (records, flag->scale, today, rules);
  rule = ebb_flag_explain_rule (flag, trajectory, rules);
  return for_people (rule, today);
}

/* GTK 4.8's popover asks its content how tall it is for a width wider
 * than the one it then gives it, so wrapped text lost its last line: a
 * clamp this wide makes both the same. */
#define POPOVER_WIDTH 400

static GtkWidget *
popover_label (const char *text,
               const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
make_flag_row (const EbbFlag           *flag,
               const EbbPatientRecords *records,
               const EbbRuleSettings   *rules,
               gint32                   today)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *why = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *decide;
  GtkWidget *clamp;
  GtkWidget *box;
  g_autofree char *title = ebb_flag_get_title (flag, today);
  g_autofree char *numbers = for_people (flag->detail, today);
  g_autofree char *explanation = explain_flag (flag, records, rules, today);

  /* A title to scan the list by; the numbers under it; the rule behind
   * it on request.  The texts come from the data, not from markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), numbers);
  gtk_widget_add_css_class (row, "ebb-flag-row");
  if (ebb_flags_section_flag_is_urgent (flag))
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), "dialog-error-symbolic");
      gtk_widget_add_css_class (row, "urgent");
    }
  gtk_widget_add_css_class (icon, "ebb-flag-icon");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, ebb_flag_kind_to_label (flag->kind),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* The popover: the rule with this patient's numbers, and what to do. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), popover_label (_("Why Is This Flagged?"), "heading"));
  gtk_box_append (GTK_BOX (box), popover_label (explanation, NULL));
  if (flag->suggestion != NULL && *flag->suggestion != '\0')
    gtk_box_append (GTK_BOX (box), popover_label (flag->suggestion, "heading"));
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), POPOVER_WIDTH);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), POPOVER_WIDTH);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_popover_set_child (GTK_POPOVER (popover), clamp);
  gtk_widget_add_css_class (popover, "ebb-why-popover");

  gtk_menu_button_set_label (GTK_MENU_BUTTON (why), _("Why?"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (why), popover);
  gtk_widget_set_valign (why, GTK_ALIGN_CENTER);
  /* No tooltip: it says what the label says, over the popover's heading. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (why),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Why is this flagged?"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), why);

  /* §5: a clinician closes a flag by recording a decision on it. */
  decide = gtk_button_new_with_mnemonic (_("_Decide…"));
  gtk_widget_set_valign (decide, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (decide, _("Record a Decision on This Flag"));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (decide), ebb_flags_section_flag_target (flag));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (decide), "page.record-decision");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), decide);

  return row;
}

/* A flag that is no longer open, with what closed it. */
static GtkWidget *
make_closed_flag_row (const EbbFlag *flag,
                      gint32         today)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = ebb_flag_get_title (flag, today);
  g_autofree char *numbers = for_people (flag->detail, today);
  g_autofree char *state = ebb_flag_describe_state (flag);
  g_autofree char *state_text = for_people (state, today);
  g_autofree char *full = g_strdup_printf ("%s\n%s", state_text, numbers);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), full);
  return row;
}

static int
compare_flag_urgency_cb (gconstpointer a,
                         gconstpointer b)
{
  return ebb_flag_compare_urgency (*(EbbFlag * const *) a, *(EbbFlag * const *) b);
}

static int
compare_flag_newest_cb (gconstpointer a,
                        gconstpointer b)
{
  const EbbFlag *fa = *(EbbFlag * const *) a;
  const EbbFlag *fb = *(EbbFlag * const *) b;

  if (fa->day != fb->day)
    return fa->day > fb->day ? -1 : 1;
  return ebb_flag_compare_urgency (fa, fb);
}

/* The closed flags' rows, made the first time their row is expanded: a
 * folded row's children are measured all the same, and a patient with
 * years of history has dozens, each with text to wrap (370 ms of a click
 * on one with 17). */
static void
earlier_expanded_cb (AdwExpanderRow *earlier,
                     GParamSpec     *pspec,
                     gpointer        user_data)
{
  GPtrArray *closed = g_object_get_data (G_OBJECT (earlier), "ebb-closed-flags");
  gint32 today = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (earlier), "ebb-today"));

  if (closed == NULL || !adw_expander_row_get_expanded (earlier))
    return;
  for (guint i = 0; i < closed->len; i++)
    adw_expander_row_add_row (earlier, make_closed_flag_row (g_ptr_array_index (closed, i), today));
  g_object_set_data (G_OBJECT (earlier), "ebb-closed-flags", NULL);
}

/* Those decided or resolved, folded under one row */
static GtkWidget *
make_earlier_row (GPtrArray *all,
                  guint      n_closed,
                  gint32     today)
{
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Earlier Flag",
                                                         "%u Earlier Flags", n_closed), n_closed);
  GPtrArray *closed = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  GtkWidget *earlier = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (earlier), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (earlier), _("Decided or resolved, newest first"));
  for (guint i = 0; i < all->len; i++)
    if (!ebb_flag_is_open (g_ptr_array_index (all, i)))
      g_ptr_array_add (closed, ebb_flag_copy (g_ptr_array_index (all, i)));
  g_ptr_array_sort (closed, compare_flag_newest_cb);
  g_object_set_data_full (G_OBJECT (earlier), "ebb-closed-flags", closed, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (earlier), "ebb-today", GINT_TO_POINTER (today));
  g_signal_connect (earlier, "notify::expanded", G_CALLBACK (earlier_expanded_cb), NULL);
  return earlier;
}

/* GObject ------------------------------------------------------------------- */

static void
ebb_flags_section_dispose (GObject *object)
{
  EbbFlagsSection *self = EBB_FLAGS_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_FLAGS_SECTION);

  G_OBJECT_CLASS (ebb_flags_section_parent_class)->dispose (object);
}

static void
ebb_flags_section_finalize (GObject *object)
{
  EbbFlagsSection *self = EBB_FLAGS_SECTION (object);

  g_clear_pointer (&self->flags, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ebb_flags_section_parent_class)->finalize (object);
}

static void
ebb_flags_section_class_init (EbbFlagsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_flags_section_dispose;
  object_class->finalize = ebb_flags_section_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-flags-section.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbFlagsSection, group);
}

static void
ebb_flags_section_init (EbbFlagsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  self->rows = g_ptr_array_new ();
}

/* Public API ---------------------------------------------------------------- */

/**
 * ebb_flags_section_set_records:
 * @records: (nullable): the patient's records, or %NULL for no patient
 * @rules: the clinic's rule settings
 * @today: the as-of day
 *
 * Lists the flags the rules raise on @records, and hides the section
 * when there are none.
 */
void
ebb_flags_section_set_records (EbbFlagsSection         *self,
                               const EbbPatientRecords *records,
                               const EbbRuleSettings   *rules,
                               gint32                   today)
{
  g_autoptr(GPtrArray) all = NULL;
  guint n_closed = 0;

  g_return_if_fail (EBB_IS_FLAGS_SECTION (self));
  g_return_if_fail (records == NULL || rules != NULL);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->flags, 0);

  if (records == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  all = ebb_flags_for_records (records, today, rules);
  for (guint i = 0; i < all->len; i++)
    {
      EbbFlag *flag = g_ptr_array_index (all, i);

      if (ebb_flag_is_open (flag))
        g_ptr_array_add (self->flags, ebb_flag_copy (flag));
      else
        n_closed++;
    }
  g_ptr_array_sort (self->flags, compare_flag_urgency_cb);

  for (guint i = 0; i < self->flags->len; i++)
    g_ptr_array_add (self->rows, make_flag_row (g_ptr_array_index (self->flags, i), records, rules, today));
  if (n_closed > 0)
    g_ptr_array_add (self->rows, make_earlier_row (all, n_closed, today));
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_add (self->group, g_ptr_array_index (self->rows, i));

  /* No heading over nothing, and no spacing for it in the page. */
  gtk_widget_set_visible (GTK_WIDGET (self), all->len > 0);
}

/**
 * ebb_flags_section_get_open:
 *
 * Returns: (transfer none) (element-type EbbFlag): the open flags, most
 *   urgent first
 */
GPtrArray *
ebb_flags_section_get_open (EbbFlagsSection *self)
{
  g_return_val_if_fail (EBB_IS_FLAGS_SECTION (self), NULL);

  return self->flags;
}

/**
 * ebb_flags_section_get_title:
 *
 * Returns: (transfer none): the title of the row of the open flag at
 *   @index (most urgent first)
 */
const char *
ebb_flags_section_get_title (EbbFlagsSection *self,
                             guint            index)
{
  g_return_val_if_fail (EBB_IS_FLAGS_SECTION (self), NULL);
  g_return_val_if_fail (index < self->flags->len, NULL);

  return adw_preferences_row_get_title (g_ptr_array_index (self->rows, index));
}

/* Red for what needs seeing today */
gboolean
ebb_flags_section_flag_is_urgent (const EbbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, FALSE);

  return flag->kind == EBB_FLAG_SUICIDE_ITEM || flag->kind == EBB_FLAG_WORSENING ||
         flag->kind == EBB_FLAG_RELAPSE || flag->kind == EBB_FLAG_BLOOD_PRESSURE;
}

/**
 * ebb_flags_section_flag_target:
 *
 * Returns: (transfer floating): the parameter of page.record-decision
 *   that names @flag: its kind, scale ("" for none) and day
 */
GVariant *
ebb_flags_section_flag_target (const EbbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, NULL);

  return g_variant_new ("(ssi)", ebb_flag_kind_to_string (flag->kind),
                        flag->scale != NULL ? flag->scale->id : "", flag->day);
}
