/* ebb-date-time-row-actions.c — what the keys of a date row's popovers do
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each key is a shortcut to a widget action, so that what a key does can
 * be asked of the action (the tests do): in the calendar the arrows move
 * the day, Page Up and Page Down the month, Home goes to today, Enter
 * and Space pick; in the time popover Enter takes the time shown, Escape
 * puts back the one before, and No Time removes it.
 */
#define G_LOG_DOMAIN "ebb-date-time-row"

#include "config.h"

#include "ebb-date-time-row-private.h"

/* Actions ------------------------------------------------------------------- */

static gint32
add_months (gint32 day,
            int    months)
{
  int y, m, d, index;

  ebb_date_to_ymd (day, &y, &m, &d);
  index = y * 12 + (m - 1) + months;
  y = index / 12;
  m = index % 12 + 1;
  if (!g_date_valid_year (y))
    return 0;
  /* 31 January and a month on: the last day of February */
  return ebb_date_from_ymd (y, m, MIN (d, g_date_get_days_in_month (m, y)));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (widget);
  const char *step = g_variant_get_string (parameter, NULL);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  gint32 day = _ebb_date_time_row_calendar_day (self);

  if (g_str_equal (step, "left"))
    day += rtl ? 1 : -1;
  else if (g_str_equal (step, "right"))
    day += rtl ? -1 : 1;
  else if (g_str_equal (step, "up"))
    day -= 7;
  else if (g_str_equal (step, "down"))
    day += 7;
  else if (g_str_equal (step, "previous-month"))
    day = add_months (day, -1);
  else if (g_str_equal (step, "next-month"))
    day = add_months (day, 1);
  else if (g_str_equal (step, "today"))
    day = ebb_date_today ();
  else
    g_return_if_reached ();

  _ebb_date_time_row_show_in_calendar (self, day);
}

static void
pick_day_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (widget);

  _ebb_date_time_row_set_day (self, _ebb_date_time_row_calendar_day (self));
  _ebb_date_time_row_close_popover (self, self->date_popover, GTK_WIDGET (self->date_button));
}

static void
pick_time_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (widget);

  /* What was typed into a spin button and not yet taken */
  gtk_spin_button_update (self->hour_spin);
  gtk_spin_button_update (self->minute_spin);
  _ebb_date_time_row_set_time (self, _ebb_date_time_row_spin_time (self));
  _ebb_date_time_row_close_popover (self, self->time_popover, GTK_WIDGET (self->time_button));
}

static void
cancel_time_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (widget);

  if (self->text_before != NULL)
    _ebb_date_time_row_set_text (self, self->text_before);
  _ebb_date_time_row_close_popover (self, self->time_popover, GTK_WIDGET (self->time_button));
}

static void
clear_time_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (widget);

  if (_ebb_date_time_row_is_valid (self))
    _ebb_date_time_row_set_time (self, -1);
  _ebb_date_time_row_close_popover (self, self->time_popover, GTK_WIDGET (self->time_button));
}

/* Shortcuts ----------------------------------------------------------------- */

static void
add_shortcut (GtkShortcutController *controller,
              const char            *triggers,
              const char            *action,
              GVariant              *argument)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (triggers),
                                            gtk_named_action_new (action));

  if (argument != NULL)
    gtk_shortcut_set_arguments (shortcut, argument);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* Before the calendar's own keys, which move a focus ring without
 * choosing a day and have nothing for Enter. */
static void
add_calendar_shortcuts (EbbDateTimeRow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (shortcuts, "Left|KP_Left", "date-time.step", g_variant_new_string ("left"));
  add_shortcut (shortcuts, "Right|KP_Right", "date-time.step", g_variant_new_string ("right"));
  add_shortcut (shortcuts, "Up|KP_Up", "date-time.step", g_variant_new_string ("up"));
  add_shortcut (shortcuts, "Down|KP_Down", "date-time.step", g_variant_new_string ("down"));
  add_shortcut (shortcuts, "Page_Up|KP_Page_Up", "date-time.step", g_variant_new_string ("previous-month"));
  add_shortcut (shortcuts, "Page_Down|KP_Page_Down", "date-time.step", g_variant_new_string ("next-month"));
  add_shortcut (shortcuts, "Home|KP_Home", "date-time.step", g_variant_new_string ("today"));
  add_shortcut (shortcuts, "Return|KP_Enter|ISO_Enter|space|KP_Space", "date-time.pick-day", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->calendar), controller);
}

static void
add_time_shortcuts (EbbDateTimeRow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (shortcuts, "Return|KP_Enter|ISO_Enter", "date-time.pick-time", NULL);
  add_shortcut (shortcuts, "Escape", "date-time.cancel-time", NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->time_popover), controller);
}

void
_ebb_date_time_row_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "date-time.step", "s", step_action);
  gtk_widget_class_install_action (widget_class, "date-time.pick-day", NULL, pick_day_action);
  gtk_widget_class_install_action (widget_class, "date-time.pick-time", NULL, pick_time_action);
  gtk_widget_class_install_action (widget_class, "date-time.cancel-time", NULL, cancel_time_action);
  gtk_widget_class_install_action (widget_class, "date-time.clear-time", NULL, clear_time_action);
}

void
_ebb_date_time_row_add_shortcuts (EbbDateTimeRow *self)
{
  add_calendar_shortcuts (self);
  add_time_shortcuts (self);
}
