/* mail-export-msmtp.c: msmtp 1.8 (Debian 12: msmtp 1.8.23, "oauthbearer and xoauth2: built-in")
 * Checked 2026-11-22 with msmtp 1.8.23 against the lab Dovecot submission service
 * (tests/test-export-lab.c sends a message with this file). The account is named after the
 * address, so `msmtp --read-envelope-from` and `msmtp -f ADDRESS` pick it by its from line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-export-private.h"

/* "value" for msmtp 1.8: msmtp takes away one pair of surrounding double quotes and reads
 * everything between them as it is (no escapes: "a\"b" is a\"b), so any printable value
 * fits, # and blanks at either end included. Checked with msmtp 1.8.23 --pretend. */
static char *
quote_msmtp (const char *value)
{
  return g_strdup_printf ("\"%s\"", value);
}

char *
mail_export_write_msmtp (const Export  *export,
                         GError       **error)
{
  const MailAccountSettings *s = export->settings;
  const MailServer *smtp = s->smtp;
  MailAuthKind auth;
  g_autofree char *header = NULL;
  g_autofree char *user = NULL;
  g_autofree char *pass_cmd = NULL;
  const char *notes[] = {
    "Send with: msmtp RECIPIENT (this account is the default), msmtp -a ADDRESS ...",
    "or msmtp --read-envelope-from -t < message.",
    "msmtp refuses this file unless only you can read it (mode 0600).",
    "To merge it into an existing ~/.msmtprc: append everything from the \"account\" line",
    "on, and delete the \"account default\" line if your file has a default already.",
    NULL
  };
  GString *out;

  if (!mail_export_require_server (export, MAIL_PROTOCOL_SMTP, "msmtp", error))
    return NULL;
  auth = mail_export_server_auth (export, smtp);
  header = mail_export_header_text (export, "msmtp 1.8 (syntax of msmtp 1.8.23)", TRUE, notes);
  user = quote_msmtp (mail_export_server_username (export, smtp));
  pass_cmd = quote_msmtp (export->command);

  out = g_string_new (NULL);
  mail_export_append_commented (out, "# ", header);
  g_string_append_printf (out, "\naccount %s\n", s->email);
  {
    g_autofree char *host = quote_msmtp (smtp->host);

    g_string_append_printf (out, "host %s\n", host);
  }
  g_string_append_printf (out, "port %u\n", smtp->port);
  if (smtp->security == MAIL_SECURITY_NONE)
    g_string_append (out, "tls off\n");
  else
    {
      g_string_append (out, "tls on\n");
      g_string_append_printf (out, "tls_starttls %s\n",
                              smtp->security == MAIL_SECURITY_STARTTLS ? "on" : "off");
      if (export->options && export->options->ca_file)
        {
          g_autofree char *ca = quote_msmtp (export->options->ca_file);
          g_string_append_printf (out, "tls_trust_file %s\n", ca);
        }
      else
        g_string_append (out, "tls_trust_file system\n");
    }
  g_string_append_printf (out, "from %s\n", s->email);
  if (auth == MAIL_AUTH_NONE)
    g_string_append (out, "auth off\n");
  else
    {
      g_string_append_printf (out, "user %s\n", user);
      if (auth == MAIL_AUTH_OAUTH2)
        {
          g_auto(GStrv) mechs = mail_export_oauth_mechanisms (export);
          g_autofree char *mech = g_ascii_strdown (mechs[0], -1);

          g_string_append_printf (out, "auth %s\n", mech);
        }
      else
        g_string_append (out, "auth on\n");
      g_string_append_printf (out, "passwordeval %s\n", pass_cmd);
    }
  /* The only account of a ~/.msmtprc: plain `msmtp RECIPIENT` uses it. */
  g_string_append_printf (out, "\naccount default : %s\n", s->email);
  return g_string_free (out, FALSE);
}
