/* ebb-record-menu.c — the menu button of a rating's or a session's row
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row's own commands, behind one button: Edit (and for a session,
 * Export Session Record), and Delete set apart, as GNOME Contacts has
 * it.  Delete one click away on every row deleted the wrong one when the
 * next row moved up under the pointer.  The items
 * name the page.* actions with the record's id, so the menu does what the
 * page's other ways to the same command do.  A widget of its own, so that
 * a table's cell can bind its item and the narrow rows set it.
 *
 * The menu is handed to the button only when it opens: a menu button
 * makes its popover, a tree of widgets, as soon as it has a menu, and a
 * patient with 500 ratings has 500 rows (issue 17: that was a third of a
 * click on a patient).
 */
#define G_LOG_DOMAIN "ebb-record-menu"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-record-items.h"
#include "ebb-record-menu.h"

struct _EbbRecordMenu
{
  GtkWidget  parent_instance;

  GObject   *item;        /* an EbbRatingItem or EbbSessionItem, or NULL */
  GMenu     *menu;        /* the item's commands, or NULL */
  GtkWidget *button;
};

G_DEFINE_FINAL_TYPE (EbbRecordMenu, ebb_record_menu, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "MADRS rating of Tue 1 Dec 2026", for the button's name */
static char *
describe_record (GObject *item)
{
  if (EBB_IS_RATING_ITEM (item))
    {
      const EbbRating *rating = ebb_rating_item_get_rating (EBB_RATING_ITEM (item));
      g_autofree char *when = ebb_format_when (rating->when_text);

      /* Translators: "MADRS rating of Tue 1 Dec 2026" */
      return g_strdup_printf (_("%s rating of %s"), rating->scale_id, when);
    }
  else
    {
      const EbbSession *session = ebb_session_item_get_session (EBB_SESSION_ITEM (item));
      g_autofree char *when = ebb_format_when (session->when_text);

      /* Translators: "session of Tue 1 Dec 2026" */
      return g_strdup_printf (_("session of %s"), when);
    }
}

static void
ebb_record_menu_update (EbbRecordMenu *self)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (self->button);
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) delete_section = NULL;
  g_autoptr(GMenuItem) edit = NULL;
  g_autoptr(GMenuItem) delete = NULL;
  g_autofree char *what = NULL;
  g_autofree char *label = NULL;
  gboolean rating;
  gint64 id;

  g_clear_object (&self->menu);
  gtk_menu_button_set_menu_model (button, NULL);
  if (self->item == NULL)
    return;

  rating = EBB_IS_RATING_ITEM (self->item);
  id = rating ? ebb_rating_item_get_rating (EBB_RATING_ITEM (self->item))->id
              : ebb_session_item_get_session (EBB_SESSION_ITEM (self->item))->id;
  menu = g_menu_new ();
  delete_section = g_menu_new ();
  edit = g_menu_item_new (_("_Edit…"), NULL);
  delete = g_menu_item_new (_("_Delete"), NULL);
  g_menu_item_set_action_and_target_value (edit, rating ? "page.edit-rating" : "page.edit-session",
                                           g_variant_new_int64 (id));
  g_menu_item_set_action_and_target_value (delete, rating ? "page.delete-rating" : "page.delete-session",
                                           g_variant_new_int64 (id));
  g_menu_append_item (menu, edit);
  if (!rating)
    {
      g_autoptr(GMenuItem) export = g_menu_item_new (_("Export Session _Record…"), NULL);

      g_menu_item_set_action_and_target_value (export, "page.export-session-record", g_variant_new_int64 (id));
      g_menu_append_item (menu, export);
    }
  g_menu_append_item (delete_section, delete);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (delete_section));
  self->menu = g_steal_pointer (&menu);

  what = describe_record (self->item);
  /* Translators: the name of a row's menu button, "Actions for the MADRS
   * rating of Tue 1 Dec 2026" */
  label = g_strdup_printf (_("Actions for the %s"), what);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  EbbRecordMenu *self = EBB_RECORD_MENU (user_data);

  if (gtk_menu_button_get_menu_model (button) != G_MENU_MODEL (self->menu))
    gtk_menu_button_set_menu_model (button, G_MENU_MODEL (self->menu));
}

/* GObject ------------------------------------------------------------------- */

static void
ebb_record_menu_dispose (GObject *object)
{
  EbbRecordMenu *self = EBB_RECORD_MENU (object);

  g_clear_object (&self->item);
  g_clear_object (&self->menu);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (ebb_record_menu_parent_class)->dispose (object);
}

static void
ebb_record_menu_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EbbRecordMenu *self = EBB_RECORD_MENU (object);

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
ebb_record_menu_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EbbRecordMenu *self = EBB_RECORD_MENU (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      ebb_record_menu_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_record_menu_class_init (EbbRecordMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_record_menu_dispose;
  object_class->get_property = ebb_record_menu_get_property;
  object_class->set_property = ebb_record_menu_set_property;

  /**
   * EbbRecordMenu:item:
   *
   * The record the menu is about: an #EbbRatingItem or an
   * #EbbSessionItem, or %NULL.
   */
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ebb_record_menu_init (EbbRecordMenu *self)
{
  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), "view-more-symbolic");
  gtk_widget_add_css_class (self->button, "flat");
  /* Small enough not to make every row taller than its text. */
  gtk_widget_add_css_class (self->button, "ebb-row-button");
  gtk_widget_set_tooltip_text (self->button, _("More"));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->button), create_popup_cb, self, NULL);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}

/* Public API ---------------------------------------------------------------- */

GtkWidget *
ebb_record_menu_new (void)
{
  return g_object_new (EBB_TYPE_RECORD_MENU, NULL);
}

GObject *
ebb_record_menu_get_item (EbbRecordMenu *self)
{
  g_return_val_if_fail (EBB_IS_RECORD_MENU (self), NULL);

  return self->item;
}

/**
 * ebb_record_menu_get_menu_model:
 *
 * Returns: (transfer none) (nullable): the commands the button offers for
 *   its record, which it shows when it opens
 */
GMenuModel *
ebb_record_menu_get_menu_model (EbbRecordMenu *self)
{
  g_return_val_if_fail (EBB_IS_RECORD_MENU (self), NULL);

  return self->menu != NULL ? G_MENU_MODEL (self->menu) : NULL;
}

void
ebb_record_menu_set_item (EbbRecordMenu *self,
                          GObject       *item)
{
  g_return_if_fail (EBB_IS_RECORD_MENU (self));
  g_return_if_fail (item == NULL || EBB_IS_RATING_ITEM (item) || EBB_IS_SESSION_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;
  ebb_record_menu_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
