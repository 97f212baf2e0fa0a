/* ebb-export.h — writing the clinic as the CSV files the import reads
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-store.h"

G_BEGIN_DECLS

/* Writes patients.csv, sessions.csv, scores.csv, readings.csv and
 * medicines.csv into @directory (which
 * must exist), in a form that ebb_import_files() reads back to the same
 * rows. Files are created 0600. */
gboolean ebb_export_csv         (EbbStore            *store,
                                 const char          *directory,
                                 GError             **error);

G_END_DECLS
