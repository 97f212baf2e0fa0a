/* ebb-patient.c — a patient of the clinic
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-patient"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-csv.h"
#include "ebb-patient.h"

G_DEFINE_QUARK (ebb-patient-error-quark, ebb_patient_error)

EbbPatient *
ebb_patient_new (const char *code,
                 const char *name)
{
  EbbPatient *patient;

  g_return_val_if_fail (code != NULL, NULL);

  patient = g_new0 (EbbPatient, 1);
  patient->code = g_strdup (code);
  patient->name = g_strdup (name ? name : "");
  return patient;
}

EbbPatient *
ebb_patient_copy (const EbbPatient *patient)
{
  EbbPatient *copy;

  g_return_val_if_fail (patient != NULL, NULL);

  copy = g_memdup2 (patient, sizeof *patient);
  copy->code = g_strdup (patient->code);
  copy->name = g_strdup (patient->name);
  copy->preferred_scale = g_strdup (patient->preferred_scale);
  copy->notes = g_strdup (patient->notes);
  return copy;
}

void
ebb_patient_free (EbbPatient *patient)
{
  if (patient == NULL)
    return;
  g_free (patient->code);
  g_free (patient->name);
  g_free (patient->preferred_scale);
  g_free (patient->notes);
  g_free (patient);
}

/**
 * ebb_patient_normalise_code:
 * @code: a clinic code as typed or imported
 * @error: set to %EBB_PATIENT_ERROR_CODE when @code cannot be a code
 *
 * One patient must have one code, however it was typed.  "S03-000",
 * "s03-000", " S03-000 " and "S03-000" with a zero-width space looked
 * like one patient and were four; "José" typed with a composed é and with
 * e and a combining accent were two.  So a code is kept in one form:
 *
 * - Unicode NFKC: composed, with full-width and other compatibility forms
 *   of a letter or digit as the letter or digit ("Ｓ０３" is "S03");
 * - without spaces at either end, and with one space where there were
 *   several;
 * - in capitals, character by character without regard to the language
 *   (g_unichar_toupper()), so that matching ignores case the same way on
 *   every workstation;
 * - at most %EBB_PATIENT_CODE_MAX characters.
 *
 * A code holding a character that shows nothing (a control, format or
 * zero-width character, a space other than U+0020; see
 * ebb_csv_unichar_is_invisible()) is refused rather than cleaned: the
 * person who typed it should see which code they meant.
 *
 * Returns: (transfer full) (nullable): the code in its one form, or %NULL
 *   with @error set
 */
char *
ebb_patient_normalise_code (const char  *code,
                            GError     **error)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *excerpt = NULL;
  GString *out;
  glong n_chars;
  guint position = 0;

  g_return_val_if_fail (code != NULL, NULL);

  if (!g_utf8_validate (code, -1, NULL))
    {
      g_set_error_literal (error, EBB_PATIENT_ERROR, EBB_PATIENT_ERROR_CODE,
                           _("The patient code is not valid UTF-8 text"));
      return NULL;
    }

  nfkc = g_utf8_normalize (code, -1, G_NORMALIZE_NFKC);
  g_strstrip (nfkc);
  out = g_string_sized_new (strlen (nfkc));
  for (const char *p = nfkc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      position++;
      if (c == ' ')
        {
          if (out->len == 0 || out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      if (ebb_csv_unichar_is_invisible (c))
        {
          excerpt = ebb_csv_excerpt (nfkc);
          g_set_error (error, EBB_PATIENT_ERROR, EBB_PATIENT_ERROR_CODE,
                       /* Translators: “S03�-000” holds an invisible or control
                        * character (U+200B) as character 4: type the code again */
                       _("The patient code “%s” holds an invisible or control character "
                         "(U+%04X) as character %u: type the code again without it"),
                       excerpt, c, position);
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_unichar (out, g_unichar_toupper (c));
    }

  {
    g_autofree char *upper = g_string_free (out, FALSE);
    char *result = g_utf8_normalize (upper, -1, G_NORMALIZE_NFKC);

    if (*result == '\0')
      {
        g_free (result);
        g_set_error_literal (error, EBB_PATIENT_ERROR, EBB_PATIENT_ERROR_CODE,
                             _("A patient needs a clinic code"));
        return NULL;
      }
    n_chars = g_utf8_strlen (result, -1);
    if (n_chars > EBB_PATIENT_CODE_MAX)
      {
        excerpt = ebb_csv_excerpt (result);
        g_set_error (error, EBB_PATIENT_ERROR, EBB_PATIENT_ERROR_CODE,
                     _("The patient code “%s” has %ld characters: a code has at most %d"),
                     excerpt, n_chars, EBB_PATIENT_CODE_MAX);
        g_free (result);
        return NULL;
      }
    return result;
  }
}
