/* ebb-wrap-box.c — a row of controls that wraps onto more rows when narrow
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient page's toolbar: on a wide window one row, on a phone as many
 * as it takes, so that the page never asks for more width than its chart.
 * Children keep their natural width, packed from the start of a row; a
 * child with halign END, and those after it, go to the end of their row
 * (the Record button).  GtkFlowBox does not fit: it spreads a row's spare
 * width over every child, stretching the buttons or opening gaps between
 * them, and its children are focus stops of their own.
 */
#define G_LOG_DOMAIN "ebb-wrap-box"

#include "config.h"

#include "ebb-wrap-box.h"

struct _EbbWrapBox
{
  GtkWidget parent_instance;

  int       column_spacing;
  int       row_spacing;
};

static void ebb_wrap_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EbbWrapBox, ebb_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, ebb_wrap_box_buildable_init))

enum {
  PROP_0,
  PROP_COLUMN_SPACING,
  PROP_ROW_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

/* Layout -------------------------------------------------------------------- */

/* A child's width on a row @width wide: its natural width when that fits,
 * else as much as there is, never below its minimum. */
static int
child_width (GtkWidget *child,
             int        width)
{
  int minimum, natural;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return MAX (minimum, MIN (natural, width));
}

static int
child_height (GtkWidget *child,
              int        width)
{
  int natural;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
  return natural;
}

/* Places (when @allocate) the row of @n children from @first, and
 * returns its height. */
static int
ebb_wrap_box_place_row (EbbWrapBox *self,
                        GtkWidget  *first,
                        guint       n,
                        const int  *widths,
                        int         width,
                        int         y,
                        gboolean    allocate)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  GtkWidget *child;
  int height = 0;
  int used = 0;
  int x = 0;
  int shift = 0;

  for (guint i = 0; i < n; i++)
    used += widths[i] + (i > 0 ? self->column_spacing : 0);

  child = first;
  for (guint i = 0; i < n; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      height = MAX (height, child_height (child, widths[i]));
      i++;
    }
  if (!allocate)
    return height;

  child = first;
  for (guint i = 0; i < n; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      /* From the first child that asks to be at the end, the rest of the
       * row moves there. */
      if (shift == 0 && gtk_widget_get_halign (child) == GTK_ALIGN_END)
        shift = MAX (0, width - used);
      gtk_widget_size_allocate (child,
                                &(GtkAllocation) {
                                  rtl ? width - (x + shift) - widths[i] : x + shift,
                                  y, widths[i], height
                                },
                                -1);
      x += widths[i] + self->column_spacing;
      i++;
    }

  return height;
}

/* Lays the children out in rows @width wide, placing them when
 * @allocate, and returns the height that takes. */
static int
ebb_wrap_box_layout (EbbWrapBox *self,
                     int         width,
                     gboolean    allocate)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (int));
  GtkWidget *row_start = NULL;
  int row_width = 0;
  int y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int w;

      if (!gtk_widget_should_layout (child))
        continue;

      w = child_width (child, width);
      if (row_start != NULL && row_width + self->column_spacing + w > width)
        {
          y += ebb_wrap_box_place_row (self, row_start, widths->len, (int *) widths->data,
                                       width, y, allocate);
          y += self->row_spacing;
          g_array_set_size (widths, 0);
          row_start = NULL;
        }

      if (row_start == NULL)
        {
          row_start = child;
          row_width = w;
        }
      else
        row_width += self->column_spacing + w;
      g_array_append_val (widths, w);
    }

  if (row_start != NULL)
    y += ebb_wrap_box_place_row (self, row_start, widths->len, (int *) widths->data,
                                 width, y, allocate);

  return y;
}

/* GtkWidget ----------------------------------------------------------------- */

static GtkSizeRequestMode
ebb_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ebb_wrap_box_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  EbbWrapBox *self = EBB_WRAP_BOX (widget);

  *minimum = *natural = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint n = 0;

      /* As narrow as the widest child, one to a row; as wide as all of
       * them in one. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural += child_nat + (n++ > 0 ? self->column_spacing : 0);
        }
    }
  else
    {
      int width = for_size;

      /* No width given: as tall as the children are in one row. */
      if (width < 0)
        {
          int min_width;

          ebb_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &width, NULL, NULL);
        }
      *minimum = *natural = ebb_wrap_box_layout (self, width, FALSE);
    }
}

static void
ebb_wrap_box_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  ebb_wrap_box_layout (EBB_WRAP_BOX (widget), width, TRUE);
}

/* GtkBuildable -------------------------------------------------------------- */

static void
ebb_wrap_box_buildable_add_child (GtkBuildable *buildable,
                                  GtkBuilder   *builder,
                                  GObject      *child,
                                  const char   *type)
{
  if (GTK_IS_WIDGET (child))
    ebb_wrap_box_append (EBB_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
ebb_wrap_box_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = ebb_wrap_box_buildable_add_child;
}

/* GObject ------------------------------------------------------------------- */

static void
ebb_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ebb_wrap_box_parent_class)->dispose (object);
}

static void
ebb_wrap_box_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EbbWrapBox *self = EBB_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING:
      g_value_set_int (value, self->column_spacing);
      break;

    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_wrap_box_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  EbbWrapBox *self = EBB_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING:
      ebb_wrap_box_set_column_spacing (self, g_value_get_int (value));
      break;

    case PROP_ROW_SPACING:
      ebb_wrap_box_set_row_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_wrap_box_class_init (EbbWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_wrap_box_dispose;
  object_class->get_property = ebb_wrap_box_get_property;
  object_class->set_property = ebb_wrap_box_set_property;

  widget_class->get_request_mode = ebb_wrap_box_get_request_mode;
  widget_class->measure = ebb_wrap_box_measure;
  widget_class->size_allocate = ebb_wrap_box_size_allocate;

  /**
   * EbbWrapBox:column-spacing:
   *
   * The space between children in a row.
   */
  properties[PROP_COLUMN_SPACING] =
    g_param_spec_int ("column-spacing", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * EbbWrapBox:row-spacing:
   *
   * The space between rows.
   */
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ebb_wrap_box_init (EbbWrapBox *self)
{
}

/* Public API ---------------------------------------------------------------- */

void
ebb_wrap_box_append (EbbWrapBox *self,
                     GtkWidget  *child)
{
  g_return_if_fail (EBB_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

void
ebb_wrap_box_set_column_spacing (EbbWrapBox *self,
                                 int         spacing)
{
  g_return_if_fail (EBB_IS_WRAP_BOX (self));
  g_return_if_fail (spacing >= 0);

  if (self->column_spacing == spacing)
    return;
  self->column_spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_SPACING]);
}

void
ebb_wrap_box_set_row_spacing (EbbWrapBox *self,
                              int         spacing)
{
  g_return_if_fail (EBB_IS_WRAP_BOX (self));
  g_return_if_fail (spacing >= 0);

  if (self->row_spacing == spacing)
    return;
  self->row_spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_SPACING]);
}
