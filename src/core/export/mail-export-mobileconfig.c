/* mail-export-mobileconfig.c: Apple configuration profile
 * One com.apple.mail.managed payload.
 * Keys checked 2026-11-22 against apple/device-management mdm/profiles/com.apple.mail.managed.yaml
 * and TopLevel.yaml; the file is validated as a plist with plistutil and Python's plistlib in
 * tests/test-export-mobileconfig.c. Apple's payload has no OAuth2 sign-in (EmailAuthNone,
 * Password, CRAMMD5, NTLM, HTTPMD5) and a password would only belong in an encrypted profile:
 * the profile carries no credential, Mail asks for the password once. OAuth2-only accounts
 * cannot be exported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-export-private.h"

static void
plist_key_string (GString    *out,
                  const char *indent,
                  const char *key,
                  const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (out, "%s<key>%s</key>\n%s<string>%s</string>\n",
                          indent, key, indent, escaped);
}

static void
plist_key_integer (GString    *out,
                   const char *indent,
                   const char *key,
                   guint       value)
{
  g_string_append_printf (out, "%s<key>%s</key>\n%s<integer>%u</integer>\n",
                          indent, key, indent, value);
}

static void
plist_key_bool (GString    *out,
                const char *indent,
                const char *key,
                gboolean    value)
{
  g_string_append_printf (out, "%s<key>%s</key>\n%s<%s/>\n", indent, key, indent,
                          value ? "true" : "false");
}

static void
plist_server (GString          *out,
              const Export     *export,
              const MailServer *server)
{
  const char *indent = "      ";
  const char *prefix = server->protocol == MAIL_PROTOCOL_IMAP ? "Incoming" : "Outgoing";
  MailAuthKind auth = mail_export_server_auth (export, server);
  g_autofree char *key = NULL;

  key = g_strdup_printf ("%sMailServerAuthentication", prefix);
  plist_key_string (out, indent, key,
                    auth == MAIL_AUTH_NONE ? "EmailAuthNone" : "EmailAuthPassword");
  g_free (key);
  key = g_strdup_printf ("%sMailServerHostName", prefix);
  plist_key_string (out, indent, key, server->host);
  g_free (key);
  key = g_strdup_printf ("%sMailServerPortNumber", prefix);
  plist_key_integer (out, indent, key, server->port);
  g_free (key);
  /* No STARTTLS flag: with UseSSL Mail negotiates STARTTLS on 587/143 itself. */
  key = g_strdup_printf ("%sMailServerUseSSL", prefix);
  plist_key_bool (out, indent, key, server->security != MAIL_SECURITY_NONE);
  if (auth != MAIL_AUTH_NONE)
    {
      g_free (key);
      key = g_strdup_printf ("%sMailServerUsername", prefix);
      plist_key_string (out, indent, key, mail_export_server_username (export, server));
    }
}

char *
mail_export_write_mobileconfig (const Export  *export,
                                GError       **error)
{
  const MailAccountSettings *s = export->settings;
  const char *notes[] = {
    "Apple profiles cannot sign in with OAuth2 and carry no password here: Mail asks for the",
    "password (or app password) once, after the profile is installed.",
    NULL
  };
  g_autofree char *header = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *payload_uuid = g_uuid_string_random ();
  g_autofree char *id = NULL;
  g_autofree char *display = NULL;
  GString *out;

  if (!mail_export_require_server (export, MAIL_PROTOCOL_IMAP, "mobileconfig", error) ||
      !mail_export_require_server (export, MAIL_PROTOCOL_SMTP, "mobileconfig", error))
    return NULL;
  if (mail_export_account_auth (export) == MAIL_AUTH_OAUTH2 &&
      !mail_export_provider_allows_password (export))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("Apple configuration profiles cannot sign in with OAuth2, and %s accepts "
                     "no password or app password. Add the account in Apple Mail itself."),
                   s->provider_name ? s->provider_name : s->email);
      return NULL;
    }

  header = mail_export_header_text (export,
                                    "Apple Mail (configuration profile, com.apple.mail.managed)",
                                    FALSE, notes);
  comment = mail_export_xml_comment (header);
  id = g_strdup_printf ("io.github.mailsetup.MailSetup.%s", s->email);
  display = g_strdup_printf ("Mail: %s", s->email);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                      "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<!--\n");
  mail_export_append_commented (out, "  ", comment);
  g_string_append (out, "-->\n<plist version=\"1.0\">\n<dict>\n");
  g_string_append (out, "  <key>PayloadContent</key>\n  <array>\n    <dict>\n");
  plist_key_string (out, "      ", "EmailAccountDescription", s->email);
  plist_key_string (out, "      ", "EmailAccountType", "EmailTypeIMAP");
  plist_key_string (out, "      ", "EmailAddress", s->email);
  plist_server (out, export, s->imap);
  plist_server (out, export, s->smtp);
  plist_key_bool (out, "      ", "OutgoingPasswordSameAsIncomingPassword", TRUE);
  plist_key_string (out, "      ", "PayloadDisplayName", display);
  {
    g_autofree char *payload_id = g_strdup_printf ("%s.mail", id);
    plist_key_string (out, "      ", "PayloadIdentifier", payload_id);
  }
  plist_key_string (out, "      ", "PayloadType", "com.apple.mail.managed");
  plist_key_string (out, "      ", "PayloadUUID", payload_uuid);
  plist_key_integer (out, "      ", "PayloadVersion", 1);
  g_string_append (out, "    </dict>\n  </array>\n");
  plist_key_string (out, "  ", "PayloadDescription",
                    "Mail account settings verified by Mail Setup. No password inside.");
  plist_key_string (out, "  ", "PayloadDisplayName", display);
  plist_key_string (out, "  ", "PayloadIdentifier", id);
  plist_key_string (out, "  ", "PayloadType", "Configuration");
  plist_key_string (out, "  ", "PayloadUUID", uuid);
  plist_key_integer (out, "  ", "PayloadVersion", 1);
  g_string_append (out, "</dict>\n</plist>\n");
  return g_string_free (out, FALSE);
}
