/* test-export-json.c: the settings JSON, read back by our own reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "test-export.h"

void
test_json_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *text = render (fixture->oauth, MAIL_EXPORT_FORMAT_JSON);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MailAccountSettings) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  back = mail_account_settings_from_json (json_parser_get_root (parser), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->email, ==, "alice@example.test");
  g_assert_cmpstr (back->imap->host, ==, "imap.example.test");
  g_assert_cmpint (back->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_true (g_date_time_equal (back->verified_at, fixture->oauth->verified_at));
}

void
check_json (const MailAccountSettings *settings,
            const char                *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mail_export_render (settings, MAIL_EXPORT_FORMAT_JSON, NULL, &error);
  g_autoptr(MailAccountSettings) back = NULL;

  g_assert_no_error (error);
  back = mail_account_settings_from_data (text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->imap->username, ==, user);
  g_assert_cmpstr (back->smtp->username, ==, user);
}
