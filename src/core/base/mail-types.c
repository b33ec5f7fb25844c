/* mail-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-types.h"
#include "mail-validate.h"

G_DEFINE_QUARK (mail-error-quark, mail_error)

static const char *const protocol_names[] = { "imap", "smtp" };
static const char *const security_names[] = { "tls", "starttls", "none" };
static const char *const auth_names[] = { "oauth2", "password", "app-password", "none" };

static gboolean
lookup_name (const char *const *names,
             guint               n_names,
             const char         *text,
             guint              *out)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_ascii_strcasecmp (names[i], text) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
mail_protocol_to_string (MailProtocol protocol)
{
  g_return_val_if_fail (protocol < G_N_ELEMENTS (protocol_names), NULL);
  return protocol_names[protocol];
}

gboolean
mail_protocol_from_string (const char   *text,
                           MailProtocol *protocol)
{
  guint value;

  if (!lookup_name (protocol_names, G_N_ELEMENTS (protocol_names), text, &value))
    return FALSE;
  *protocol = value;
  return TRUE;
}

const char *
mail_security_to_string (MailSecurity security)
{
  g_return_val_if_fail (security < G_N_ELEMENTS (security_names), NULL);
  return security_names[security];
}

gboolean
mail_security_from_string (const char   *text,
                           MailSecurity *security)
{
  guint value;

  /* Thunderbird's and common spellings too, so provider files and autoconfig agree. */
  if (text != NULL && (g_ascii_strcasecmp (text, "ssl") == 0 ||
                       g_ascii_strcasecmp (text, "implicit") == 0))
    text = "tls";
  else if (text != NULL && g_ascii_strcasecmp (text, "plain") == 0)
    text = "none";

  if (!lookup_name (security_names, G_N_ELEMENTS (security_names), text, &value))
    return FALSE;
  *security = value;
  return TRUE;
}

const char *
mail_auth_kind_to_string (MailAuthKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (auth_names), NULL);
  return auth_names[kind];
}

gboolean
mail_auth_kind_from_string (const char   *text,
                            MailAuthKind *kind)
{
  guint value;

  if (!lookup_name (auth_names, G_N_ELEMENTS (auth_names), text, &value))
    return FALSE;
  *kind = value;
  return TRUE;
}

guint16
mail_default_port (MailProtocol protocol,
                   MailSecurity security)
{
  if (protocol == MAIL_PROTOCOL_IMAP)
    return security == MAIL_SECURITY_TLS ? 993 : 143;

  return security == MAIL_SECURITY_TLS ? 465 : 587;
}

gboolean
mail_email_validate (const char  *email,
                     GError     **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *domain = NULL;
  const char *at;
  gsize local_len;
  gsize domain_len;

  if (email == NULL || *email == '\0')
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("Enter an email address."));
      return FALSE;
    }

  /* Never the raw text in a message: it may hold invalid UTF-8 or control characters. */
  shown = mail_validate_quote (email, 80);
  if (!g_utf8_validate (email, -1, NULL))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("“%s” is not an email address: it is not valid UTF-8 text."), shown);
      return FALSE;
    }

  at = strchr (email, '@');
  if (at == NULL || at == email || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("“%s” is not an email address: it needs a name, one @ and a domain, "
                     "like alice@example.org."), shown);
      return FALSE;
    }

  for (const char *p = email; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || mail_unichar_is_control (c) || c == '<' || c == '>' ||
          c == '"' || c == '\\' || c == ',' || c == ';' || c == ':')
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("“%s” is not an email address: remove the spaces or special "
                         "characters in it."), shown);
          return FALSE;
        }
    }

  /* RFC 5321 4.5.3.1: the limits every mail server may hold an address to. */
  local_len = at - email;
  domain_len = strlen (at + 1);
  if (local_len > MAIL_EMAIL_LOCAL_MAX)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The name before the @ in “%s” is too long: %u bytes, at most %u."),
                   shown, (guint) MIN (local_len, G_MAXUINT), MAIL_EMAIL_LOCAL_MAX);
      return FALSE;
    }
  if (domain_len > MAIL_EMAIL_DOMAIN_MAX)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The domain of “%s” is too long: %u bytes, at most %u."),
                   shown, (guint) MIN (domain_len, G_MAXUINT), MAIL_EMAIL_DOMAIN_MAX);
      return FALSE;
    }
  if (local_len + 1 + domain_len > MAIL_EMAIL_MAX)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("“%s” is too long for an email address: %u bytes, at most %u."),
                   shown, (guint) MIN (local_len + 1 + domain_len, G_MAXUINT), MAIL_EMAIL_MAX);
      return FALSE;
    }

  if (at[1] == '.' || g_str_has_suffix (email, ".") || strstr (at, "..") != NULL ||
      (domain = mail_validate_host (at + 1, "domain", NULL)) == NULL ||
      g_hostname_is_ip_address (domain))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The domain of “%s” is not valid."), shown);
      return FALSE;
    }

  return TRUE;
}

const char *
mail_email_domain (const char *email)
{
  const char *at;

  g_return_val_if_fail (email != NULL, NULL);

  at = strrchr (email, '@');
  return at != NULL ? at + 1 : email;
}

char *
mail_email_local_part (const char *email)
{
  const char *at;

  g_return_val_if_fail (email != NULL, NULL);

  at = strrchr (email, '@');
  return at != NULL ? g_strndup (email, at - email) : g_strdup (email);
}

void
mail_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}
