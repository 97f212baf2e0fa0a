/* ebb-session-clock.h — the times of a session in progress
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-session.h"

G_BEGIN_DECLS

/* The clinic's schedule of readings after dosing: the esketamine
 * programme asks for one about 40 minutes after the dose; Ebb then asks
 * for one every 40 minutes more until discharge (80, 120 … minutes), so
 * that an intranasal session has a reading at its earliest discharge.  A
 * reading taken up to EBB_SESSION_CLOCK_EARLY_MIN minutes before a due
 * time counts for it. */
#define EBB_SESSION_CLOCK_READING_INTERVAL_MIN 40
#define EBB_SESSION_CLOCK_EARLY_MIN            5

typedef struct
{
  int     minutes_since_dose;
  int     reading_slot;         /* 1 for the reading 40 min after dosing, 2 for 80 … */
  gint32  next_reading;         /* clock time the next reading is due */
  gint32  earliest_discharge;   /* clock time, -1 when Ebb knows no rule for the route */
} EbbSessionTimes;

gboolean          ebb_session_times_compute      (const EbbSession *session,
                                                  GDateTime        *now,
                                                  EbbSessionTimes  *times);
const EbbSession *ebb_session_find_open          (GPtrArray        *sessions,
                                                  GDateTime        *now);

#define EBB_TYPE_SESSION_CLOCK (ebb_session_clock_get_type ())
G_DECLARE_FINAL_TYPE (EbbSessionClock, ebb_session_clock, EBB, SESSION_CLOCK, GtkBox)

GtkWidget        *ebb_session_clock_new          (void);
void              ebb_session_clock_set_session  (EbbSessionClock  *self,
                                                  const EbbSession *session);
void              ebb_session_clock_show_sessions (EbbSessionClock *self,
                                                  GPtrArray        *sessions);
const EbbSession *ebb_session_clock_get_session  (EbbSessionClock  *self);
void              ebb_session_clock_set_now      (EbbSessionClock  *self,
                                                  GDateTime        *now);
gboolean          ebb_session_clock_get_open     (EbbSessionClock  *self);
const char       *ebb_session_clock_get_text     (EbbSessionClock  *self);

G_END_DECLS
