/* ebb-date-time-row.c — a date from a calendar and a time from spin buttons
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The date of a session or a rating, as GNOME Calendar's event editor
 * asks for one: a button that says the date as people read it ("Tue 15
 * Dec 2026") and opens a calendar, and a button with the time that opens
 * hour and minute spin buttons.  Today is the default and the time is
 * optional ("--:--"), since many records have none.
 *
 * From the keyboard: Enter or Space opens either; in the calendar the
 * arrows move the day, Page Up and Page Down the month, Home goes to
 * today, Enter or Space picks, Escape leaves the date as it was.  A digit
 * typed on the date button or in the calendar goes to an entry above the
 * calendar, where a date typed as Ebb stores it (2026-12-15, or with a
 * time, 2026-12-15T14:30) is taken on Enter.  In the time popover, Enter
 * takes the time shown and Escape puts back the one before.
 *
 * The row's value is its text, the way Ebb stores dates, so that a
 * dialog validates and saves it as before; text set from elsewhere stays
 * as it was (with seconds) until the user changes the date or time.
 */
#define G_LOG_DOMAIN "ebb-date-time-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-date-time-row-private.h"

/* A new time starts from the clock, to five minutes. */
#define DEFAULT_TIME_STEP (5 * 60)

G_DEFINE_FINAL_TYPE (EbbDateTimeRow, ebb_date_time_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Words --------------------------------------------------------------------- */

static char *
format_day (gint32 day)
{
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  ebb_date_to_ymd (day, &y, &m, &d);
  date = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (date == NULL)
    return ebb_date_format (day);
  /* Translators: a date as strftime() writes it, "Tue 15 Dec 2026" */
  return g_date_time_format (date, _("%a %-d %b %Y"));
}

static char *
compose_text (gint32 day,
              gint32 second)
{
  g_autofree char *date = ebb_date_format (day);

  if (second < 0)
    return g_steal_pointer (&date);
  return g_strdup_printf ("%sT%02d:%02d", date, second / 3600, second / 60 % 60);
}

static void
update_buttons (EbbDateTimeRow *self)
{
  g_autofree char *date_name = NULL;
  g_autofree char *time_name = NULL;
  gboolean has_time = _ebb_date_time_row_is_valid (self) && EBB_WHEN_HAS_TIME (&self->when);

  g_free (self->shown_date);
  g_free (self->shown_time);
  if (_ebb_date_time_row_is_valid (self))
    self->shown_date = format_day (self->when.day);
  else if (*self->text != '\0')
    /* Not a date: shown as it is, for the dialog to say what is wrong. */
    self->shown_date = g_strdup (self->text);
  else
    /* Translators: on the date button while there is no date */
    self->shown_date = g_strdup (_("Choose a Date"));
  if (has_time)
    self->shown_time = g_strdup_printf ("%02d:%02d", self->when.second / 3600, self->when.second / 60 % 60);
  else
    /* Translators: on the time button while no time is given */
    self->shown_time = g_strdup (_("--:--"));

  gtk_label_set_text (self->date_label, self->shown_date);
  gtk_label_set_text (self->time_label, self->shown_time);
  if (has_time)
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "dim-label");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->time_button),
                               has_time ? NULL : _("No time: choose one if it is known"));

  /* Translators: a screen reader's name for the date button, "Date: Tue 15 Dec 2026" */
  date_name = g_strdup_printf (_("Date: %s"), self->shown_date);
  time_name = has_time ? g_strdup_printf (_("Time: %s"), self->shown_time)
                       : g_strdup (_("Time: not given"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, date_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, time_name, -1);
}

void
_ebb_date_time_row_set_text (EbbDateTimeRow *self,
                   const char     *text)
{
  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (*text == '\0' || !ebb_when_parse (text, &self->when, NULL))
    self->when = (EbbWhen) { 0, -1 };
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/* A day chosen keeps the time, and a time chosen keeps the day. */
void
_ebb_date_time_row_set_day (EbbDateTimeRow *self,
         gint32          day)
{
  g_autofree char *text = NULL;

  if (day <= 0 || (_ebb_date_time_row_is_valid (self) && day == self->when.day))
    return;
  text = compose_text (day, _ebb_date_time_row_is_valid (self) ? self->when.second : -1);
  _ebb_date_time_row_set_text (self, text);
}

void
_ebb_date_time_row_set_time (EbbDateTimeRow *self,
          gint32          second)
{
  g_autofree char *text = NULL;
  gint32 day = _ebb_date_time_row_is_valid (self) ? self->when.day : ebb_date_today ();

  if (_ebb_date_time_row_is_valid (self) && second == self->when.second)
    return;
  text = compose_text (day, second);
  _ebb_date_time_row_set_text (self, text);
}

/* The calendar -------------------------------------------------------------- */

gint32
_ebb_date_time_row_calendar_day (EbbDateTimeRow *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);

  return ebb_date_from_ymd (g_date_time_get_year (date), g_date_time_get_month (date),
                            g_date_time_get_day_of_month (date));
}

void
_ebb_date_time_row_show_in_calendar (EbbDateTimeRow *self,
                  gint32          day)
{
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (day <= 0)
    return;
  ebb_date_to_ymd (day, &y, &m, &d);
  date = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (date == NULL)
    return;
  self->syncing = TRUE;
  gtk_calendar_select_day (self->calendar, date);
  self->syncing = FALSE;
}

static void
show_entry_message (EbbDateTimeRow *self,
                    const char     *message)
{
  gboolean shown = message != NULL;

  gtk_label_set_text (self->date_entry_message, shown ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->date_entry_message), shown);
  if (shown)
    gtk_widget_add_css_class (GTK_WIDGET (self->date_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_entry), "error");
}

void
_ebb_date_time_row_close_popover (EbbDateTimeRow *self,
               GtkPopover     *popover,
               GtkWidget      *button)
{
  gtk_popover_popdown (popover);
  gtk_widget_grab_focus (button);
}

/* A click on a day picks it; the arrows only move (ebb-date-time-row-actions.c). */
static void
day_selected_cb (EbbDateTimeRow *self)
{
  if (!self->syncing)
    gtk_widget_activate_action (GTK_WIDGET (self), "date-time.pick-day", NULL);
}

static void
date_entry_changed_cb (EbbDateTimeRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->date_entry));
  EbbWhen when;

  if (self->syncing)
    return;
  show_entry_message (self, NULL);
  /* The calendar follows a date as soon as it is one. */
  if (ebb_when_parse (text, &when, NULL))
    _ebb_date_time_row_show_in_calendar (self, when.day);
}

static void
date_entry_activate_cb (EbbDateTimeRow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_entry))));
  g_autoptr(GError) error = NULL;
  EbbWhen when;

  if (*text == '\0')
    {
      _ebb_date_time_row_close_popover (self, self->date_popover, GTK_WIDGET (self->date_button));
      return;
    }
  if (!ebb_when_parse (text, &when, &error))
    {
      show_entry_message (self, error->message);
      return;
    }
  /* A date with its time is taken as typed; a date alone keeps the time. */
  if (EBB_WHEN_HAS_TIME (&when))
    _ebb_date_time_row_set_text (self, text);
  else
    _ebb_date_time_row_set_day (self, when.day);
  _ebb_date_time_row_close_popover (self, self->date_popover, GTK_WIDGET (self->date_button));
}

/* Opens on the date shown, with the calendar focused for the arrows. */
static void
date_popover_map_cb (EbbDateTimeRow *self)
{
  gint32 day = _ebb_date_time_row_is_valid (self) ? self->when.day : ebb_date_today ();
  g_autofree char *iso = ebb_date_format (day);

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), iso);
  self->syncing = FALSE;
  show_entry_message (self, NULL);
  _ebb_date_time_row_show_in_calendar (self, day);
  gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
}

/* A digit typed on the date button or in the calendar starts a typed
 * date: the entry takes it, and the rest of what is typed. */
static gboolean
date_key_pressed_cb (EbbDateTimeRow        *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  GtkWidget *focus;
  char text[7];

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 || !g_unichar_isdigit (c))
    return GDK_EVENT_PROPAGATE;
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->date_entry)))
    return GDK_EVENT_PROPAGATE;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->date_popover)))
    gtk_menu_button_popup (self->date_button);
  text[g_unichar_to_utf8 (c, text)] = '\0';
  gtk_widget_grab_focus (GTK_WIDGET (self->date_entry));
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->date_entry), -1);
  return GDK_EVENT_STOP;
}

/* The time ------------------------------------------------------------------ */

gint32
_ebb_date_time_row_spin_time (EbbDateTimeRow *self)
{
  return gtk_spin_button_get_value_as_int (self->hour_spin) * 3600 +
         gtk_spin_button_get_value_as_int (self->minute_spin) * 60;
}

static gboolean
spin_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (!g_str_equal (text, gtk_editable_get_text (GTK_EDITABLE (spin))))
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
spin_value_changed_cb (EbbDateTimeRow *self)
{
  if (!self->syncing)
    _ebb_date_time_row_set_time (self, _ebb_date_time_row_spin_time (self));
}

/* Opens on the time given, else on the clock's; opening alone gives no
 * time: a value changed or Enter does. */
static void
time_popover_map_cb (EbbDateTimeRow *self)
{
  gint32 second;

  g_free (self->text_before);
  self->text_before = g_strdup (self->text);

  if (_ebb_date_time_row_is_valid (self) && EBB_WHEN_HAS_TIME (&self->when))
    second = self->when.second;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      second = (g_date_time_get_hour (now) * 3600 + g_date_time_get_minute (now) * 60) /
               DEFAULT_TIME_STEP * DEFAULT_TIME_STEP;
    }
  self->syncing = TRUE;
  gtk_spin_button_set_value (self->hour_spin, second / 3600);
  gtk_spin_button_set_value (self->minute_spin, second / 60 % 60);
  self->syncing = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->hour_spin));
}

static void
time_popover_closed_cb (EbbDateTimeRow *self)
{
  g_clear_pointer (&self->text_before, g_free);
}

/* GObject ------------------------------------------------------------------- */

static gboolean
ebb_date_time_row_grab_focus (GtkWidget *widget)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->date_button));
}

static void
ebb_date_time_row_dispose (GObject *object)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_DATE_TIME_ROW);

  G_OBJECT_CLASS (ebb_date_time_row_parent_class)->dispose (object);
}

static void
ebb_date_time_row_finalize (GObject *object)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->shown_date, g_free);
  g_clear_pointer (&self->shown_time, g_free);
  g_clear_pointer (&self->text_before, g_free);

  G_OBJECT_CLASS (ebb_date_time_row_parent_class)->finalize (object);
}

static void
ebb_date_time_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_date_time_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EbbDateTimeRow *self = EBB_DATE_TIME_ROW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      ebb_date_time_row_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_date_time_row_class_init (EbbDateTimeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_date_time_row_dispose;
  object_class->finalize = ebb_date_time_row_finalize;
  object_class->get_property = ebb_date_time_row_get_property;
  object_class->set_property = ebb_date_time_row_set_property;
  widget_class->grab_focus = ebb_date_time_row_grab_focus;

  /**
   * EbbDateTimeRow:text:
   *
   * The date, with its time when one is given, as Ebb stores it:
   * "2026-12-15" or "2026-12-15T14:30"; "" for none.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  _ebb_date_time_row_class_install_actions (widget_class);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-date-time-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, date_button);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, date_popover);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, date_entry);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, date_entry_message);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, calendar);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, time_button);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, time_popover);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, EbbDateTimeRow, minute_spin);
}

static void
ebb_date_time_row_init (EbbDateTimeRow *self)
{
  GtkEventController *keys;
  g_autofree char *today = ebb_date_format (ebb_date_today ());

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Tab goes to the buttons, not to the row between them. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);

  g_signal_connect_object (self->date_popover, "map",
                           G_CALLBACK (date_popover_map_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->calendar, "day-selected",
                           G_CALLBACK (day_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_entry, "changed",
                           G_CALLBACK (date_entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_entry, "activate",
                           G_CALLBACK (date_entry_activate_cb), self, G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed",
                           G_CALLBACK (date_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->date_button), keys);

  g_signal_connect_object (self->time_popover, "map",
                           G_CALLBACK (time_popover_map_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->time_popover, "closed",
                           G_CALLBACK (time_popover_closed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->hour_spin, "output", G_CALLBACK (spin_output_cb), NULL);
  g_signal_connect (self->minute_spin, "output", G_CALLBACK (spin_output_cb), NULL);
  g_signal_connect_object (self->hour_spin, "value-changed",
                           G_CALLBACK (spin_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->minute_spin, "value-changed",
                           G_CALLBACK (spin_value_changed_cb), self, G_CONNECT_SWAPPED);
  _ebb_date_time_row_add_shortcuts (self);

  self->text = g_strdup ("");
  _ebb_date_time_row_set_text (self, today);
}

GtkWidget *
ebb_date_time_row_new (void)
{
  return g_object_new (EBB_TYPE_DATE_TIME_ROW, NULL);
}

/**
 * ebb_date_time_row_set_text:
 * @text: (nullable): a date as Ebb stores it, or anything typed; %NULL
 *   or "" for none
 *
 * Shows @text as a date and time; text that is no date is shown as it is.
 */
void
ebb_date_time_row_set_text (EbbDateTimeRow *self,
                            const char     *text)
{
  g_return_if_fail (EBB_IS_DATE_TIME_ROW (self));

  _ebb_date_time_row_set_text (self, text);
}

/**
 * ebb_date_time_row_get_text:
 *
 * Returns: (transfer none): the value, "" for none
 */
const char *
ebb_date_time_row_get_text (EbbDateTimeRow *self)
{
  g_return_val_if_fail (EBB_IS_DATE_TIME_ROW (self), NULL);

  return self->text;
}

/**
 * ebb_date_time_row_dup_text:
 *
 * Returns: (transfer full) (nullable): the value without white space
 *   around it, or %NULL when that leaves nothing
 */
char *
ebb_date_time_row_dup_text (EbbDateTimeRow *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (EBB_IS_DATE_TIME_ROW (self), NULL);

  text = g_strstrip (g_strdup (self->text));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/**
 * ebb_date_time_row_get_when:
 * @when: (out): the date and time
 *
 * Returns: whether the value is a date
 */
gboolean
ebb_date_time_row_get_when (EbbDateTimeRow *self,
                            EbbWhen        *when)
{
  g_return_val_if_fail (EBB_IS_DATE_TIME_ROW (self), FALSE);
  g_return_val_if_fail (when != NULL, FALSE);

  *when = self->when;
  return _ebb_date_time_row_is_valid (self);
}

const char *
ebb_date_time_row_get_date_label (EbbDateTimeRow *self)
{
  g_return_val_if_fail (EBB_IS_DATE_TIME_ROW (self), NULL);

  return self->shown_date;
}

const char *
ebb_date_time_row_get_time_label (EbbDateTimeRow *self)
{
  g_return_val_if_fail (EBB_IS_DATE_TIME_ROW (self), NULL);

  return self->shown_time;
}

void
ebb_date_time_row_open_date (EbbDateTimeRow *self)
{
  g_return_if_fail (EBB_IS_DATE_TIME_ROW (self));

  gtk_menu_button_popup (self->date_button);
}

void
ebb_date_time_row_open_time (EbbDateTimeRow *self)
{
  g_return_if_fail (EBB_IS_DATE_TIME_ROW (self));

  gtk_menu_button_popup (self->time_button);
}
