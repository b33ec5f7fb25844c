/* mail-provider.c: one *.provider file parsed and validated into a MailProvider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-file.h"
#include "mail-provider.h"
#include "mail-provider-private.h"
#include "mail-validate.h"

static void
provider_server_clear (MailProviderServer *server)
{
  g_free (server->host);
  g_free (server->auth);
  g_free (server->username);
  g_free (server->custom_host);
  g_free (server->custom_username);
}

static void
provider_clear (gpointer data)
{
  MailProvider *self = data;

  g_free (self->id);
  g_free (self->name);
  g_strfreev (self->domains);
  g_strfreev (self->mx_suffixes);
  g_free (self->documentation);
  g_free (self->path);
  provider_server_clear (&self->imap);
  provider_server_clear (&self->smtp);
  g_free (self->authorize_url);
  g_free (self->token_url);
  g_free (self->client_id);
  g_free (self->client_secret);
  g_free (self->client_id_option);
  g_strfreev (self->scopes);
  g_free (self->redirect_host);
  g_strfreev (self->extra_parameters);
  g_strfreev (self->mechanisms);
  g_free (self->device_authorization_url);
  g_free (self->shared_mailbox_username);
  g_strfreev (self->enable_steps);
  g_free (self->settings_url);
  g_strfreev (self->admin_steps);
  g_free (self->admin_command);
  g_free (self->admin_smtp_command);
  g_free (self->app_password_url);
  g_free (self->family);
  g_strfreev (self->domain_patterns);
  g_strfreev (self->server_hosts);
  g_strfreev (self->server_words);
  g_strfreev (self->family_domains);
  g_strfreev (self->family_server_hosts);
  g_strfreev (self->family_server_words);
}

MailProvider *
mail_provider_ref (MailProvider *provider)
{
  g_return_val_if_fail (provider != NULL, NULL);
  return g_atomic_rc_box_acquire (provider);
}

void
mail_provider_unref (MailProvider *provider)
{
  if (provider != NULL)
    g_atomic_rc_box_release_full (provider, provider_clear);
}

G_DEFINE_BOXED_TYPE (MailProvider, mail_provider, mail_provider_ref, mail_provider_unref)

/* Parsing ---------------------------------------------------------------------------------- */

typedef struct
{
  GKeyFile   *keyfile;
  const char *path;
  const char *data;   /* the file text, for line numbers; may be NULL */
} Parser;

/* The line of key in group, or 0 when unknown. GKeyFile does not keep line numbers. */
static guint
find_key_line (const char *data,
               const char *group,
               const char *key)
{
  g_auto(GStrv) lines = NULL;
  gboolean in_group = FALSE;

  if (data == NULL)
    return 0;

  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (g_ascii_isspace (*line))
        line++;
      if (*line == '[')
        {
          const char *end = strchr (line, ']');

          in_group = end != NULL && (gsize) (end - line - 1) == strlen (group) &&
                     strncmp (line + 1, group, end - line - 1) == 0;
          if (key == NULL && in_group)
            return i + 1;
        }
      else if (in_group && key != NULL && g_str_has_prefix (line, key))
        {
          const char *rest = line + strlen (key);

          while (*rest == ' ' || *rest == '\t')
            rest++;
          if (*rest == '=')
            return i + 1;
        }
    }

  return 0;
}

static void G_GNUC_PRINTF (5, 6)
parser_error (Parser      *parser,
              GError     **error,
              const char  *group,
              const char  *key,
              const char  *format,
              ...)
{
  g_autofree char *problem = NULL;
  guint line;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  line = find_key_line (parser->data, group, key);
  if (line > 0)
    g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, "%s:%u: %s",
                 parser->path, line, problem);
  else
    g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, "%s: %s", parser->path, problem);
}

static char *
get_string (Parser      *parser,
            const char  *group,
            const char  *key,
            gboolean     required,
            gboolean     translated,
            GError     **error)
{
  g_autofree char *value = NULL;

  if (g_key_file_has_key (parser->keyfile, group, key, NULL))
    {
      g_autoptr(GError) local_error = NULL;

      if (translated)
        value = g_key_file_get_locale_string (parser->keyfile, group, key, NULL, &local_error);
      else
        value = g_key_file_get_string (parser->keyfile, group, key, &local_error);
      if (value == NULL)
        {
          parser_error (parser, error, group, key, "[%s] %s: %s", group, key,
                        local_error->message);
          return NULL;
        }
      g_strstrip (value);
      /* GKeyFile turns "\n" into a line break: no value may carry one (or any other control
       * character) into a setting, a file of another client or a terminal. */
      if (!mail_text_is_printable (value))
        {
          parser_error (parser, error, group, key,
                        _("[%s] %s holds a line break or another control character."),
                        group, key);
          return NULL;
        }
    }

  if (required && (value == NULL || *value == '\0'))
    {
      parser_error (parser, error, group, NULL, _("[%s] needs a value for %s."), group, key);
      return NULL;
    }

  /* NULL without an error: the key is absent. */
  return g_steal_pointer (&value);
}

/* A ';'-separated list; empty items dropped. Never NULL without an error. */
static char **
get_list (Parser      *parser,
          const char  *group,
          const char  *key,
          gboolean     translated,
          GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;

  if (g_key_file_has_key (parser->keyfile, group, key, NULL))
    {
      g_autoptr(GError) local_error = NULL;

      if (translated)
        items = g_key_file_get_locale_string_list (parser->keyfile, group, key, NULL, NULL,
                                                   &local_error);
      else
        items = g_key_file_get_string_list (parser->keyfile, group, key, NULL, &local_error);
      if (items == NULL && !g_error_matches (local_error, G_KEY_FILE_ERROR,
                                             G_KEY_FILE_ERROR_INVALID_VALUE))
        {
          parser_error (parser, error, group, key, "[%s] %s: %s", group, key,
                        local_error->message);
          return NULL;
        }
    }

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] != '\0')
        g_strv_builder_add (builder, items[i]);
    }

  return g_strv_builder_end (builder);
}

gboolean
mail_provider_id_is_valid (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

static void
lowercase_all (char **items)
{
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *lower = g_ascii_strdown (items[i], -1);

      g_free (items[i]);
      items[i] = lower;
    }
}

static gboolean
parse_server (Parser              *parser,
              const char          *group,
              MailProtocol         protocol,
              MailProviderServer  *server,
              GError             **error)
{
  g_autofree char *security = NULL;
  g_autofree char *port = NULL;
  g_auto(GStrv) auth = NULL;

  if (!g_key_file_has_group (parser->keyfile, group))
    {
      parser_error (parser, error, group, NULL, _("the [%s] section is missing."), group);
      return FALSE;
    }

  server->host = get_string (parser, group, "Host", TRUE, FALSE, error);
  if (server->host == NULL)
    return FALSE;
  if (!mail_host_is_valid (server->host))
    {
      parser_error (parser, error, group, "Host", _("[%s] Host “%s” is not a server name."),
                    group, server->host);
      return FALSE;
    }

  security = get_string (parser, group, "Security", TRUE, FALSE, error);
  if (security == NULL)
    return FALSE;
  if (!mail_security_from_string (security, &server->security))
    {
      parser_error (parser, error, group, "Security",
                    _("[%s] Security “%s” is not one of tls, starttls or none."), group, security);
      return FALSE;
    }

  port = get_string (parser, group, "Port", FALSE, FALSE, error);
  if (port == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (port == NULL)
    server->port = mail_default_port (protocol, server->security);
  else
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (port, 10, 1, 65535, &value, NULL))
        {
          parser_error (parser, error, group, "Port",
                        _("[%s] Port “%s” is not a number from 1 to 65535."), group, port);
          return FALSE;
        }
      server->port = (guint16) value;
    }

  auth = get_list (parser, group, "Authentication", FALSE, error);
  if (auth == NULL)
    return FALSE;
  if (auth[0] == NULL)
    {
      server->n_auth = 1;
      server->auth = g_new0 (MailAuthKind, 1);
      server->auth[0] = MAIL_AUTH_PASSWORD;
    }
  else
    {
      server->n_auth = g_strv_length (auth);
      server->auth = g_new0 (MailAuthKind, server->n_auth);
      for (guint i = 0; i < server->n_auth; i++)
        {
          if (!mail_auth_kind_from_string (auth[i], &server->auth[i]) ||
              server->auth[i] == MAIL_AUTH_NONE)
            {
              parser_error (parser, error, group, "Authentication",
                            _("[%s] Authentication “%s” is not one of oauth2, password or "
                              "app-password."), group, auth[i]);
              return FALSE;
            }
        }
    }

  server->username = get_string (parser, group, "Username", FALSE, FALSE, error);
  if (server->username == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (server->username == NULL || *server->username == '\0')
    {
      g_free (server->username);
      server->username = g_strdup ("%EMAIL%");
    }

  server->custom_host = get_string (parser, group, "CustomDomainHost", FALSE, FALSE, error);
  if (server->custom_host == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (server->custom_host != NULL && *server->custom_host == '\0')
    g_clear_pointer (&server->custom_host, g_free);
  if (server->custom_host != NULL && !mail_host_is_valid (server->custom_host))
    {
      parser_error (parser, error, group, "CustomDomainHost",
                    _("[%s] CustomDomainHost “%s” is not a server name."),
                    group, server->custom_host);
      return FALSE;
    }

  server->custom_username = get_string (parser, group, "CustomDomainUsername", FALSE, FALSE,
                                        error);
  if (server->custom_username == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (server->custom_username != NULL && *server->custom_username == '\0')
    g_clear_pointer (&server->custom_username, g_free);

  return TRUE;
}

gboolean
mail_provider_server_has_auth (const MailProviderServer *server,
                               MailAuthKind              auth)
{
  for (guint i = 0; i < server->n_auth; i++)
    if (server->auth[i] == auth)
      return TRUE;
  return FALSE;
}

/* Codes, verifiers, secrets and refresh tokens travel to these URLs: HTTPS, or plain HTTP
 * only to this computer (test servers, local identity providers). */
static gboolean
url_is_valid (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (g_str_has_prefix (url, "https://"))
    return TRUE;
  if (!g_str_has_prefix (url, "http://"))
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  return host != NULL && (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
                          g_ascii_strcasecmp (host, "localhost") == 0);
}

/* The flow sets these itself; a provider file must not replace them. The name is compared
 * as the flow sends it (spaces around it trimmed) and without case, since some servers read
 * parameter names without case. */
static gboolean
parameter_is_reserved (const char *parameter,
                       gsize       name_length)
{
  static const char *const reserved[] = {
    "response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
    "code_challenge_method", "client_secret", "code", "code_verifier",
  };
  g_autofree char *name = g_strndup (parameter, name_length);

  g_strstrip (name);
  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (g_ascii_strcasecmp (name, reserved[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_oauth (Parser        *parser,
             MailProvider  *self,
             GError       **error)
{
  const char *group = "OAuth2";
  g_autofree char *scopes = NULL;

  self->has_oauth = TRUE;

  if (!(self->authorize_url = get_string (parser, group, "AuthorizeUrl", TRUE, FALSE, error)) ||
      !(self->token_url = get_string (parser, group, "TokenUrl", TRUE, FALSE, error)) ||
      !(scopes = get_string (parser, group, "Scopes", TRUE, FALSE, error)))
    return FALSE;

  if (!url_is_valid (self->authorize_url))
    {
      parser_error (parser, error, group, "AuthorizeUrl",
                    _("[OAuth2] AuthorizeUrl “%s” is not an https URL (plain http only to this "
                      "computer)."), self->authorize_url);
      return FALSE;
    }
  if (!url_is_valid (self->token_url))
    {
      parser_error (parser, error, group, "TokenUrl",
                    _("[OAuth2] TokenUrl “%s” is not an https URL (plain http only to this "
                      "computer)."), self->token_url);
      return FALSE;
    }

  self->scopes = g_strsplit_set (scopes, " \t", -1);
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; self->scopes[i] != NULL; i++)
      if (self->scopes[i][0] != '\0')
        g_strv_builder_add (builder, self->scopes[i]);
    g_strfreev (self->scopes);
    self->scopes = g_strv_builder_end (builder);
  }

  self->client_id = get_string (parser, group, "ClientId", FALSE, FALSE, error);
  if (self->client_id == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (self->client_id == NULL)
    self->client_id = g_strdup ("");

  self->client_secret = get_string (parser, group, "ClientSecret", FALSE, FALSE, error);
  if (self->client_secret == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (self->client_secret == NULL)
    self->client_secret = g_strdup ("");

  self->client_id_option = get_string (parser, group, "ClientIdOption", FALSE, FALSE, error);
  if (self->client_id_option == NULL && error != NULL && *error != NULL)
    return FALSE;

  self->redirect_host = get_string (parser, group, "RedirectHost", FALSE, FALSE, error);
  if (self->redirect_host == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (self->redirect_host == NULL || *self->redirect_host == '\0')
    {
      g_free (self->redirect_host);
      self->redirect_host = g_strdup ("127.0.0.1");
    }
  if (g_strcmp0 (self->redirect_host, "127.0.0.1") != 0 &&
      g_strcmp0 (self->redirect_host, "localhost") != 0)
    {
      parser_error (parser, error, group, "RedirectHost",
                    _("[OAuth2] RedirectHost “%s” is not 127.0.0.1 or localhost."),
                    self->redirect_host);
      return FALSE;
    }

  if (!(self->extra_parameters = get_list (parser, group, "ExtraParameters", FALSE, error)))
    return FALSE;
  for (guint i = 0; self->extra_parameters[i] != NULL; i++)
    {
      const char *eq = strchr (self->extra_parameters[i], '=');

      if (eq == NULL || eq == self->extra_parameters[i])
        {
          parser_error (parser, error, group, "ExtraParameters",
                        _("[OAuth2] ExtraParameters “%s” is not of the form name=value."),
                        self->extra_parameters[i]);
          return FALSE;
        }
      if (parameter_is_reserved (self->extra_parameters[i], eq - self->extra_parameters[i]))
        {
          parser_error (parser, error, group, "ExtraParameters",
                        _("[OAuth2] ExtraParameters “%s” would replace a parameter Mail Setup "
                          "sets itself."),
                        self->extra_parameters[i]);
          return FALSE;
        }
    }

  self->device_authorization_url = get_string (parser, group, "DeviceAuthorizationUrl", FALSE,
                                               FALSE, error);
  if (self->device_authorization_url == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (self->device_authorization_url != NULL && *self->device_authorization_url == '\0')
    g_clear_pointer (&self->device_authorization_url, g_free);
  if (self->device_authorization_url != NULL && !url_is_valid (self->device_authorization_url))
    {
      parser_error (parser, error, group, "DeviceAuthorizationUrl",
                    _("[OAuth2] DeviceAuthorizationUrl “%s” is not an https URL (plain http only "
                      "to this computer)."), self->device_authorization_url);
      return FALSE;
    }

  self->shared_mailbox_username = get_string (parser, group, "SharedMailboxUsername", FALSE,
                                              FALSE, error);
  if (self->shared_mailbox_username == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (self->shared_mailbox_username == NULL || *self->shared_mailbox_username == '\0' ||
      strstr (self->shared_mailbox_username, "%MAILBOX%") == NULL)
    {
      g_free (self->shared_mailbox_username);
      self->shared_mailbox_username = g_strdup ("%MAILBOX%");
    }

  {
    static const char *const keys[] = { "RefreshTokenIdleDays", "RefreshTokenTestingDays" };
    guint *fields[] = { &self->refresh_idle_days, &self->refresh_testing_days };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autofree char *days = get_string (parser, group, keys[i], FALSE, FALSE, error);
        guint64 value = 0;

        if (days == NULL && error != NULL && *error != NULL)
          return FALSE;
        if (days != NULL && *days != '\0' &&
            !g_ascii_string_to_unsigned (days, 10, 1, 3650, &value, NULL))
          {
            parser_error (parser, error, group, keys[i],
                          _("[OAuth2] %s “%s” is not a number of days from 1 to 3650."), keys[i],
                          days);
            return FALSE;
          }
        *fields[i] = (guint) value;
      }
  }

  if (!(self->mechanisms = get_list (parser, group, "Mechanisms", FALSE, error)))
    return FALSE;
  if (self->mechanisms[0] == NULL)
    {
      g_strfreev (self->mechanisms);
      self->mechanisms = g_strsplit ("XOAUTH2;OAUTHBEARER", ";", -1);
    }
  for (guint i = 0; self->mechanisms[i] != NULL; i++)
    {
      char *upper = g_ascii_strup (self->mechanisms[i], -1);

      g_free (self->mechanisms[i]);
      self->mechanisms[i] = upper;
      if (strcmp (upper, "XOAUTH2") != 0 && strcmp (upper, "OAUTHBEARER") != 0)
        {
          parser_error (parser, error, group, "Mechanisms",
                        _("[OAuth2] Mechanisms “%s” is not XOAUTH2 or OAUTHBEARER."), upper);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_enable_imap (Parser        *parser,
                   MailProvider  *self,
                   GError       **error)
{
  const char *group = "EnableIMAP";

  if (!(self->enable_steps = get_list (parser, group, "Steps", TRUE, error)) ||
      !(self->admin_steps = get_list (parser, group, "AdminSteps", TRUE, error)))
    return FALSE;

#define OPTIONAL_STRING(field, key) \
  self->field = get_string (parser, group, key, FALSE, FALSE, error); \
  if (self->field == NULL && error != NULL && *error != NULL) \
    return FALSE; \
  if (self->field != NULL && *self->field == '\0') \
    g_clear_pointer (&self->field, g_free);

  OPTIONAL_STRING (settings_url, "SettingsUrl");
  OPTIONAL_STRING (admin_command, "AdminCommand");
  OPTIONAL_STRING (admin_smtp_command, "AdminSmtpCommand");
  OPTIONAL_STRING (app_password_url, "AppPasswordUrl");
#undef OPTIONAL_STRING

  {
    g_autofree char *off = get_string (parser, group, "OffByDefault", FALSE, FALSE, error);

    if (off == NULL && error != NULL && *error != NULL)
      return FALSE;
    if (off != NULL && g_strcmp0 (off, "true") != 0 && g_strcmp0 (off, "false") != 0)
      {
        parser_error (parser, error, group, "OffByDefault", "OffByDefault must be true or false");
        return FALSE;
      }
    self->imap_off_by_default = g_strcmp0 (off, "true") == 0;
  }

  return TRUE;
}

#define RECOGNITION_GROUP "Recognition"
#define MAX_ITEMS         64
#define MAX_NAME_LENGTH   253   /* a DNS name */
#define MIN_WORDS_LENGTH  5     /* shorter words ("OK", "mail") are in every server's replies */
#define MAX_WORDS_LENGTH  200

/* [Recognition] ------------------------------------------------------------------------------ */

/* A domain or host glob: lowercase letters, digits, '-', '.', '*' and '?', and at least one
 * label without a wildcard above the top level: "hotmail.*", "*.gmail.com" and "163.com", but
 * not "*", "*.*" or "*.com" (that would claim every server). */
static gboolean
name_pattern_check (const char  *pattern,
                    const char **problem)
{
  g_auto(GStrv) labels = NULL;
  guint n_labels;

  if (strlen (pattern) > MAX_NAME_LENGTH)
    {
      *problem = "long";
      return FALSE;
    }
  for (const char *p = pattern; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || strchr ("-.*?", *p) != NULL))
      {
        *problem = "characters";
        return FALSE;
      }

  labels = g_strsplit (pattern, ".", -1);
  n_labels = g_strv_length (labels);
  for (guint i = 0; i + 1 < n_labels; i++)
    if (labels[i][0] != '\0' && strpbrk (labels[i], "*?") == NULL)
      return TRUE;

  *problem = "broad";
  return FALSE;
}

/* A value as quoted in a message: at most 64 characters (a file may hold a very long one). */
static char *
clip (const char *value)
{
  if (g_utf8_strlen (value, -1) <= 64)
    return g_strdup (value);
  {
    g_autofree char *start = g_utf8_substring (value, 0, 63);

    return g_strconcat (start, "…", NULL);
  }
}

static gboolean
get_patterns (Parser       *parser,
              const char   *key,
              gboolean      words,
              char       ***out,
              GError      **error)
{
  g_auto(GStrv) items = get_list (parser, RECOGNITION_GROUP, key, FALSE, error);
  g_autofree char *problem = NULL;

  if (items == NULL)
    return FALSE;

  if (g_strv_length (items) > MAX_ITEMS)
    problem = g_strdup_printf (_("[Recognition] %s lists more than %u items."), key, MAX_ITEMS);

  for (guint i = 0; problem == NULL && items[i] != NULL; i++)
    {
      const char *what = NULL;
      g_autofree char *item = clip (items[i]);

      if (words)
        {
          if (strlen (items[i]) < MIN_WORDS_LENGTH || strlen (items[i]) > MAX_WORDS_LENGTH)
            problem = g_strdup_printf (_("[Recognition] %s: “%s” must be %u to %u characters "
                                         "long, so that it names one kind of server."),
                                       key, item, MIN_WORDS_LENGTH, MAX_WORDS_LENGTH);
        }
      else if (!name_pattern_check (items[i], &what))
        {
          if (g_str_equal (what, "broad"))
            problem = g_strdup_printf (_("[Recognition] %s: “%s” must name a domain below the "
                                         "top level (“*” or “*.com” would recognise every "
                                         "server)."), key, item);
          else
            problem = g_strdup_printf (_("[Recognition] %s: “%s” is not a name: it may only "
                                         "use a-z, 0-9, “-”, “.” and the wildcards “*” and “?”, "
                                         "at most 253 characters."), key, item);
        }
    }

  if (problem != NULL)
    {
      parser_error (parser, error, RECOGNITION_GROUP, key, "%s", problem);
      return FALSE;
    }

  *out = g_steal_pointer (&items);
  return TRUE;
}

static gboolean
parse_recognition (Parser        *parser,
                   MailProvider  *self,
                   GError       **error)
{
  g_autofree char *audience = NULL;

  self->family = get_string (parser, RECOGNITION_GROUP, "Family", FALSE, FALSE, error);
  if (self->family == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (self->family != NULL && (!mail_provider_id_is_valid (self->family) ||
                               strlen (self->family) > 64))
    {
      g_autofree char *family = clip (self->family);
      g_autofree char *problem = g_strdup_printf (_("[Recognition] Family “%s” may only use "
                                                    "a-z, 0-9 and “-”."), family);

      parser_error (parser, error, RECOGNITION_GROUP, "Family", "%s", problem);
      return FALSE;
    }

  audience = get_string (parser, RECOGNITION_GROUP, "Audience", FALSE, FALSE, error);
  if (audience == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (audience == NULL)
    self->audience = MAIL_PROVIDER_AUDIENCE_UNKNOWN;
  else if (g_str_equal (audience, "personal"))
    self->audience = MAIL_PROVIDER_AUDIENCE_PERSONAL;
  else if (g_str_equal (audience, "organisation"))
    self->audience = MAIL_PROVIDER_AUDIENCE_ORGANISATION;
  else
    {
      g_autofree char *value = clip (audience);
      g_autofree char *problem = g_strdup_printf (_("[Recognition] Audience must be personal or "
                                                    "organisation, not “%s”."), value);

      parser_error (parser, error, RECOGNITION_GROUP, "Audience", "%s", problem);
      return FALSE;
    }

  return get_patterns (parser, "DomainPatterns", FALSE, &self->domain_patterns, error) &&
         get_patterns (parser, "ServerHosts", FALSE, &self->server_hosts, error) &&
         get_patterns (parser, "ServerWords", TRUE, &self->server_words, error) &&
         get_patterns (parser, "FamilyDomains", FALSE, &self->family_domains, error) &&
         get_patterns (parser, "FamilyServerHosts", FALSE, &self->family_server_hosts, error) &&
         get_patterns (parser, "FamilyServerWords", TRUE, &self->family_server_words, error);
}

MailProvider *
mail_provider_parse_keyfile (GKeyFile    *keyfile,
                             const char  *path,
                             const char  *data,
                             GError     **error)
{
  Parser parser = { keyfile, path, data };
  g_autoptr(MailProvider) self = NULL;
  const char *group = "Provider";
  GError *local_error = NULL;

  self = g_atomic_rc_box_alloc0 (sizeof (MailProviderPrivate));
  self->path = g_strdup (path);

  if (!g_key_file_has_group (keyfile, group))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("%s: the [Provider] section is missing."), path);
      return NULL;
    }

  if (!(self->id = get_string (&parser, group, "Id", TRUE, FALSE, error)))
    return NULL;
  if (!mail_provider_id_is_valid (self->id))
    {
      parser_error (&parser, error, group, "Id",
                    _("Id “%s” may only use a-z, 0-9 and “-”."), self->id);
      return NULL;
    }
  if (!(self->name = get_string (&parser, group, "Name", TRUE, TRUE, error)))
    return NULL;
  if (!(self->domains = get_list (&parser, group, "Domains", FALSE, error)) ||
      !(self->mx_suffixes = get_list (&parser, group, "MXSuffixes", FALSE, error)))
    return NULL;
  lowercase_all (self->domains);
  lowercase_all (self->mx_suffixes);

  self->documentation = get_string (&parser, group, "Documentation", FALSE, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (!parse_server (&parser, "IMAP", MAIL_PROTOCOL_IMAP, &self->imap, error) ||
      !parse_server (&parser, "SMTP", MAIL_PROTOCOL_SMTP, &self->smtp, error))
    return NULL;

  if (g_key_file_has_group (keyfile, "OAuth2"))
    {
      if (!parse_oauth (&parser, self, error))
        return NULL;
    }
  else if (mail_provider_server_has_auth (&self->imap, MAIL_AUTH_OAUTH2) ||
           mail_provider_server_has_auth (&self->smtp, MAIL_AUTH_OAUTH2))
    {
      parser_error (&parser, error, "IMAP", "Authentication",
                    _("Authentication lists oauth2 but the [OAuth2] section is missing."));
      return NULL;
    }

  if (g_key_file_has_group (keyfile, "EnableIMAP") && !parse_enable_imap (&parser, self, error))
    return NULL;

  if (!parse_recognition (&parser, self, error))
    return NULL;
  ((MailProviderPrivate *) self)->has_recognition = g_key_file_has_group (keyfile,
                                                                          RECOGNITION_GROUP);

  return g_steal_pointer (&self);
}

MailProvider *
mail_provider_new_from_keyfile (GKeyFile    *keyfile,
                                const char  *path,
                                GError     **error)
{
  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return mail_provider_parse_keyfile (keyfile, path, NULL, error);
}
