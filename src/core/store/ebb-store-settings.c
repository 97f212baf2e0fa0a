/* ebb-store-settings.c — the clinic's rule settings
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clinic policy lives in the clinic (design: "what lives where"): the
 * thresholds the rules mark as settings are rows of the clinic file, so
 * that every workstation and `ebb-cli` flag the same patient the same way,
 * and each change is audited like a change to a rating.  Only settings
 * changed from their defaults have a row, in the text form of
 * ebb-rule-settings.h; which keys exist and what they may hold is that
 * file's to say.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-store-private.h"

/**
 * ebb_store_load_rule_settings:
 * @settings: (out caller-allocates): filled with the clinic's settings
 *
 * Reads the clinic's rule settings: the defaults, with the stored values
 * over them.  A stored value this version cannot use (a key it does not
 * know, or a value out of its range, e.g. after a file was edited by
 * hand) is left at its default with a warning, rather than refusing to
 * flag anyone.
 *
 * Returns: %TRUE when read; %FALSE with @error when the database failed,
 *   and @settings are then the defaults
 */
gboolean
ebb_store_load_rule_settings (EbbStore         *self,
                              EbbRuleSettings  *settings,
                              GError          **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = NULL;
  EbbRuleSettings loaded;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ebb_rule_settings_init_defaults (settings);
  ebb_rule_settings_init_defaults (&loaded);

  stmt = _ebb_store_borrow_stmt (self, STMT_RULE_SETTING_LIST, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = ebb_sql_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) ebb_sql_column_text (stmt, 0);
      const char *value = (const char *) ebb_sql_column_text (stmt, 1);

      /* The key only: the value may be anything someone wrote. */
      if (key == NULL || value == NULL ||
          !ebb_rule_settings_set_value (&loaded, key, value, NULL))
        g_warning ("The clinic file's rule setting “%s” cannot be used; its default applies",
                   key != NULL ? key : "");
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }

  *settings = loaded;
  return TRUE;
}

typedef struct
{
  const char *key;
  const char *value;   /* canonical text, or NULL to go back to the default */
} SettingWrite;

static gboolean
write_rule_setting (EbbStore  *self,
                    gpointer   data,
                    GError   **error)
{
  const SettingWrite *write = data;
  g_autofree char *old_value = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 row_id = 0;

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, STMT_RULE_SETTING_GET, error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    _ebb_store_bind_text (stmt, 1, write->key);
    rc = ebb_sql_step (stmt);
    if (rc == SQLITE_ROW)
      {
        row_id = ebb_sql_column_int64 (stmt, 0);
        old_value = g_strdup ((const char *) ebb_sql_column_text (stmt, 1));
      }
    else if (rc != SQLITE_DONE)
      {
        _ebb_store_set_sql_error (error, self->path, self->sql, rc);
        return FALSE;
      }
  }

  /* Nothing changes, so nothing is audited. */
  if (g_strcmp0 (old_value, write->value) == 0)
    return TRUE;

  if (old_value != NULL)
    before = _ebb_store_rule_setting_to_json (write->key, old_value);
  if (write->value != NULL)
    after = _ebb_store_rule_setting_to_json (write->key, write->value);

  if (write->value == NULL)
    {
      g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, STMT_RULE_SETTING_DELETE, error);

      if (stmt == NULL)
        return FALSE;
      _ebb_store_bind_text (stmt, 1, write->key);
      if (!_ebb_store_step_done (self, stmt, error))
        return FALSE;
      return _ebb_store_write_audit (self, "delete", "rule_setting", row_id, 0, NULL,
                                     before, NULL, error);
    }

  {
    g_autoptr(EbbBorrowedStmt) stmt =
      _ebb_store_borrow_stmt (self, old_value != NULL ? STMT_RULE_SETTING_UPDATE : STMT_RULE_SETTING_INSERT,
                              error);

    if (stmt == NULL)
      return FALSE;
    _ebb_store_bind_text (stmt, 1, write->key);
    _ebb_store_bind_text (stmt, 2, write->value);
    if (old_value == NULL ? !_ebb_store_step_insert (self, stmt, &row_id, error)
                          : !_ebb_store_step_done (self, stmt, error))
      return FALSE;
  }
  return _ebb_store_write_audit (self, old_value != NULL ? "update" : "insert", "rule_setting",
                                 row_id, 0, NULL, before, after, error);
}

/**
 * ebb_store_set_rule_setting:
 * @key: a key of ebb_rule_settings_list_keys()
 * @value: (nullable): the value in its text form (ebb_rule_settings_set_value()),
 *   or %NULL to go back to the default
 *
 * Changes one of the clinic's rule settings for everyone who opens the
 * clinic.  The value is stored in its canonical form ("50%" as "0.5"),
 * even when it equals the default: a clinic that chose a value keeps it
 * if a later version changes the default.  Setting the value already
 * stored, or resetting a setting that is at its default, changes nothing
 * and writes no audit row.
 *
 * Returns: %TRUE when stored; %FALSE with an %EBB_RULE_SETTINGS_ERROR
 *   naming @key for an unknown key or a value it cannot take, or with the
 *   store's error
 */
gboolean
ebb_store_set_rule_setting (EbbStore    *self,
                            const char  *key,
                            const char  *value,
                            GError     **error)
{
  g_autofree char *canonical = NULL;
  SettingWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ebb_rule_settings_has_key (key))
    {
      g_set_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_UNKNOWN_KEY,
                   _("“%s” is not a rule setting"), key);
      return FALSE;
    }
  if (value != NULL)
    {
      EbbRuleSettings scratch;

      ebb_rule_settings_init_defaults (&scratch);
      if (!ebb_rule_settings_set_value (&scratch, key, value, error))
        return FALSE;
      canonical = ebb_rule_settings_get_value (&scratch, key);
    }

  write = (SettingWrite) { key, canonical };
  return _ebb_store_run_in_transaction (self, write_rule_setting, &write, error);
}
