/* mail-export-neomutt.c: neomutt 20220429 muttrc
 * Debian 12, GnuTLS build, OAUTHBEARER/XOAUTH2 built in.
 * Checked 2026-11-22 with neomutt 20220429 against the lab Dovecot (tests/test-export-lab.c
 * opens INBOX with this file). Values are single-quoted: neomutt expands nothing inside single
 * quotes. Password accounts use `imap_pass` from a backtick command: neomutt runs it once at
 * start-up, so the password lives only in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-export-private.h"

/* 'value' for neomutt: inside single quotes neomutt expands nothing (no backticks, no $VAR,
 * no backslash escapes); a ' itself closes the quote, is written as \' outside of it and the
 * quote reopened: 'o'\''brien'. (Double quotes would run `commands` and expand $VARS.)
 * Checked with neomutt 20220429 -Q. */
static char *
neomutt_quote (const char *value)
{
  g_autoptr(GString) out = g_string_new ("'");

  for (const char *p = value; *p; p++)
    {
      if (*p == '\'')
        g_string_append (out, "'\\''");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "set NAME = 'VALUE'\n" */
static void
neomutt_set (GString    *out,
             const char *name,
             const char *value)
{
  g_autofree char *quoted = neomutt_quote (value);

  g_string_append_printf (out, "set %s = %s\n", name, quoted);
}

static char *
neomutt_authenticators (const Export *export)
{
  g_auto(GStrv) mechs = mail_export_oauth_mechanisms (export);
  g_autofree char *joined = g_strjoinv (":", mechs);

  return g_ascii_strdown (joined, -1);
}

char *
mail_export_write_neomutt (const Export  *export,
                           GError       **error)
{
  const MailAccountSettings *s = export->settings;
  const MailServer *imap = s->imap;
  const MailServer *smtp = s->smtp;
  g_autofree char *header = NULL;
  g_autofree char *host = NULL;
  g_autofree char *folder = NULL;
  gboolean any_plain;
  gboolean any_starttls;
  const char *notes[] = {
    "Start with: neomutt -F THIS-FILE (or source it from your neomuttrc)",
    NULL
  };
  GString *out;

  if (!mail_export_require_server (export, MAIL_PROTOCOL_IMAP, "neomutt", error))
    return NULL;

  any_plain = imap->security == MAIL_SECURITY_NONE ||
              (smtp && smtp->security == MAIL_SECURITY_NONE);
  any_starttls = imap->security == MAIL_SECURITY_STARTTLS ||
                 (smtp && smtp->security == MAIL_SECURITY_STARTTLS);
  header = mail_export_header_text (export, "NeoMutt (syntax of neomutt 20220429)", TRUE, notes);
  host = mail_export_url_host (imap->host);

  out = g_string_new (NULL);
  mail_export_append_commented (out, "# ", header);
  g_string_append_c (out, '\n');
  neomutt_set (out, "from", s->email);
  neomutt_set (out, "imap_user", mail_export_server_username (export, imap));
  folder = g_strdup_printf ("%s://%s:%u/", imap->security == MAIL_SECURITY_TLS ? "imaps" : "imap",
                            host, imap->port);
  neomutt_set (out, "folder", folder);
  g_string_append (out, "set spoolfile = '+INBOX'\n");
  g_string_append_printf (out, "set ssl_force_tls = %s\n", any_plain ? "no" : "yes");
  g_string_append_printf (out, "set ssl_starttls = %s\n", any_starttls ? "yes" : "no");
  if (export->options && export->options->ca_file)
    neomutt_set (out, "ssl_ca_certificates_file", export->options->ca_file);

  switch (mail_export_server_auth (export, imap))
    {
    case MAIL_AUTH_OAUTH2:
      {
        g_autofree char *mechs = neomutt_authenticators (export);

        neomutt_set (out, "imap_authenticators", mechs);
        neomutt_set (out, "imap_oauth_refresh_command", export->command);
      }
      break;
    case MAIL_AUTH_PASSWORD:
    case MAIL_AUTH_APP_PASSWORD:
      /* The one backtick: our own command of plain words (checked in export_init). */
      g_string_append_printf (out, "set imap_pass = `%s`\n", export->command);
      break;
    case MAIL_AUTH_NONE:
    default:
      break;
    }

  if (smtp)
    {
      MailAuthKind auth = mail_export_server_auth (export, smtp);
      g_autofree char *smtp_host = mail_export_url_host (smtp->host);
      g_autofree char *user = mail_export_url_user (mail_export_server_username (export, smtp));
      g_autofree char *url = NULL;

      url = g_strdup_printf ("%s://%s%s%s:%u/",
                             smtp->security == MAIL_SECURITY_TLS ? "smtps" : "smtp",
                             auth == MAIL_AUTH_NONE ? "" : user,
                             auth == MAIL_AUTH_NONE ? "" : "@",
                             smtp_host, smtp->port);
      neomutt_set (out, "smtp_url", url);
      if (auth == MAIL_AUTH_OAUTH2)
        {
          g_autofree char *mechs = neomutt_authenticators (export);

          neomutt_set (out, "smtp_authenticators", mechs);
          neomutt_set (out, "smtp_oauth_refresh_command", export->command);
        }
      else if (mail_export_is_password_kind (auth))
        g_string_append_printf (out, "set smtp_pass = `%s`\n", export->command);
    }
  return g_string_free (out, FALSE);
}
