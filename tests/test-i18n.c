/* test-i18n.c — the core writes its sentences in the user's language
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A made-up language, "xx" (test-i18n-xx.po, compiled by msgfmt at build
 * time), is installed in a temporary locale folder bound to Ebb's domain
 * and chosen with $LANGUAGE, which gettext honours in every locale but
 * "C" (the tests run in C.UTF-8; no other locale need be installed).  If
 * the core stopped looking its words up, or looked them up in another
 * domain, these sentences would come out in English.
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-date.h"
#include "ebb-test-utils.h"
#include "ebb-trajectory.h"

static char *locale_dir;
static char *catalogue;
static char *messages_locale;   /* LC_MESSAGES as set up, NULL when only "C" */

typedef EbbTestRecords Fixture;

static void
add_session (Fixture          *f,
             const char       *when,
             EbbSessionStatus  status)
{
  ebb_test_add_session (f->sessions, when, status, EBB_PHASE_MAINTENANCE);
}

static EbbRating *
add_rating (Fixture    *f,
            const char *when,
            int         total)
{
  return ebb_test_add_rating (f->ratings, when, "MADRS", total);
}

static const EbbFlag *
first_flag (EbbTrajectory *t,
            EbbFlagKind    kind)
{
  GPtrArray *flags = ebb_trajectory_get_flags (t);

  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);

      if (flag->kind == kind)
        return flag;
    }
  g_assert_not_reached ();
}

static EbbTrajectory *
madrs_trajectory (Fixture    *f,
                  const char *as_of)
{
  return ebb_trajectory_new (f->patient, ebb_scale_lookup ("MADRS"), f->sessions, f->ratings,
                             ebb_date_parse_day (as_of, NULL), NULL);
}

static gboolean
in_xx (void)
{
  if (messages_locale == NULL)
    {
      g_test_skip ("no locale but C, where gettext ignores $LANGUAGE");
      return FALSE;
    }
  g_setenv ("LANGUAGE", "xx", TRUE);
  return TRUE;
}

/* Words from the catalogue's tables (N_() there, translated at use) and
 * a short word with a context. */
static void
test_words (void)
{
  const EbbScale *madrs = ebb_scale_lookup ("MADRS");

  if (!in_xx ())
    return;
  g_assert_cmpstr (ebb_band_get_label (ebb_scale_band_for (madrs, 14)), ==, "xx-mild");
  g_assert_cmpstr (ebb_scale_get_alert_item_label (madrs), ==, "xx-suicidal-thoughts");
  g_assert_cmpstr (ebb_response_status_to_string (EBB_STATUS_RESPONDING), ==, "xx-responding");
  /* Not in the test catalogue: English, as a real partial translation. */
  g_assert_cmpstr (ebb_response_status_to_string (EBB_STATUS_REMISSION), ==, "remission");
  /* Words for files never change. */
  g_assert_cmpstr (ebb_flag_kind_to_string (EBB_FLAG_FADED), ==, "faded");
}

static void
test_error (void)
{
  g_autoptr(GError) error = NULL;

  if (!in_xx ())
    return;
  g_assert_cmpint (ebb_date_parse_day ("soon", &error), ==, 0);
  g_assert_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "xx: soon? YYYY-MM-DD!");
}

/* The rules' own fade example (test-trajectory.c), with a nadir of 11 so
 * that the rise and the nadir are different numbers: worked by hand, the
 * baseline is 32 (2026-02-19, the latest rating before T0 2026-02-20),
 * response needs 16 or less (half of 32); 11 on 2026-03-04 responds and
 * is the episode's nadir; 24 on 2026-03-12 does not respond and is 13
 * above 11, at least MADRS's meaningful change of 6: a fade, 4 days before
 * the session booked for 2026-03-16.  Then 1 day early, with the next
 * session brought forward.  The translation puts the arguments of the
 * sentence and of the two phrases built into it in another order, and
 * picks the plural form by the days. */
static void
add_fade (Fixture *f)
{
  add_session (f, "2026-02-20", EBB_SESSION_DONE);
  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  add_session (f, "2026-03-16", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-02-19", 32);
  add_rating (f, "2026-03-04", 11);
  add_rating (f, "2026-03-12", 24);
}

static void
test_fade_detail (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  g_autoptr(EbbTrajectory) sooner = NULL;

  if (!in_xx ())
    return;
  add_fade (f);

  t = madrs_trajectory (f, "2026-03-13");
  g_assert_cmpstr (first_flag (t, EBB_FLAG_FADED)->detail, ==,
                   "xx: 2026-03-12, 4 days before 2026-03-16, after 2026-03-02 "
                   "[xx MADRS 24 = nadir 11 + 13; xx-need B/2 32 → ≤ 16]");

  g_assert_true (ebb_session_set_when (g_ptr_array_index (f->sessions, 2), "2026-03-13", NULL));
  sooner = madrs_trajectory (f, "2026-03-12");
  g_assert_cmpstr (first_flag (sooner, EBB_FLAG_FADED)->detail, ==,
                   "xx: 2026-03-12, one day (1) before 2026-03-13, after 2026-03-02 "
                   "[xx MADRS 24 = nadir 11 + 13; xx-need B/2 32 → ≤ 16]");
}

/* The alert item's label comes from the scale catalogue's table.  Item 10
 * is 4, at or above MADRS's alert level of 2 (§1). */
static void
test_suicide_item_detail (Fixture       *f,
                          gconstpointer  data)
{
  const int items[10] = { 3, 3, 3, 3, 3, 3, 3, 3, 0, 4 };   /* item 10 = 4 */
  g_autoptr(EbbTrajectory) t = NULL;

  if (!in_xx ())
    return;
  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  ebb_rating_set_items (add_rating (f, "2026-03-01", 28), items, 10);

  t = madrs_trajectory (f, "2026-03-10");
  g_assert_cmpstr (first_flag (t, EBB_FLAG_SUICIDE_ITEM)->detail, ==,
                   "xx MADRS #10 (xx-suicidal-thoughts) = 4 @ 2026-03-01 ≥ 2");
}

/* What `ebb-cli flags --format csv|json` relies on: with LC_MESSAGES set
 * to "C", gettext ignores $LANGUAGE and the rules write English. */
static void
test_c_messages_are_english (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  if (!in_xx ())
    return;
  add_fade (f);

  g_assert_nonnull (setlocale (LC_MESSAGES, "C"));
  t = madrs_trajectory (f, "2026-03-13");
  g_assert_nonnull (setlocale (LC_MESSAGES, messages_locale));
  g_assert_cmpstr (first_flag (t, EBB_FLAG_FADED)->detail, ==,
                   "Response to the 2026-03-02 session faded by 2026-03-12, 4 days before the session on "
                   "2026-03-16: MADRS 24, 13 points above the lowest of 11; response needs 16 or less "
                   "(half of baseline 32).");
  g_assert_cmpstr (ebb_response_status_to_string (EBB_STATUS_RESPONDING), ==, "xx-responding");
}

/* xx/LC_MESSAGES/ebb.mo in a new folder, bound to Ebb's domain. */
static void
install_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "test-i18n-xx.mo", NULL);
  g_autofree char *messages_dir = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  locale_dir = g_dir_make_tmp ("ebb-test-i18n-XXXXXX", &error);
  g_assert_no_error (error);
  messages_dir = g_build_filename (locale_dir, "xx", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages_dir, 0700), ==, 0);
  catalogue = g_build_filename (messages_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_file_get_contents (built, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (catalogue, contents, length, &error);
  g_assert_no_error (error);

  g_assert_nonnull (bindtextdomain (GETTEXT_PACKAGE, locale_dir));
  g_assert_nonnull (bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8"));
}

static void
remove_catalogue (void)
{
  g_autofree char *messages_dir = g_path_get_dirname (catalogue);
  g_autofree char *language_dir = g_path_get_dirname (messages_dir);

  g_remove (catalogue);
  g_rmdir (messages_dir);
  g_rmdir (language_dir);
  g_rmdir (locale_dir);
  g_clear_pointer (&catalogue, g_free);
  g_clear_pointer (&locale_dir, g_free);
}

/* The environment's locale (C.UTF-8 under meson test), or C.UTF-8 when it
 * is plain C: any locale but "C" lets $LANGUAGE choose the catalogue. */
static void
set_up_locale (void)
{
  const char *messages;

  setlocale (LC_ALL, "");
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    messages = setlocale (LC_ALL, "C.UTF-8");
  messages_locale = messages != NULL ? g_strdup (messages) : NULL;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  set_up_locale ();
  install_catalogue ();

  g_test_add_func ("/i18n/words", test_words);
  g_test_add_func ("/i18n/error", test_error);
  g_test_add ("/i18n/fade-detail", Fixture, NULL, ebb_test_records_set_up, test_fade_detail, ebb_test_records_tear_down);
  g_test_add ("/i18n/suicide-item-detail", Fixture, NULL, ebb_test_records_set_up, test_suicide_item_detail,
              ebb_test_records_tear_down);
  g_test_add ("/i18n/c-messages-are-english", Fixture, NULL, ebb_test_records_set_up, test_c_messages_are_english,
              ebb_test_records_tear_down);

  status = g_test_run ();
  remove_catalogue ();
  g_free (messages_locale);
  return status;
}
