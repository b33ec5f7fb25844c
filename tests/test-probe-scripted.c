/* test-probe-scripted.c: the connection test against a scripted server saying providers' words
 *
 * Replays every IMAP and SMTP case of the corpus ($CORPUS_FILE) through the scripted server and
 * the probe, and checks what Dovecot cannot say (BYE greetings, TLS bytes, HTTP, silence...).
 * Run inside tests/lab/with-lab.sh (certificates); skipped without MAIL_LAB_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "mail-lab-scripted-server.h"
#include "mail-table-resolver.h"
#include "mail-probe.h"
#include "mail-sasl.h"
#include "mail-test-lib.h"
#include "mail-test-probe.h"

#define FAKE_TOKEN    "lab-at-scripted-0123456789abcdef"
#define FAKE_PASSWORD "lab-scripted-pass-9876"

static MailProbe *
scripted_probe (MailLabScriptedServer *server,
                MailProtocol           protocol,
                MailSecurity           security,
                const char            *email,
                MailAuthKind           auth)
{
  return mail_test_scripted_probe (server, protocol, security, email, auth,
                                   auth == MAIL_AUTH_OAUTH2 ? FAKE_TOKEN : FAKE_PASSWORD, TRUE);
}

static void
assert_no_secret (const MailCheckResult *result)
{
  const char *secrets[] = { FAKE_TOKEN, FAKE_PASSWORD };

  for (guint s = 0; s < G_N_ELEMENTS (secrets); s++)
    {
      for (guint i = 0; i < result->transcript->len; i++)
        g_assert_null (strstr (g_ptr_array_index (result->transcript, i), secrets[s]));
      if (result->diagnosis != NULL && result->diagnosis->server_text != NULL)
        g_assert_null (strstr (result->diagnosis->server_text, secrets[s]));
    }
}

/* ---------------------------------------------------------------------------------------- */
/* The corpus                                                                                 */

static const char *
probe_stage (const char *corpus_stage)
{
  return g_str_equal (corpus_stage, "auth") ? "authenticate" : corpus_stage;
}

static void
test_corpus_case (gconstpointer data)
{
  JsonObject *example = (JsonObject *) data;
  const char *protocol = json_object_get_string_member (example, "protocol");
  const char *stage = json_object_get_string_member (example, "stage");
  const char *email = json_object_get_string_member (example, "email");
  const char *provider = json_object_get_null_member (example, "provider")
                         ? NULL : json_object_get_string_member (example, "provider");
  JsonArray *lines = json_object_get_array_member (example, "lines");
  JsonArray *expect = json_object_get_array_member (example, "expect");
  gboolean imap = g_str_equal (protocol, "imap");
  MailAuthKind auth = MAIL_AUTH_PASSWORD;
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(GPtrArray) script = g_ptr_array_new_null_terminated (4, NULL, TRUE);
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean expected = FALSE;

  if (!mail_test_lab_available ())
    return;

  mail_auth_kind_from_string (json_object_get_string_member (example, "auth"), &auth);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    g_ptr_array_add (script, (gpointer) json_array_get_string_element (lines, i));

  server = mail_lab_scripted_server_new (imap ? MAIL_LAB_PROTOCOL_IMAP : MAIL_LAB_PROTOCOL_SMTP,
                                         imap ? MAIL_LAB_TLS_IMPLICIT : MAIL_LAB_TLS_STARTTLS);
  mail_lab_scripted_server_set_stage (server, stage, (const char *const *) script->pdata);
  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_assert_no_error (error);

  probe = scripted_probe (server, imap ? MAIL_PROTOCOL_IMAP : MAIL_PROTOCOL_SMTP,
                          imap ? MAIL_SECURITY_TLS : MAIL_SECURITY_STARTTLS, email, auth);
  mail_probe_set_provider_id (probe, provider);
  result = mail_test_run_probe (probe);

  g_assert_false (result->ok);
  g_assert_nonnull (result->diagnosis);
  g_assert_cmpstr (result->diagnosis->stage, ==, probe_stage (stage));
  for (guint i = 0; i < json_array_get_length (expect); i++)
    if (g_str_equal (json_array_get_string_element (expect, i), result->diagnosis->code))
      expected = TRUE;
  if (!g_str_equal (json_array_get_string_element (expect, 0), result->diagnosis->code))
    g_test_message ("%s: got %s, first choice %s", json_object_get_string_member (example, "id"),
                    result->diagnosis->code, json_array_get_string_element (expect, 0));
  if (!expected)
    g_test_message ("%s: got %s, expected one of the corpus' codes",
                    json_object_get_string_member (example, "id"), result->diagnosis->code);
  g_assert_true (expected);

  /* The server's words reach the person verbatim (the first line at least) */
  g_assert_nonnull (result->diagnosis->server_text);
  g_assert_nonnull (strstr (result->diagnosis->server_text,
                            json_array_get_string_element (lines, 0)));
  assert_no_secret (result);
}

/* ---------------------------------------------------------------------------------------- */
/* What Dovecot cannot say                                                                    */

/* ---------------------------------------------------------------------------------------- */
/* What Dovecot cannot say, one row a server                                                  */

typedef struct
{
  const char      *path;          /* below /probe-scripted/; rows of one path run in one test */
  MailLabProtocol  protocol;
  MailLabTls       tls;
  MailLabBehaviour behaviour;
  const char      *greeting;      /* NULL: the server's own */
  const char      *capability;    /* NULL: the server's own */
  const char      *stage;         /* the server says stage_line at stage */
  const char      *stage_line;
  MailSecurity     security;
  MailAuthKind     auth;
  guint            greeting_ms;   /* the probe's greeting timeout; 0: the default */
  /* What the person gets: code at at (NULL: the check succeeds, with mechanism). */
  const char      *code;
  const char      *at;
  const char      *mechanism;
  const char      *server_text;   /* the diagnosis quotes these words */
  const char      *server_prefix; /* the diagnosis' quote begins so */
  const char      *explains;      /* the explanation says so */
  const char      *received;      /* the server got this */
  const char      *never[3];      /* the server never got these */
} ScriptedCase;

static const ScriptedCase scripted_cases[] = {
  { .path = "imap-bye-greeting", .protocol = MAIL_LAB_PROTOCOL_IMAP, .tls = MAIL_LAB_TLS_IMPLICIT,
    .greeting = "* BYE [UNAVAILABLE] Server shutting down",
    .security = MAIL_SECURITY_TLS, .auth = MAIL_AUTH_PASSWORD,
    .code = "server-unavailable", .at = "greeting", .server_text = "BYE [UNAVAILABLE]" },
  { .path = "smtp-unavailable-greeting", .protocol = MAIL_LAB_PROTOCOL_SMTP,
    .tls = MAIL_LAB_TLS_IMPLICIT, .greeting = "421 4.3.2 Service not available",
    .security = MAIL_SECURITY_TLS, .auth = MAIL_AUTH_PASSWORD,
    .code = "server-unavailable", .at = "greeting" },
  { .path = "smtp-unavailable-greeting", .protocol = MAIL_LAB_PROTOCOL_SMTP,
    .tls = MAIL_LAB_TLS_IMPLICIT, .greeting = "554 5.3.2 No SMTP service here",
    .security = MAIL_SECURITY_TLS, .auth = MAIL_AUTH_PASSWORD,
    .code = "server-unavailable", .at = "greeting" },
  { .path = "tls-record-on-plain-port", .protocol = MAIL_LAB_PROTOCOL_IMAP,
    .tls = MAIL_LAB_TLS_NONE, .behaviour = MAIL_LAB_BEHAVIOUR_TLS_RECORD,
    .security = MAIL_SECURITY_STARTTLS, .auth = MAIL_AUTH_PASSWORD,
    .code = "wrong-security-mode", .at = "greeting" },
  { .path = "tls-record-on-plain-port", .protocol = MAIL_LAB_PROTOCOL_SMTP,
    .tls = MAIL_LAB_TLS_NONE, .behaviour = MAIL_LAB_BEHAVIOUR_TLS_RECORD,
    .security = MAIL_SECURITY_STARTTLS, .auth = MAIL_AUTH_PASSWORD,
    .code = "wrong-security-mode", .at = "greeting" },
  { .path = "http-and-close", .protocol = MAIL_LAB_PROTOCOL_IMAP, .tls = MAIL_LAB_TLS_NONE,
    .behaviour = MAIL_LAB_BEHAVIOUR_HTTP, .security = MAIL_SECURITY_NONE, .auth = MAIL_AUTH_NONE,
    .code = "not-a-mail-server", .at = "greeting", .server_prefix = "HTTP/1.1 400" },
  { .path = "http-and-close", .protocol = MAIL_LAB_PROTOCOL_IMAP, .tls = MAIL_LAB_TLS_NONE,
    .behaviour = MAIL_LAB_BEHAVIOUR_CLOSE, .security = MAIL_SECURITY_NONE, .auth = MAIL_AUTH_NONE,
    .code = "connection-closed", .at = "greeting" },
  { .path = "http-and-close", .protocol = MAIL_LAB_PROTOCOL_SMTP, .tls = MAIL_LAB_TLS_NONE,
    .behaviour = MAIL_LAB_BEHAVIOUR_HTTP, .security = MAIL_SECURITY_NONE, .auth = MAIL_AUTH_NONE,
    .code = "not-a-mail-server", .at = "greeting", .server_prefix = "HTTP/1.1 400" },
  { .path = "http-and-close", .protocol = MAIL_LAB_PROTOCOL_SMTP, .tls = MAIL_LAB_TLS_NONE,
    .behaviour = MAIL_LAB_BEHAVIOUR_CLOSE, .security = MAIL_SECURITY_NONE, .auth = MAIL_AUTH_NONE,
    .code = "connection-closed", .at = "greeting" },
  /* Connected, then silence: a timeout of the greeting step, not of the connection */
  { .path = "silent-server", .protocol = MAIL_LAB_PROTOCOL_SMTP, .tls = MAIL_LAB_TLS_NONE,
    .behaviour = MAIL_LAB_BEHAVIOUR_SILENT, .security = MAIL_SECURITY_STARTTLS,
    .auth = MAIL_AUTH_PASSWORD, .greeting_ms = 500,
    .code = "server-timeout", .at = "greeting" },
  /* Nothing secret was sent over the plain connection */
  { .path = "starttls-unavailable", .protocol = MAIL_LAB_PROTOCOL_IMAP, .tls = MAIL_LAB_TLS_NONE,
    .greeting = "* OK The Microsoft Exchange IMAP4 service is ready.",
    .security = MAIL_SECURITY_STARTTLS, .auth = MAIL_AUTH_PASSWORD,
    .code = "starttls-unavailable", .at = "starttls", .never = { "AUTHENTICATE" } },
  { .path = "logindisabled", .protocol = MAIL_LAB_PROTOCOL_IMAP, .tls = MAIL_LAB_TLS_NONE,
    .capability = "IMAP4rev1 LOGINDISABLED AUTH=XOAUTH2",
    .security = MAIL_SECURITY_NONE, .auth = MAIL_AUTH_PASSWORD,
    .code = "starttls-required", .at = "authenticate", .never = { "LOGIN" } },
  { .path = "mechanism-unavailable", .protocol = MAIL_LAB_PROTOCOL_IMAP,
    .tls = MAIL_LAB_TLS_IMPLICIT, .capability = "IMAP4rev1 AUTH=PLAIN AUTH=CRAM-MD5",
    .security = MAIL_SECURITY_TLS, .auth = MAIL_AUTH_OAUTH2,
    .code = "auth-mechanism-unavailable", .at = "authenticate" },
  /* No SASL-IR: AUTHENTICATE waits for "+", then the payload */
  { .path = "sasl-without-initial-response", .protocol = MAIL_LAB_PROTOCOL_IMAP,
    .tls = MAIL_LAB_TLS_IMPLICIT, .capability = "IMAP4rev1 AUTH=XOAUTH2",
    .security = MAIL_SECURITY_TLS, .auth = MAIL_AUTH_OAUTH2,
    .mechanism = "XOAUTH2", .received = "AUTHENTICATE XOAUTH2" },
  /* RSET was never needed; nothing was sent */
  { .path = "smtp-sender-auth-required", .protocol = MAIL_LAB_PROTOCOL_SMTP,
    .tls = MAIL_LAB_TLS_STARTTLS,
    .stage = "sender", .stage_line = "530 5.7.57 Client not authenticated to send mail.",
    .security = MAIL_SECURITY_STARTTLS, .auth = MAIL_AUTH_NONE,
    .code = "smtp-auth-required", .at = "sender", .never = { "DATA" } },
  /* Encrypted, but no sign-in happened: the check proved nothing about the password, so it
   * is no success (docs/diagnosis-codes.md, PREAUTH). Nothing is sent. */
  { .path = "imap-preauth", .protocol = MAIL_LAB_PROTOCOL_IMAP, .tls = MAIL_LAB_TLS_IMPLICIT,
    .greeting = "* PREAUTH IMAP4rev1 server logged in as someone",
    .security = MAIL_SECURITY_TLS, .auth = MAIL_AUTH_PASSWORD,
    .code = "unknown", .at = "greeting", .explains = "did not ask for a sign-in",
    .server_text = "PREAUTH", .never = { "AUTHENTICATE", "LOGIN", "EXAMINE" } },
};

static void
run_scripted_case (const ScriptedCase *row)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;

  server = mail_lab_scripted_server_new (row->protocol, row->tls);
  if (row->behaviour != MAIL_LAB_BEHAVIOUR_SCRIPT)
    mail_lab_scripted_server_set_behaviour (server, row->behaviour);
  if (row->greeting != NULL)
    mail_lab_scripted_server_set_greeting (server, row->greeting);
  if (row->capability != NULL)
    mail_lab_scripted_server_set_capability (server, row->capability);
  if (row->stage != NULL)
    mail_lab_scripted_server_set_stage_lines (server, row->stage, row->stage_line, NULL);
  mail_test_start_server (server);
  probe = scripted_probe (server, row->protocol == MAIL_LAB_PROTOCOL_IMAP ? MAIL_PROTOCOL_IMAP
                                                                          : MAIL_PROTOCOL_SMTP,
                          row->security, "someone@example.org", row->auth);
  if (row->greeting_ms > 0)
    mail_probe_set_timeouts (probe, row->greeting_ms, 10000);
  result = mail_test_run_probe (probe);

  if (row->code != NULL)
    mail_test_assert_code (result, row->code, row->at);
  else
    {
      g_assert_true (result->ok);
      g_assert_cmpstr (result->mechanism, ==, row->mechanism);
      assert_no_secret (result);
    }
  if (row->server_text != NULL)
    g_assert_nonnull (strstr (result->diagnosis->server_text, row->server_text));
  if (row->server_prefix != NULL)
    g_assert_true (g_str_has_prefix (result->diagnosis->server_text, row->server_prefix));
  if (row->explains != NULL)
    g_assert_nonnull (strstr (result->diagnosis->explanation, row->explains));
  if (row->received != NULL)
    g_assert_true (mail_lab_scripted_server_received_contains (server, row->received));
  for (guint i = 0; i < G_N_ELEMENTS (row->never) && row->never[i] != NULL; i++)
    g_assert_false (mail_lab_scripted_server_received_contains (server, row->never[i]));
}

/* Every row of the path (data) in scripted_cases. */
static void
test_scripted_case (gconstpointer data)
{
  const char *path = data;

  if (!mail_test_lab_available ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (scripted_cases); i++)
    if (g_str_equal (scripted_cases[i].path, path))
      run_scripted_case (&scripted_cases[i]);
}

static void
test_login_literal (void)
{
  const char *password = "p\xc3\xa4ss \"w\xc3\xb6rd\"";  /* 8-bit: must go as a literal */
  const char *login[] = { "LOGIN", NULL };
  /* Without LITERAL+ the literal waits for the server's "+"; with it, it does not. */
  const char *capabilities[] = { "IMAP4rev1 AUTH=PLAIN", "IMAP4rev1 LITERAL+ AUTH=PLAIN" };
  const char *sent[] = { "LOGIN \"someone@example.org\" {13}", "LOGIN \"someone@example.org\" {13+}" };

  if (!mail_test_lab_available ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (capabilities); i++)
    {
      g_autoptr(MailLabScriptedServer) server = NULL;
      g_autoptr(MailProbe) probe = NULL;
      g_autoptr(MailCheckResult) result = NULL;
      g_autoptr(GError) error = NULL;

      server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT);
      mail_lab_scripted_server_set_capability (server, capabilities[i]);
      g_assert_true (mail_lab_scripted_server_start (server, &error));
      probe = scripted_probe (server, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS,
                              "someone@example.org", MAIL_AUTH_PASSWORD);
      mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, password);
      mail_probe_set_mechanisms (probe, login);
      result = mail_test_run_probe (probe);
      g_assert_true (result->ok);
      g_assert_cmpstr (result->mechanism, ==, "LOGIN");
      g_assert_true (mail_lab_scripted_server_received_contains (server, sent[i]));
      for (guint j = 0; j < result->transcript->len; j++)
        g_assert_null (strstr (g_ptr_array_index (result->transcript, j), "ss \"w"));
    }
}

static void
test_smtp_long_token (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_strnfill (1500, 'T');
  g_auto(GStrv) received = NULL;

  if (!mail_test_lab_available ())
    return;
  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_IMPLICIT);
  g_assert_true (mail_lab_scripted_server_start (server, &error));
  probe = scripted_probe (server, MAIL_PROTOCOL_SMTP, MAIL_SECURITY_TLS, "someone@example.org",
                          MAIL_AUTH_OAUTH2);
  mail_probe_set_credential (probe, MAIL_AUTH_OAUTH2, token);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  /* RFC 4954: a command over 512 octets must not carry the initial response; it follows the
   * server's empty 334 on its own line. */
  received = mail_lab_scripted_server_get_received_lines (server);
  g_assert_true (g_strv_contains ((const char *const *) received, "AUTH XOAUTH2"));
  for (guint i = 0; i < result->transcript->len; i++)
    g_assert_null (strstr (g_ptr_array_index (result->transcript, i), "TTTTTTTT"));
}

/* A resolver that answers every name with 127.0.0.2 first, then 127.0.0.1. */
typedef struct { GResolver parent_instance; } TestResolver;
typedef struct { GResolverClass parent_class; } TestResolverClass;
GType test_resolver_get_type (void);
G_DEFINE_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static void
test_resolver_lookup_by_name_async (GResolver           *resolver,
                                    const char          *hostname,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GList *addresses = NULL;

  addresses = g_list_append (addresses, g_inet_address_new_from_string ("127.0.0.2"));
  addresses = g_list_append (addresses, g_inet_address_new_from_string ("127.0.0.1"));
  g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static GList *
test_resolver_lookup_by_name_finish (GResolver     *resolver,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name_async = test_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = test_resolver_lookup_by_name_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

/* Security "none" to another computer: the password is never sent in clear text. */
static void
test_unencrypted_refused (gconstpointer data)
{
  MailProtocol protocol = GPOINTER_TO_UINT (data);
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(GResolver) original = g_resolver_get_default ();
  g_autoptr(MailTableResolver) resolver = mail_table_resolver_new ();
  g_autoptr(MailServer) config = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  server = mail_lab_scripted_server_new (protocol == MAIL_PROTOCOL_IMAP ? MAIL_LAB_PROTOCOL_IMAP
                                                                        : MAIL_LAB_PROTOCOL_SMTP,
                                         MAIL_LAB_TLS_NONE);
  g_assert_true (mail_lab_scripted_server_start (server, &error));

  /* A name that is not this computer's, pointing at the scripted server. */
  mail_table_resolver_add_address (resolver, "mail.example.org", "127.0.0.1");
  config = mail_server_new (protocol, "mail.example.org",
                            mail_lab_scripted_server_get_port (server), MAIL_SECURITY_NONE);
  config->username = g_strdup ("someone@example.org");
  probe = mail_probe_new (config, "someone@example.org");
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, FAKE_PASSWORD);
  mail_probe_set_timeouts (probe, 2000, 15000);
  g_resolver_set_default (G_RESOLVER (resolver));
  result = mail_test_run_probe (probe);
  g_resolver_set_default (original);

  mail_test_assert_code (result, "auth-unencrypted", "authenticate");
  assert_no_secret (result);
  g_assert_false (mail_lab_scripted_server_received_contains (server, "LOGIN"));
  g_assert_false (mail_lab_scripted_server_received_contains (server, "AUTH"));
  g_assert_false (mail_lab_scripted_server_received_contains (server, FAKE_PASSWORD));
}

/* Loopback without encryption: only for a server the person named. A "localhost" that
 * discovery found (whatever answered chose it) never gets the secret in clear text. */
static void
test_unencrypted_loopback_only_given (gconstpointer data)
{
  MailProtocol protocol = GPOINTER_TO_UINT (data);

  if (!mail_test_lab_available ())
    return;

  for (guint given = 0; given < 2; given++)
    {
      g_autoptr(MailLabScriptedServer) server = NULL;
      g_autoptr(MailServer) config = NULL;
      g_autoptr(MailProbe) probe = NULL;
      g_autoptr(MailCheckResult) result = NULL;
      g_autoptr(GError) error = NULL;

      server = mail_lab_scripted_server_new (protocol == MAIL_PROTOCOL_IMAP
                                             ? MAIL_LAB_PROTOCOL_IMAP : MAIL_LAB_PROTOCOL_SMTP,
                                             MAIL_LAB_TLS_NONE);
      g_assert_true (mail_lab_scripted_server_start (server, &error));
      config = mail_server_new (protocol, "localhost", mail_lab_scripted_server_get_port (server),
                                MAIL_SECURITY_NONE);
      config->username = g_strdup ("someone@example.org");
      config->given = given;
      probe = mail_probe_new (config, "someone@example.org");
      mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, FAKE_PASSWORD);
      mail_probe_set_timeouts (probe, 2000, 15000);
      result = mail_test_run_probe (probe);

      if (!given)
        {
          mail_test_assert_code (result, "auth-unencrypted", "authenticate");
          g_assert_false (mail_lab_scripted_server_received_contains (server, "LOGIN"));
          g_assert_false (mail_lab_scripted_server_received_contains (server, "AUTH"));
          g_assert_false (mail_lab_scripted_server_received_contains (server, FAKE_PASSWORD));
        }
      else
        {
          /* Named: the sign-in is attempted on this computer. */
          g_assert_true (result->diagnosis == NULL ||
                         g_strcmp0 (result->diagnosis->code, "auth-unencrypted") != 0);
          g_assert_true (mail_lab_scripted_server_received_contains (server, "LOGIN") ||
                         mail_lab_scripted_server_received_contains (server, "AUTH"));
        }
      assert_no_secret (result);
    }
}

static void
test_silent_first_address (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) blackhole = NULL;
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) second = g_inet_address_new_from_string ("127.0.0.2");
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GResolver) original = g_resolver_get_default ();
  g_autoptr(GResolver) resolver = g_object_new (test_resolver_get_type (), NULL);
  g_autoptr(MailServer) config = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autofree char *expected = NULL;
  MailCheckStep *connect;
  guint16 port;

  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  g_assert_true (mail_lab_scripted_server_start (server, &error));
  port = mail_lab_scripted_server_get_port (server);

  /* 127.0.0.2 on the same port: a listener whose queue is full drops new connections'
   * packets, like a broken route. */
  blackhole = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                            &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (second, port);
  if (!g_socket_bind (blackhole, address, FALSE, &error))
    {
      g_test_skip ("port taken on 127.0.0.2");
      return;
    }
  g_socket_set_listen_backlog (blackhole, 0);
  g_assert_true (g_socket_listen (blackhole, &error));
  for (guint i = 0; i < 3; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL);

      g_socket_set_blocking (filler, FALSE);
      g_socket_connect (filler, address, NULL, NULL);
      g_ptr_array_add (fillers, filler);
    }
  g_usleep (100 * 1000);

  config = mail_server_new (MAIL_PROTOCOL_IMAP, "two-addresses.test", port, MAIL_SECURITY_NONE);
  probe = mail_probe_new (config, "someone@example.org");
  mail_probe_set_timeouts (probe, 10000, 20000);
  g_resolver_set_default (resolver);
  result = mail_test_run_probe (probe);
  g_resolver_set_default (original);

  g_assert_true (result->ok);
  connect = g_ptr_array_index (result->steps, 1);
  g_assert_cmpstr (connect->name, ==, "connect");
  expected = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_cmpstr (connect->detail, ==, expected);
  /* The silent address had its 3 seconds, not the whole step */
  g_assert_cmpfloat (connect->ms, >=, 2500.0);
  g_assert_cmpfloat (connect->ms, <, 6000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonParser) corpus = NULL;
  JsonNode *root;

  g_test_init (&argc, &argv, NULL);

  corpus = mail_test_load_corpus ();
  root = json_parser_get_root (corpus);
  if (root != NULL)
    {
      JsonArray *examples = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (examples); i++)
        {
          JsonObject *example = json_array_get_object_element (examples, i);
          const char *protocol = json_object_get_string_member (example, "protocol");
          g_autofree char *path = NULL;

          if (!g_str_equal (protocol, "imap") && !g_str_equal (protocol, "smtp"))
            continue;
          /* Conditions, not words: test-probe-look produces them with real servers. */
          if (json_object_has_member (example, "condition"))
            continue;
          path = g_strdup_printf ("/probe-scripted/corpus/%s",
                                  json_object_get_string_member (example, "id"));
          g_test_add_data_func (path, example, test_corpus_case);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (scripted_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/probe-scripted/", scripted_cases[i].path, NULL);

      /* Rows of one path follow each other: one test runs them all. */
      if (i == 0 || !g_str_equal (scripted_cases[i - 1].path, scripted_cases[i].path))
        g_test_add_data_func (path, scripted_cases[i].path, test_scripted_case);
    }
  g_test_add_func ("/probe-scripted/login-literal", test_login_literal);
  g_test_add_data_func ("/probe-scripted/imap-unencrypted-refused",
                        GUINT_TO_POINTER (MAIL_PROTOCOL_IMAP), test_unencrypted_refused);
  g_test_add_data_func ("/probe-scripted/smtp-unencrypted-refused",
                        GUINT_TO_POINTER (MAIL_PROTOCOL_SMTP), test_unencrypted_refused);
  g_test_add_data_func ("/probe-scripted/imap-unencrypted-loopback-only-given",
                        GUINT_TO_POINTER (MAIL_PROTOCOL_IMAP),
                        test_unencrypted_loopback_only_given);
  g_test_add_data_func ("/probe-scripted/smtp-unencrypted-loopback-only-given",
                        GUINT_TO_POINTER (MAIL_PROTOCOL_SMTP),
                        test_unencrypted_loopback_only_given);
  g_test_add_func ("/probe-scripted/silent-first-address", test_silent_first_address);
  g_test_add_func ("/probe-scripted/smtp-long-token", test_smtp_long_token);

  return g_test_run ();
}
