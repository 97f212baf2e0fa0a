/* ebb-date-time-row-private.h — what the parts of EbbDateTimeRow share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EbbDateTimeRow is one object in two files: ebb-date-time-row.c (its
 * value, the words on its buttons, the popovers as they open) and
 * ebb-date-time-row-actions.c (what the keys and buttons of the popovers
 * do).
 */
#pragma once

#include "ebb-date-time-row.h"

G_BEGIN_DECLS

struct _EbbDateTimeRow
{
  AdwActionRow    parent_instance;

  char           *text;          /* as set or made: "" for none */
  EbbWhen         when;          /* the text parsed; day 0 when it is no date */
  char           *shown_date;    /* what the buttons say */
  char           *shown_time;
  char           *text_before;   /* while the time popover is open, for Escape */
  guint           syncing : 1;   /* setting the popovers' widgets from the value */

  /* Template children */
  GtkMenuButton  *date_button;
  GtkLabel       *date_label;
  GtkPopover     *date_popover;
  GtkEntry       *date_entry;
  GtkLabel       *date_entry_message;
  GtkCalendar    *calendar;
  GtkMenuButton  *time_button;
  GtkLabel       *time_label;
  GtkPopover     *time_popover;
  GtkSpinButton  *hour_spin;
  GtkSpinButton  *minute_spin;
};

static inline gboolean
_ebb_date_time_row_is_valid (EbbDateTimeRow *self)
{
  return self->when.day > 0;
}

void    _ebb_date_time_row_set_text        (EbbDateTimeRow *self,
                                            const char     *text);
void    _ebb_date_time_row_set_day         (EbbDateTimeRow *self,
                                            gint32          day);
void    _ebb_date_time_row_set_time        (EbbDateTimeRow *self,
                                            gint32          second);
gint32  _ebb_date_time_row_calendar_day    (EbbDateTimeRow *self);
void    _ebb_date_time_row_show_in_calendar (EbbDateTimeRow *self,
                                            gint32          day);
gint32  _ebb_date_time_row_spin_time       (EbbDateTimeRow *self);
void    _ebb_date_time_row_close_popover   (EbbDateTimeRow *self,
                                            GtkPopover     *popover,
                                            GtkWidget      *button);

/* ebb-date-time-row-actions.c */
void    _ebb_date_time_row_class_install_actions (GtkWidgetClass *widget_class);
void    _ebb_date_time_row_add_shortcuts         (EbbDateTimeRow *self);

G_END_DECLS
