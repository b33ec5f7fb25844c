/* mail-export.c: verified settings written for other mail clients
 *
 * Each writer below says, in its own comment, which client version its syntax was checked
 * against and how. The comments written INTO the files are English on purpose: config files
 * are shared, pasted into bug reports and read by the clients' communities.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "mail-export.h"
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

typedef struct
{
  const MailAccountSettings *settings;
  const MailExportOptions   *options;
  char                      *command;   /* "mail-setup-cli token alice@example.org" */
  char                      *verified;  /* ISO 8601, UTC */
} Export;

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
static gboolean
is_printable (const char *text)
{
  return mail_text_is_printable (text);
}

/* Blanks at either end: autoconfig readers (ours, Thunderbird's) trim element text, and mbsync
 * signs in without them. */
static gboolean
has_outer_blank (const char *text)
{
  gsize len = strlen (text);

  return len > 0 && (g_unichar_isspace (g_utf8_get_char (text)) ||
                     g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (text + len))));
}

static gboolean
unsafe_value (const char  *what,
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
    return unsafe_value (what_host, server->host, error);
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
    return unsafe_value (_("address"), settings->email ? settings->email : "", error);
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
    return unsafe_value (_("command"), cli, error);
  if (options && options->ca_file && (!is_printable (options->ca_file) ||
                                      strpbrk (options->ca_file, "\"'\\`$") != NULL))
    return unsafe_value (_("certificate file"), options->ca_file, error);
  if (settings->provider_name && !is_printable (settings->provider_name))
    return unsafe_value (_("provider name"), settings->provider_name, error);
  for (guint i = 0; settings->notes != NULL && i < settings->notes->len; i++)
    if (!is_printable (g_ptr_array_index (settings->notes, i)))
      return unsafe_value (_("note"), g_ptr_array_index (settings->notes, i), error);
  if (!check_server (settings->imap, error) || !check_server (settings->smtp, error))
    return FALSE;

  export->command = g_strdup_printf ("%s token %s", cli, settings->email);
  utc = g_date_time_to_utc (settings->verified_at);
  export->verified = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  return TRUE;
}

static gboolean
require_server (const Export *export,
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

static MailAuthKind
account_auth (const Export *export)
{
  return export->settings->auth;
}

static gboolean
is_password_kind (MailAuthKind kind)
{
  return kind == MAIL_AUTH_PASSWORD || kind == MAIL_AUTH_APP_PASSWORD;
}

/* The server's sign-in: the account's kind, except an SMTP server that needs none. */
static MailAuthKind
server_auth (const Export     *export,
             const MailServer *server)
{
  if (server->auth == MAIL_AUTH_NONE)
    return MAIL_AUTH_NONE;
  return account_auth (export);
}

static const char *
server_username (const Export     *export,
                 const MailServer *server)
{
  return server->username ? server->username : export->settings->email;
}

/* SASL mechanisms for OAuth2 in the provider's order; XOAUTH2 when the provider says nothing
 * (the one every OAuth2 mail server offers, Microsoft's included). */
static GStrv
oauth_mechanisms (const Export *export)
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

static gboolean
provider_allows_password (const Export *export)
{
  const MailProvider *provider = export->settings->provider;

  if (is_password_kind (account_auth (export)))
    return TRUE;
  for (guint i = 0; provider && i < provider->imap.n_auth; i++)
    if (is_password_kind (provider->imap.auth[i]))
      return TRUE;
  return FALSE;
}

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
static char *
header_text (const Export *export,
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
                            auth_label (server_auth (export, s->imap)));
  if (s->smtp)
    g_string_append_printf (text, "Verified: SMTP %s:%u (%s), signed in with %s.\n",
                            s->smtp->host, s->smtp->port, security_label (s->smtp->security),
                            auth_label (server_auth (export, s->smtp)));
  if (!runs_command)
    g_string_append (text, "No password or token is stored in this file.\n");
  else if (account_auth (export) != MAIL_AUTH_NONE)
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
static void
append_commented (GString    *out,
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

/* "value" for msmtp 1.8: msmtp takes away one pair of surrounding double quotes and reads
 * everything between them as it is (no escapes: "a\"b" is a\"b), so any printable value
 * fits, # and blanks at either end included. Checked with msmtp 1.8.23 --pretend. */
static char *
quote_msmtp (const char *value)
{
  return g_strdup_printf ("\"%s\"", value);
}

/* A host for a URL: IPv6 literals in brackets; a validated host needs no escape, any other
 * character is percent-encoded all the same. */
static char *
url_host (const char *host)
{
  g_autofree char *escaped = g_uri_escape_string (host, ":", FALSE);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]", escaped);
  return g_steal_pointer (&escaped);
}

static char *
url_user (const char *user)
{
  return g_uri_escape_string (user, NULL, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* thunderbird: autoconfig clientConfig v1.1
 * Checked 2026-11-22 against Thunderbird's readFromXML.sys.mjs (elements it reads) and the
 * ISPDB files (thunderbird/autoconfig); tests/test-export.c checks the structure with GMarkup,
 * parses it back with our autoconfig parser and serves it to our discovery over HTTP. */

static char *
xml_comment (const char *text)
{
  /* "--" may not appear inside an XML comment. */
  g_autoptr(GString) safe = g_string_new (text);

  while (g_string_replace (safe, "--", "- -", 0) > 0)
    ;
  return g_string_free (g_steal_pointer (&safe), FALSE);
}

/* "%NAME%" with NAME in capitals: a Thunderbird placeholder. */
static gboolean
has_placeholder (const char *text)
{
  for (const char *p = strchr (text, '%'); p != NULL; p = strchr (p + 1, '%'))
    {
      const char *q = p + 1;

      while (g_ascii_isupper (*q))
        q++;
      if (q > p + 1 && *q == '%')
        return TRUE;
    }
  return FALSE;
}

static const char *
tb_socket_type (MailSecurity security)
{
  switch (security)
    {
    case MAIL_SECURITY_TLS:
      return "SSL";
    case MAIL_SECURITY_STARTTLS:
      return "STARTTLS";
    case MAIL_SECURITY_NONE:
    default:
      return "plain";
    }
}

static void
tb_server (GString          *out,
           const Export     *export,
           const MailServer *server)
{
  const char *email = export->settings->email;
  const char *user = server_username (export, server);
  g_autofree char *local = mail_email_local_part (email);
  gboolean outgoing = server->protocol == MAIL_PROTOCOL_SMTP;
  MailAuthKind auth = server_auth (export, server);

  g_string_append_printf (out, "    <%s type=\"%s\">\n",
                          outgoing ? "outgoingServer" : "incomingServer",
                          outgoing ? "smtp" : "imap");
  {
    g_autofree char *host = g_markup_escape_text (server->host, -1);

    g_string_append_printf (out, "      <hostname>%s</hostname>\n", host);
  }
  g_string_append_printf (out, "      <port>%u</port>\n", server->port);
  g_string_append_printf (out, "      <socketType>%s</socketType>\n",
                          tb_socket_type (server->security));
  if (g_strcmp0 (user, email) == 0)
    g_string_append (out, "      <username>%EMAILADDRESS%</username>\n");
  else if (g_strcmp0 (user, local) == 0)
    g_string_append (out, "      <username>%EMAILLOCALPART%</username>\n");
  else
    {
      g_autofree char *escaped = g_markup_escape_text (user, -1);
      g_string_append_printf (out, "      <username>%s</username>\n", escaped);
    }

  if (auth == MAIL_AUTH_NONE)
    g_string_append (out, "      <authentication>none</authentication>\n");
  else
    {
      if (auth == MAIL_AUTH_OAUTH2)
        g_string_append (out, "      <authentication>OAuth2</authentication>\n");
      /* Thunderbird skips OAuth2 for hosts it has no OAuth client for: the password
       * fallback keeps the file useful there, when the provider allows passwords. */
      if (provider_allows_password (export))
        g_string_append (out, "      <authentication>password-cleartext</authentication>\n");
    }
  g_string_append_printf (out, "    </%s>\n", outgoing ? "outgoingServer" : "incomingServer");
}

static char *
write_thunderbird (const Export  *export,
                   GError       **error)
{
  const MailAccountSettings *s = export->settings;
  const MailProvider *provider = s->provider;
  const char *domain = mail_email_domain (s->email);
  const char *notes[] = {
    "Publish as https://autoconfig.DOMAIN/mail/config-v1.1.xml or",
    "https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml.",
    NULL
  };
  g_autofree char *header = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *name = NULL;
  g_autofree char *e_domain = g_markup_escape_text (domain, -1);
  GString *out;

  if (!require_server (export, MAIL_PROTOCOL_IMAP, "thunderbird", error))
    return NULL;
  /* Thunderbird replaces %EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN% and %REALNAME% in
   * what it reads, and XML has no escape for that: a user name holding one cannot be written;
   * nor one with blanks at its ends, which autoconfig readers trim. */
  for (guint i = 0; i < 2; i++)
    {
      const MailServer *server = i == 0 ? s->imap : s->smtp;
      const char *user = server ? server_username (export, server) : NULL;

      if (user != NULL && (has_placeholder (user) || has_outer_blank (user)))
        {
          unsafe_value (_("user name"), user, error);
          return NULL;
        }
    }

  header = header_text (export, "Thunderbird autoconfig (clientConfig v1.1)", FALSE, notes);
  comment = xml_comment (header);
  name = g_markup_escape_text (s->provider_name ? s->provider_name : domain, -1);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n");
  append_commented (out, "  ", comment);
  g_string_append (out, "-->\n<clientConfig version=\"1.1\">\n");
  g_string_append_printf (out, "  <emailProvider id=\"%s\">\n", e_domain);
  g_string_append_printf (out, "    <domain>%s</domain>\n", e_domain);
  g_string_append_printf (out, "    <displayName>%s</displayName>\n", name);
  g_string_append_printf (out, "    <displayShortName>%s</displayShortName>\n", name);
  tb_server (out, export, s->imap);
  if (s->smtp)
    tb_server (out, export, s->smtp);
  g_string_append (out, "  </emailProvider>\n");

  /* As in the ISPDB files; Thunderbird reads its own table, other clients may use it. */
  if (account_auth (export) == MAIL_AUTH_OAUTH2 && provider && provider->has_oauth &&
      provider->authorize_url && provider->token_url)
    {
      g_autoptr(GUri) uri = g_uri_parse (provider->authorize_url, G_URI_FLAGS_NONE, NULL);
      g_autofree char *scopes = provider->scopes ? g_strjoinv (" ", provider->scopes) : g_strdup ("");
      g_autofree char *e_scopes = g_markup_escape_text (scopes, -1);
      g_autofree char *e_auth = g_markup_escape_text (provider->authorize_url, -1);
      g_autofree char *e_token = g_markup_escape_text (provider->token_url, -1);

      g_string_append (out, "  <oAuth2>\n");
      if (uri && g_uri_get_host (uri))
        {
          g_autofree char *e_issuer = g_markup_escape_text (g_uri_get_host (uri), -1);
          g_string_append_printf (out, "    <issuer>%s</issuer>\n", e_issuer);
        }
      g_string_append_printf (out, "    <scope>%s</scope>\n", e_scopes);
      g_string_append_printf (out, "    <authURL>%s</authURL>\n", e_auth);
      g_string_append_printf (out, "    <tokenURL>%s</tokenURL>\n", e_token);
      g_string_append (out, "  </oAuth2>\n");
    }
  g_string_append (out, "</clientConfig>\n");
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* mbsync: isync 1.4 (Debian 12: isync 1.4.4)
 * Checked 2026-11-22 with mbsync 1.4.4: sections separated by blank lines (a missing blank line
 * makes every later keyword "not recognized in IMAPAccount sections"), SSLType (1.5 renamed it
 * TLSType), PassCmd printing one line. XOAUTH2 goes through Cyrus SASL: with Debian's
 * libsasl2-modules-kdexoauth2 installed, mbsync 1.4.4 sends "AUTHENTICATE XOAUTH2" with
 * user= and auth=Bearer <PassCmd output> (verified against a test server and the lab Dovecot).
 * Cyrus SASL has no OAUTHBEARER. */

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

static char *
write_mbsync (const Export  *export,
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

  if (!require_server (export, MAIL_PROTOCOL_IMAP, "mbsync", error))
    return NULL;
  auth = server_auth (export, imap);
  if (auth == MAIL_AUTH_OAUTH2)
    {
      g_auto(GStrv) mechs = oauth_mechanisms (export);

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
  if (auth != MAIL_AUTH_NONE && has_outer_blank (server_username (export, imap)))
    {
      unsafe_value (_("user name"), server_username (export, imap), error);
      return NULL;
    }
  header = header_text (export, "isync/mbsync 1.4 (syntax of isync 1.4.4)", TRUE, notes);
  user = quote_backslash (server_username (export, imap));
  pass_cmd = quote_backslash (export->command);

  out = g_string_new (NULL);
  append_commented (out, "# ", header);
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

/* ------------------------------------------------------------------------------------------ */
/* msmtp 1.8 (Debian 12: msmtp 1.8.23, "oauthbearer and xoauth2: built-in")
 * Checked 2026-11-22 with msmtp 1.8.23 against the lab Dovecot submission service
 * (tests/test-export-lab.c sends a message with this file). The account is named after the
 * address, so `msmtp --read-envelope-from` and `msmtp -f ADDRESS` pick it by its from line. */

static char *
write_msmtp (const Export  *export,
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

  if (!require_server (export, MAIL_PROTOCOL_SMTP, "msmtp", error))
    return NULL;
  auth = server_auth (export, smtp);
  header = header_text (export, "msmtp 1.8 (syntax of msmtp 1.8.23)", TRUE, notes);
  user = quote_msmtp (server_username (export, smtp));
  pass_cmd = quote_msmtp (export->command);

  out = g_string_new (NULL);
  append_commented (out, "# ", header);
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
          g_auto(GStrv) mechs = oauth_mechanisms (export);
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

/* ------------------------------------------------------------------------------------------ */
/* neomutt 20220429 (Debian 12, GnuTLS build, OAUTHBEARER/XOAUTH2 built in)
 * Checked 2026-11-22 with neomutt 20220429 against the lab Dovecot (tests/test-export-lab.c
 * opens INBOX with this file). Values are single-quoted: neomutt expands nothing inside single
 * quotes. Password accounts use `imap_pass` from a backtick command: neomutt runs it once at
 * start-up, so the password lives only in memory. */

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
  g_auto(GStrv) mechs = oauth_mechanisms (export);
  g_autofree char *joined = g_strjoinv (":", mechs);

  return g_ascii_strdown (joined, -1);
}

static char *
write_neomutt (const Export  *export,
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

  if (!require_server (export, MAIL_PROTOCOL_IMAP, "neomutt", error))
    return NULL;

  any_plain = imap->security == MAIL_SECURITY_NONE ||
              (smtp && smtp->security == MAIL_SECURITY_NONE);
  any_starttls = imap->security == MAIL_SECURITY_STARTTLS ||
                 (smtp && smtp->security == MAIL_SECURITY_STARTTLS);
  header = header_text (export, "NeoMutt (syntax of neomutt 20220429)", TRUE, notes);
  host = url_host (imap->host);

  out = g_string_new (NULL);
  append_commented (out, "# ", header);
  g_string_append_c (out, '\n');
  neomutt_set (out, "from", s->email);
  neomutt_set (out, "imap_user", server_username (export, imap));
  folder = g_strdup_printf ("%s://%s:%u/", imap->security == MAIL_SECURITY_TLS ? "imaps" : "imap",
                            host, imap->port);
  neomutt_set (out, "folder", folder);
  g_string_append (out, "set spoolfile = '+INBOX'\n");
  g_string_append_printf (out, "set ssl_force_tls = %s\n", any_plain ? "no" : "yes");
  g_string_append_printf (out, "set ssl_starttls = %s\n", any_starttls ? "yes" : "no");
  if (export->options && export->options->ca_file)
    neomutt_set (out, "ssl_ca_certificates_file", export->options->ca_file);

  switch (server_auth (export, imap))
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
      MailAuthKind auth = server_auth (export, smtp);
      g_autofree char *smtp_host = url_host (smtp->host);
      g_autofree char *user = url_user (server_username (export, smtp));
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
      else if (is_password_kind (auth))
        g_string_append_printf (out, "set smtp_pass = `%s`\n", export->command);
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* aerc 0.14 (Debian 12: aerc 0.14.0); newer aerc changed the schemes (0.18: smtp = STARTTLS).
 * Checked 2026-11-22 against aerc-imap(5), aerc-smtp(5) and aerc-accounts(5) of 0.14.0, and by
 * starting aerc 0.14.0 on this file in a pseudo-terminal against the lab Dovecot
 * (tests/test-export-lab.c). In 0.14 the OAuth2 schemes without token_endpoint take the
 * password as the access token, which source-cred-cmd supplies. aerc 0.14 has no CA setting:
 * it trusts the system store (or SSL_CERT_FILE). */

static char *
aerc_scheme (const Export     *export,
             const MailServer *server,
             GError          **error)
{
  gboolean imap = server->protocol == MAIL_PROTOCOL_IMAP;
  MailAuthKind auth = server_auth (export, server);
  const char *base;
  const char *mech = NULL;

  if (imap)
    base = server->security == MAIL_SECURITY_TLS ? "imaps"
           : server->security == MAIL_SECURITY_STARTTLS ? "imap" : "imap+insecure";
  else
    base = server->security == MAIL_SECURITY_TLS ? "smtps" : "smtp";

  if (auth == MAIL_AUTH_OAUTH2)
    {
      g_auto(GStrv) mechs = oauth_mechanisms (export);

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
  return strpbrk (value, "#;\"'`") == NULL && is_printable (value);
}

static gboolean
aerc_server (GString          *out,
             const Export     *export,
             const MailServer *server,
             GError          **error)
{
  gboolean imap = server->protocol == MAIL_PROTOCOL_IMAP;
  g_autofree char *scheme = aerc_scheme (export, server, error);
  g_autofree char *host = url_host (server->host);
  g_autofree char *user = url_user (server_username (export, server));
  MailAuthKind auth = server_auth (export, server);

  if (scheme == NULL)
    return FALSE;
  /* go-ini (aerc 0.14) ends a value at the first # or ; and takes quotes at its ends away:
   * the user is percent-encoded and the host validated, so neither can appear. */
  if (!aerc_value_ok (user) || !aerc_value_ok (host))
    return unsafe_value (_("user name"), server_username (export, server), error);
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

static char *
write_aerc (const Export  *export,
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

  if (!require_server (export, MAIL_PROTOCOL_IMAP, "aerc", error))
    return NULL;
  header = header_text (export, "aerc 0.14 accounts.conf", TRUE, notes);

  out = g_string_new (NULL);
  append_commented (out, "# ", header);
  g_string_append_printf (out, "\n[%s]\n", s->email);
  if (!aerc_server (out, export, s->imap, error))
    return NULL;
  if (s->smtp && !aerc_server (out, export, s->smtp, error))
    return NULL;
  g_string_append_printf (out, "from = %s\n", s->email);
  g_string_append (out, "default = INBOX\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* mobileconfig: Apple configuration profile with one com.apple.mail.managed payload
 * Keys checked 2026-11-22 against apple/device-management mdm/profiles/com.apple.mail.managed.yaml
 * and TopLevel.yaml; the file is validated as a plist with plistutil and Python's plistlib in
 * tests/test-export.c. Apple's payload has no OAuth2 sign-in (EmailAuthNone, Password, CRAMMD5,
 * NTLM, HTTPMD5) and a password would only belong in an encrypted profile: the profile carries
 * no credential, Mail asks for the password once. OAuth2-only accounts cannot be exported. */

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
  MailAuthKind auth = server_auth (export, server);
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
      plist_key_string (out, indent, key, server_username (export, server));
    }
}

static char *
write_mobileconfig (const Export  *export,
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

  if (!require_server (export, MAIL_PROTOCOL_IMAP, "mobileconfig", error) ||
      !require_server (export, MAIL_PROTOCOL_SMTP, "mobileconfig", error))
    return NULL;
  if (account_auth (export) == MAIL_AUTH_OAUTH2 && !provider_allows_password (export))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("Apple configuration profiles cannot sign in with OAuth2, and %s accepts "
                     "no password or app password. Add the account in Apple Mail itself."),
                   s->provider_name ? s->provider_name : s->email);
      return NULL;
    }

  header = header_text (export, "Apple Mail (configuration profile, com.apple.mail.managed)",
                        FALSE, notes);
  comment = xml_comment (header);
  id = g_strdup_printf ("io.github.mailsetup.MailSetup.%s", s->email);
  display = g_strdup_printf ("Mail: %s", s->email);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                      "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<!--\n");
  append_commented (out, "  ", comment);
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

/* ------------------------------------------------------------------------------------------ */
/* json: mail_account_settings_to_json (), the model itself; it holds verified_at and never a
 * secret. JSON has no comments, so the "what was verified" is the verified_at member. */

static char *
write_json (const Export  *export,
            GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  mail_account_settings_to_json (export->settings, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* ------------------------------------------------------------------------------------------ */

typedef char *(*WriterFunc) (const Export *export, GError **error);

static const WriterFunc writers[] = {
  write_thunderbird,
  write_mbsync,
  write_msmtp,
  write_neomutt,
  write_aerc,
  write_mobileconfig,
  write_json,
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

/* GLib's message names the temporary file; people need the path they gave and the reason. */
static const char *
file_error_reason (const GError *error)
{
  if (error->domain != G_FILE_ERROR)
    return error->message;
  switch (error->code)
    {
    case G_FILE_ERROR_NOENT:
      return _("the folder does not exist");
    case G_FILE_ERROR_NOTDIR:
      return _("a part of the path is not a folder");
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
      return _("permission denied");
    case G_FILE_ERROR_ROFS:
      return _("the file system is read-only");
    case G_FILE_ERROR_ISDIR:
      return _("it is a folder");
    case G_FILE_ERROR_NOSPC:
      return _("no space left on the device");
    default:
      return error->message;
    }
}

gboolean
mail_export_path_is_writable (const char  *path,
                              GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  /* lstat: a symbolic link is an existing file (also a broken one), never followed. */
  if (g_lstat (path, &st) != 0 || S_ISREG (st.st_mode))
    return TRUE;
  g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
               _("Cannot write %s: it is not a regular file (%s). Give the path of a new file "
                 "or of a regular file to replace."), path,
               S_ISLNK (st.st_mode) ? _("a symbolic link")
               : S_ISDIR (st.st_mode) ? _("a folder")
               : S_ISFIFO (st.st_mode) ? _("a named pipe")
               : S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode) ? _("a device")
               : _("a special file"));
  return FALSE;
}

gboolean
mail_export_write_file (const char  *path,
                        const char  *contents,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (!mail_export_path_is_writable (path, error))
    return FALSE;

  /* GLib writes PATH.XXXXXX beside path with mode 0600, fsyncs and renames it over path; on
   * any failure it removes the temporary file, so no partial file is ever visible. */
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("Cannot write %s: %s."),
                   path, file_error_reason (local_error));
      return FALSE;
    }
  return TRUE;
}
