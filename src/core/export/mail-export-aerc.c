/* mail-export-aerc.c: aerc 0.14 (Debian 12: aerc 0.14.0) accounts.conf
 * Newer aerc changed the schemes (0.18: smtp = STARTTLS).
 * Checked 2026-11-22 against aerc-imap(5), aerc-smtp(5) and aerc-accounts(5) of 0.14.0, and by
 * starting aerc 0.14.0 on this file in a pseudo-terminal against the lab Dovecot
 * (tests/test-export-lab.c). In 0.14 the OAuth2 schemes without token_endpoint take the
 * password as the access token, which source-cred-cmd supplies. aerc 0.14 has no CA setting:
 * it trusts the system store (or SSL_CERT_FILE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-export-private.h"

static char *
aerc_scheme (const Export     *export,
             const MailServer *server,
             GError          **error)
{
  gboolean imap = server->protocol == MAIL_PROTOCOL_IMAP;
  MailAuthKind auth = mail_export_server_auth (export, server);
  const char *base;
  const char *mech = NULL;

  if (imap)
    base = server->security == MAIL_SECURITY_TLS ? "imaps"
           : server->security == MAIL_SECURITY_STARTTLS ? "imap" : "imap+insecure";
  else
    base = server->security == MAIL_SECURITY_TLS ? "smtps" : "smtp";

  if (auth == MAIL_AUTH_OAUTH2)
    {
      g_auto(GStrv) mechs = mail_export_oauth_mechanisms (export);

      if (imap && server->security == MAIL_SECURITY_NONE)
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("aerc 0.14 cannot sign in with OAuth2 without TLS."));
          return NULL;
        }
      return g_strdup_printf ("%s+%s", base,
                              g_ascii_strcasecmp (mechs[0], "OAUTHBEARER") == 0
                              ? "oauthbearer" : "xoauth2");
    }
  if (!imap)
    mech = auth == MAIL_AUTH_NONE ? "none" : "plain";
  return mech ? g_strdup_printf ("%s+%s", base, mech) : g_strdup (base);
}

static gboolean
aerc_value_ok (const char *value)
{
  return strpbrk (value, "#;\"'`") == NULL && mail_export_is_printable (value);
}

static gboolean
aerc_server (GString          *out,
             const Export     *export,
             const MailServer *server,
             GError          **error)
{
  gboolean imap = server->protocol == MAIL_PROTOCOL_IMAP;
  g_autofree char *scheme = aerc_scheme (export, server, error);
  g_autofree char *host = mail_export_url_host (server->host);
  g_autofree char *user = mail_export_url_user (mail_export_server_username (export, server));
  MailAuthKind auth = mail_export_server_auth (export, server);

  if (scheme == NULL)
    return FALSE;
  /* go-ini (aerc 0.14) ends a value at the first # or ; and takes quotes at its ends away:
   * the user is percent-encoded and the host validated, so neither can appear. */
  if (!aerc_value_ok (user) || !aerc_value_ok (host))
    return mail_export_unsafe_value (_("user name"), mail_export_server_username (export, server),
                                     error);
  if (auth == MAIL_AUTH_NONE)
    g_string_append_printf (out, "%s = %s://%s:%u\n", imap ? "source" : "outgoing",
                            scheme, host, server->port);
  else
    {
      g_string_append_printf (out, "%s = %s://%s@%s:%u\n", imap ? "source" : "outgoing",
                              scheme, user, host, server->port);
      g_string_append_printf (out, "%s-cred-cmd = %s\n", imap ? "source" : "outgoing",
                              export->command);
    }
  if (!imap && server->security == MAIL_SECURITY_STARTTLS)
    g_string_append (out, "smtp-starttls = yes\n");
  return TRUE;
}

char *
mail_export_write_aerc (const Export  *export,
                        GError       **error)
{
  const MailAccountSettings *s = export->settings;
  g_autofree char *header = NULL;
  g_autoptr(GString) out = NULL;
  const char *notes[] = {
    "Written for aerc 0.14 (Debian 12). aerc 0.18 and later read smtp:// as STARTTLS.",
    "aerc has no CA file setting: it trusts the system certificates (or SSL_CERT_FILE).",
    NULL
  };

  if (!mail_export_require_server (export, MAIL_PROTOCOL_IMAP, "aerc", error))
    return NULL;
  header = mail_export_header_text (export, "aerc 0.14 accounts.conf", TRUE, notes);

  out = g_string_new (NULL);
  mail_export_append_commented (out, "# ", header);
  g_string_append_printf (out, "\n[%s]\n", s->email);
  if (!aerc_server (out, export, s->imap, error))
    return NULL;
  if (s->smtp && !aerc_server (out, export, s->smtp, error))
    return NULL;
  g_string_append_printf (out, "from = %s\n", s->email);
  g_string_append (out, "default = INBOX\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
