/* test-pkce.c: PKCE verifier, S256 challenge and state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-pkce.h"
#include "mail-types.h"

static void
test_rfc7636_vector (void)
{
  /* RFC 7636 appendix B: the octets, their base64url, and the S256 challenge. */
  static const guint8 octets[] = {
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
    22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121
  };
  g_autofree char *verifier = mail_base64url_encode (octets, sizeof octets);
  g_autofree char *challenge = NULL;

  g_assert_cmpstr (verifier, ==, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  challenge = mail_pkce_challenge_s256 (verifier);
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_base64url (void)
{
  /* RFC 4648 §10 vectors without padding, and the two characters that differ from base64. */
  static const struct { const char *in; const char *out; } vectors[] = {
    { "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
    { "foob", "Zm9vYg" }, { "fooba", "Zm9vYmE" }, { "foobar", "Zm9vYmFy" },
    { "\xfb\xff", "-_8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *out = mail_base64url_encode ((const guint8 *) vectors[i].in,
                                                    strlen (vectors[i].in));

      g_assert_cmpstr (out, ==, vectors[i].out);
    }
}

static void
test_verifier_shape (void)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GError) error = NULL;
      char *verifier = mail_pkce_random_string (&error);

      g_assert_no_error (error);
      g_assert_cmpuint (strlen (verifier), ==, MAIL_PKCE_RANDOM_LENGTH);
      g_assert_cmpuint (strlen (verifier), ==, 43);
      for (const char *p = verifier; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
      g_assert_true (mail_pkce_verifier_is_valid (verifier));
      mail_secret_free (verifier);
    }
}

static void
test_verifier_validation (void)
{
  g_autofree char *too_long = g_strnfill (129, 'a');
  g_autofree char *longest = g_strnfill (128, 'a');
  g_autofree char *too_short = g_strnfill (42, 'a');
  g_autofree char *shortest = g_strnfill (43, '~');

  g_assert_false (mail_pkce_verifier_is_valid (NULL));
  g_assert_false (mail_pkce_verifier_is_valid (too_long));
  g_assert_false (mail_pkce_verifier_is_valid (too_short));
  g_assert_true (mail_pkce_verifier_is_valid (longest));
  g_assert_true (mail_pkce_verifier_is_valid (shortest));
  g_assert_false (mail_pkce_verifier_is_valid ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+"));
  g_assert_false (mail_pkce_verifier_is_valid ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa="));
  g_assert_false (mail_pkce_verifier_is_valid ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"));
}

static void
test_state_randomness (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean chars[256] = { FALSE };
  guint distinct = 0;

  for (guint i = 0; i < 1000; i++)
    {
      char *state = mail_pkce_random_string (NULL);

      g_assert_nonnull (state);
      /* 256 bits: a repeat would mean the generator is broken. */
      g_assert_false (g_hash_table_contains (seen, state));
      for (const char *p = state; *p != '\0'; p++)
        chars[(guchar) *p] = TRUE;
      g_hash_table_add (seen, state);
    }

  for (guint c = 0; c < 256; c++)
    distinct += chars[c];
  /* 43000 characters: every one of the 64 letters of the alphabet shows up. */
  g_assert_cmpuint (distinct, ==, 64);
}

static void
test_challenge_differs (void)
{
  g_autofree char *a = mail_pkce_challenge_s256 ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_autofree char *b = mail_pkce_challenge_s256 ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");

  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpstr (a, !=, b);
  g_assert_null (strchr (a, '='));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pkce/rfc7636-vector", test_rfc7636_vector);
  g_test_add_func ("/pkce/base64url", test_base64url);
  g_test_add_func ("/pkce/verifier-shape", test_verifier_shape);
  g_test_add_func ("/pkce/verifier-validation", test_verifier_validation);
  g_test_add_func ("/pkce/state-randomness", test_state_randomness);
  g_test_add_func ("/pkce/challenge-differs", test_challenge_differs);

  return g_test_run ();
}
