/* ebb-test-widgets.c — looking into the widget tree, for the window tests
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "ebb-record-section.h"
#include "ebb-test-widgets.h"

/* The first label under @widget, depth first, whose text is @text (or,
 * with @part, contains it). */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text,
            gboolean    part)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child))
        {
          const char *shown = gtk_label_get_text (GTK_LABEL (child));

          if (part ? strstr (shown, text) != NULL : g_str_equal (shown, text))
            return GTK_LABEL (child);
        }
      if ((found = find_label (child, text, part)) != NULL)
        return found;
    }
  return NULL;
}

/**
 * ebb_test_find_label:
 *
 * Returns: (transfer none) (nullable): a label under @widget showing
 *   exactly @text, such as a toast's title
 */
GtkLabel *
ebb_test_find_label (GtkWidget  *widget,
                     const char *text)
{
  return find_label (widget, text, FALSE);
}

/**
 * ebb_test_find_label_containing:
 *
 * Returns: (transfer none) (nullable): a label under @widget whose text
 *   contains @part
 */
GtkLabel *
ebb_test_find_label_containing (GtkWidget  *widget,
                                const char *part)
{
  return find_label (widget, part, TRUE);
}

/**
 * ebb_test_find_button:
 * @widget: where to look, itself included
 * @label: the button's label as set, mnemonic included ("_Discard")
 *
 * Returns: (nullable): the first button in @widget's tree with @label
 */
GtkWidget *
ebb_test_find_button (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ebb_test_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * ebb_test_find_toplevel:
 * @type: a window type
 *
 * Returns: (transfer none) (nullable): a window of @type that is open,
 *   such as a dialog an action presented
 */
gpointer
ebb_test_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return l->data;
    }
  return NULL;
}

/* gtk_test_init() exits when it cannot open a display, so look first, to
 * report a skip the TAP way.  This only looks (no fork, no connection), so
 * that valgrind and the sanitizers see one clean process. */
gboolean
ebb_test_display_available (void)
{
  const char *backend = g_getenv ("GDK_BACKEND");
  const char *display = g_getenv ("DISPLAY");

  if (g_getenv ("WAYLAND_DISPLAY") != NULL &&
      (backend == NULL || !g_str_has_prefix (backend, "x11")))
    return TRUE;

  if (display == NULL || *display == '\0')
    return FALSE;

  /* A local X server (":99") has a socket; a remote one is trusted. */
  if (display[0] == ':')
    {
      g_autofree char *socket = g_strdup_printf ("/tmp/.X11-unix/X%d", atoi (display + 1));

      return g_file_test (socket, G_FILE_TEST_EXISTS);
    }

  return TRUE;
}

static gboolean
records_filled (GtkWidget *widget)
{
  if (EBB_IS_RECORD_SECTION (widget) && gtk_widget_get_mapped (widget) &&
      !ebb_record_section_get_filled (EBB_RECORD_SECTION (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!records_filled (child))
      return FALSE;
  return TRUE;
}

void
ebb_test_wait_for_records (GtkWidget *widget)
{
  while (!records_filled (widget))
    g_main_context_iteration (NULL, TRUE);
}
