/* test-json.c: JSON from outside is parsed with size and nesting limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mail-json.h"
#include "mail-types.h"

static char *
repeat (const char *unit,
        gsize       count)
{
  GString *text = g_string_sized_new (strlen (unit) * count + 1);

  for (gsize i = 0; i < count; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

static void
expect_refused (const char *text,
                gssize      length,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = mail_json_parse_bounded (text, length, "the test input", &error);

  g_assert_null (root);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
  g_assert_true (g_str_has_prefix (error->message, "Cannot read the test input"));
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
}

static void
test_deep_arrays (void)
{
  /* 1 MB of "[": json-glib 1.6 alone runs out of stack on this. */
  g_autofree char *brackets = repeat ("[", 1024 * 1024 - 1);

  expect_refused (brackets, -1, "levels deep");
}

static void
test_deep_objects (void)
{
  g_autofree char *open = repeat ("{\"a\":", 100000);

  expect_refused (open, -1, "levels deep");
}

static void
test_depth_limit (void)
{
  g_autofree char *open_ok = repeat ("[", MAIL_JSON_MAX_DEPTH);
  g_autofree char *close_ok = repeat ("]", MAIL_JSON_MAX_DEPTH);
  g_autofree char *ok = g_strconcat (open_ok, close_ok, NULL);
  g_autofree char *too_deep = g_strconcat ("[", ok, "]", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = mail_json_parse_bounded (ok, -1, "the test input", &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  expect_refused (too_deep, -1, "64 levels");
}

static void
test_brackets_in_strings (void)
{
  /* Brackets and escaped quotes inside strings do not nest. */
  g_autofree char *many = repeat ("[{", 5000);
  g_autofree char *text = g_strconcat ("{\"a\":\"", many, "\\\"[[[\",\"b\":[1,{\"c\":\"]]]\"}]}",
                                       NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = mail_json_parse_bounded (text, -1, "the test input", &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
}

static void
test_size (void)
{
  g_autofree char *pad = repeat ("0123456789abcdef", MAIL_JSON_MAX_SIZE / 16);
  g_autofree char *huge = g_strconcat ("{\"a\":\"", pad, "\"}", NULL);

  expect_refused (huge, -1, "larger than");
}

static void
test_malformed (void)
{
  expect_refused ("", -1, NULL);
  expect_refused ("{\"a\":", -1, NULL);
  expect_refused ("{\"a\":\"\xff\xfe\"}", -1, "UTF-8");
  expect_refused ("{\"a\":1}\0{\"b\":[[[", 18, NULL);
  expect_refused (NULL, -1, NULL);
}

static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "deep.json", NULL);
  g_autofree char *deep = repeat ("[", 200000);

  /* An endless file is not read to its end. */
  root = mail_json_parse_file ("/dev/zero", 4096, "the settings file", &error);
  g_assert_null (root);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, deep, -1, NULL));
  root = mail_json_parse_file (path, MAIL_JSON_MAX_SIZE, "the settings file", &error);
  g_assert_null (root);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{\"ok\":[1,2]}", -1, NULL));
  root = mail_json_parse_file (path, MAIL_JSON_MAX_SIZE, "the settings file", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  root = (json_node_unref (root), NULL);
  root = mail_json_parse_file ("/nonexistent/x.json", 100, "the settings file", &error);
  g_assert_null (root);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/deep-arrays", test_deep_arrays);
  g_test_add_func ("/json/deep-objects", test_deep_objects);
  g_test_add_func ("/json/depth-limit", test_depth_limit);
  g_test_add_func ("/json/brackets-in-strings", test_brackets_in_strings);
  g_test_add_func ("/json/size", test_size);
  g_test_add_func ("/json/malformed", test_malformed);
  g_test_add_func ("/json/file", test_file);

  return g_test_run ();
}
