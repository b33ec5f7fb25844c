/* test-oauth-lab-accounts.c: shared and delegated mailboxes, and sign-in health
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "oauth-lab.h"

#define SHARED "shared@example.test"
#define SHARED_AS_ALICE SHARED "*" ALICE

/* Signed in as Alice, mailbox shared@: the token is Alice's, the mailbox the shared one; the
 * server lets it in only while Alice has been granted access (the lab's Dovecot: a master user
 * "shared*alice" whose token the identity provider accepts for delegates). The check, `token`,
 * `accounts` and the exports carry both. */
void
test_shared_mailbox (void)
{
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");
  const char *ca_file = g_getenv ("MAIL_LAB_CA_FILE");
  g_autoptr(Run) login = NULL;
  g_autoptr(Run) denied = NULL;
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) token = NULL;
  g_autoptr(Run) accounts = NULL;
  g_autoptr(Run) mbsync = NULL;
  g_autoptr(Run) own = NULL;
  g_autoptr(Run) password = NULL;
  g_autoptr(Item) item = NULL;
  g_autofree char *access = NULL;
  JsonArray *list;
  gboolean found = FALSE;

  if (!lab_available ())
    return;

  idp_reset ();
  forget_quietly (SHARED);

  login = run_cli (NULL, "login", ALICE, "--shared", SHARED, "--provider-file", provider_file,
                   "--json");
  g_assert_cmpint (login->status, ==, 0);
  g_assert_cmpstr (json_string (login->json, "email"), ==, SHARED);
  g_assert_cmpstr (json_string (login->json, "signed_in_as"), ==, ALICE);

  item = keyring_item (SHARED);
  g_assert_nonnull (item);
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "email"), ==, SHARED);
  g_assert_cmpstr (json_string (item->secret, "signed_in_as"), ==, ALICE);
  access = g_strdup (json_string (item->secret, "access_token"));
  g_assert_true (g_str_has_prefix (access, "lab-at-"));

  /* Not granted yet: authenticated as Alice, but not into the shared mailbox. */
  g_assert_false (dovecot_accepts (SHARED_AS_ALICE, access));
  denied = run_cli (NULL, "test", SHARED, "--provider-file", provider_file, "--ca-file", ca_file,
                    "--no-smtp", "--json");
  g_assert_cmpint (denied->status, !=, 0);
  g_assert_nonnull (strstr (denied->out, "\"shared-mailbox-denied\""));
  g_assert_nonnull (strstr (denied->out, "FullAccess"));

  /* The administrator grants Alice access: the same token now opens the shared mailbox, and
   * still not as the mailbox's own user. */
  idp_control ("delegate=" ALICE);
  g_assert_true (dovecot_accepts (SHARED_AS_ALICE, access));
  g_assert_false (dovecot_accepts (SHARED, access));
  check = run_cli (NULL, "test", SHARED, "--provider-file", provider_file, "--ca-file", ca_file,
                   "--json");
  g_assert_cmpint (check->status, ==, 0);

  /* `token SHARED` hands out Alice's token. */
  token = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", SHARED, NULL });
  g_assert_cmpint (token->status, ==, 0);
  g_assert_true (g_str_has_prefix (token->out, access));

  accounts = run_cli (NULL, "accounts", "--json");
  list = json_object_get_array_member (json_node_get_object (accounts->json), "accounts");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "email"), SHARED) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "signed_in_as"), ==, ALICE);
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* The export: the shared mailbox's user name, Alice's token through `token SHARED`. */
  mbsync = run_cli (NULL, "export", SHARED, "--format", "mbsync");
  g_assert_cmpint (mbsync->status, ==, 0);
  g_assert_nonnull (strstr (mbsync->out, SHARED_AS_ALICE));
  g_assert_nonnull (strstr (mbsync->out, "token " SHARED));
  {
    /* Every other format names the delegated user too (aerc escapes it in its URL). */
    static const char *const formats[] = { "thunderbird", "msmtp", "neomutt", "aerc", "json" };

    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      {
        g_autoptr(Run) export = run_cli (NULL, "export", SHARED, "--format", formats[i]);

        g_test_message ("export --format %s", formats[i]);
        g_assert_cmpint (export->status, ==, 0);
        g_assert_true (strstr (export->out, SHARED_AS_ALICE) != NULL ||
                       strstr (export->out, "shared%40example.test%2Aalice%40example.test") !=
                       NULL);
      }
  }

  /* --shared is for OAuth2 sign-in, and for another mailbox. */
  own = run_cli (NULL, "login", ALICE, "--shared", ALICE, "--provider-file", provider_file,
                 "--json");
  g_assert_cmpint (own->status, ==, 2);
  password = run_cli ("secret\n", "login", ALICE, "--shared", SHARED, "--provider-file",
                      provider_file, "--password-stdin", "--json");
  g_assert_cmpint (password->status, ==, 2);

  forget_quietly (SHARED);
  idp_reset ();
}

/* --- sign-in health ------------------------------------------------------------------------ */

/* Rewrites one number of the account's keyring secret (as time passing would). */
static void
keyring_set_int (Item       *item,
                 const char *name,
                 gint64      value)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, val;

  json_object_set_int_member (json_node_get_object (item->secret), name, value);
  json_generator_set_root (generator, item->secret);
  text = json_generator_to_data (generator, NULL);

  g_hash_table_iter_init (&iter, item->attributes);
  while (g_hash_table_iter_next (&iter, &key, &val))
    if (!g_str_equal (key, "xdg:schema"))
      g_hash_table_insert (attributes, key, val);
  g_assert_true (secret_password_storev_sync (account_schema (), attributes,
                                              SECRET_COLLECTION_DEFAULT, item->label, text, NULL,
                                              &error));
  g_assert_no_error (error);
}

static JsonObject *
accounts_entry (Run        *run,
                const char *email)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (run->json), "accounts");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "email"), email) == 0)
        return entry;
    }
  g_assert_not_reached ();
}

/* `accounts` says when each sign-in was last refreshed and when it will or may end (the lab
 * provider has Google's "Testing" rule, 7 days, and Microsoft's 90 days unused); `test` and
 * `accounts` warn when that is near; a refresh moves "refreshed". */
void
test_sign_in_health (void)
{
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");
  g_autoptr(Run) login = NULL;
  g_autoptr(Run) fresh = NULL;
  g_autoptr(Run) near = NULL;
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) text = NULL;
  g_autoptr(Run) token = NULL;
  g_autoptr(Item) item = NULL;
  g_autoptr(Item) aged = NULL;
  g_autoptr(Item) after = NULL;
  JsonObject *entry;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 signed_in;

  if (!lab_available ())
    return;

  idp_reset ();
  idp_control ("lifetime=3");
  forget_quietly (ALICE);
  login = run_cli (NULL, "login", ALICE, "--provider-file", provider_file);
  g_assert_cmpint (login->status, ==, 0);

  item = keyring_item (ALICE);
  signed_in = json_object_get_int_member (json_node_get_object (item->secret), "signed_in_at");
  g_assert_cmpint (signed_in, >=, now - 60);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (item->secret),
                                               "refreshed_at"), ==, signed_in);

  fresh = run_cli (NULL, "accounts", "--provider-file", provider_file, "--json");
  entry = accounts_entry (fresh, ALICE);
  g_assert_nonnull (json_object_get_string_member (entry, "refreshed_at"));
  g_assert_cmpstr (json_object_get_string_member (entry, "sign_in_end"), ==, "testing-app");
  g_assert_nonnull (json_object_get_string_member (entry, "sign_in_ends_at"));
  g_assert_true (json_object_get_null_member (entry, "warning"));

  /* Six and a half days later: two warnings ahead of the end. */
  keyring_set_int (item, "signed_in_at", signed_in - 6 * 24 * 3600 - 12 * 3600);
  near = run_cli (NULL, "accounts", "--provider-file", provider_file, "--json");
  entry = accounts_entry (near, ALICE);
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "warning"), ALICE));
  check = run_cli (NULL, "test", ALICE, "--provider-file", provider_file, "--ca-file",
                   g_getenv ("MAIL_LAB_CA_FILE"), "--json");
  g_assert_nonnull (json_string (check->json, "warning"));
  g_assert_nonnull (strstr (json_string (check->json, "warning"), "may end"));
  text = run_cli (NULL, "accounts", "--provider-file", provider_file);
  g_assert_nonnull (strstr (text->out, "sign-in may end"));

  /* A refresh: "refreshed" moves, the sign-in itself stays. */
  aged = keyring_item (ALICE);
  g_usleep (4 * G_USEC_PER_SEC);
  idp_control ("lifetime=3600");
  token = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", ALICE, NULL });
  g_assert_cmpint (token->status, ==, 0);
  {
    g_autofree char *value = g_strndup (token->out, strlen (token->out) - 1);

    remember_secret (value);
  }
  after = keyring_item (ALICE);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (after->secret),
                                               "refreshed_at"), >,
                   json_object_get_int_member (json_node_get_object (aged->secret),
                                               "refreshed_at"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (after->secret),
                                               "signed_in_at"), ==,
                   signed_in - 6 * 24 * 3600 - 12 * 3600);
  idp_reset ();
}
