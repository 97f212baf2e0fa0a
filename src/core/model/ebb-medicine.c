/* ebb-medicine.c — a medicine the patient takes that changes sedation or blood pressure
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benzodiazepines, other sedative hypnotics and opioids deepen the
 * sedation of a ketamine dose; psychostimulants and MAO inhibitors raise
 * its blood pressure.  A psychiatrist reading a session's record or a
 * trajectory needs to know which of them the patient took that day: each
 * is kept with the days it was started and stopped.
 */
#define G_LOG_DOMAIN "ebb-medicine"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-medicine.h"

/* For files and the database: never translated. */
static const char * const class_names[] = {
  [EBB_MEDICINE_BENZODIAZEPINE] = "benzodiazepine",
  [EBB_MEDICINE_SEDATIVE_HYPNOTIC] = "sedative-hypnotic",
  [EBB_MEDICINE_OPIOID] = "opioid",
  [EBB_MEDICINE_PSYCHOSTIMULANT] = "psychostimulant",
  [EBB_MEDICINE_MAO_INHIBITOR] = "mao-inhibitor",
  [EBB_MEDICINE_OTHER] = "other",
};

EbbMedicine *
ebb_medicine_new (void)
{
  return g_new0 (EbbMedicine, 1);
}

EbbMedicine *
ebb_medicine_copy (const EbbMedicine *medicine)
{
  EbbMedicine *copy;

  g_return_val_if_fail (medicine != NULL, NULL);

  copy = g_memdup2 (medicine, sizeof *medicine);
  copy->name = g_strdup (medicine->name);
  return copy;
}

void
ebb_medicine_free (EbbMedicine *medicine)
{
  if (medicine == NULL)
    return;
  g_free (medicine->name);
  g_free (medicine);
}

/* From its start day to its stop day, both included. */
gboolean
ebb_medicine_taken_on (const EbbMedicine *medicine,
                       gint32             day)
{
  g_return_val_if_fail (medicine != NULL, FALSE);

  return day >= medicine->start_day && (medicine->stop_day == 0 || day <= medicine->stop_day);
}

/**
 * ebb_medicines_taken_on:
 * @medicines: (element-type EbbMedicine): a patient's medicines
 *
 * What a session's record shows as taken on its day.
 *
 * Returns: (transfer container) (element-type EbbMedicine): the ones of
 *   @medicines taken on @day, borrowed, in the order given
 */
GPtrArray *
ebb_medicines_taken_on (GPtrArray *medicines,
                        gint32     day)
{
  GPtrArray *taken = g_ptr_array_new ();

  for (guint i = 0; medicines != NULL && i < medicines->len; i++)
    if (ebb_medicine_taken_on (g_ptr_array_index (medicines, i), day))
      g_ptr_array_add (taken, g_ptr_array_index (medicines, i));
  return taken;
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const EbbMedicineEvent *x = a, *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  /* On one day a stop comes before a start: one medicine swapped for another. */
  if (x->started != y->started)
    return x->started ? 1 : -1;
  return x->medicine->id < y->medicine->id ? -1 : x->medicine->id > y->medicine->id;
}

/**
 * ebb_medicines_events:
 * @medicines: (element-type EbbMedicine): a patient's medicines
 * @from_day: the first day of interest, or 0 for no limit
 * @to_day: the last day of interest, or 0 for no limit
 *
 * The starts and stops of @medicines, as events for the chart: a start on
 * its start day, a stop on the day after its last day.
 *
 * Returns: (transfer full) (element-type EbbMedicineEvent): the events
 *   from @from_day to @to_day, in day order; the medicines are borrowed
 */
GArray *
ebb_medicines_events (GPtrArray *medicines,
                      gint32     from_day,
                      gint32     to_day)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (EbbMedicineEvent));

  for (guint i = 0; medicines != NULL && i < medicines->len; i++)
    {
      const EbbMedicine *medicine = g_ptr_array_index (medicines, i);
      EbbMedicineEvent event[2] = {
        { medicine->start_day, TRUE, medicine },
        { medicine->stop_day > 0 ? medicine->stop_day + 1 : 0, FALSE, medicine },
      };

      for (guint k = 0; k < 2; k++)
        if (event[k].day > 0 &&
            (from_day <= 0 || event[k].day >= from_day) &&
            (to_day <= 0 || event[k].day <= to_day))
          g_array_append_val (events, event[k]);
    }
  g_array_sort (events, compare_events);
  return events;
}

const char *
ebb_medicine_class_to_string (EbbMedicineClass klass)
{
  g_return_val_if_fail ((guint) klass < G_N_ELEMENTS (class_names), NULL);
  return class_names[klass];
}

/* In any case, with blanks around it. */
gboolean
ebb_medicine_class_from_string (const char       *text,
                                EbbMedicineClass *klass)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (klass != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  for (guint i = 0; i < G_N_ELEMENTS (class_names); i++)
    if (g_ascii_strcasecmp (copy, class_names[i]) == 0)
      {
        *klass = (EbbMedicineClass) i;
        return TRUE;
      }
  return FALSE;
}

const char *
ebb_medicine_class_to_label (EbbMedicineClass klass)
{
  switch (klass)
    {
    case EBB_MEDICINE_BENZODIAZEPINE:    return C_("medicine class", "benzodiazepine");
    case EBB_MEDICINE_SEDATIVE_HYPNOTIC: return C_("medicine class", "other sedative hypnotic");
    case EBB_MEDICINE_OPIOID:            return C_("medicine class", "opioid");
    case EBB_MEDICINE_PSYCHOSTIMULANT:   return C_("medicine class", "psychostimulant");
    case EBB_MEDICINE_MAO_INHIBITOR:     return C_("medicine class", "MAO inhibitor");
    case EBB_MEDICINE_OTHER:             return C_("medicine class", "other");
    default:                             g_return_val_if_reached (NULL);
    }
}
