/* mail-pkce.c: PKCE (RFC 7636) code verifier and challenge, and the OAuth2 state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "mail-pkce.h"
#include "mail-types.h"

#define RANDOM_OCTETS 32

char *
mail_base64url_encode (const guint8 *data,
                       gsize         length)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  GString *out = g_string_sized_new ((length * 4) / 3 + 4);
  gsize i;

  for (i = 0; i + 2 < length; i += 3)
    {
      guint32 v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];

      g_string_append_c (out, alphabet[(v >> 18) & 63]);
      g_string_append_c (out, alphabet[(v >> 12) & 63]);
      g_string_append_c (out, alphabet[(v >> 6) & 63]);
      g_string_append_c (out, alphabet[v & 63]);
    }

  if (length - i == 1)
    {
      guint32 v = data[i] << 16;

      g_string_append_c (out, alphabet[(v >> 18) & 63]);
      g_string_append_c (out, alphabet[(v >> 12) & 63]);
    }
  else if (length - i == 2)
    {
      guint32 v = (data[i] << 16) | (data[i + 1] << 8);

      g_string_append_c (out, alphabet[(v >> 18) & 63]);
      g_string_append_c (out, alphabet[(v >> 12) & 63]);
      g_string_append_c (out, alphabet[(v >> 6) & 63]);
    }

  return g_string_free (out, FALSE);
}

char *
mail_pkce_random_string (GError **error)
{
  guint8 octets[RANDOM_OCTETS];
  char *text;

  if (RAND_bytes (octets, sizeof octets) != 1)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_FAILED,
                   _("The system’s random number generator failed."));
      return NULL;
    }

  text = mail_base64url_encode (octets, sizeof octets);
  OPENSSL_cleanse (octets, sizeof octets);
  return text;
}

char *
mail_pkce_challenge_s256 (const char *verifier)
{
  guint8 digest[SHA256_DIGEST_LENGTH];

  g_return_val_if_fail (verifier != NULL, NULL);

  SHA256 ((const guint8 *) verifier, strlen (verifier), digest);
  return mail_base64url_encode (digest, sizeof digest);
}

gboolean
mail_pkce_verifier_is_valid (const char *text)
{
  gsize length;

  if (text == NULL)
    return FALSE;

  length = strlen (text);
  if (length < 43 || length > 128)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (!g_ascii_isalnum (c) && c != '-' && c != '.' && c != '_' && c != '~')
        return FALSE;
    }

  return TRUE;
}
