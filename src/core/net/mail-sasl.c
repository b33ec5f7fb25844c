/* mail-sasl.c: the client messages of the SASL mechanisms the probe speaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-sasl.h"
#include "mail-types.h"

/* Encodes raw (a secret) and wipes it. */
static char *
encode_and_wipe (GString *raw)
{
  char *encoded = g_base64_encode ((const guchar *) raw->str, raw->len);

  explicit_bzero (raw->str, raw->allocated_len);
  g_string_free (raw, TRUE);
  return encoded;
}

/* Big enough for everything appended below, so no reallocation leaves a copy behind. */
static GString *
secret_string_new (gsize hint)
{
  return g_string_sized_new (hint + 128);
}

char *
mail_sasl_xoauth2_response (const char *user,
                            const char *token)
{
  GString *raw;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  raw = secret_string_new (strlen (user) + strlen (token));
  g_string_append (raw, "user=");
  g_string_append (raw, user);
  g_string_append (raw, "\001auth=Bearer ");
  g_string_append (raw, token);
  g_string_append (raw, "\001\001");
  return encode_and_wipe (raw);
}

char *
mail_sasl_oauthbearer_response (const char *user,
                                const char *host,
                                guint16     port,
                                const char *token)
{
  GString *raw;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  raw = secret_string_new (3 * strlen (user) + (host != NULL ? strlen (host) : 0)
                           + strlen (token));
  g_string_append (raw, "n,a=");
  for (const char *p = user; *p != '\0'; p++)
    {
      if (*p == ',')
        g_string_append (raw, "=2C");
      else if (*p == '=')
        g_string_append (raw, "=3D");
      else
        g_string_append_c (raw, *p);
    }
  g_string_append (raw, ",\001");
  if (host != NULL)
    g_string_append_printf (raw, "host=%s\001", host);
  if (port != 0)
    g_string_append_printf (raw, "port=%u\001", port);
  g_string_append (raw, "auth=Bearer ");
  g_string_append (raw, token);
  g_string_append (raw, "\001\001");
  return encode_and_wipe (raw);
}

char *
mail_sasl_plain_response (const char *authzid,
                          const char *user,
                          const char *password)
{
  GString *raw;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  raw = secret_string_new ((authzid != NULL ? strlen (authzid) : 0) + strlen (user)
                           + strlen (password));
  if (authzid != NULL)
    g_string_append (raw, authzid);
  g_string_append_c (raw, '\0');
  g_string_append (raw, user);
  g_string_append_c (raw, '\0');
  g_string_append (raw, password);
  return encode_and_wipe (raw);
}

char *
mail_sasl_login_response (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return g_base64_encode ((const guchar *) text, strlen (text));
}

const char *
mail_sasl_error_answer (MailSaslMechanism mechanism)
{
  return mechanism == MAIL_SASL_OAUTHBEARER ? "AQ==" : "";
}

char *
mail_sasl_decode_challenge (const char *challenge)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *copy = NULL;
  gsize len = 0;

  g_return_val_if_fail (challenge != NULL, NULL);

  for (const char *p = challenge; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return NULL;
  if (strlen (challenge) % 4 != 0)
    return NULL;

  copy = g_strdup (challenge);
  decoded = g_base64_decode_inplace (copy, &len) != NULL ? (guchar *) g_steal_pointer (&copy)
                                                          : NULL;
  if (decoded == NULL)
    return NULL;
  if (!g_utf8_validate ((const char *) decoded, (gssize) len, NULL)
      || memchr (decoded, '\0', len) != NULL)
    return NULL;
  return g_strndup ((const char *) decoded, len);
}

static const char *const mechanism_names[] = { "XOAUTH2", "OAUTHBEARER", "PLAIN", "LOGIN" };

const char *
mail_sasl_mechanism_to_string (MailSaslMechanism mechanism)
{
  g_return_val_if_fail ((guint) mechanism < G_N_ELEMENTS (mechanism_names), NULL);

  return mechanism_names[mechanism];
}

gboolean
mail_sasl_mechanism_from_string (const char        *name,
                                 MailSaslMechanism *mechanism)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (mechanism_names); i++)
    if (g_ascii_strcasecmp (name, mechanism_names[i]) == 0)
      {
        if (mechanism != NULL)
          *mechanism = (MailSaslMechanism) i;
        return TRUE;
      }
  return FALSE;
}
