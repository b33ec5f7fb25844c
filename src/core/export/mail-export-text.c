/* mail-export-text.c: the header comment every format starts with, and the escapes more than
 * one format uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-export-private.h"

static const char *
security_label (MailSecurity security)
{
  switch (security)
    {
    case MAIL_SECURITY_TLS:
      return "TLS";
    case MAIL_SECURITY_STARTTLS:
      return "STARTTLS";
    case MAIL_SECURITY_NONE:
    default:
      return "no encryption";
    }
}

static const char *
auth_label (MailAuthKind kind)
{
  switch (kind)
    {
    case MAIL_AUTH_OAUTH2:
      return "OAuth2";
    case MAIL_AUTH_PASSWORD:
      return "a password";
    case MAIL_AUTH_APP_PASSWORD:
      return "an app password";
    case MAIL_AUTH_NONE:
    default:
      return "no sign-in";
    }
}

/* The comment every export starts with: what was verified, when, and where the secret lives.
 * notes are format specific lines (NULL-terminated). */
char *
mail_export_header_text (const Export *export,
                         const char   *format_line,
                         gboolean      runs_command,
                         const char  **notes)
{
  const MailAccountSettings *s = export->settings;
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "Mail Setup %s export of %s for %s.\n",
                          PACKAGE_VERSION, s->email, format_line);
  g_string_append_printf (text, "verified_at: %s (last successful full check)\n",
                          export->verified);
  if (s->imap)
    g_string_append_printf (text, "Verified: IMAP %s:%u (%s), signed in with %s.\n",
                            s->imap->host, s->imap->port, security_label (s->imap->security),
                            auth_label (mail_export_server_auth (export, s->imap)));
  if (s->smtp)
    g_string_append_printf (text, "Verified: SMTP %s:%u (%s), signed in with %s.\n",
                            s->smtp->host, s->smtp->port, security_label (s->smtp->security),
                            auth_label (mail_export_server_auth (export, s->smtp)));
  if (!runs_command)
    g_string_append (text, "No password or token is stored in this file.\n");
  else if (mail_export_account_auth (export) != MAIL_AUTH_NONE)
    g_string_append_printf (text,
                            "No password or token is stored in this file: the command\n"
                            "  %s\n"
                            "prints it from the keyring when the client needs it.\n",
                            export->command);
  if (runs_command && export->options && export->options->cli_warning)
    g_string_append_printf (text, "%s\n", export->options->cli_warning);
  for (guint i = 0; notes && notes[i]; i++)
    g_string_append_printf (text, "%s\n", notes[i]);
  return g_string_free (text, FALSE);
}

/* Each line of text prefixed with prefix ("# "); empty lines get the prefix without its
 * trailing space. */
void
mail_export_append_commented (GString    *out,
                              const char *prefix,
                              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *bare = g_strchomp (g_strdup (prefix));

  for (guint i = 0; lines[i]; i++)
    {
      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      g_string_append_printf (out, "%s%s\n", lines[i][0] ? prefix : bare, lines[i]);
    }
}

/* A host for a URL: IPv6 literals in brackets; a validated host needs no escape, any other
 * character is percent-encoded all the same. */
char *
mail_export_url_host (const char *host)
{
  g_autofree char *escaped = g_uri_escape_string (host, ":", FALSE);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]", escaped);
  return g_steal_pointer (&escaped);
}

char *
mail_export_url_user (const char *user)
{
  return g_uri_escape_string (user, NULL, FALSE);
}

char *
mail_export_xml_comment (const char *text)
{
  /* "--" may not appear inside an XML comment. */
  g_autoptr(GString) safe = g_string_new (text);

  while (g_string_replace (safe, "--", "- -", 0) > 0)
    ;
  return g_string_free (g_steal_pointer (&safe), FALSE);
}
