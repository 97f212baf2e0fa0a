/* ebb-patient-row.c — one patient in the sidebar
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * List views recycle rows: the row follows whichever item it is given and
 * listens to it, so a reload that changes a score or a flag count updates
 * the row without the list being rebuilt.
 */
#define G_LOG_DOMAIN "ebb-patient-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-flag-pill.h"
#include "ebb-patient-row.h"

struct _EbbPatientRow
{
  GtkWidget       parent_instance;

  EbbPatientItem *item;
  gulong          notify_handler;

  /* Template children */
  GtkLabel       *code_label;
  GtkLabel       *name_label;
  GtkLabel       *score_label;
  GtkWidget      *badge;
  GtkLabel       *badge_label;
};

G_DEFINE_FINAL_TYPE (EbbPatientRow, ebb_patient_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ebb_patient_row_sync (EbbPatientRow *self)
{
  g_autofree char *count = NULL;
  g_autofree char *badge_tooltip = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  const char *code = NULL;
  const char *name = NULL;
  const char *score = NULL;
  const char *follow_up = NULL;
  g_autofree char *line = NULL;
  guint n_flags = 0;
  int kind = EBB_PATIENT_ITEM_NO_FLAG;

  if (self->item != NULL)
    {
      code = ebb_patient_item_get_code (self->item);
      name = ebb_patient_item_get_name (self->item);
      score = ebb_patient_item_get_score_label (self->item);
      follow_up = ebb_patient_item_get_follow_up_label (self->item);
      n_flags = ebb_patient_item_get_n_flags (self->item);
      kind = ebb_patient_item_get_flag_kind (self->item);
    }

  gtk_label_set_label (self->code_label, code != NULL ? code : "");
  gtk_label_set_label (self->name_label, name != NULL ? name : "");
  /* Where the patient stands, and what comes next (issue 18 #3). */
  line = follow_up != NULL
    /* Translators: a patient-list row, "MADRS 14 · mild · next Tue 15 Dec" */
    ? g_strdup_printf (_("%s · %s"), score != NULL ? score : _("Not rated yet"), follow_up)
    : g_strdup (score != NULL ? score : _("Not rated yet"));
  gtk_label_set_label (self->score_label, line);

  gtk_widget_set_visible (self->badge, n_flags > 0);
  ebb_flag_pill_set_kind (self->badge, kind);
  count = g_strdup_printf ("%u", n_flags);
  gtk_label_set_label (self->badge_label, count);
  if (n_flags > 0)
    badge_tooltip = g_strdup_printf (ngettext ("%u open flag, the most urgent: %s",
                                               "%u open flags, the most urgent: %s",
                                               n_flags),
                                     n_flags, ebb_flag_kind_to_label (kind));
  gtk_widget_set_tooltip_text (self->badge, badge_tooltip);

  /* What a screen reader says for the row: one sentence, not five labels. */
  if (code != NULL)
    g_string_append (summary, code);
  if (name != NULL && *name != '\0')
    g_string_append_printf (summary, ", %s", name);
  g_string_append_printf (summary, ", %s", line);
  if (n_flags > 0)
    g_string_append_printf (summary, ", %s", badge_tooltip);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary->str,
                                  -1);
}

static void
item_notify_cb (EbbPatientRow *self,
                GParamSpec    *pspec,
                GObject       *item)
{
  ebb_patient_row_sync (self);
}

static void
ebb_patient_row_dispose (GObject *object)
{
  EbbPatientRow *self = EBB_PATIENT_ROW (object);

  GtkWidget *child;

  ebb_patient_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_PATIENT_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ebb_patient_row_parent_class)->dispose (object);
}

static void
ebb_patient_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EbbPatientRow *self = EBB_PATIENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_patient_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EbbPatientRow *self = EBB_PATIENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      ebb_patient_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_patient_row_class_init (EbbPatientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_patient_row_dispose;
  object_class->get_property = ebb_patient_row_get_property;
  object_class->set_property = ebb_patient_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         EBB_TYPE_PATIENT_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-patient-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbPatientRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientRow, score_label);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientRow, badge);
  gtk_widget_class_bind_template_child (widget_class, EbbPatientRow, badge_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "patientrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ebb_patient_row_init (EbbPatientRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ebb_patient_row_new (void)
{
  return g_object_new (EBB_TYPE_PATIENT_ROW, NULL);
}

/**
 * ebb_patient_row_get_item:
 * @self: a row
 *
 * Returns: (transfer none) (nullable): the patient shown
 */
EbbPatientItem *
ebb_patient_row_get_item (EbbPatientRow *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_ROW (self), NULL);

  return self->item;
}

void
ebb_patient_row_set_item (EbbPatientRow  *self,
                          EbbPatientItem *item)
{
  g_return_if_fail (EBB_IS_PATIENT_ROW (self));
  g_return_if_fail (item == NULL || EBB_IS_PATIENT_ITEM (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_clear_signal_handler (&self->notify_handler, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->notify_handler = g_signal_connect_object (item, "notify",
                                                    G_CALLBACK (item_notify_cb), self,
                                                    G_CONNECT_SWAPPED);

  ebb_patient_row_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
