/* test-validate.c: the trust boundary: host names, ports, user names, addresses and every
 * reader of settings from outside (settings JSON, keyring JSON, autoconfig, provider files)
 * refuse hostile values with an error naming the field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <string.h>
#include <gio/gio.h>

#include "mail-account-settings.h"
#include "mail-autoconfig.h"
#include "mail-server.h"
#include "mail-validate.h"

/* Hostile host names: each would have become a command, a setting or a second line in some
 * client's file. */
static const char *const bad_hosts[] = {
  "fe80::1%eth0",                      /* a zone id: GLib calls it an IP address */
  "fe80::1%eth0\nTunnel \"touch /tmp/x\"",
  "fe80::1%`touch /tmp/x`",
  "fe80::1%' -e 'set x",
  "::1%25",
  "imap.example.org\n",
  "imap.example.org\r",
  "imap example.org",
  "`touch /tmp/x`.example.org",
  "$(touch /tmp/x).example.org",
  "imap.example.org;id",
  "imap.example.org#x",
  "imap\"example.org",
  "imap'example.org",
  "imap%example.org",
  "imap_x.example.org",
  "user@imap.example.org",
  "imap.example.org:993",
  "-imap.example.org",
  "imap-.example.org",
  "imap..example.org",
  ".imap.example.org",
  "imap.example.org..",
  "[::1]",
  "\xff\xfe.example.org",
  "imap\xc2\x85.example.org",           /* U+0085, a C1 control (NEL) */
  "imap\xe2\x80\xa8.example.org",       /* U+2028 */
  "",
};

static void
test_host (void)
{
  struct { const char *in; const char *out; } good[] = {
    { "imap.example.org", "imap.example.org" },
    { "IMAP.Example.Org", "IMAP.Example.Org" },  /* an ASCII name is kept as given */
    { "imap.example.org.", "imap.example.org." },
    { "localhost", "localhost" },
    { "127.0.0.1", "127.0.0.1" },
    { "::1", "::1" },
    { "2001:db8::25", "2001:db8::25" },
    { "mail.bücher.de", "mail.xn--bcher-kva.de" },
    { "xn--bcher-kva.de", "xn--bcher-kva.de" },
  };
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *label64 = g_strnfill (64, 'a');
  g_autofree char *ok_label = g_strdup_printf ("%s.example.org", label63);
  g_autofree char *long_label = g_strdup_printf ("%s.example.org", label64);
  g_autoptr(GString) long_name = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *ascii = mail_validate_host (good[i].in, "IMAP server name", &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ascii, ==, good[i].out);
      g_assert_true (mail_host_is_valid (good[i].in));
    }
  g_assert_true (mail_host_is_valid (ok_label));
  g_assert_false (mail_host_is_valid (long_label));
  /* 253 is the limit of a whole name. */
  while (long_name->len < 250)
    g_string_append (long_name, "abcdefghi.");
  g_string_append (long_name, "org");
  g_assert_cmpuint (long_name->len, ==, 253);
  g_assert_true (mail_host_is_valid (long_name->str));
  g_string_prepend (long_name, "a");
  g_assert_false (mail_host_is_valid (long_name->str));

  for (guint i = 0; i < G_N_ELEMENTS (bad_hosts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *ascii = mail_validate_host (bad_hosts[i], "IMAP server name", &error);

      if (ascii != NULL)
        g_error ("host “%s” was accepted", bad_hosts[i]);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "IMAP server name"));
      /* The message itself is safe to print: UTF-8 without control characters. */
      g_assert_true (mail_text_is_printable (error->message));
      g_assert_false (mail_host_is_valid (bad_hosts[i]));
    }
}

static void
test_host_port (void)
{
  const char *bad[] = { "[fe80::1%eth0]:993", "fe80::1%eth0", "imap.example.org\n:993",
                        "imap_x.example.org:993", "[::1%lo]" };
  g_autofree char *host = NULL;
  guint16 port = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mail_server_parse_host_port (bad[i], 993, &host, &port, &error));
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_true (mail_text_is_printable (error->message));
      g_assert_null (host);
    }

  /* An internationalized name comes back in the ASCII form every client takes. */
  g_assert_true (mail_server_parse_host_port ("mail.bücher.de:143", 993, &host, &port, NULL));
  g_assert_cmpstr (host, ==, "mail.xn--bcher-kva.de");
  g_assert_cmpuint (port, ==, 143);
}

static void
test_port (void)
{
  gint64 bad[] = { 0, -1, 65536, G_MAXINT64, G_MININT64 };

  g_assert_true (mail_validate_port (1, "IMAP port", NULL));
  g_assert_true (mail_validate_port (65535, "IMAP port", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mail_validate_port (bad[i], "SMTP port", &error));
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "SMTP port"));
    }
}

static void
test_user_name (void)
{
  const char *good[] = { "alice", "alice@example.org", "o'brien", "al\"ice", "Jürgen",
                         "a b", "$(not run)", "`not run`", "#;%" };
  const char *bad[] = { "", "alice\n", "alice\nPassCmd \"touch /tmp/x\"", "al\rice", "al\tice",
                        "al\x7fice", "al\302\233ice", "al\xe2\x80\xa9ice", "al\xffice" };
  g_autofree char *longest = g_strnfill (MAIL_USER_NAME_MAX, 'u');
  g_autofree char *too_long = g_strnfill (MAIL_USER_NAME_MAX + 1, 'u');

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (mail_validate_user_name (good[i], "IMAP user name", NULL));
  g_assert_true (mail_validate_user_name (longest, "IMAP user name", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mail_validate_user_name (bad[i], "IMAP user name", &error));
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "IMAP user name"));
      g_assert_true (mail_text_is_printable (error->message));
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mail_validate_user_name (too_long, "IMAP user name", &error));
    g_assert_nonnull (strstr (error->message, "too long"));
    /* The message quotes a bounded part of the value, not all of it. */
    g_assert_cmpuint (strlen (error->message), <, 200);
  }

  /* Display texts: empty is fine, control characters and the limit are not. */
  g_assert_true (mail_validate_display_text (NULL, 10, "provider name", NULL));
  g_assert_true (mail_validate_display_text ("", 10, "provider name", NULL));
  g_assert_false (mail_validate_display_text ("a\nb", 10, "provider name", NULL));
  g_assert_false (mail_validate_display_text ("0123456789a", 10, "provider name", NULL));
}

static void
test_email (void)
{
  g_autofree char *local64 = g_strnfill (64, 'l');
  g_autofree char *local65 = g_strnfill (65, 'l');
  g_autofree char *local300 = g_strnfill (300, 'l');
  g_autofree char *ok = g_strdup_printf ("%s@example.org", local64);
  g_autofree char *long_local = g_strdup_printf ("%s@example.org", local65);
  g_autofree char *very_long_local = g_strdup_printf ("%s@example.org", local300);
  g_autoptr(GString) long_domain = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "al\xffice@example.org", "alice@exa\xffmple.org",
                        "al\177ice@example.org",
                        "al\xc2\x85ice@example.org", "alice@example.org\n", "alice@exa_mple.org",
                        "alice@[127.0.0.1]", "alice@127.0.0.1", "alice@ex ample.org",
                        "alice\xe2\x80\xa8@example.org" };

  g_assert_true (mail_email_validate (ok, NULL));
  g_assert_true (mail_email_validate ("jürgen@bücher.de", NULL));
  g_assert_true (mail_email_validate ("o'brien@example.org", NULL));

  /* RFC 5321: a local part of 65 or 300 bytes is an input error about the local part. */
  g_assert_false (mail_email_validate (long_local, &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "before the @"));
  g_assert_nonnull (strstr (error->message, "at most 64"));
  g_clear_error (&error);
  g_assert_false (mail_email_validate (very_long_local, &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "before the @"));
  g_assert_cmpuint (strlen (error->message), <, 300);
  g_clear_error (&error);

  /* A whole address of more than 254 bytes, each part within its own limit. */
  while (long_domain->len < 200)
    g_string_append (long_domain, "abcdefghi.");
  g_string_append (long_domain, "org");
  {
    g_autofree char *whole = g_strdup_printf ("%s@%s", local64, long_domain->str);

    g_assert_cmpuint (strlen (whole), >, 254);
    g_assert_false (mail_email_validate (whole, &error));
    g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "at most 254"));
    g_clear_error (&error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      if (mail_email_validate (bad[i], &error))
        g_error ("address %u was accepted", i);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      /* Invalid UTF-8 never reaches a message (it would break --json output). */
      g_assert_true (mail_text_is_printable (error->message));
      g_clear_error (&error);
    }
}

/* The settings JSON (settings files and the keyring's stored JSON) --------------------------- */

/* Found by fuzz-settings-json: a settings file that is not UTF-8 (here in a key) is the person's
 * bad input, refused as such, like every other broken settings file. */
static void
test_settings_not_utf8 (void)
{
  const char json[] = "{\"emai\xff\":\"alice@example.org\",\"auth\":\"password\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) settings = NULL;

  settings = mail_account_settings_from_data (json, sizeof json - 1, NULL, &error);
  g_assert_null (settings);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_true (mail_text_is_printable (error->message));
}

static MailAccountSettings *
settings_from_text (const char  *json,
                    GError     **error)
{
  return mail_account_settings_from_data (json, -1, NULL, error);
}

static char *
settings_json (const char *imap_host,
               const char *imap_port,
               const char *imap_user,
               const char *extra)
{
  return g_strdup_printf ("{\"email\":\"alice@example.org\",\"auth\":\"password\","
                          "\"imap\":{\"host\":%s,\"port\":%s,\"security\":\"tls\","
                          "\"username\":%s},"
                          "\"smtp\":{\"host\":\"smtp.example.org\",\"port\":587,"
                          "\"security\":\"starttls\"}%s}",
                          imap_host, imap_port, imap_user, extra ? extra : "");
}

static void
test_settings_json (void)
{
  struct { const char *host; const char *port; const char *user; const char *extra;
           const char *field; } bad[] = {
    { "\"fe80::1%eth0\"", "993", "null", NULL, "IMAP server name" },
    { "\"fe80::1%eth0\\nTunnel \\\"touch /tmp/x\\\"\"", "993", "null", NULL, "IMAP server name" },
    /* json-glib would cut the text at the NUL: refused as a whole, not shortened. */
    { "\"imap.example.org\\u0000evil\"", "993", "null", NULL, "NUL" },
    { "\"$(touch /tmp/x)\"", "993", "null", NULL, "IMAP server name" },
    { "\"imap.example.org\"", "0", "null", NULL, "IMAP port" },
    { "\"imap.example.org\"", "65536", "null", NULL, "IMAP port" },
    { "\"imap.example.org\"", "993", "\"alice\\nPassCmd \\\"touch /tmp/x\\\"\"", NULL,
      "IMAP user name" },
    { "\"imap.example.org\"", "993", "\"alice\\u0085\"", NULL, "IMAP user name" },
    { "\"imap.example.org\"", "993", "\"\"", NULL, "IMAP user name" },
    { "\"imap.example.org\"", "993", "null", ",\"provider_name\":\"Evil\\nCorp\"",
      "provider name" },
    { "\"imap.example.org\"", "993", "null", ",\"notes\":[\"a\\u001b[31mred\"]", "note" },
    { "\"imap.example.org\"", "993", "null", ",\"provider\":\"../evil\"", "provider id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = settings_json (bad[i].host, bad[i].port, bad[i].user, bad[i].extra);
      g_autoptr(GError) error = NULL;
      g_autoptr(MailAccountSettings) settings = settings_from_text (json, &error);

      if (settings != NULL)
        g_error ("settings %u were accepted: %s", i, json);
      g_assert_nonnull (error);
      if (error->domain == MAIL_ERROR)
        {
          g_assert_cmpint (error->code, ==, MAIL_ERROR_INVALID_INPUT);
          if (strstr (error->message, bad[i].field) == NULL)
            g_error ("settings %u: “%s” does not name the %s", i, error->message, bad[i].field);
          g_assert_true (mail_text_is_printable (error->message));
        }
    }

  /* A 300-byte local part is an address error, about the local part. */
  {
    g_autofree char *local = g_strnfill (300, 'l');
    g_autofree char *json = g_strdup_printf ("{\"email\":\"%s@example.org\"}", local);
    g_autoptr(GError) error = NULL;
    g_autoptr(MailAccountSettings) settings = settings_from_text (json, &error);

    g_assert_null (settings);
    g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "before the @"));
  }

  /* An internationalized host is kept in its ASCII form. */
  {
    g_autofree char *json = settings_json ("\"mail.bücher.de\"", "993", "\"Jürgen\"", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(MailAccountSettings) settings = settings_from_text (json, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (settings->imap->host, ==, "mail.xn--bcher-kva.de");
    g_assert_cmpstr (settings->imap->username, ==, "Jürgen");
  }
}

/* Autoconfig documents: a server we would use with a bad host or user name refuses the
 * document, with the field named. */
static void
test_autoconfig (void)
{
#define AUTOCONFIG_TEMPLATE \
    "<clientConfig version=\"1.1\"><emailProvider id=\"example.org\">" \
    "<displayName>%s</displayName>" \
    "<incomingServer type=\"imap\"><hostname>%s</hostname><port>993</port>" \
    "<socketType>SSL</socketType><username>%s</username></incomingServer>" \
    "</emailProvider></clientConfig>"
  struct { const char *name; const char *host; const char *user; const char *field; } bad[] = {
    { "Example", "fe80::1%eth0", "%EMAILADDRESS%", "IMAP server name" },
    { "Example", "fe80::1%`touch /tmp/x`", "%EMAILADDRESS%", "IMAP server name" },
    { "Example", "imap.example.org&#10;Tunnel x", "%EMAILADDRESS%", "IMAP server name" },
    { "Example", "imap.example.org", "alice&#10;PassCmd x", "IMAP user name" },
    { "Example", "imap.example.org", "alice&#x85;", "IMAP user name" },
    { "Evil&#10;Corp", "imap.example.org", "%EMAILADDRESS%", "provider name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *xml = g_strdup_printf (AUTOCONFIG_TEMPLATE, bad[i].name, bad[i].host,
                                              bad[i].user);
      g_autoptr(GError) error = NULL;
      g_autoptr(MailAutoconfig) config = mail_autoconfig_parse (xml, strlen (xml),
                                                                "alice@example.org", &error);

      if (config != NULL)
        g_error ("autoconfig %u was accepted", i);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
      if (strstr (error->message, bad[i].field) == NULL)
        g_error ("autoconfig %u: “%s” does not name the %s", i, error->message, bad[i].field);
      g_assert_true (mail_text_is_printable (error->message));
    }
}

/* Provider files: GKeyFile turns "\n" into a line break, which no value may carry. */
static void
test_provider_file (void)
{
#define PROVIDER_TEMPLATE \
    "[Provider]\nId=evil\nName=%s\nDomains=example.org\n" \
    "[IMAP]\nHost=%s\nSecurity=tls\nUsername=%s\n" \
    "[SMTP]\nHost=smtp.example.org\nSecurity=starttls\n"
  struct { const char *name; const char *host; const char *user; } bad[] = {
    { "Evil", "fe80::1%eth0", "%EMAIL%" },
    { "Evil", "imap.example.org", "%EMAIL%\\nPassCmd \"touch /tmp/x\"" },
    { "Evil\\nCorp", "imap.example.org", "%EMAIL%" },
    { "Evil", "imap.example.org\\tx", "%EMAIL%" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *ini = g_strdup_printf (PROVIDER_TEMPLATE, bad[i].name, bad[i].host,
                                              bad[i].user);
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(MailProvider) provider = NULL;

      g_assert_true (g_key_file_load_from_data (keyfile, ini, -1, G_KEY_FILE_NONE, NULL));
      provider = mail_provider_new_from_keyfile (keyfile, "evil.provider", &error);
      if (provider != NULL)
        g_error ("provider %u was accepted", i);
      g_assert_nonnull (error);
      g_assert_true (mail_text_is_printable (error->message));
    }
}

static void
test_quote (void)
{
  g_autofree char *a = mail_validate_quote ("a\nb\x7f\xc2\x85\xff" "c", 80);
  g_autofree char *b = mail_validate_quote ("abcdef", 3);

  g_assert_cmpstr (a, ==, "a\\x0Ab\\x7F\\u{0085}\\xFFc");
  g_assert_cmpstr (b, ==, "abc…");
}

/* The command line is an entry too: --imap, --smtp, --username and the address. */
static void
test_cli_options (void)
{
  const char *cli = g_getenv ("MAIL_SETUP_CLI");
  g_autofree char *long_local = g_strnfill (300, 'l');
  g_autofree char *long_address = g_strdup_printf ("%s@example.org", long_local);
  struct { const char *option; const char *value; const char *address; const char *says; } bad[] = {
    { "--imap", "fe80::1%eth0", "alice@example.org", "is not a server name" },
    { "--imap", "[fe80::1%eth0]:993", "alice@example.org", "is not a server name" },
    { "--smtp", "smtp.example.org`touch /tmp/x`", "alice@example.org", "is not a server name" },
    { "--username", "alice\nPassCmd x", "alice@example.org", "user name" },
    { "--username", "alice", long_address, "before the @" },
    { "--username", "alice", "al\xffice@example.org", "not valid UTF-8" },
  };

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("mail-setup-cli is not built");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *input_path = NULL;
      int input_fd;
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GBytes) err = NULL;
      const char *imap = g_str_equal (bad[i].option, "--imap") ? bad[i].value
                                                                 : "imap.example.org";
      const char *smtp = g_str_equal (bad[i].option, "--smtp") ? bad[i].value
                                                                 : "smtp.example.org";
      const char *user = g_str_equal (bad[i].option, "--username") ? bad[i].value : "alice";
      g_autofree char *err_text = NULL;

      /* Standard input from a file: the CLI refuses the input before reading it. */
      input_fd = g_file_open_tmp ("validate-stdin-XXXXXX", &input_path, &error);
      g_assert_no_error (error);
      close (input_fd);
      g_file_set_contents (input_path, "not-a-real-password\n", -1, &error);
      g_assert_no_error (error);
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
      g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                    "unix:path=/nonexistent/mail-setup-test-bus", TRUE);
      process = g_subprocess_launcher_spawn (launcher, &error, cli, "test", bad[i].address,
                                             "--imap", imap, "--smtp", smtp, "--username", user,
                                             "--timeout", "5", "--password-stdin", NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate (process, NULL, NULL, &out, &err, &error));
      g_assert_no_error (error);
      g_unlink (input_path);
      err_text = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
      g_test_message ("%s", err_text);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      if (strstr (err_text, bad[i].says) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, err_text, bad[i].says);
      /* What reaches the terminal is valid UTF-8 without control characters but line ends. */
      g_assert_true (g_utf8_validate (err_text, -1, NULL));
      for (const char *p = err_text; *p; p++)
        g_assert_true (*p == '\n' || !g_ascii_iscntrl (*p));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);
  g_test_add_func ("/validate/host", test_host);
  g_test_add_func ("/validate/host-port", test_host_port);
  g_test_add_func ("/validate/port", test_port);
  g_test_add_func ("/validate/user-name", test_user_name);
  g_test_add_func ("/validate/email", test_email);
  g_test_add_func ("/validate/settings-json", test_settings_json);
  g_test_add_func ("/validate/settings-not-utf8", test_settings_not_utf8);
  g_test_add_func ("/validate/autoconfig", test_autoconfig);
  g_test_add_func ("/validate/provider-file", test_provider_file);
  g_test_add_func ("/validate/quote", test_quote);
  g_test_add_func ("/validate/cli-options", test_cli_options);
  return g_test_run ();
}
