/* mail-autoconfig.c: a small, strict reader of clientConfig v1.1 documents (GMarkup)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-autoconfig.h"
#include "mail-validate.h"

#define MAX_DEPTH 32
#define MAX_TEXT 4096

typedef struct
{
  gboolean      active;
  MailProtocol  protocol;
  char         *host;
  guint         port;        /* 0: none given or invalid */
  gboolean      has_security;
  MailSecurity  security;
  char         *username;
  MailAuthMask  auth;
  gboolean      has_auth;    /* some <authentication> was given */
  gboolean      first_auth_set;
  MailAuthKind  first_auth;  /* the preferred usable one */
} ServerBuilder;

typedef struct
{
  MailAutoconfig *config;
  const char     *email;
  guint           depth;
  gboolean        seen_root;
  gboolean        in_provider;
  gboolean        provider_done;  /* only the first <emailProvider> counts */
  ServerBuilder   server;
  GString        *text;
  gboolean        collecting;
  GPtrArray      *domains;
  guint           enable_depth;   /* depth of the <enable> being read, or 0 */
  char           *pending_lang;   /* language of the <instruction> being read */
  gboolean        kept_english;
  GError         *rejected;       /* the first server or name refused by validation */
} ParseState;

static void
server_builder_clear (ServerBuilder *builder)
{
  g_free (builder->host);
  g_free (builder->username);
  memset (builder, 0, sizeof *builder);
}

void
mail_autoconfig_free (MailAutoconfig *config)
{
  if (config == NULL)
    return;

  g_free (config->id);
  g_free (config->display_name);
  g_strfreev (config->domains);
  g_clear_pointer (&config->imap, mail_server_free);
  g_clear_pointer (&config->smtp, mail_server_free);
  g_clear_pointer (&config->others, g_ptr_array_unref);
  g_free (config->enable_url);
  g_strfreev (config->enable_steps);
  g_free (config->documentation_url);
  g_free (config);
}

static const char *
find_attribute (const char **names,
                const char **values,
                const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

static gboolean
auth_from_autoconfig (const char   *text,
                      MailAuthKind *kind)
{
  static const struct { const char *name; MailAuthKind kind; } map[] = {
    { "OAuth2", MAIL_AUTH_OAUTH2 },
    { "password-cleartext", MAIL_AUTH_PASSWORD },
    { "plain", MAIL_AUTH_PASSWORD },
    { "password-encrypted", MAIL_AUTH_PASSWORD },
    { "secure", MAIL_AUTH_PASSWORD },
    { "none", MAIL_AUTH_NONE },
    { "client-IP-address", MAIL_AUTH_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      if (g_ascii_strcasecmp (text, map[i].name) == 0)
        {
          *kind = map[i].kind;
          return TRUE;
        }
    }
  return FALSE; /* GSSAPI, NTLM, smtp-after-pop...: not something we can do */
}

/* One pass: a placeholder inside a substituted value (an address may hold "%EMAILDOMAIN%" in
 * its local part) is text, not expanded again. */
static char *
expand_username (const char *template_,
                 const char *email)
{
  g_autofree char *local = mail_email_local_part (email);
  const struct { const char *name; const char *value; } names[] = {
    { "%EMAILADDRESS%", email },
    { "%EMAILLOCALPART%", local },
    { "%EMAILDOMAIN%", mail_email_domain (email) },
  };
  GString *out = g_string_new (NULL);

  for (const char *p = template_; *p;)
    {
      gboolean replaced = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (names) && !replaced; i++)
        if (g_str_has_prefix (p, names[i].name))
          {
            g_string_append (out, names[i].value);
            p += strlen (names[i].name);
            replaced = TRUE;
          }
      if (!replaced)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  ParseState *state = user_data;
  const char *parent = NULL;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);

  if (stack != NULL && stack->next != NULL)
    parent = stack->next->data;

  if (++state->depth > MAX_DEPTH)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "nested too deeply");
      return;
    }

  state->collecting = FALSE;
  g_string_truncate (state->text, 0);

  if (state->depth == 1)
    {
      if (strcmp (element, "clientConfig") != 0)
        {
          g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                               "not a clientConfig document");
          return;
        }
      state->seen_root = TRUE;
      return;
    }

  if (strcmp (element, "emailProvider") == 0 && state->depth == 2 && !state->provider_done)
    {
      state->in_provider = TRUE;
      g_free (state->config->id);
      state->config->id = g_strdup (find_attribute (names, values, "id"));
      return;
    }

  if (parent == NULL)
    return;

  /* <enable> comes inside <emailProvider> or, in some ISP database files, beside it. */
  if (strcmp (element, "enable") == 0 && state->enable_depth == 0 &&
      ((state->in_provider && strcmp (parent, "emailProvider") == 0) || state->depth == 2))
    {
      const char *url = find_attribute (names, values, "visiturl");

      state->enable_depth = state->depth;
      if (url != NULL && state->config->enable_url == NULL)
        state->config->enable_url = g_strdup (url);
      return;
    }
  if (state->enable_depth != 0 && state->depth == state->enable_depth + 1 &&
      strcmp (element, "instruction") == 0)
    {
      const char *lang = find_attribute (names, values, "lang");

      g_free (state->pending_lang);
      state->pending_lang = g_strdup (lang != NULL ? lang : "en");
      state->collecting = TRUE;
      return;
    }

  if (!state->in_provider)
    return;

  if (strcmp (parent, "emailProvider") == 0)
    {
      if (strcmp (element, "incomingServer") == 0 || strcmp (element, "outgoingServer") == 0)
        {
          const char *type = find_attribute (names, values, "type");
          gboolean incoming = element[0] == 'i';

          server_builder_clear (&state->server);
          if (type != NULL && incoming && g_ascii_strcasecmp (type, "imap") == 0)
            {
              state->server.active = TRUE;
              state->server.protocol = MAIL_PROTOCOL_IMAP;
            }
          else if (type != NULL && !incoming && g_ascii_strcasecmp (type, "smtp") == 0)
            {
              state->server.active = TRUE;
              state->server.protocol = MAIL_PROTOCOL_SMTP;
            }
        }
      else if (strcmp (element, "domain") == 0 || strcmp (element, "displayName") == 0)
        state->collecting = TRUE;
      else if (strcmp (element, "documentation") == 0)
        {
          const char *url = find_attribute (names, values, "url");

          if (url != NULL && state->config->documentation_url == NULL)
            state->config->documentation_url = g_strdup (url);
        }
    }
  else if (state->server.active &&
           (strcmp (parent, "incomingServer") == 0 || strcmp (parent, "outgoingServer") == 0))
    {
      state->collecting = TRUE;
    }
}

static void
end_server (ParseState *state)
{
  ServerBuilder *b = &state->server;
  MailServer **slot = b->protocol == MAIL_PROTOCOL_IMAP ? &state->config->imap
                                                         : &state->config->smtp;
  MailServer *server;

  if (b->host == NULL || !b->has_security)
    return;
  /* Only unusable methods listed (GSSAPI, NTLM...): this server is not for us. */
  if (b->has_auth && b->auth == 0)
    return;
  if (*slot != NULL)
    {
      guint same = 0;

      /* A further server: an alternative after a failed check. One that does not validate
       * is left out (the document stays usable). */
      for (guint i = 0; i < state->config->others->len; i++)
        if (((MailServer *) g_ptr_array_index (state->config->others, i))->protocol
            == b->protocol)
          same++;
      if (same >= MAIL_AUTOCONFIG_MAX_OTHERS)
        return;
      server = mail_server_new (b->protocol, NULL, b->port, b->security);
      server->host = g_strdup (b->host);
      server->username = expand_username (b->username != NULL ? b->username : "%EMAILADDRESS%",
                                          state->email);
      server->auth = b->first_auth_set ? b->first_auth : MAIL_AUTH_PASSWORD;
      if (mail_server_validate (server, NULL))
        g_ptr_array_add (state->config->others, server);
      else
        mail_server_free (server);
      return;
    }

  server = mail_server_new (b->protocol, NULL, b->port, b->security);
  server->host = g_strdup (b->host);
  server->username = expand_username (b->username != NULL ? b->username : "%EMAILADDRESS%",
                                      state->email);
  server->auth = b->first_auth_set ? b->first_auth : MAIL_AUTH_PASSWORD;
  /* A server we would use with an invalid host or user name makes the whole document
   * unusable: it is refused with the reason, not skipped for the next one. */
  if (!mail_server_validate (server, state->rejected == NULL ? &state->rejected : NULL))
    {
      mail_server_free (server);
      return;
    }
  *slot = server;
  if (b->protocol == MAIL_PROTOCOL_IMAP)
    state->config->imap_auth = b->has_auth ? b->auth : 1u << MAIL_AUTH_PASSWORD;
  else
    state->config->smtp_auth = b->has_auth ? b->auth : 1u << MAIL_AUTH_PASSWORD;
}

static void
server_child (ParseState *state,
              const char *element,
              const char *text)
{
  ServerBuilder *b = &state->server;

  if (strcmp (element, "hostname") == 0 && b->host == NULL)
    b->host = g_ascii_strdown (text, -1);
  else if (strcmp (element, "port") == 0 && b->port == 0)
    {
      guint64 value;

      if (g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
        b->port = (guint) value;
    }
  else if (strcmp (element, "socketType") == 0 && !b->has_security)
    b->has_security = mail_security_from_string (text, &b->security);
  else if (strcmp (element, "username") == 0 && b->username == NULL)
    b->username = g_strdup (text);
  else if (strcmp (element, "authentication") == 0)
    {
      MailAuthKind kind;

      b->has_auth = TRUE;
      if (auth_from_autoconfig (text, &kind))
        {
          b->auth |= 1u << kind;
          if (!b->first_auth_set)
            {
              b->first_auth = kind;
              b->first_auth_set = TRUE;
            }
        }
    }
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  const char *parent = stack != NULL && stack->next != NULL ? stack->next->data : NULL;
  g_autofree char *text = NULL;

  state->depth--;

  if (state->collecting)
    {
      text = g_strstrip (g_strdup (state->text->str));
      state->collecting = FALSE;
    }

  if (state->enable_depth != 0 && state->depth + 1 == state->enable_depth)
    {
      state->enable_depth = 0;  /* </enable> */
      return;
    }
  if (state->enable_depth != 0 && state->depth == state->enable_depth)
    {
      /* </instruction> */
      if (text != NULL && *text != '\0')
        {
          gboolean english = g_ascii_strncasecmp (state->pending_lang, "en", 2) == 0;

          /* Keep English (or unmarked) text, else the first language given. */
          if (state->config->enable_steps == NULL || (english && !state->kept_english))
            {
              g_strfreev (state->config->enable_steps);
              state->config->enable_steps = g_new0 (char *, 2);
              state->config->enable_steps[0] = g_steal_pointer (&text);
              state->kept_english = english;
            }
        }
      return;
    }

  if (!state->in_provider)
    return;

  if (strcmp (element, "emailProvider") == 0 && state->depth == 1)
    {
      state->in_provider = FALSE;
      state->provider_done = TRUE;
      return;
    }

  if (parent == NULL)
    return;

  if (strcmp (parent, "emailProvider") == 0)
    {
      if (strcmp (element, "incomingServer") == 0 || strcmp (element, "outgoingServer") == 0)
        {
          if (state->server.active)
            end_server (state);
          server_builder_clear (&state->server);
        }
      else if (text != NULL && *text != '\0' && strcmp (element, "domain") == 0)
        g_ptr_array_add (state->domains, g_ascii_strdown (text, -1));
      else if (text != NULL && *text != '\0' && strcmp (element, "displayName") == 0 &&
               state->config->display_name == NULL)
        {
          if (mail_validate_display_text (text, MAIL_DISPLAY_NAME_MAX, _("provider name"),
                                          state->rejected == NULL ? &state->rejected : NULL))
            state->config->display_name = g_steal_pointer (&text);
        }
    }
  else if (text != NULL && state->server.active)
    server_child (state, element, text);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  if (!state->collecting)
    return;
  if (state->text->len + length > MAX_TEXT)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "text too long");
      return;
    }
  g_string_append_len (state->text, text, length);
}

static const GMarkupParser parser = {
  start_element_cb,
  end_element_cb,
  text_cb,
  NULL,
  NULL,
};

static gboolean
is_entity (const char *p,
           const char *end)
{
  static const char *const names[] = { "amp;", "lt;", "gt;", "quot;", "apos;" };
  const char *q;

  g_assert (*p == '&');
  p++;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if ((gsize) (end - p) >= strlen (names[i]) && strncmp (p, names[i], strlen (names[i])) == 0)
      return TRUE;

  if (p < end && *p == '#')
    {
      gboolean hex = p + 1 < end && (p[1] == 'x' || p[1] == 'X');

      for (q = p + (hex ? 2 : 1); q < end && q - p < 10; q++)
        if (!(hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
          break;
      return q < end && *q == ';' && q > p + (hex ? 2 : 1);
    }

  return FALSE;
}

/* Real ISP database files contain "&amP;": GMarkup refuses a whole document for one stray
 * ampersand, so such ampersands are escaped first. NULL when nothing needs escaping. */
static char *
escape_stray_ampersands (const char *data,
                         gsize       length,
                         gsize      *out_length)
{
  const char *end = data + length;
  GString *out = NULL;

  for (const char *p = data; p < end; p++)
    {
      if (*p == '&' && !is_entity (p, end))
        {
          if (out == NULL)
            out = g_string_new_len (data, p - data);
          g_string_append (out, "&amp;");
        }
      else if (out != NULL)
        g_string_append_c (out, *p);
    }

  if (out == NULL)
    return NULL;
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

MailAutoconfig *
mail_autoconfig_parse (const char  *data,
                       gsize        length,
                       const char  *email,
                       GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(MailAutoconfig) config = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *escaped = NULL;
  ParseState state = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  if (length > MAIL_AUTOCONFIG_MAX_SIZE)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The autoconfig document is too large (over %u KiB)."),
                   MAIL_AUTOCONFIG_MAX_SIZE / 1024);
      return NULL;
    }

  config = g_new0 (MailAutoconfig, 1);
  config->others = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);
  state.config = config;
  state.email = email;
  state.text = g_string_new (NULL);
  state.domains = g_ptr_array_new_with_free_func (g_free);

  escaped = data != NULL ? escape_stray_ampersands (data, length, &length) : NULL;
  if (escaped != NULL)
    data = escaped;

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &state, NULL);
  ok = g_markup_parse_context_parse (context, data != NULL ? data : "", length, &local_error) &&
       g_markup_parse_context_end_parse (context, &local_error);

  server_builder_clear (&state.server);
  g_string_free (state.text, TRUE);
  g_free (state.pending_lang);
  g_ptr_array_add (state.domains, NULL);
  config->domains = (char **) g_ptr_array_free (state.domains, FALSE);

  if (!ok)
    {
      g_clear_error (&state.rejected);
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The autoconfig document is not valid: %s"), local_error->message);
      return NULL;
    }
  if (state.rejected != NULL)
    {
      /* A server's document, so a protocol error like any other bad answer; the message
       * names the field. */
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The autoconfig document is not usable: %s"), state.rejected->message);
      g_clear_error (&state.rejected);
      return NULL;
    }
  if (!state.seen_root)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The autoconfig document is empty."));
      return NULL;
    }
  if (config->imap == NULL && config->smtp == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The autoconfig document lists no IMAP or SMTP server this app can use."));
      return NULL;
    }

  return g_steal_pointer (&config);
}
