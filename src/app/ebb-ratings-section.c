/* ebb-ratings-section.c — the patient page's ratings
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page's EbbRatingItems as a table, newest first, declared in
 * ui/ebb-ratings-section.ui with its cells; where the page is too narrow
 * for the table, as rows over the same sorted model.  The page sets the
 * model and refills it on every reload.  A row opens its rating when
 * activated, its menu edits or deletes it and the Delete key deletes the
 * selected one, all through the page.* actions, so that every way to a
 * command goes the same way.
 */
#define G_LOG_DOMAIN "ebb-ratings-section"

#include "config.h"

#include <adwaita.h>

#include "ebb-ratings-section.h"
#include "ebb-record-items.h"
#include "ebb-record-menu.h"
#include "ebb-record-table.h"

struct _EbbRatingsSection
{
  GtkWidget            parent_instance;

  GListModel          *model;

  /* Template children */
  GtkStack            *views;
  AdwSqueezer         *squeezer;
  GtkWidget           *scroller;
  GtkColumnView       *view;
  GtkColumnViewColumn *when_column;
  GtkSingleSelection  *selection;
  GtkSortListModel    *sorted;
  GtkListBox          *rows;
};

G_DEFINE_FINAL_TYPE (EbbRatingsSection, ebb_ratings_section, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Callbacks ----------------------------------------------------------------- */

static void
view_activate_cb (EbbRatingsSection *self,
                  guint              position,
                  GtkColumnView     *view)
{
  ebb_record_table_activate (GTK_WIDGET (self), G_LIST_MODEL (self->sorted), position, "page.edit-rating");
}

static void
row_activated_cb (EbbRatingsSection *self,
                  GtkListBoxRow     *row,
                  GtkListBox        *rows)
{
  ebb_record_table_activate (GTK_WIDGET (self), G_LIST_MODEL (self->sorted),
                             gtk_list_box_row_get_index (row), "page.edit-rating");
}

/* GObject ------------------------------------------------------------------- */

static void
ebb_ratings_section_dispose (GObject *object)
{
  EbbRatingsSection *self = EBB_RATINGS_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_RATINGS_SECTION);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ebb_ratings_section_parent_class)->dispose (object);
}

static void
ebb_ratings_section_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EbbRatingsSection *self = EBB_RATINGS_SECTION (object);

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
ebb_ratings_section_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EbbRatingsSection *self = EBB_RATINGS_SECTION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      ebb_ratings_section_set_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_ratings_section_class_init (EbbRatingsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_ratings_section_dispose;
  object_class->get_property = ebb_ratings_section_get_property;
  object_class->set_property = ebb_ratings_section_set_property;

  /**
   * EbbRatingsSection:model:
   *
   * The ratings to list, #EbbRatingItems in any order.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EBB_TYPE_RATING_ITEM);
  g_type_ensure (EBB_TYPE_RECORD_MENU);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-ratings-section.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbRatingsSection, views);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingsSection, squeezer);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingsSection, scroller);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingsSection, view);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingsSection, when_column);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingsSection, selection);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingsSection, sorted);
  gtk_widget_class_bind_template_child (widget_class, EbbRatingsSection, rows);
  gtk_widget_class_bind_template_callback (widget_class, view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  ebb_record_table_class_bind_callbacks (widget_class);
}

static void
ebb_ratings_section_init (EbbRatingsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ebb_record_table_pass_scrolling (self->scroller);
  ebb_record_table_add_delete_key (self->view, "page.delete-rating");
  /* Newest first, as a clinician reads a record. */
  gtk_column_view_sort_by_column (self->view, self->when_column, GTK_SORT_DESCENDING);
  gtk_list_box_bind_model (self->rows, G_LIST_MODEL (self->sorted), ebb_record_table_row_new, NULL, NULL);
}

/* Public API ---------------------------------------------------------------- */

GListModel *
ebb_ratings_section_get_model (EbbRatingsSection *self)
{
  g_return_val_if_fail (EBB_IS_RATINGS_SECTION (self), NULL);

  return self->model;
}

void
ebb_ratings_section_set_model (EbbRatingsSection *self,
                               GListModel        *model)
{
  g_return_if_fail (EBB_IS_RATINGS_SECTION (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * ebb_ratings_section_get_sorted:
 *
 * Returns: (transfer none): the ratings as listed, sorted like the table
 */
GListModel *
ebb_ratings_section_get_sorted (EbbRatingsSection *self)
{
  g_return_val_if_fail (EBB_IS_RATINGS_SECTION (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

/**
 * ebb_ratings_section_get_narrow:
 *
 * Returns: whether the ratings are listed as rows, the page being too
 *   narrow for their table
 */
gboolean
ebb_ratings_section_get_narrow (EbbRatingsSection *self)
{
  g_return_val_if_fail (EBB_IS_RATINGS_SECTION (self), FALSE);

  return adw_squeezer_get_visible_child (self->squeezer) == GTK_WIDGET (self->rows);
}

/**
 * ebb_ratings_section_select:
 * @position: the place of a rating just deleted
 *
 * Selects the rating that took its place; see ebb_record_table_select().
 */
void
ebb_ratings_section_select (EbbRatingsSection *self,
                            guint              position)
{
  g_return_if_fail (EBB_IS_RATINGS_SECTION (self));

  ebb_record_table_select (self->view, position);
}
