/* ebb-import.h — importing the clinic's CSV files (writing them is ebb-export.h)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file kinds of the clinical rules §7 (patients, sessions, scores,
 * readings, medicines, events), told apart by their header.
 */
#pragma once

#include "ebb-store.h"

G_BEGIN_DECLS

#define EBB_IMPORT_ERROR (ebb_import_error_quark ())

typedef enum
{
  EBB_IMPORT_ERROR_INVALID,   /* one or more rows were bad: see the problems list; nothing was written */
  EBB_IMPORT_ERROR_IO,        /* a file could not be read or written */
} EbbImportError;

/* How many problems are reported before the rest are summarised. */
#define EBB_IMPORT_MAX_PROBLEMS 100

typedef struct
{
  guint patients_added;
  guint patients_updated;
  guint sessions_added;
  guint ratings_added;
  guint course_ends_added;   /* from the patients files' ended column */
  guint readings_added;      /* from the sessions files' bp_before and bp_after, and the
                              * readings files */
  guint medicines_added;
  guint events_added;
  guint duplicates_skipped;  /* rows identical to rows already in the database, or to an
                              * earlier row of the same import */
} EbbImportStats;

GQuark   ebb_import_error_quark (void);

/* Imports all @paths in one transaction: patients files first, then
 * sessions, scores, readings, medicines and events, whatever order they are given
 * in.  Every problem
 * is appended to @problems (if not NULL) as "FILE:LINE: column: message";
 * if there is any, nothing is written and %EBB_IMPORT_ERROR_INVALID is
 * returned.  The import is one entry of the audit trail, and the rows it
 * adds keep its id. */
gboolean ebb_import_files       (EbbStore            *store,
                                 const char * const  *paths,
                                 EbbImportStats      *stats,
                                 GPtrArray           *problems,
                                 GError             **error);

gboolean ebb_import_files_full  (EbbStore            *store,
                                 const char * const  *paths,
                                 EbbImportStats      *stats,
                                 GPtrArray           *problems,
                                 GPtrArray           *warnings,
                                 GError             **error);

G_END_DECLS
