/* ebb-flag-pill.c — a flag's kind as a small coloured label
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The colours (style.css) follow urgency: red for a suicide item or
 * worsening (outlined for blood pressure), purple for a relapse, orange
 * for no response or a fade (outlined while it is only projected), grey
 * for follow-up.  The words are always there too, so colour is never the
 * only cue.  The style class is the kind's id ("suicide-item", …).
 */
#define G_LOG_DOMAIN "ebb-flag-pill"

#include "config.h"

#include "ebb-flag-pill.h"

/* Swaps the kind's style class on @widget; a negative @kind removes it. */
void
ebb_flag_pill_set_kind (GtkWidget *widget,
                        int        kind)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (int i = 0; i < EBB_N_FLAG_KINDS; i++)
    {
      if (i == kind)
        gtk_widget_add_css_class (widget, ebb_flag_kind_to_string (i));
      else
        gtk_widget_remove_css_class (widget, ebb_flag_kind_to_string (i));
    }
}

GtkWidget *
ebb_flag_pill_new (EbbFlagKind kind)
{
  GtkWidget *pill = gtk_label_new (ebb_flag_kind_to_label (kind));

  gtk_widget_add_css_class (pill, "flag-pill");
  ebb_flag_pill_set_kind (pill, kind);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);

  return pill;
}
