/* ebb-event.c — something that happened to a patient, shown on the chart
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trajectory of ratings is read against what happened meanwhile: an
 * antidepressant raised, a stay in hospital, a bereavement.  Each event
 * is a day, a kind and a short text, drawn above the chart's plot and
 * listed in the report.  A medicine that changes sedation or blood
 * pressure is an EbbMedicine, with its days; an event of kind
 * medication is any other change a psychiatrist wants to see there.
 */
#define G_LOG_DOMAIN "ebb-event"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-event.h"

/* For files and the database: never translated. */
static const char * const kind_names[] = {
  [EBB_EVENT_MEDICATION] = "medication",
  [EBB_EVENT_HOSPITALISATION] = "hospitalisation",
  [EBB_EVENT_SUICIDE_ATTEMPT] = "suicide-attempt",
  [EBB_EVENT_LIFE_EVENT] = "life-event",
  [EBB_EVENT_OTHER] = "other",
};

EbbEvent *
ebb_event_new (void)
{
  return g_new0 (EbbEvent, 1);
}

EbbEvent *
ebb_event_copy (const EbbEvent *event)
{
  EbbEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_memdup2 (event, sizeof *event);
  copy->text = g_strdup (event->text);
  return copy;
}

void
ebb_event_free (EbbEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->text);
  g_free (event);
}

/**
 * ebb_event_compare:
 * @a: (type EbbEvent**): an element of a #GPtrArray of events
 * @b: (type EbbEvent**): another
 *
 * For g_ptr_array_sort(): by day, then in the order they were recorded
 * (their ids), the order of the store's lists.
 */
int
ebb_event_compare (gconstpointer a,
                   gconstpointer b)
{
  const EbbEvent *x = *(EbbEvent * const *) a, *y = *(EbbEvent * const *) b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

const char *
ebb_event_kind_to_string (EbbEventKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/* In any case, with blanks around it. */
gboolean
ebb_event_kind_from_string (const char   *text,
                            EbbEventKind *kind)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (copy, kind_names[i]) == 0)
      {
        *kind = (EbbEventKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
ebb_event_kind_to_label (EbbEventKind kind)
{
  switch (kind)
    {
    case EBB_EVENT_MEDICATION:      return C_("event kind", "medication started, stopped or changed");
    case EBB_EVENT_HOSPITALISATION: return C_("event kind", "hospitalisation");
    case EBB_EVENT_SUICIDE_ATTEMPT: return C_("event kind", "suicide attempt");
    case EBB_EVENT_LIFE_EVENT:      return C_("event kind", "life event");
    case EBB_EVENT_OTHER:           return C_("event kind", "other");
    default:                        g_return_val_if_reached (NULL);
    }
}

/* The kinds a reader of the chart must not miss: drawn in its alarm
 * colour, as a suicidal item is. */
gboolean
ebb_event_kind_is_alarm (EbbEventKind kind)
{
  return kind == EBB_EVENT_SUICIDE_ATTEMPT || kind == EBB_EVENT_HOSPITALISATION;
}
