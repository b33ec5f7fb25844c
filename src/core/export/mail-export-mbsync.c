/* mail-export-mbsync.c: isync 1.4 (Debian 12: isync 1.4.4)
 * Checked 2026-11-22 with mbsync 1.4.4: sections separated by blank lines (a missing blank line
 * makes every later keyword "not recognized in IMAPAccount sections"), SSLType (1.5 renamed it
 * TLSType), PassCmd printing one line. XOAUTH2 goes through Cyrus SASL: with Debian's
 * libsasl2-modules-kdexoauth2 installed, mbsync 1.4.4 sends "AUTHENTICATE XOAUTH2" with
 * user= and auth=Bearer <PassCmd output> (verified against a test server and the lab Dovecot).
 * Cyrus SASL has no OAUTHBEARER.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-export-private.h"

/* A name for sections and channels: the address with anything but [A-Za-z0-9._-] as "-". */
static char *
section_name (const char *email)
{
  char *name = g_strdup (email);

  for (char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      *p = '-';
  return name;
}

/* "value" with \ and " escaped: isync's quoting (mbsync 1.4 reads a backslash as "take the
 * next character as it is", inside and outside double quotes; a # inside quotes is text).
 * Values are printable (checked before), so no line break can end the value. */
static char *
quote_backslash (const char *value)
{
  GString *out = g_string_new ("\"");

  for (const char *p = value; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static const char *
mbsync_ssl_type (MailSecurity security)
{
  switch (security)
    {
    case MAIL_SECURITY_TLS:
      return "IMAPS";
    case MAIL_SECURITY_STARTTLS:
      return "STARTTLS";
    case MAIL_SECURITY_NONE:
    default:
      return "None";
    }
}

char *
mail_export_write_mbsync (const Export  *export,
                          GError       **error)
{
  const MailAccountSettings *s = export->settings;
  const MailServer *imap = s->imap;
  MailAuthKind auth;
  g_autofree char *name = section_name (s->email);
  g_autofree char *user = NULL;
  g_autofree char *header = NULL;
  g_autofree char *pass_cmd = NULL;
  g_autofree char *mkdir_note = NULL;
  const char *notes[5] = { NULL };
  guint n_notes = 0;
  GString *out;

  if (!mail_export_require_server (export, MAIL_PROTOCOL_IMAP, "mbsync", error))
    return NULL;
  auth = mail_export_server_auth (export, imap);
  if (auth == MAIL_AUTH_OAUTH2)
    {
      g_auto(GStrv) mechs = mail_export_oauth_mechanisms (export);

      if (!g_strv_contains ((const char * const *) mechs, "XOAUTH2"))
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("mbsync can sign in with OAuth2 only through XOAUTH2, and %s does not "
                         "offer it."), s->provider_name ? s->provider_name : imap->host);
          return NULL;
        }
    }

  if (auth == MAIL_AUTH_OAUTH2)
    {
      notes[n_notes++] = "XOAUTH2 needs a Cyrus SASL XOAUTH2 plugin: on Debian and Ubuntu install";
      notes[n_notes++] = "libsasl2-modules-kdexoauth2 (it takes the token from PassCmd). mbsync 1.4";
      notes[n_notes++] = "reports \"selected SASL mechanism(s) not available\" without it.";
    }
  /* mbsync 1.4 stops with "cannot open store" when the local folder is missing. */
  mkdir_note = g_strdup_printf ("Before the first run: mkdir -p ~/Mail/%s   (then: mbsync -a)",
                                name);
  notes[n_notes++] = mkdir_note;
  /* mbsync 1.4.4 reads " lead" from the file but signs in (SASL PLAIN) as "lead": the name
   * it would send is not the one that was verified. */
  if (auth != MAIL_AUTH_NONE &&
      mail_export_has_outer_blank (mail_export_server_username (export, imap)))
    {
      mail_export_unsafe_value (_("user name"), mail_export_server_username (export, imap), error);
      return NULL;
    }
  header = mail_export_header_text (export, "isync/mbsync 1.4 (syntax of isync 1.4.4)", TRUE,
                                    notes);
  user = quote_backslash (mail_export_server_username (export, imap));
  pass_cmd = quote_backslash (export->command);

  out = g_string_new (NULL);
  mail_export_append_commented (out, "# ", header);
  g_string_append_printf (out, "\nIMAPAccount %s\n", name);
  {
    g_autofree char *host = quote_backslash (imap->host);

    g_string_append_printf (out, "Host %s\n", host);
  }
  g_string_append_printf (out, "Port %u\n", imap->port);
  if (auth != MAIL_AUTH_NONE)
    {
      g_string_append_printf (out, "User %s\n", user);
      g_string_append_printf (out, "PassCmd %s\n", pass_cmd);
      g_string_append_printf (out, "AuthMechs %s\n",
                              auth == MAIL_AUTH_OAUTH2 ? "XOAUTH2" : "PLAIN LOGIN");
    }
  g_string_append_printf (out, "SSLType %s\n", mbsync_ssl_type (imap->security));
  if (export->options && export->options->ca_file && imap->security != MAIL_SECURITY_NONE)
    {
      g_autofree char *ca = quote_backslash (export->options->ca_file);
      g_string_append_printf (out, "CertificateFile %s\n", ca);
    }

  g_string_append_printf (out, "\nIMAPStore %s-remote\nAccount %s\n", name, name);
  g_string_append_printf (out, "\nMaildirStore %s-local\n", name);
  g_string_append_printf (out, "SubFolders Verbatim\n");
  g_string_append_printf (out, "Path ~/Mail/%s/\n", name);
  g_string_append_printf (out, "Inbox ~/Mail/%s/INBOX\n", name);
  g_string_append_printf (out, "\nChannel %s\n", name);
  g_string_append_printf (out, "Far :%s-remote:\nNear :%s-local:\n", name, name);
  g_string_append (out, "Patterns *\nCreate Near\nSyncState *\n");
  return g_string_free (out, FALSE);
}
