/* bench-probe.c: the full IMAP check (TLS, XOAUTH2, EXAMINE, LOGOUT) against the lab's Dovecot,
 * beside curl doing the same sign-in and EXAMINE; and the peak RSS of `mail-setup-cli test`.
 * Prints figures; asserts nothing about speed (performance is read, not gated).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gio/gio.h>
#include <libsoup/soup.h>

#include "mail-probe.h"

#define RUNS 15

static char *
base64url (const guchar *data,
           gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *pad;

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  pad = strchr (text, '=');
  if (pad != NULL)
    *pad = '\0';
  return text;
}

/* The lab idp auto-approves: GET /authorize gives the code in a 302, POST /token the token. */
static char *
mint_token (void)
{
  const char *idp = g_getenv ("MAIL_LAB_IDP_URL");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) authorize = NULL;
  g_autoptr(SoupMessage) token = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GUri) location = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *url = NULL;
  g_autofree char *form = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint32 random[8];
  guchar digest[32];
  gsize digest_len = sizeof digest;
  const char *start, *end;

  /* A benchmark's throwaway sign-in: GLib's generator is enough here (not for the app). */
  for (guint i = 0; i < G_N_ELEMENTS (random); i++)
    random[i] = g_random_int ();
  verifier = base64url ((const guchar *) random, sizeof random);
  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);
  challenge = base64url (digest, digest_len);

  url = g_strdup_printf ("%s/authorize?response_type=code&client_id=lab-client"
                         "&redirect_uri=http%%3A%%2F%%2F127.0.0.1%%3A9%%2F&scope=imap"
                         "&state=bench&code_challenge=%s&code_challenge_method=S256"
                         "&login_hint=alice%%40example.test", idp, challenge);
  authorize = soup_message_new ("GET", url);
  soup_message_add_flags (authorize, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, authorize, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (authorize), ==, 302);
  location = g_uri_parse (soup_message_headers_get_one (soup_message_get_response_headers (authorize),
                                                        "Location"), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  query = g_uri_parse_params (g_uri_get_query (location), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&body, g_bytes_unref);

  form = soup_form_encode ("grant_type", "authorization_code",
                           "code", g_hash_table_lookup (query, "code"),
                           "client_id", "lab-client",
                           "redirect_uri", "http://127.0.0.1:9/",
                           "code_verifier", verifier, NULL);
  token = soup_message_new_from_encoded_form ("POST", g_strdup_printf ("%s/token", idp),
                                              g_steal_pointer (&form));
  body = soup_session_send_and_read (session, token, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (token), ==, 200);

  /* {"access_token":"lab-at-...", ...}: the one field needed here. */
  start = strstr (g_bytes_get_data (body, NULL), "\"access_token\":\"");
  g_assert_nonnull (start);
  start += strlen ("\"access_token\":\"");
  end = strchr (start, '"');
  return g_strndup (start, end - start);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MailCheckResult **out = user_data;

  *out = mail_probe_run_finish (MAIL_PROBE (object), result, NULL);
}

static double
run_probe_once (const char   *token,
                GTlsDatabase *database)
{
  g_autoptr(MailServer) server = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *mechanisms[] = { "XOAUTH2", NULL };
  gint64 start;

  server = mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                            atoi (g_getenv ("MAIL_LAB_IMAPS_PORT")), MAIL_SECURITY_TLS);
  server->username = g_strdup ("alice@example.test");
  server->auth = MAIL_AUTH_OAUTH2;
  probe = mail_probe_new (server, "alice@example.test");
  mail_probe_set_credential (probe, MAIL_AUTH_OAUTH2, token);
  mail_probe_set_mechanisms (probe, mechanisms);
  mail_probe_set_tls_database (probe, database);

  start = g_get_monotonic_time ();
  mail_probe_run_async (probe, NULL, probe_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (result->ok);
  g_assert_cmpstr (result->mechanism, ==, "XOAUTH2");
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Runs argv with stdin_text, returns wall milliseconds; *max_rss_kb gets the child's peak. */
static double
run_process (const char * const *argv,
             const char         *stdin_text,
             long               *max_rss_kb)
{
  struct rusage usage;
  GPid pid;
  int in_fd, status;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                            G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, &pid, &in_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  if (stdin_text != NULL)
    g_assert_cmpint (write (in_fd, stdin_text, strlen (stdin_text)), ==, strlen (stdin_text));
  close (in_fd);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  if (max_rss_kb != NULL)
    *max_rss_kb = usage.ru_maxrss;
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer_input = NULL;
  g_autofree char *imap_arg = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  double in_process[RUNS], cli[RUNS], curl[RUNS];
  double m_probe, m_cli, m_curl;
  long rss_kb = 0, peak_kb = 0, curl_kb = 0, curl_peak_kb = 0;

  if (g_getenv ("MAIL_LAB_IMAPS_PORT") == NULL)
    {
      printf ("1..0 # SKIP the lab is not running (use tests/lab/with-lab.sh)\n");
      return 0;
    }

  token = mint_token ();
  database = g_tls_file_database_new (g_getenv ("MAIL_LAB_CA_FILE"), &error);
  g_assert_no_error (error);

  url = g_strdup_printf ("imaps://localhost:%s/INBOX", g_getenv ("MAIL_LAB_IMAPS_PORT"));
  imap_arg = g_strdup_printf ("localhost:%s", g_getenv ("MAIL_LAB_IMAPS_PORT"));
  bearer_input = g_strdup_printf ("%s\n", token);

  for (guint i = 0; i < RUNS; i++)
    {
      /* curl reads the token from a config file on stdin, not from its command line. */
      g_autofree char *curl_config = g_strdup_printf ("oauth2-bearer = \"%s\"\n", token);
      const char *curl_argv[] = { "curl", "-s", "--ssl-reqd", "--cacert",
                                  g_getenv ("MAIL_LAB_CA_FILE"), "-u", "alice@example.test",
                                  "-K", "-", "-X", "EXAMINE INBOX", url, NULL };
      const char *cli_argv[] = { g_getenv ("MAIL_SETUP_CLI"), "test", "alice@example.test",
                                 "--imap", imap_arg, "--imap-security", "tls", "--no-smtp",
                                 "--auth", "oauth2", "--token-stdin", "--ca-file",
                                 g_getenv ("MAIL_LAB_CA_FILE"), NULL };

      in_process[i] = run_probe_once (token, database);
      curl[i] = run_process (curl_argv, curl_config, &curl_kb);
      curl_peak_kb = MAX (curl_peak_kb, curl_kb);
      cli[i] = run_process (cli_argv, bearer_input, &rss_kb);
      peak_kb = MAX (peak_kb, rss_kb);
    }

  m_probe = median (in_process, RUNS);
  m_cli = median (cli, RUNS);
  m_curl = median (curl, RUNS);

  printf ("IMAP check (TLS, XOAUTH2, EXAMINE, LOGOUT) against the lab's Dovecot, %d runs:\n", RUNS);
  printf ("  MailProbe in process:        median %7.1f ms\n", m_probe);
  printf ("  mail-setup-cli test process: median %7.1f ms\n", m_cli);
  printf ("  curl --oauth2-bearer:        median %7.1f ms\n", m_curl);
  printf ("  ratio mail-setup-cli / curl: %.2f (target: <= 1.00)\n", m_cli / m_curl);
  printf ("  ratio MailProbe / curl:      %.2f\n", m_probe / m_curl);
  printf ("  peak RSS of mail-setup-cli test: %.1f MB (target: < 10 MB)\n", peak_kb / 1024.0);
  printf ("  peak RSS of curl, for scale:      %.1f MB\n", curl_peak_kb / 1024.0);
  return 0;
}
