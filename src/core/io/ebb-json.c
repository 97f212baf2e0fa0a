/* ebb-json.c — writing JSON strings
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ebb writes small JSON documents by hand (the audit trail's row
 * snapshots, `ebb-cli flags --format json`); this is their one escaper.
 */
#define G_LOG_DOMAIN "ebb-json"

#include "config.h"

#include "ebb-json.h"

/**
 * ebb_json_append_string:
 * @json: where to append
 * @text: (nullable): the string, or %NULL for JSON null
 *
 * Appends @text as a quoted JSON string with every character that JSON
 * requires escaped.
 */
void
ebb_json_append_string (GString    *json,
                        const char *text)
{
  if (text == NULL)
    {
      g_string_append (json, "null");
      return;
    }

  g_string_append_c (json, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (json, "\\\""); break;
        case '\\': g_string_append (json, "\\\\"); break;
        case '\b': g_string_append (json, "\\b"); break;
        case '\f': g_string_append (json, "\\f"); break;
        case '\n': g_string_append (json, "\\n"); break;
        case '\r': g_string_append (json, "\\r"); break;
        case '\t': g_string_append (json, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (json, "\\u%04x", c);
          else
            g_string_append_c (json, (char) c);
          break;
        }
    }
  g_string_append_c (json, '"');
}
