/* ebb-record-section.h — a table of the patient's records
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EBB_TYPE_RECORD_SECTION (ebb_record_section_get_type ())
G_DECLARE_DERIVABLE_TYPE (EbbRecordSection, ebb_record_section, EBB, RECORD_SECTION, GtkWidget)

struct _EbbRecordSectionClass
{
  GtkWidgetClass parent_class;

  /*< private >*/
  const char    *edit_action;    /* page.* actions with a record's id, or NULL */
  const char    *delete_action;
};

void        ebb_record_section_class_set_template (GtkWidgetClass   *widget_class,
                                                   const char       *resource_name,
                                                   const char       *edit_action,
                                                   const char       *delete_action);

void        ebb_record_section_fill_anew          (EbbRecordSection *self);
gboolean    ebb_record_section_get_filled         (EbbRecordSection *self);
GListModel *ebb_record_section_get_model          (EbbRecordSection *self);
void        ebb_record_section_set_model          (EbbRecordSection *self,
                                                   GListModel       *model);
GListModel *ebb_record_section_get_sorted         (EbbRecordSection *self);
gboolean    ebb_record_section_get_narrow         (EbbRecordSection *self);
void        ebb_record_section_select             (EbbRecordSection *self,
                                                   guint             position);

G_END_DECLS
