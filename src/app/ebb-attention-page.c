/* ebb-attention-page.c — who needs attention today
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flagged patients in the order of the clinical rules (a suicide item
 * first, then fades by how early they came), each with the flag spelled
 * out and what it suggests doing.  Activating a row emits
 * ::patient-activated; the window opens that patient.  A list view, not a
 * list box: a large clinic can have hundreds flagged, and only the rows
 * on screen are made.
 *
 * Only the most urgent ROWS_AT_ONCE are put in the list at first, and more
 * as the user scrolls near the end: GTK 4.8's list view makes rows for up
 * to 200 items whatever its height, and a row with wrapping text is slow
 * to measure, so making 200 of them at once held up the window each time
 * a large clinic's list filled.
 */
#define G_LOG_DOMAIN "ebb-attention-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-attention-page.h"
#include "ebb-attention-row.h"
#include "ebb-date.h"

/* Rows put in the list at a time: more than a tall screen shows, and no
 * more, since each is made and laid out when the list fills and again for
 * each batch scrolled in. */
#define ROWS_AT_ONCE 15

struct _EbbAttentionPage
{
  GtkWidget          parent_instance;

  GListModel        *model;
  GtkSliceListModel *slice;       /* the first rows of model, shown */
  guint              grow_source;
  gint32             as_of;

  /* Template children */
  GtkStack          *stack;
  GtkLabel          *as_of_label;
  GtkScrolledWindow *scroller;
  GtkListView       *list_view;
  GtkNoSelection    *no_selection;
};

G_DEFINE_FINAL_TYPE (EbbAttentionPage, ebb_attention_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_AS_OF,
  N_PROPS
};

enum {
  PATIENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, ebb_attention_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  ebb_attention_row_set_item (EBB_ATTENTION_ROW (gtk_list_item_get_child (list_item)),
                              gtk_list_item_get_item (list_item));
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  ebb_attention_row_set_item (EBB_ATTENTION_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
ebb_attention_page_update (EbbAttentionPage *self)
{
  guint n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  g_autofree char *date = NULL;
  g_autofree char *as_of = NULL;

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");

  if (self->as_of > 0)
    {
      g_autoptr(GDate) gdate = g_date_new_julian (self->as_of);
      char buffer[128];

      /* Translators: a date, as in "Monday, 23 November 2026"; see strftime(3) */
      if (g_date_strftime (buffer, sizeof buffer, _("%A, %-d %B %Y"), gdate) > 0)
        date = g_strdup (buffer);
      else
        date = ebb_date_format (self->as_of);
    }

  if (date != NULL)
    /* Translators: the first %s is a date, the second a count of patients */
    as_of = g_strdup_printf (ngettext ("As of %s · %u patient", "As of %s · %u patients", n_items),
                             date, n_items);
  gtk_label_set_label (self->as_of_label, as_of != NULL ? as_of : "");
}

static gboolean
grow_cb (gpointer user_data)
{
  EbbAttentionPage *self = EBB_ATTENTION_PAGE (user_data);

  self->grow_source = 0;
  gtk_slice_list_model_set_size (self->slice, gtk_slice_list_model_get_size (self->slice) + ROWS_AT_ONCE);
  return G_SOURCE_REMOVE;
}

/* Less than a screen left to scroll, or none at all, and more to show:
 * more rows.  Not while the list is being laid out, which is when the
 * adjustment changes. */
static void
scrolled_cb (EbbAttentionPage *self,
             GtkAdjustment    *adjustment)
{
  double page_size = gtk_adjustment_get_page_size (adjustment);
  double left = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment) - page_size;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->slice));

  if (self->model == NULL || n_shown >= g_list_model_get_n_items (self->model) || page_size <= 0)
    return;
  if (left < page_size && self->grow_source == 0)
    self->grow_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, grow_cb, self, NULL);
}

static void
model_items_changed_cb (EbbAttentionPage *self,
                        guint             position,
                        guint             removed,
                        guint             added,
                        GListModel       *model)
{
  ebb_attention_page_update (self);
}

static void
list_activated_cb (EbbAttentionPage *self,
                   guint             position,
                   GtkListView      *list_view)
{
  g_autoptr(EbbPatientItem) item = NULL;

  if (self->model == NULL)
    return;

  item = g_list_model_get_item (self->model, position);
  if (item != NULL)
    g_signal_emit (self, signals[PATIENT_ACTIVATED], 0, ebb_patient_item_get_id (item));
}

static void
ebb_attention_page_dispose (GObject *object)
{
  EbbAttentionPage *self = EBB_ATTENTION_PAGE (object);

  ebb_attention_page_set_model (self, NULL);
  g_clear_handle_id (&self->grow_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_ATTENTION_PAGE);
  g_clear_object (&self->slice);

  G_OBJECT_CLASS (ebb_attention_page_parent_class)->dispose (object);
}

static void
ebb_attention_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  EbbAttentionPage *self = EBB_ATTENTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_AS_OF:
      g_value_set_int (value, self->as_of);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_attention_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  EbbAttentionPage *self = EBB_ATTENTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      ebb_attention_page_set_model (self, g_value_get_object (value));
      break;

    case PROP_AS_OF:
      ebb_attention_page_set_as_of (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_attention_page_class_init (EbbAttentionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_attention_page_dispose;
  object_class->get_property = ebb_attention_page_get_property;
  object_class->set_property = ebb_attention_page_set_property;

  /**
   * EbbAttentionPage:model:
   *
   * The flagged patients, as #EbbPatientItem, most urgent first.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * EbbAttentionPage:as-of:
   *
   * The day the flags were worked out for, as a GDate Julian day.
   */
  properties[PROP_AS_OF] =
    g_param_spec_int ("as-of", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EbbAttentionPage::patient-activated:
   * @self: the page
   * @patient_id: the patient whose row was activated
   */
  signals[PATIENT_ACTIVATED] =
    g_signal_new ("patient-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-attention-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionPage, as_of_label);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, EbbAttentionPage, no_selection);
  gtk_widget_class_bind_template_callback (widget_class, factory_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, factory_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, factory_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ebb_attention_page_init (EbbAttentionPage *self)
{
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->slice = gtk_slice_list_model_new (NULL, 0, ROWS_AT_ONCE);
  gtk_no_selection_set_model (self->no_selection, G_LIST_MODEL (self->slice));
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);

  ebb_attention_page_update (self);
}

/**
 * ebb_attention_page_get_model:
 * @self: a page
 *
 * Returns: (transfer none) (nullable): the flagged patients
 */
GListModel *
ebb_attention_page_get_model (EbbAttentionPage *self)
{
  g_return_val_if_fail (EBB_IS_ATTENTION_PAGE (self), NULL);

  return self->model;
}

void
ebb_attention_page_set_model (EbbAttentionPage *self,
                              GListModel       *model)
{
  g_return_if_fail (EBB_IS_ATTENTION_PAGE (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed",
                             G_CALLBACK (model_items_changed_cb), self,
                             G_CONNECT_SWAPPED);

  /* Dispose clears the model before the template children go. */
  if (self->slice != NULL)
    {
      gtk_slice_list_model_set_model (self->slice, model);
      gtk_slice_list_model_set_size (self->slice, ROWS_AT_ONCE);
      ebb_attention_page_update (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

void
ebb_attention_page_set_as_of (EbbAttentionPage *self,
                              gint32            as_of_day)
{
  g_return_if_fail (EBB_IS_ATTENTION_PAGE (self));
  g_return_if_fail (as_of_day >= 0);

  if (self->as_of == as_of_day)
    return;

  self->as_of = as_of_day;
  ebb_attention_page_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AS_OF]);
}

/**
 * ebb_attention_page_scroll_to_top:
 * @self: a page
 *
 * Shows the most urgent patients, at the top of the list.
 */
void
ebb_attention_page_scroll_to_top (EbbAttentionPage *self)
{
  g_return_if_fail (EBB_IS_ATTENTION_PAGE (self));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}
