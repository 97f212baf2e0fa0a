/* trust-test-utils.h — helpers shared by the trust tests
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ebb-store.h"
#include "ebb-test-utils.h"

G_BEGIN_DECLS

typedef struct
{
  int   status;     /* exit status, or -1 when the program did not exit by itself */
  int   signal;     /* the signal that ended it, or 0 */
  char *out;
  char *err;
} TrustRun;

void      trust_run_clear          (TrustRun           *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrustRun, trust_run_clear)

char     *trust_make_tmp_dir       (const char         *name);
GBytes   *trust_read_bytes         (const char         *path);
void      trust_write_bytes        (const char         *path,
                                    const void         *data,
                                    gsize               length);
void      trust_copy_file          (const char         *from,
                                    const char         *to);
guint     trust_file_mode          (const char         *path);
gboolean  trust_exists             (const char         *path);
gboolean  trust_sidecar_exists     (const char         *path,
                                    const char         *suffix);
gint64    trust_sql_int            (const char         *path,
                                    const char         *sql);
void      trust_sql_exec           (const char         *path,
                                    const char         *sql);

const char *trust_cli_path         (void);
char     *trust_example_path       (const char         *name);

/* Runs ebb-cli with @args (NULL-terminated) and "--db DB" first when @db
 * is not NULL, in @dir (also $XDG_DATA_HOME's parent), as the user
 * @uid/@gid when they are not -1.  A crash is reported in @run, not
 * asserted: callers say what they expect. */
void      trust_run_cli            (TrustRun           *run,
                                    const char         *dir,
                                    const char         *cli,
                                    int                 uid,
                                    int                 gid,
                                    const char         *db,
                                    const char * const *args);

EbbStore *trust_open_new_store     (const char         *path);
gint64    trust_add_patient        (EbbStore           *store,
                                    const char         *code,
                                    const char         *name,
                                    const char         *notes);
gint64    trust_add_session        (EbbStore           *store,
                                    gint64              patient_id,
                                    const char         *when,
                                    const char         *note);
gint64    trust_add_rating         (EbbStore           *store,
                                    gint64              patient_id,
                                    const char         *when,
                                    int                 total,
                                    const char         *note);
guint     trust_count              (EbbStore           *store,
                                    const char         *what);

G_END_DECLS
