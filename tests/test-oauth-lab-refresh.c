/* test-oauth-lab-refresh.c: renewing a saved sign-in (`token`): rotation, concurrent runs,
 * the refresh lock, the token endpoint's deadline, revoked sign-ins
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

/* Signs Alice in with the lab provider after the identity provider's control (as
 * "lifetime=30"). */
static void
login_alice (const char *control)
{
  g_autoptr(Run) login = NULL;

  idp_control (control);
  login = run_cli (NULL, "login", ALICE, "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"));
  g_assert_cmpint (login->status, ==, 0);
}

void
test_refresh (void)
{
  g_autoptr(Run) token = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Item) before = NULL;
  g_autoptr(Item) after = NULL;
  g_autofree char *old_access = NULL;
  g_autofree char *old_refresh = NULL;
  g_autofree char *new_access = NULL;

  if (!lab_available ())
    return;

  /* A token that lives 3 seconds. */
  idp_reset ();
  login_alice ("lifetime=3");
  before = keyring_item (ALICE);
  old_access = g_strdup (json_string (before->secret, "access_token"));
  old_refresh = g_strdup (json_string (before->secret, "refresh_token"));

  g_usleep (4 * G_USEC_PER_SEC);
  g_assert_false (dovecot_accepts (ALICE, old_access));

  /* `token` renews it; the rotated refresh token replaces the old one. */
  idp_control ("lifetime=3600");
  token = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", ALICE, NULL });
  g_assert_cmpint (token->status, ==, 0);
  g_assert_cmpstr (token->err, ==, "");
  g_assert_true (g_str_has_suffix (token->out, "\n"));
  new_access = g_strndup (token->out, strlen (token->out) - 1);
  g_assert_null (strchr (new_access, '\n'));
  remember_secret (new_access);
  g_assert_cmpstr (new_access, !=, old_access);
  g_assert_true (g_str_has_prefix (new_access, "lab-at-"));

  after = keyring_item (ALICE);
  g_assert_cmpuint (after->count, ==, 1);
  g_assert_cmpstr (json_string (after->secret, "access_token"), ==, new_access);
  g_assert_cmpstr (json_string (after->secret, "refresh_token"), !=, old_refresh);
  g_assert_true (g_str_has_prefix (json_string (after->secret, "refresh_token"), "lab-rt-"));
  g_assert_true (dovecot_accepts (ALICE, new_access));

  /* While it is valid, the same token is handed out again. */
  again = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", ALICE, NULL });
  g_assert_cmpint (again->status, ==, 0);
  g_assert_cmpstr (again->out, ==, token->out);
}

/* N `token` runs started at once; returns what each printed (all checked to be valid tokens
 * Dovecot accepts, printed with exit 0 and nothing on stderr: no "sign-in expired"). */
static GPtrArray *
run_concurrent_tokens (guint n)
{
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      GSubprocess *process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                               g_getenv ("MAIL_SETUP_CLI"), "token", ALICE,
                                               "--timeout", "60", NULL);

      g_assert_no_error (error);
      g_ptr_array_add (processes, process);
    }

  for (guint i = 0; i < n; i++)
    {
      GSubprocess *process = g_ptr_array_index (processes, i);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      char *token;

      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_string_append (all_output, err);
      g_test_message ("token run %u → %d %s", i, g_subprocess_get_exit_status (process), err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_assert_true (g_str_has_suffix (out, "\n"));
      token = g_strndup (out, strlen (out) - 1);
      remember_secret (token);
      g_assert_true (g_str_has_prefix (token, "lab-at-"));
      g_ptr_array_add (tokens, token);
    }

  for (guint i = 0; i < n; i++)
    g_assert_true (dovecot_accepts (ALICE, g_ptr_array_index (tokens, i)));
  return tokens;
}

/* Concurrent `token` runs at refresh time, against a provider whose refresh tokens work once
 * and whose reuse of one revokes the whole sign-in (Microsoft, Auth0). */
void
test_concurrent_refresh (void)
{
  g_autoptr(Run) later = NULL;
  g_autoptr(GPtrArray) serial = NULL;
  g_autoptr(GPtrArray) shared = NULL;
  g_autofree char *later_token = NULL;

  if (!lab_available ())
    return;

  idp_reset ();
  idp_control ("rotation=reuse_detection");
  /* Tokens living 30 s are always due (renewed a minute before they end): every run
   * refreshes, one after the other, each with the refresh token the one before saved. */
  login_alice ("lifetime=30");
  serial = run_concurrent_tokens (5);

  /* A later call still renews: no reused refresh token revoked the sign-in. */
  later = run_cli_full (NULL, NULL, NULL, TRUE, (const char *[]) { "token", ALICE, NULL });
  g_assert_cmpint (later->status, ==, 0);
  later_token = g_strndup (later->out, strlen (later->out) - 1);
  remember_secret (later_token);
  g_assert_true (dovecot_accepts (ALICE, later_token));

  /* With long-lived tokens, the first run renews and the others, having waited for it, use
   * the token it saved. */
  idp_control ("lifetime=3600");
  shared = run_concurrent_tokens (5);
  for (guint i = 1; i < shared->len; i++)
    g_assert_cmpstr (g_ptr_array_index (shared, i), ==, g_ptr_array_index (shared, 0));

  idp_reset ();
}

/* While another process holds the account's refresh lock, a run whose token is due waits for
 * it, and at --timeout says that it was waiting for another renewal, not that the sign-in
 * expired. The lock is a private file named by the address's hash. */
void
test_refresh_lock_wait (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "mail-setup", NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, ALICE, -1);
  g_autofree char *name = g_strdup_printf ("refresh-%s.lock", hash);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;
  int fd;

  if (!lab_available ())
    return;

  idp_reset ();
  login_alice ("lifetime=0");

  /* A first renewal (to a token that is due at once again) creates the private directory and
   * the lock file. */
  {
    g_autoptr(Run) token = run_cli_full (NULL, NULL, NULL, TRUE,
                                         (const char *[]) { "token", ALICE, NULL });

    g_assert_cmpint (token->status, ==, 0);
    remember_secret (g_strchomp (token->out));
  }
  g_assert_cmpint (g_lstat (dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Due again, and someone else is renewing. */
  fd = g_open (path, O_RDWR, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  {
    const char *args[] = { "token", ALICE, "--timeout", "3", NULL };
    g_autoptr(Run) run = run_cli_bounded (args);

    assert_diagnosis (run, "oauth-endpoint-timeout");
    g_assert_nonnull (strstr (run->out, "Another Mail Setup command"));
    g_assert_null (strstr (run->out, "expired"));
  }
  close (fd);

  /* Once it is free, the renewal goes on. */
  idp_control ("lifetime=3600");
  {
    g_autoptr(Run) token = run_cli_full (NULL, NULL, NULL, TRUE,
                                         (const char *[]) { "token", ALICE, NULL });

    g_assert_cmpint (token->status, ==, 0);
    g_assert_true (dovecot_accepts (ALICE, g_strchomp (token->out)));
    remember_secret (token->out);
  }
  idp_reset ();
}

/* One deadline covers the token endpoint too: an endpoint dripping a byte every two seconds,
 * or never answering, ends `token`, `test` and `login` at --timeout with a timeout that names
 * the step. */
void
test_token_endpoint_deadline (void)
{
  const char *modes[] = { "drip", "hang" };
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");

  if (!lab_available ())
    return;

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *mode = g_strconcat ("token=", modes[m], NULL);

      /* A saved sign-in whose access token is due. */
      idp_reset ();
      login_alice ("lifetime=0");
      idp_control (mode);

      {
        const char *args[] = { "token", ALICE, "--timeout", "8", NULL };
        g_autoptr(Run) run = run_cli_bounded (args);

        assert_diagnosis (run, "oauth-endpoint-timeout");
        g_assert_cmpstr (json_string (run->json, "diagnosis.stage"), ==, "refresh");
        g_assert_null (strstr (run->err, "expired"));
      }
      {
        const char *args[] = { "test", ALICE, "--provider-file", provider_file, "--ca-file",
                               g_getenv ("MAIL_LAB_CA_FILE"), "--timeout", "8", NULL };
        g_autoptr(Run) run = run_cli_bounded (args);

        assert_diagnosis (run, "oauth-endpoint-timeout");
        g_assert_cmpstr (json_string (run->json, "diagnosis.stage"), ==, "refresh");
      }
      {
        const char *args[] = { "login", BOB, "--provider-file", provider_file, "--timeout", "8",
                               NULL };
        g_autoptr(Run) run = run_cli_bounded (args);

        assert_diagnosis (run, "oauth-endpoint-timeout");
        g_assert_cmpstr (json_string (run->json, "diagnosis.stage"), ==, "token");
      }
    }

  idp_reset ();
  forget_quietly (BOB);
}

/* --timeout is a whole number of seconds from 1 to a day: 0 is refused like -1, and a huge
 * value is refused instead of overflowing to a second. */
void
test_timeout_option (void)
{
  const char *values[] = { "0", "-1", "4294968", "99999999999", "8s" };

  if (!lab_available ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      const char *args[] = { "token", ALICE, "--timeout", values[i], NULL };
      g_autoptr(Run) run = run_cli_bounded (args);

      g_assert_cmpint (run->status, ==, 2);
      g_assert_nonnull (strstr (run->err, "--timeout"));
    }
}

void
test_refresh_revoked (void)
{
  g_autoptr(Run) token = NULL;
  g_autoptr(Run) token2 = NULL;
  g_autoptr(Item) before = NULL;
  g_autoptr(Item) after = NULL;

  if (!lab_available ())
    return;

  /* An access token that is expired at once, then the sign-in revoked at the provider. */
  idp_reset ();
  login_alice ("lifetime=0");
  before = keyring_item (ALICE);
  idp_control ("revoke=" ALICE);

  token = run_cli_full (NULL, NULL, NULL, TRUE,
                        (const char *[]) { "token", ALICE, "--json", NULL });
  g_string_append (all_output, token->out);  /* a failure prints no secret: checked too */
  assert_diagnosis (token, "oauth-refresh-expired");
  g_assert_cmpstr (json_string (token->json, "diagnosis.stage"), ==, "refresh");

  /* The old item is kept as it was: signing in again replaces it. */
  after = keyring_item (ALICE);
  g_assert_nonnull (after);
  g_assert_cmpstr (json_string (after->secret, "refresh_token"), ==,
                   json_string (before->secret, "refresh_token"));
  g_assert_cmpstr (json_string (after->secret, "access_token"), ==,
                   json_string (before->secret, "access_token"));

  /* Text mode: the diagnosis on stderr, nothing on stdout, exit 1. */
  idp_reset ();
  idp_control ("token=invalid_grant");
  token2 = run_cli (NULL, "token", ALICE);
  g_assert_cmpint (token2->status, ==, 1);
  g_assert_cmpstr (token2->out, ==, "");
  g_assert_cmpstr (token2->err, !=, "");
  idp_reset ();
}
