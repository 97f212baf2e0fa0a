/* ebb-flag-banner.c — the most urgent open flag, over the patient page
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What to do about the patient's most urgent open flag, and why, under
 * the patient's name: "Assess suicide risk today — PHQ-9 item 9 was 1 on
 * Fri 4 Dec", with a button to record a decision on it and, where a
 * session would meet it, one to schedule the next.  Both are page.*
 * actions.  libadwaita 1.2 has no AdwBanner; this is tinted as an info
 * bar is (ebb-patient-page.css).
 */
#define G_LOG_DOMAIN "ebb-flag-banner"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ebb-flag-banner.h"
#include "ebb-flags-section.h"
#include "ebb-wrap-box.h"

struct _EbbFlagBanner
{
  GtkWidget    parent_instance;

  /* Template children */
  GtkRevealer *revealer;
  GtkWidget   *box;
  GtkImage    *icon;
  GtkLabel    *label;
  GtkWidget   *schedule_button;
  GtkWidget   *decide_button;
};

G_DEFINE_FINAL_TYPE (EbbFlagBanner, ebb_flag_banner, GTK_TYPE_WIDGET)

/* The suggestion's first sentence, without its full stop: "Consider
 * bringing the next session forward", not the median that follows. */
static char *
first_sentence (const char *text)
{
  const char *end = strstr (text, ". ");

  if (end == NULL)
    end = text + strlen (text);
  while (end > text && (end[-1] == '.' || end[-1] == ' '))
    end--;
  return g_strndup (text, end - text);
}

static void
ebb_flag_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EBB_TYPE_FLAG_BANNER);

  G_OBJECT_CLASS (ebb_flag_banner_parent_class)->dispose (object);
}

static void
ebb_flag_banner_class_init (EbbFlagBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_flag_banner_dispose;

  g_type_ensure (EBB_TYPE_WRAP_BOX);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-flag-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbFlagBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, EbbFlagBanner, box);
  gtk_widget_class_bind_template_child (widget_class, EbbFlagBanner, icon);
  gtk_widget_class_bind_template_child (widget_class, EbbFlagBanner, label);
  gtk_widget_class_bind_template_child (widget_class, EbbFlagBanner, schedule_button);
  gtk_widget_class_bind_template_child (widget_class, EbbFlagBanner, decide_button);
}

static void
ebb_flag_banner_init (EbbFlagBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ebb_flag_banner_set_flag:
 * @flag: (nullable): the most urgent open flag, or %NULL to hide the banner
 * @today: the as-of day, for the flag's dates
 */
void
ebb_flag_banner_set_flag (EbbFlagBanner *self,
                          const EbbFlag *flag,
                          gint32         today)
{
  g_autofree char *headline = NULL;
  g_autofree char *action = NULL;
  g_autofree char *text = NULL;
  gboolean urgent, schedule;

  g_return_if_fail (EBB_IS_FLAG_BANNER (self));

  gtk_widget_set_visible (GTK_WIDGET (self), flag != NULL);
  gtk_revealer_set_reveal_child (self->revealer, flag != NULL);
  if (flag == NULL)
    {
      gtk_label_set_text (self->label, "");
      return;
    }

  /* What to do in bold, then why: the markup is ours, the words are
   * escaped. */
  headline = ebb_flag_get_headline (flag, today);
  if (flag->suggestion != NULL && *flag->suggestion != '\0')
    {
      action = first_sentence (flag->suggestion);
      /* Translators: the banner above a patient's chart: what to do, and
       * why, "Assess suicide risk today — PHQ-9 item 9 was 1 on Fri 4 Dec" */
      text = g_markup_printf_escaped (_("<b>%s</b> — %s"), action, headline);
    }
  else
    text = g_markup_escape_text (headline, -1);
  gtk_label_set_markup (self->label, text);

  urgent = ebb_flags_section_flag_is_urgent (flag);
  gtk_image_set_from_icon_name (self->icon, urgent ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  if (urgent)
    gtk_widget_add_css_class (self->box, "urgent");
  else
    gtk_widget_remove_css_class (self->box, "urgent");

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->decide_button),
                                          ebb_flags_section_flag_target (flag));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->decide_button), "page.record-decision");
  /* A fade is met by bringing the next session forward, a lapse by
   * booking one.  The words are as wide as leaves the buttons room beside
   * them on a wide page; below them on a narrow one. */
  schedule = flag->kind == EBB_FLAG_FADED || flag->kind == EBB_FLAG_PROJECTED || flag->kind == EBB_FLAG_LAPSED;
  gtk_widget_set_visible (self->schedule_button, schedule);
  gtk_label_set_max_width_chars (self->label, schedule ? 44 : 64);
}

/**
 * ebb_flag_banner_get_text:
 *
 * Returns: (nullable): what the banner says, or %NULL when it is hidden
 */
const char *
ebb_flag_banner_get_text (EbbFlagBanner *self)
{
  g_return_val_if_fail (EBB_IS_FLAG_BANNER (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->revealer))
    return NULL;
  return gtk_label_get_text (self->label);
}
