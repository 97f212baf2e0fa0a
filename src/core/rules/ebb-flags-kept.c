/* ebb-flags-kept.c — a patient's Attention entry as one line, for the next scan
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a whole-clinic scan found about a patient is kept in the clinic
 * (ebb-store-kept.c) as one line of text: the patient list's follow-up,
 * and for a patient on Attention the entry with its open flags, field by
 * field, so that the next scan can hand back exactly what the rules
 * would.  Fields are parted by tabs; a backslash, tab or newline in a
 * text is written \\, \t, \n, and a missing text \N.
 */
#define G_LOG_DOMAIN "ebb-flags"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-flags-private.h"

/* Every field of EbbFlag is written below.  A field added to it must be
 * added there too, and its size here: a flag kept without it would come
 * back different from what the rules make. */
G_STATIC_ASSERT (sizeof (EbbFlag) == 128 || sizeof (gpointer) != 8);
G_STATIC_ASSERT (sizeof (EbbPatient) == 56 || sizeof (gpointer) != 8);

/* Bump whenever a rule changes what it flags or says, so that a clinic's
 * kept lines are not trusted by rules that would have said otherwise. */
#define KEPT_RULES_REVISION 1

/* Which catalogue the flags' texts come from: the file gettext reads for
 * the first of the user's languages that has one, with its size and time,
 * or "none" for the texts as written (the C locale, as `ebb-cli flags`
 * uses for files, or English with no catalogue).  Not the locale's name:
 * C and C.UTF-8, or en_US and en_GB without catalogues, say the same. */
static char *
messages_catalogue (void)
{
  const char *locale = setlocale (LC_MESSAGES, NULL);
  const char *dir = bindtextdomain (GETTEXT_PACKAGE, NULL);
  const char * const *names = g_get_language_names_with_category ("LC_MESSAGES");

  if (locale == NULL || strcmp (locale, "C") == 0 || strcmp (locale, "POSIX") == 0 || dir == NULL)
    return g_strdup ("none");
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        return g_strdup_printf ("%s %lld %lld", path, (long long) st.st_size, (long long) st.st_mtime);
    }
  return g_strdup ("none");
}

/**
 * _ebb_flags_kept_basis:
 *
 * What a kept line was worked out with: this Ebb and its rules, the
 * clinic's settings and, for the patients with flags, whose texts are
 * written in the user's language, that language.
 */
char *
_ebb_flags_kept_basis (const EbbRuleSettings *settings,
                       EbbKeptSlot            slot)
{
  g_auto(GStrv) keys = ebb_rule_settings_list_keys ();
  EbbRuleSettings defaults;
  GString *basis = g_string_new (NULL);

  if (settings == NULL)
    {
      ebb_rule_settings_init_defaults (&defaults);
      settings = &defaults;
    }
  g_string_append_printf (basis, "ebb %s; rules 2.%d; schema %d", PACKAGE_VERSION, KEPT_RULES_REVISION,
                          EBB_STORE_SCHEMA_VERSION);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = ebb_rule_settings_get_value (settings, keys[i]);

      g_string_append_printf (basis, "; %s=%s", keys[i], value);
    }
  if (slot == EBB_KEPT_FLAGGED)
    {
      g_autofree char *catalogue = messages_catalogue ();

      /* And a sentence as it comes out, for a catalogue bound elsewhere. */
      g_string_append_printf (basis, "; messages=%s; %s", catalogue, _("Record what happened."));
    }
  return g_string_free (basis, FALSE);
}

/* Writing -------------------------------------------------------------------------- */

static void
put_text (GString    *line,
          const char *text)
{
  g_string_append_c (line, '\t');
  if (text == NULL)
    {
      g_string_append (line, "\\N");
      return;
    }
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '\\': g_string_append (line, "\\\\"); break;
      case '\t': g_string_append (line, "\\t"); break;
      case '\n': g_string_append (line, "\\n"); break;
      default: g_string_append_c (line, *p); break;
      }
}

static void
put_int (GString *line,
         gint64   value)
{
  g_string_append_printf (line, "\t%" G_GINT64_FORMAT, value);
}

static void
put_flag (GString       *line,
          const EbbFlag *flag)
{
  put_text (line, ebb_flag_kind_to_string (flag->kind));
  put_text (line, flag->scale != NULL ? flag->scale->id : NULL);
  put_text (line, flag->patient_code);
  put_int (line, flag->day);
  put_int (line, flag->session_day);
  put_int (line, flag->next_session_day);
  put_int (line, flag->has_days_early);
  put_int (line, flag->days_early);
  put_text (line, flag->detail);
  put_text (line, flag->suggestion);
  put_int (line, flag->interval_day);
  put_int (line, flag->before_day);
  put_int (line, flag->n_events);
  put_int (line, flag->latest_day);
  put_int (line, flag->latest_value[0]);
  put_int (line, flag->latest_value[1]);
  put_int (line, flag->latest_implied);
  put_int (line, flag->highest_day);
  put_int (line, flag->highest_value[0]);
  put_int (line, flag->highest_value[1]);
  put_int (line, flag->closed_predecessor);
  /* An Attention entry's flags are open and undecided: state, the day
   * something closed it and the decision say so and are not written. */
}

/**
 * _ebb_flags_kept_text:
 * @item: (nullable): the patient's Attention entry, or %NULL when nothing
 *   is open
 *
 * Returns: (transfer full): the patient's kept line, without its id and
 *   days (the store writes those)
 */
char *
_ebb_flags_kept_text (const EbbFollowUp      *follow_up,
                      const EbbAttentionItem *item)
{
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%d\t%d", follow_up->next_session_day, follow_up->course_ended ? 1 : 0);
  if (item == NULL)
    return g_string_free (line, FALSE);

  put_int (line, item->section);
  put_int (line, item->next_session_day);
  put_int (line, item->booked);
  put_int (line, item->course_ended);
  put_text (line, item->latest_scale != NULL ? item->latest_scale->id : NULL);
  put_int (line, item->latest_total);
  put_int (line, item->latest_day);
  put_text (line, item->patient->code);
  put_text (line, item->patient->name);
  put_int (line, item->patient->birth_year);
  put_text (line, item->patient->preferred_scale);
  put_text (line, item->patient->notes);
  put_int (line, item->patient->archived);
  put_int (line, item->flags->len);
  for (guint i = 0; i < item->flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (item->flags, i);

      g_return_val_if_fail (flag->state == EBB_FLAG_STATE_OPEN && flag->decision == NULL, NULL);
      put_flag (line, flag);
    }
  return g_string_free (line, FALSE);
}

/* Reading -------------------------------------------------------------------------- */

typedef struct
{
  char  **fields;
  guint   n;
  guint   next;
  gboolean ok;
} Fields;

/* The next field's text, unescaped; %NULL for \N (and for a field that
 * is missing, which makes the line fail). */
static char *
take_text (Fields *f)
{
  const char *field;
  GString *text;

  if (f->next >= f->n)
    {
      f->ok = FALSE;
      return NULL;
    }
  field = f->fields[f->next++];
  if (strcmp (field, "\\N") == 0)
    return NULL;
  text = g_string_sized_new (strlen (field));
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (text, *p);
          continue;
        }
      switch (*++p)
        {
        case '\\': g_string_append_c (text, '\\'); break;
        case 't': g_string_append_c (text, '\t'); break;
        case 'n': g_string_append_c (text, '\n'); break;
        default:
          f->ok = FALSE;
          return g_string_free (text, TRUE);
        }
    }
  return g_string_free (text, FALSE);
}

static gint64
take_int (Fields *f,
          gint64  min,
          gint64  max)
{
  char *end;
  gint64 value;

  if (f->next >= f->n)
    {
      f->ok = FALSE;
      return 0;
    }
  value = g_ascii_strtoll (f->fields[f->next], &end, 10);
  if (end == f->fields[f->next] || *end != '\0' || value < min || value > max)
    f->ok = FALSE;
  f->next++;
  return value;
}

/* A scale by id, or NULL for none; an id this Ebb does not know fails. */
static const EbbScale *
take_scale (Fields *f)
{
  g_autofree char *id = take_text (f);
  const EbbScale *scale = id != NULL ? ebb_scale_lookup (id) : NULL;

  if (id != NULL && scale == NULL)
    f->ok = FALSE;
  return scale;
}

static EbbFlag *
take_flag (Fields *f)
{
  g_autofree char *kind_text = take_text (f);
  EbbFlagKind kind = 0;
  EbbFlag *flag;

  if (kind_text == NULL || !ebb_flag_kind_from_string (kind_text, &kind))
    f->ok = FALSE;
  flag = ebb_flag_new (kind, NULL, 0);
  flag->scale = take_scale (f);
  flag->patient_code = take_text (f);
  flag->day = take_int (f, 0, G_MAXINT32);
  flag->session_day = take_int (f, 0, G_MAXINT32);
  flag->next_session_day = take_int (f, 0, G_MAXINT32);
  flag->has_days_early = take_int (f, 0, 1);
  flag->days_early = take_int (f, G_MININT, G_MAXINT);
  flag->detail = take_text (f);
  flag->suggestion = take_text (f);
  flag->interval_day = take_int (f, 0, G_MAXINT32);
  flag->before_day = take_int (f, 0, G_MAXINT32);
  flag->n_events = take_int (f, 0, G_MAXUINT);
  flag->latest_day = take_int (f, 0, G_MAXINT32);
  flag->latest_value[0] = take_int (f, G_MININT, G_MAXINT);
  flag->latest_value[1] = take_int (f, G_MININT, G_MAXINT);
  flag->latest_implied = take_int (f, 0, 1);
  flag->highest_day = take_int (f, 0, G_MAXINT32);
  flag->highest_value[0] = take_int (f, G_MININT, G_MAXINT);
  flag->highest_value[1] = take_int (f, G_MININT, G_MAXINT);
  flag->closed_predecessor = take_int (f, 0, G_MAXINT64);
  return flag;
}

/**
 * _ebb_flags_kept_parse:
 * @item: (out) (transfer full) (nullable): the Attention entry, or %NULL
 *   when the line is of a patient with nothing open
 *
 * Reads back what _ebb_flags_kept_text() wrote.
 *
 * Returns: %FALSE when the line does not read (nothing is set then)
 */
gboolean
_ebb_flags_kept_parse (const EbbKeptPatient  *kept,
                       EbbFollowUp           *follow_up,
                       EbbAttentionItem     **item)
{
  g_auto(GStrv) fields = g_strsplit (kept->text, "\t", -1);
  Fields f = { fields, g_strv_length (fields), 0, TRUE };
  g_autoptr(EbbAttentionItem) entry = NULL;
  EbbFollowUp found = { kept->patient_id, 0, FALSE };
  guint n_flags;

  found.next_session_day = take_int (&f, 0, G_MAXINT32);
  found.course_ended = take_int (&f, 0, 1);
  if (f.ok && f.next == f.n)
    {
      *follow_up = found;
      *item = NULL;
      return TRUE;
    }

  entry = g_new0 (EbbAttentionItem, 1);
  entry->section = take_int (&f, EBB_ATTENTION_NOW, EBB_ATTENTION_LOST);
  entry->next_session_day = take_int (&f, 0, G_MAXINT32);
  entry->booked = take_int (&f, 0, 1);
  entry->course_ended = take_int (&f, 0, 1);
  entry->latest_scale = take_scale (&f);
  entry->latest_total = take_int (&f, G_MININT, G_MAXINT);
  entry->latest_day = take_int (&f, 0, G_MAXINT32);
  entry->patient = g_new0 (EbbPatient, 1);
  entry->patient->id = kept->patient_id;
  entry->patient->code = take_text (&f);
  entry->patient->name = take_text (&f);
  entry->patient->birth_year = take_int (&f, G_MININT, G_MAXINT);
  entry->patient->preferred_scale = take_text (&f);
  entry->patient->notes = take_text (&f);
  entry->patient->archived = take_int (&f, 0, 1);
  n_flags = take_int (&f, 1, 10000);
  entry->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  for (guint i = 0; f.ok && i < n_flags; i++)
    g_ptr_array_add (entry->flags, take_flag (&f));
  if (!f.ok || f.next != f.n || entry->patient->code == NULL || entry->patient->name == NULL)
    return FALSE;
  /* Owned by the lead flag, as attention_item_new() leaves it. */
  entry->suggestion = ((EbbFlag *) g_ptr_array_index (entry->flags, 0))->suggestion;

  *follow_up = found;
  *item = g_steal_pointer (&entry);
  return TRUE;
}
