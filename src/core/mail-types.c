/* mail-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-types.h"

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
  const char *at;

  if (email == NULL || *email == '\0')
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("Enter an email address."));
      return FALSE;
    }

  at = strchr (email, '@');
  if (at == NULL || at == email || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("“%s” is not an email address: it needs a name, one @ and a domain, "
                     "like alice@example.org."), email);
      return FALSE;
    }

  for (const char *p = email; *p; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == '<' || *p == '>' ||
          *p == '"' || *p == '\\' || *p == ',' || *p == ';' || *p == ':')
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("“%s” is not an email address: remove the spaces or special "
                         "characters in it."), email);
          return FALSE;
        }
    }

  if (at[1] == '.' || g_str_has_suffix (email, ".") || strstr (at, "..") != NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The domain of “%s” is not valid."), email);
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
