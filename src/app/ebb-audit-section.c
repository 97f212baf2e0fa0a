/* ebb-audit-section.c — the patient page's audit trail
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table of the page's EbbAuditItems, newest first; the page sets the
 * model and refills it on every reload.  The whole table is declared in
 * ui/ebb-audit-section.ui, its cells too.
 */
#define G_LOG_DOMAIN "ebb-audit-section"

#include "config.h"

#include "ebb-audit-item.h"
#include "ebb-audit-section.h"
#include "ebb-record-table.h"

struct _EbbAuditSection
{
  GtkWidget            parent_instance;

  GListModel          *model;

  /* Template children */
  GtkWidget           *scroller;
  GtkColumnView       *view;
  GtkColumnViewColumn *at_column;
};

G_DEFINE_FINAL_TYPE (EbbAuditSection, ebb_audit_section, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ebb_audit_section_dispose (GObject *object)
{
  EbbAuditSection *self = EBB_AUDIT_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_AUDIT_SECTION);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ebb_audit_section_parent_class)->dispose (object);
}

static void
ebb_audit_section_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EbbAuditSection *self = EBB_AUDIT_SECTION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_audit_section_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EbbAuditSection *self = EBB_AUDIT_SECTION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      ebb_audit_section_set_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_audit_section_class_init (EbbAuditSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_audit_section_dispose;
  object_class->get_property = ebb_audit_section_get_property;
  object_class->set_property = ebb_audit_section_set_property;

  /**
   * EbbAuditSection:model:
   *
   * The entries to list, #EbbAuditItems in any order.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EBB_TYPE_AUDIT_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-audit-section.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbAuditSection, scroller);
  gtk_widget_class_bind_template_child (widget_class, EbbAuditSection, view);
  gtk_widget_class_bind_template_child (widget_class, EbbAuditSection, at_column);
  ebb_record_table_class_bind_callbacks (widget_class);
}

static void
ebb_audit_section_init (EbbAuditSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ebb_record_table_pass_scrolling (self->scroller);
  /* Newest first, as a clinician reads a record. */
  gtk_column_view_sort_by_column (self->view, self->at_column, GTK_SORT_DESCENDING);
}

GListModel *
ebb_audit_section_get_model (EbbAuditSection *self)
{
  g_return_val_if_fail (EBB_IS_AUDIT_SECTION (self), NULL);

  return self->model;
}

void
ebb_audit_section_set_model (EbbAuditSection *self,
                             GListModel      *model)
{
  g_return_if_fail (EBB_IS_AUDIT_SECTION (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}
