/* ebb-event.h — something that happened to a patient, shown on the chart
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  EBB_EVENT_MEDICATION,        /* a medication started, stopped or changed */
  EBB_EVENT_HOSPITALISATION,
  EBB_EVENT_SUICIDE_ATTEMPT,
  EBB_EVENT_LIFE_EVENT,
  EBB_EVENT_OTHER,
} EbbEventKind;

/* In characters: a label on the chart, not a note. */
#define EBB_EVENT_TEXT_MAX 200

typedef struct
{
  gint64        id;          /* row id, 0 until stored */
  gint64        patient_id;
  gint32        day;         /* the day it happened */
  EbbEventKind  kind;
  char         *text;        /* "sertraline raised to 100 mg" */
} EbbEvent;

EbbEvent    *ebb_event_new             (void);
EbbEvent    *ebb_event_copy            (const EbbEvent *event);
void         ebb_event_free            (EbbEvent       *event);
int          ebb_event_compare         (gconstpointer   a,
                                        gconstpointer   b);

/* "medication", "hospitalisation", "suicide-attempt", "life-event",
 * "other": for files, never translated. */
const char  *ebb_event_kind_to_string   (EbbEventKind  kind);
gboolean     ebb_event_kind_from_string (const char   *text,
                                         EbbEventKind *kind);
const char  *ebb_event_kind_to_label    (EbbEventKind  kind);
gboolean     ebb_event_kind_is_alarm    (EbbEventKind  kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbEvent, ebb_event_free)

G_END_DECLS
