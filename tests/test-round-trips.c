/* test-round-trips.c: the check waits for no answer it does not need (issue 16, item 2)
 *
 * Through tests/lab/mail-lab-delay-proxy.h, which counts the round trips a client waits for:
 * the IMAP check against Dovecot (implicit TLS, SASL-IR, CAPABILITY in the greeting) needs
 * TCP, TLS, greeting, AUTHENTICATE, EXAMINE: five. And a server that never answers LOGOUT or
 * QUIT does not hold the result back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-lab-delay-proxy.h"
#include "mail-lab-scripted-server.h"
#include "mail-probe.h"
#include "mail-test-lib.h"

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MailCheckResult **out = user_data;

  *out = mail_probe_run_finish (MAIL_PROBE (object), result, NULL);
}

static MailCheckResult *
run_probe (MailProtocol protocol,
           guint16      port,
           MailAuthKind auth,
           const char  *credential)
{
  g_autoptr(MailServer) server = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  MailCheckResult *result = NULL;

  server = mail_server_new (protocol, "localhost", port, MAIL_SECURITY_TLS);
  server->username = g_strdup (g_getenv ("MAIL_LAB_USER"));
  probe = mail_probe_new (server, g_getenv ("MAIL_LAB_USER"));
  database = mail_test_lab_database ();
  mail_probe_set_tls_database (probe, database);
  mail_probe_set_credential (probe, auth, credential);
  /* A step that waited for a silent server would fail after 3 s. */
  mail_probe_set_timeouts (probe, 3000, 20000);
  mail_probe_run_async (probe, NULL, run_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < result->transcript->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (result->transcript, i));
  return result;
}

static void
test_imap_dovecot (void)
{
  g_autoptr(MailLabDelayProxy) proxy = NULL;
  g_autoptr(MailCheckResult) result = NULL;

  if (!mail_test_lab_available ())
    return;
  proxy = mail_lab_delay_proxy_new (atoi (g_getenv ("MAIL_LAB_IMAPS_PORT")), 5);
  result = run_probe (MAIL_PROTOCOL_IMAP, mail_lab_delay_proxy_get_port (proxy),
                      MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  g_assert_true (result->ok);
  /* TCP, TLS, greeting (with its CAPABILITY), AUTHENTICATE with SASL-IR, EXAMINE */
  g_assert_cmpuint (mail_lab_delay_proxy_take_round_trips (proxy), ==, 5);
}

static void
test_stalled_goodbye (gconstpointer data)
{
  MailLabProtocol protocol = GPOINTER_TO_INT (data);
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *stall[] = { MAIL_LAB_STALL, NULL };
  const char *goodbye = protocol == MAIL_LAB_PROTOCOL_IMAP ? "LOGOUT" : "QUIT";

  if (!mail_test_lab_available ())
    return;
  server = mail_lab_scripted_server_new (protocol, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_stage (server, protocol == MAIL_LAB_PROTOCOL_IMAP ? "logout"
                                                                                  : "quit",
                                      stall);
  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_assert_no_error (error);
  result = run_probe (protocol == MAIL_LAB_PROTOCOL_IMAP ? MAIL_PROTOCOL_IMAP : MAIL_PROTOCOL_SMTP,
                      mail_lab_scripted_server_get_port (server), MAIL_AUTH_PASSWORD,
                      "lab-not-a-real-password");
  /* Signed in and done: the silence after LOGOUT/QUIT does not turn success into a timeout. */
  g_assert_true (result->ok);
  /* ... and it still said goodbye (the server's thread may read it a moment later). */
  for (guint i = 0; i < 200 && !mail_lab_scripted_server_received_contains (server, goodbye); i++)
    g_usleep (10 * 1000);
  g_assert_true (mail_lab_scripted_server_received_contains (server, goodbye));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/round-trips/imap-dovecot", test_imap_dovecot);
  g_test_add_data_func ("/round-trips/imap-stalled-logout",
                        GINT_TO_POINTER (MAIL_LAB_PROTOCOL_IMAP), test_stalled_goodbye);
  g_test_add_data_func ("/round-trips/smtp-stalled-quit",
                        GINT_TO_POINTER (MAIL_LAB_PROTOCOL_SMTP), test_stalled_goodbye);

  return g_test_run ();
}
