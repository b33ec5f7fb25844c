/* mail-pkce.c: PKCE (RFC 7636) code verifier and challenge, and the OAuth2 state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>

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
  gsize filled = 0;
  char *text;

  /* The kernel's CSPRNG (getrandom(2) blocks only until it is seeded once after boot). */
  while (filled < sizeof octets)
    {
      ssize_t n = getrandom (octets + filled, sizeof octets - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      filled += n;
    }
  if (filled < sizeof octets)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_FAILED,
                   _("The system’s random number generator failed."));
      return NULL;
    }

  text = mail_base64url_encode (octets, sizeof octets);
  explicit_bzero (octets, sizeof octets);
  return text;
}

char *
mail_pkce_challenge_s256 (const char *verifier)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);
  return mail_base64url_encode (digest, length);
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
