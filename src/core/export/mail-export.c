/* mail-export.c: verified settings written for other mail clients
 *
 * The shared core: the formats' names, the checks every export passes first, the command line
 * other clients run for the credential, and the dispatch to one writer per format
 * (mail-export-FORMAT.c). Each writer says, in its own comment, which client version its syntax
 * was checked against and how. The comments written INTO the files are English on purpose:
 * config files are shared, pasted into bug reports and read by the clients' communities.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-export-private.h"
#include "mail-validate.h"

typedef struct
{
  const char *name;
  const char *destination;
  const char *instructions;
} FormatInfo;

/* Order of MailExportFormat. */
static const FormatInfo formats[] = {
  { "thunderbird", "config-v1.1.xml",
    N_("Publish it as https://autoconfig.DOMAIN/mail/config-v1.1.xml (or "
       "https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml): Thunderbird and other "
       "clients then set up every address of the domain by themselves.") },
  { "mbsync", "~/.mbsyncrc",
    N_("Save it as ~/.mbsyncrc (or append it to yours), create the local mail folder it names, "
       "then run “mbsync -a”. OAuth2 accounts need a Cyrus SASL XOAUTH2 plugin: on Debian and "
       "Ubuntu, install libsasl2-modules-kdexoauth2.") },
  { "msmtp", "~/.msmtprc",
    N_("Save it as ~/.msmtprc, then send with “msmtp RECIPIENT”: this account is the "
       "default. To add it to an existing ~/.msmtprc, follow the comment at its top.") },
  { "neomutt", "~/.config/neomutt/neomuttrc",
    N_("Save it as ~/.config/neomutt/neomuttrc (or “source” it from yours), then run neomutt.") },
  { "aerc", "~/.config/aerc/accounts.conf",
    N_("Save it as ~/.config/aerc/accounts.conf (or append it to yours), then run aerc.") },
  { "mobileconfig", "ADDRESS.mobileconfig",
    N_("Open the file on the Mac, iPhone or iPad and install the profile in Settings; "
       "Mail asks for the password (or app password) once. Apple profiles cannot sign in "
       "with OAuth2.") },
  { "json", "ADDRESS.json",
    N_("Read it from scripts; it holds the verified settings and no secret.") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (formats) == MAIL_EXPORT_N_FORMATS);

const char *
mail_export_format_to_string (MailExportFormat format)
{
  g_return_val_if_fail (format < MAIL_EXPORT_N_FORMATS, NULL);
  return formats[format].name;
}

gboolean
mail_export_format_from_string (const char       *text,
                                MailExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (text, formats[i].name) == 0)
        {
          *format = (MailExportFormat) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
mail_export_format_list (void)
{
  return "thunderbird, mbsync, msmtp, neomutt, aerc, mobileconfig, json";
}

const char *
mail_export_format_destination (MailExportFormat format)
{
  g_return_val_if_fail (format < MAIL_EXPORT_N_FORMATS, NULL);
  return formats[format].destination;
}

const char *
mail_export_format_instructions (MailExportFormat format)
{
  g_return_val_if_fail (format < MAIL_EXPORT_N_FORMATS, NULL);
  return _(formats[format].instructions);
}

/* ------------------------------------------------------------------------------------------ */
/* Checks shared by the writers                                                               */


static void
export_clear (Export *export)
{
  g_clear_pointer (&export->command, g_free);
  g_clear_pointer (&export->verified, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Export, export_clear)

/* Characters that can go unquoted into a shell command, a config value and a URL path. */
static gboolean
is_plain_word (const char *text,
               const char *extra)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._+-", *p) == NULL && strchr (extra, *p) == NULL)
      return FALSE;
  return TRUE;
}

/* Printable UTF-8 without line breaks or control characters: nothing can end a line or a
 * comment early and add settings of its own. */
gboolean
mail_export_is_printable (const char *text)
{
  return mail_text_is_printable (text);
}

/* Blanks at either end: autoconfig readers (ours, Thunderbird's) trim element text, and mbsync
 * signs in without them. */
gboolean
mail_export_has_outer_blank (const char *text)
{
  gsize len = strlen (text);

  return len > 0 && (g_unichar_isspace (g_utf8_get_char (text)) ||
                     g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (text + len))));
}

gboolean
mail_export_unsafe_value (const char  *what,
                          const char  *value,
                          GError     **error)
{
  g_autofree char *shown = mail_validate_quote (value, 80);

  g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
               _("The %s “%s” holds characters that cannot be written safely into this "
                 "format."), what, shown);
  return FALSE;
}

/* The checks of the trust boundary once more (defence in depth: settings may be built in
 * code). The host must already be in its ASCII form: no format below takes anything else. */
static gboolean
check_server (const MailServer  *server,
              GError           **error)
{
  g_autofree char *ascii = NULL;
  const char *what_host;

  if (server == NULL)
    return TRUE;
  what_host = server->protocol == MAIL_PROTOCOL_IMAP ? _("IMAP server name")
                                                     : _("SMTP server name");
  ascii = mail_validate_host (server->host, what_host, error);
  if (ascii == NULL)
    return FALSE;
  if (strcmp (ascii, server->host) != 0)
    return mail_export_unsafe_value (what_host, server->host, error);
  if (server->port == 0)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The server %s has no port."), server->host);
      return FALSE;
    }
  if (server->username != NULL &&
      !mail_validate_user_name (server->username,
                                server->protocol == MAIL_PROTOCOL_IMAP ? _("IMAP user name")
                                                                       : _("SMTP user name"),
                                error))
    return FALSE;
  return TRUE;
}

/* Plain words (a path, an option --name=value) separated by single spaces. */
static gboolean
is_command (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (!is_plain_word (words[i], "/="))
      return FALSE;
  return TRUE;
}

static gboolean
export_init (Export                    *export,
             const MailAccountSettings *settings,
             const MailExportOptions   *options,
             GError                   **error)
{
  const char *cli = options && options->cli_command ? options->cli_command : "mail-setup-cli";
  g_autoptr(GDateTime) utc = NULL;

  export->settings = settings;
  export->options = options;

  if (settings->email == NULL || !is_plain_word (settings->email, "@%") ||
      strchr (settings->email, '@') == NULL)
    return mail_export_unsafe_value (_("address"), settings->email ? settings->email : "", error);
  if (!mail_email_validate (settings->email, error))
    return FALSE;

  if (settings->verified_at == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The settings of %s were never verified. Run “mail-setup-cli test %s” "
                     "first: only settings that worked are exported."),
                   settings->email, settings->email);
      return FALSE;
    }

  if (!is_command (cli))
    return mail_export_unsafe_value (_("command"), cli, error);
  if (options && options->ca_file && (!mail_export_is_printable (options->ca_file) ||
                                      strpbrk (options->ca_file, "\"'\\`$") != NULL))
    return mail_export_unsafe_value (_("certificate file"), options->ca_file, error);
  if (settings->provider_name && !mail_export_is_printable (settings->provider_name))
    return mail_export_unsafe_value (_("provider name"), settings->provider_name, error);
  for (guint i = 0; settings->notes != NULL && i < settings->notes->len; i++)
    if (!mail_export_is_printable (g_ptr_array_index (settings->notes, i)))
      return mail_export_unsafe_value (_("note"), g_ptr_array_index (settings->notes, i), error);
  if (!check_server (settings->imap, error) || !check_server (settings->smtp, error))
    return FALSE;

  export->command = g_strdup_printf ("%s token %s", cli, settings->email);
  utc = g_date_time_to_utc (settings->verified_at);
  export->verified = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  return TRUE;
}

gboolean
mail_export_require_server (const Export *export,
                            MailProtocol  protocol,
                            const char   *format,
                            GError      **error)
{
  const MailServer *server = protocol == MAIL_PROTOCOL_IMAP ? export->settings->imap
                                                            : export->settings->smtp;

  if (server != NULL)
    return TRUE;
  g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
               protocol == MAIL_PROTOCOL_IMAP
               ? _("The %s format needs an IMAP server, and %s has none.")
               : _("The %s format needs an SMTP server, and %s has none."),
               format, export->settings->email);
  return FALSE;
}

MailAuthKind
mail_export_account_auth (const Export *export)
{
  return export->settings->auth;
}

gboolean
mail_export_is_password_kind (MailAuthKind kind)
{
  return kind == MAIL_AUTH_PASSWORD || kind == MAIL_AUTH_APP_PASSWORD;
}

/* The server's sign-in: the account's kind, except an SMTP server that needs none. */
MailAuthKind
mail_export_server_auth (const Export     *export,
                         const MailServer *server)
{
  if (server->auth == MAIL_AUTH_NONE)
    return MAIL_AUTH_NONE;
  return mail_export_account_auth (export);
}

const char *
mail_export_server_username (const Export     *export,
                             const MailServer *server)
{
  return server->username ? server->username : export->settings->email;
}

/* SASL mechanisms for OAuth2 in the provider's order; XOAUTH2 when the provider says nothing
 * (the one every OAuth2 mail server offers, Microsoft's included). */
GStrv
mail_export_oauth_mechanisms (const Export *export)
{
  const MailProvider *provider = export->settings->provider;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean any = FALSE;

  for (guint i = 0; provider && provider->mechanisms && provider->mechanisms[i]; i++)
    {
      if (g_ascii_strcasecmp (provider->mechanisms[i], "XOAUTH2") == 0)
        g_strv_builder_add (builder, "XOAUTH2");
      else if (g_ascii_strcasecmp (provider->mechanisms[i], "OAUTHBEARER") == 0)
        g_strv_builder_add (builder, "OAUTHBEARER");
      else
        continue;
      any = TRUE;
    }
  if (!any)
    g_strv_builder_add (builder, "XOAUTH2");
  return g_strv_builder_end (builder);
}

gboolean
mail_export_provider_allows_password (const Export *export)
{
  const MailProvider *provider = export->settings->provider;

  if (mail_export_is_password_kind (mail_export_account_auth (export)))
    return TRUE;
  for (guint i = 0; provider && i < provider->imap.n_auth; i++)
    if (mail_export_is_password_kind (provider->imap.auth[i]))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */

typedef char *(*WriterFunc) (const Export *export, GError **error);

static const WriterFunc writers[] = {
  mail_export_write_thunderbird,
  mail_export_write_mbsync,
  mail_export_write_msmtp,
  mail_export_write_neomutt,
  mail_export_write_aerc,
  mail_export_write_mobileconfig,
  mail_export_write_json,
};

G_STATIC_ASSERT (G_N_ELEMENTS (writers) == MAIL_EXPORT_N_FORMATS);

char *
mail_export_render (const MailAccountSettings *settings,
                    MailExportFormat           format,
                    const MailExportOptions   *options,
                    GError                   **error)
{
  g_auto(Export) export = { 0 };

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (format < MAIL_EXPORT_N_FORMATS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!export_init (&export, settings, options, error))
    return NULL;
  return writers[format] (&export, error);
}
