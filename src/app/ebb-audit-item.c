/* ebb-audit-item.c — one entry of the audit trail as a list item
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trail keeps each entry as the store wrote it: the row before and
 * after as flat JSON, and since schema 5 who made it and on which
 * computer.  A patient's trail also lists the imports that brought the
 * patient's records, one entry each for all the rows they added; these
 * say which files, and how many of each kind of record came in.
 */
#define G_LOG_DOMAIN "ebb-audit-item"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ebb-audit-item.h"
#include "ebb-record-items.h"

struct _EbbAuditItem
{
  GObject  parent_instance;

  char    *at;           /* local time, sortable */
  char    *at_display;   /* local time, for reading */
  char    *action;
  char    *who;          /* "alice on reception-pc", or "" when not recorded */
  char    *what;
};

G_DEFINE_FINAL_TYPE (EbbAuditItem, ebb_audit_item, G_TYPE_OBJECT)

enum {
  AUDIT_PROP_0,
  AUDIT_PROP_AT,
  AUDIT_PROP_AT_DISPLAY,
  AUDIT_PROP_ACTION,
  AUDIT_PROP_WHO,
  AUDIT_PROP_WHAT,
  AUDIT_N_PROPS
};

static GParamSpec *audit_properties[AUDIT_N_PROPS];

static void
ebb_audit_item_finalize (GObject *object)
{
  EbbAuditItem *self = EBB_AUDIT_ITEM (object);

  g_clear_pointer (&self->at, g_free);
  g_clear_pointer (&self->at_display, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->who, g_free);
  g_clear_pointer (&self->what, g_free);

  G_OBJECT_CLASS (ebb_audit_item_parent_class)->finalize (object);
}

static void
ebb_audit_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EbbAuditItem *self = EBB_AUDIT_ITEM (object);

  switch (prop_id)
    {
    case AUDIT_PROP_AT:
      g_value_set_string (value, self->at);
      break;

    case AUDIT_PROP_AT_DISPLAY:
      g_value_set_string (value, self->at_display);
      break;

    case AUDIT_PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    case AUDIT_PROP_WHO:
      g_value_set_string (value, self->who);
      break;

    case AUDIT_PROP_WHAT:
      g_value_set_string (value, self->what);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_audit_item_class_init (EbbAuditItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ebb_audit_item_finalize;
  object_class->get_property = ebb_audit_item_get_property;

  audit_properties[AUDIT_PROP_AT] =
    g_param_spec_string ("at", NULL, NULL, NULL, flags);
  audit_properties[AUDIT_PROP_AT_DISPLAY] =
    g_param_spec_string ("at-display", NULL, NULL, NULL, flags);
  audit_properties[AUDIT_PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL, flags);
  audit_properties[AUDIT_PROP_WHO] =
    g_param_spec_string ("who", NULL, NULL, NULL, flags);
  audit_properties[AUDIT_PROP_WHAT] =
    g_param_spec_string ("what", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, AUDIT_N_PROPS, audit_properties);
}

static void
ebb_audit_item_init (EbbAuditItem *self)
{
}

/* Reads one member of the flat JSON objects the store writes into the
 * audit trail: strings (with the usual escapes), numbers and null.  The
 * store is the only writer, so no general parser is needed. */
static char *
json_member (const char *json,
             const char *name)
{
  g_autofree char *key = NULL;
  const char *p;
  GString *value;

  if (json == NULL)
    return NULL;

  key = g_strdup_printf ("\"%s\":", name);
  p = strstr (json, key);
  if (p == NULL)
    return NULL;
  p += strlen (key);
  while (*p == ' ')
    p++;

  if (*p != '"')
    {
      const char *end = p;

      while (*end != '\0' && *end != ',' && *end != '}')
        end++;
      if (end - p == 4 && strncmp (p, "null", 4) == 0)
        return NULL;
      return g_strndup (p, end - p);
    }

  value = g_string_new (NULL);
  for (p++; *p != '\0' && *p != '"'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          switch (*p)
            {
            case 'n': g_string_append_c (value, ' '); break;
            case 't': g_string_append_c (value, ' '); break;
            case 'u':
              {
                char hex[5] = { 0 };

                if (strlen (p + 1) < 4)
                  break;
                memcpy (hex, p + 1, 4);
                g_string_append_unichar (value, (gunichar) g_ascii_strtoull (hex, NULL, 16));
                p += 4;
              }
              break;
            default: g_string_append_c (value, *p); break;
            }
        }
      else
        g_string_append_c (value, *p);
    }
  return g_string_free (value, FALSE);
}

/* "a", "a and b", "a, b and c" */
static char *
join_words (GPtrArray *words)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      if (i > 0)
        /* Translators: between the last two items of a list, "12 ratings and 3 sessions" */
        g_string_append (out, i + 1 == words->len ? _(" and ") : ", ");
      g_string_append (out, g_ptr_array_index (words, i));
    }
  return g_string_free (out, FALSE);
}

static guint
json_count (const char *json,
            const char *key)
{
  g_autofree char *text = json_member (json, key);
  guint64 n = text != NULL ? g_ascii_strtoull (text, NULL, 10) : 0;

  return (guint) MIN (n, G_MAXUINT);
}

/* An import is one entry for all the rows it added (ebb-import.c): its
 * files by name, and what the whole import brought, since the entry is
 * shared by every patient whose records came with it. */
static char *
describe_import (const char *json)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *files = NULL;
  g_autofree char *what = NULL;
  guint n;

  for (guint i = 1; ; i++)
    {
      g_autofree char *key = g_strdup_printf ("file%u", i);
      g_autofree char *path = json_member (json, key);

      if (path == NULL)
        break;
      g_ptr_array_add (names, g_path_get_basename (path));
    }

  /* Imports before schema version 7 counted their ratings as "ratings_added". */
  n = json_count (json, "ratings_added") + json_count (json, "scores_added");
  if (n > 0)
    g_ptr_array_add (counts, g_strdup_printf (ngettext ("%u rating", "%u ratings", n), n));
  if ((n = json_count (json, "sessions_added")) > 0)
    g_ptr_array_add (counts, g_strdup_printf (ngettext ("%u session", "%u sessions", n), n));
  if ((n = json_count (json, "patients_added")) > 0)
    g_ptr_array_add (counts, g_strdup_printf (ngettext ("%u new patient", "%u new patients", n), n));
  if ((n = json_count (json, "patients_updated")) > 0)
    g_ptr_array_add (counts, g_strdup_printf (ngettext ("%u patient changed", "%u patients changed", n), n));
  if ((n = json_count (json, "course_ends_added")) > 0)
    g_ptr_array_add (counts, g_strdup_printf (ngettext ("%u end of a course", "%u ends of courses", n), n));
  if ((n = json_count (json, "events_added")) > 0)
    g_ptr_array_add (counts, g_strdup_printf (ngettext ("%u event", "%u events", n), n));

  files = names->len > 0 ? join_words (names) : g_strdup (_("files"));
  if (counts->len == 0)
    /* Translators: an audit row, "Imported from sessions.csv and scores.csv" */
    return g_strdup_printf (_("Imported from %s"), files);
  what = join_words (counts);
  /* Translators: an audit row, "Imported from scores.csv (12 ratings and 3
   * sessions in all)": the counts are the whole import's, for every patient */
  return g_strdup_printf (_("Imported from %s (%s in all)"), files, what);
}

static char *
describe_audit_row (const EbbAuditEntry *entry)
{
  const char *json = entry->after != NULL ? entry->after : entry->before;
  g_autofree char *stored_at = NULL;
  g_autofree char *at = NULL;

  if (g_strcmp0 (entry->action, "import") == 0)
    return describe_import (entry->after);

  stored_at = json_member (json, "at");
  at = stored_at != NULL ? ebb_format_when (stored_at) : NULL;

  /* Entries written before schema version 7 name the table "score". */
  if (g_strcmp0 (entry->table_name, "rating") == 0 || g_strcmp0 (entry->table_name, "score") == 0)
    {
      g_autofree char *scale = json_member (json, "scale");
      g_autofree char *total = json_member (json, "total");

      /* Translators: an audit row, e.g. "Rating MADRS 24 on 2026-11-02" */
      return g_strdup_printf (_("Rating %s %s on %s"), scale ? scale : "?", total ? total : "?",
                              at ? at : "?");
    }
  if (g_strcmp0 (entry->table_name, "session") == 0)
    {
      g_autofree char *status = json_member (json, "status");
      g_autofree char *phase = json_member (json, "phase");
      g_autofree char *route = json_member (json, "route");
      EbbSessionStatus s = EBB_SESSION_DONE;
      EbbPhase ph = EBB_PHASE_INDUCTION;
      EbbRoute r = EBB_ROUTE_IV;
      gboolean known = ebb_session_status_from_string (status, &s) &&
                       ebb_phase_from_string (phase, &ph) &&
                       ebb_route_from_string (route, &r);

      if (!known)
        return g_strdup_printf (_("Session on %s"), at ? at : "?");
      /* Translators: an audit row, e.g. "Session on 2026-11-02 (Done, Maintenance, IV)" */
      return g_strdup_printf (_("Session on %s (%s, %s, %s)"), at ? at : "?",
                              ebb_session_status_to_title (s), ebb_phase_to_title (ph),
                              ebb_route_to_title (r));
    }
  if (g_strcmp0 (entry->table_name, "event") == 0)
    {
      g_autofree char *date = json_member (json, "date");
      g_autofree char *kind_text = json_member (json, "kind");
      g_autofree char *day = date != NULL ? ebb_format_when (date) : NULL;
      EbbEventKind kind;

      if (!ebb_event_kind_from_string (kind_text, &kind))
        return g_strdup_printf (_("Event on %s"), day ? day : "?");
      /* Translators: an audit row, e.g. "Event on 2026-11-02 (hospitalisation)" */
      return g_strdup_printf (_("Event on %s (%s)"), day ? day : "?", ebb_event_kind_to_label (kind));
    }
  if (g_strcmp0 (entry->table_name, "patient") == 0)
    {
      g_autofree char *code = json_member (json, "code");
      g_autofree char *name = json_member (json, "name");

      /* Translators: an audit row, e.g. "Patient K-0042 (Jane Doe)" */
      return g_strdup_printf (_("Patient %s (%s)"), code ? code : "?", name ? name : "");
    }
  return g_strdup (entry->table_name);
}

static const char *
action_display (const char *action)
{
  if (g_strcmp0 (action, "insert") == 0)
    return _("Added");
  if (g_strcmp0 (action, "update") == 0)
    return _("Changed");
  if (g_strcmp0 (action, "delete") == 0)
    return _("Deleted");
  if (g_strcmp0 (action, "import") == 0)
    return _("Imported");
  if (g_strcmp0 (action, "backup") == 0)
    return _("Backed up");
  if (g_strcmp0 (action, "restore") == 0)
    return _("Restored");
  return action;
}

/* Entries written before schema 5 recorded neither. */
static char *
describe_who (const EbbAuditEntry *entry)
{
  const char *user = entry->user_name != NULL && *entry->user_name != '\0' ? entry->user_name : NULL;
  const char *host = entry->host_name != NULL && *entry->host_name != '\0' ? entry->host_name : NULL;

  if (user != NULL && host != NULL)
    /* Translators: who made an audit entry, and on which computer: "alice on reception-pc" */
    return g_strdup_printf (_("%s on %s"), user, host);
  if (user != NULL)
    return g_strdup (user);
  if (host != NULL)
    /* Translators: the computer an audit entry was made on, when the user is not known */
    return g_strdup_printf (_("on %s"), host);
  return g_strdup ("");
}

EbbAuditItem *
ebb_audit_item_new (const EbbAuditEntry *entry)
{
  EbbAuditItem *self;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (EBB_TYPE_AUDIT_ITEM, NULL);

  /* The trail is written in UTC; the clinic reads local time.  The
   * format keeps the text sortable. */
  if (entry->at != NULL)
    utc = g_date_time_new_from_iso8601 (entry->at, zone);
  if (utc != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      g_autofree char *day = NULL;

      self->at = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
      /* Translators: a date as strftime() writes it; with and without the year */
      day = g_date_time_format (local, _("%a %-d %b %Y"));
      /* Translators: a date and a time of day, "Tue 1 Dec 2026, 10:00" */
      self->at_display = g_strdup_printf (_("%s, %02d:%02d"), day,
                                          g_date_time_get_hour (local), g_date_time_get_minute (local));
    }
  else
    {
      self->at = g_strdup (entry->at);
      self->at_display = g_strdup (entry->at);
    }

  self->action = g_strdup (action_display (entry->action));
  self->who = describe_who (entry);
  self->what = describe_audit_row (entry);
  return self;
}
