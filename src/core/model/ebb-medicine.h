/* ebb-medicine.h — a medicine the patient takes that changes sedation or blood pressure
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  EBB_MEDICINE_BENZODIAZEPINE,
  EBB_MEDICINE_SEDATIVE_HYPNOTIC,   /* other sedative hypnotics: z-drugs, barbiturates */
  EBB_MEDICINE_OPIOID,
  EBB_MEDICINE_PSYCHOSTIMULANT,
  EBB_MEDICINE_MAO_INHIBITOR,
  EBB_MEDICINE_OTHER,
} EbbMedicineClass;

#define EBB_MEDICINE_NAME_MAX 120

typedef struct
{
  gint64            id;          /* row id, 0 until stored */
  gint64            patient_id;
  EbbMedicineClass  klass;
  char             *name;        /* "lorazepam" */
  gint32            start_day;   /* the first day taken */
  gint32            stop_day;    /* the last day taken, 0 while still taken */
} EbbMedicine;

/* A start or a stop, as an event on the chart. */
typedef struct
{
  gint32             day;
  gboolean           started;    /* FALSE: stopped (the day after its last day) */
  const EbbMedicine *medicine;   /* borrowed from the array given */
} EbbMedicineEvent;

EbbMedicine *ebb_medicine_new          (void);
EbbMedicine *ebb_medicine_copy         (const EbbMedicine *medicine);
void         ebb_medicine_free         (EbbMedicine       *medicine);
gboolean     ebb_medicine_taken_on     (const EbbMedicine *medicine,
                                        gint32             day);
GPtrArray   *ebb_medicines_taken_on    (GPtrArray         *medicines,
                                        gint32             day);
GArray      *ebb_medicines_events      (GPtrArray         *medicines,
                                        gint32             from_day,
                                        gint32             to_day);

/* "benzodiazepine", "sedative-hypnotic", "opioid", "psychostimulant",
 * "mao-inhibitor", "other": for files, never translated. */
const char  *ebb_medicine_class_to_string   (EbbMedicineClass  klass);
gboolean     ebb_medicine_class_from_string (const char       *text,
                                             EbbMedicineClass *klass);
const char  *ebb_medicine_class_to_label    (EbbMedicineClass  klass);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbMedicine, ebb_medicine_free)

G_END_DECLS
