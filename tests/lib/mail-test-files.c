/* mail-test-files.c: temporary folders, and no secret in what a test saw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mail-test-lib.h"

/* The secret appears nowhere in text (NULL: nothing to check). */
void
mail_test_assert_no_secret (const char *text,
                            const char *secret)
{
  g_assert_nonnull (secret);
  g_assert_cmpstr (secret, !=, "");
  if (text != NULL)
    g_assert_null (strstr (text, secret));
}

static gboolean
contains (const char *data,
          gsize       length,
          const char *text)
{
  gsize n = strlen (text);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, text, n) == 0)
      return TRUE;
  return FALSE;
}

/* No regular file below dir holds the secret (binary files too); linked folders are not
 * entered, and sockets and pipes (the lab has both) are not read. */
void
mail_test_assert_no_secret_in_tree (const char *dir,
                                    const char *secret)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (secret);
  g_assert_cmpstr (secret, !=, "");
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          /* A linked folder is not entered (no loops); a linked file is read. */
          if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
            mail_test_assert_no_secret_in_tree (path, secret);
        }
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
               g_file_get_contents (path, &contents, &length, NULL) &&
               contains (contents, length, secret))
        g_error ("a secret is in %s", path);
    }
}

/* A new private folder ("name-XXXXXX") in the temporary folder. */
char *
mail_test_make_tmp_dir (const char *template)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes path and all below it; symbolic links are removed, not followed. */
void
mail_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        mail_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* Writes contents to dir/relative, making the folders between. */
void
mail_test_write_file (const char *dir,
                      const char *relative,
                      const char *contents)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* The example corpus ($CORPUS_FILE, one JSON object a line) as one JSON array; an empty parser
 * when the file is not there. */
JsonParser *
mail_test_load_corpus (void)
{
  const char *path = g_getenv ("CORPUS_FILE");
  g_autofree char *contents = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) array = g_string_new ("[");
  JsonParser *parser = json_parser_new ();

  if (path == NULL || !g_file_get_contents (path, &contents, NULL, &error))
    return parser;
  rows = g_strsplit (contents, "\n", -1);
  for (guint i = 0; rows[i] != NULL; i++)
    {
      if (*g_strstrip (rows[i]) == '\0')
        continue;
      if (array->len > 1)
        g_string_append_c (array, ',');
      g_string_append (array, rows[i]);
    }
  g_string_append_c (array, ']');
  json_parser_load_from_data (parser, array->str, (gssize) array->len, &error);
  g_assert_no_error (error);
  return parser;
}
