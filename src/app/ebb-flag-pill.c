/* ebb-flag-pill.c — a flag's kind as a small coloured label
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The colours (style.css) follow urgency: red for a suicide item, orange
 * for a fade (outlined while it is only projected), purple for a relapse.
 * The words are always there too, so colour is never the only cue.
 */
#define G_LOG_DOMAIN "ebb-flag-pill"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-flag-pill.h"

static const char * const style_classes[] = {
  [EBB_FLAG_SUICIDE_ITEM] = "suicide-item",
  [EBB_FLAG_PROJECTED] = "projected",
  [EBB_FLAG_FADED] = "faded",
  [EBB_FLAG_RELAPSE] = "relapse",
};

/**
 * ebb_flag_kind_get_label:
 * @kind: a flag kind
 *
 * Returns: the kind in a few translated words, for a pill or a list
 */
const char *
ebb_flag_kind_get_label (EbbFlagKind kind)
{
  switch (kind)
    {
    case EBB_FLAG_SUICIDE_ITEM:
      /* Translators: a flag: the rating's suicide item reached the alert level */
      return C_("flag", "Suicide item");

    case EBB_FLAG_PROJECTED:
      /* Translators: a flag: the response is projected to fade before the next session */
      return C_("flag", "Projected fade");

    case EBB_FLAG_FADED:
      /* Translators: a flag: the response faded before the next session */
      return C_("flag", "Faded");

    case EBB_FLAG_RELAPSE:
      /* Translators: a flag: two ratings in a row at relapse level */
      return C_("flag", "Relapse");

    default:
      g_return_val_if_reached ("");
    }
}

const char *
ebb_flag_kind_get_style_class (EbbFlagKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (style_classes), "");

  return style_classes[kind];
}

/* Swaps the kind's style class on @widget; a negative @kind removes it. */
void
ebb_flag_pill_set_kind (GtkWidget *widget,
                        int        kind)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (guint i = 0; i < G_N_ELEMENTS (style_classes); i++)
    {
      if ((int) i == kind)
        gtk_widget_add_css_class (widget, style_classes[i]);
      else
        gtk_widget_remove_css_class (widget, style_classes[i]);
    }
}

GtkWidget *
ebb_flag_pill_new (EbbFlagKind kind)
{
  GtkWidget *pill = gtk_label_new (ebb_flag_kind_get_label (kind));

  gtk_widget_add_css_class (pill, "flag-pill");
  ebb_flag_pill_set_kind (pill, kind);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);

  return pill;
}
