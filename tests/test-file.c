/* test-file.c: bounded reads of input files (mail-file.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mail-file.h"
#include "mail-types.h"

static char *tmp_dir;

static char *
make_file (const char *name,
           gsize       size)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *text = g_strnfill (size, 'x');
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, size, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_small (void)
{
  g_autofree char *path = make_file ("small", 100);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  data = mail_file_read_bounded (path, 100, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, 100);
  g_assert_cmpint (data[100], ==, '\0');
  g_unlink (path);
}

static void
test_one_byte_too_many (void)
{
  g_autofree char *path = make_file ("large", 101);
  g_autoptr(GError) error = NULL;

  g_assert_null (mail_file_read_bounded (path, 100, NULL, &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  /* Names the file and the limit. */
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "100 bytes"));
  g_unlink (path);
}

static void
test_huge_sparse (void)
{
  /* 64 GiB on paper, nothing on disk: refused from its size, never read. */
  g_autofree char *path = g_build_filename (tmp_dir, "sparse", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_cmpint (truncate (path, (off_t) 64 << 30), ==, 0);
  g_assert_null (mail_file_read_bounded (path, 1024 * 1024, NULL, &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "1.0\u00a0MiB"));
  g_unlink (path);
}

static void
test_dev_zero (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (mail_file_read_bounded ("/dev/zero", 256 * 1024, NULL, &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_true (g_str_has_prefix (error->message, "/dev/zero"));
  g_assert_nonnull (strstr (error->message, "256.0\u00a0KiB"));
}

static void
test_missing_and_directory (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (mail_file_read_bounded (missing, 100, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_prefix (error->message, missing));
  g_clear_error (&error);

  g_assert_null (mail_file_read_bounded (tmp_dir, 100, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
}

static void
test_fifo_without_writer (void)
{
  /* Opening a FIFO nobody writes to does not wait: it reads as empty. */
  g_autofree char *path = g_build_filename (tmp_dir, "fifo", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 1;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  data = mail_file_read_bounded (path, 100, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, 0);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("test-file-XXXXXX", NULL);

  g_test_add_func ("/file/small", test_small);
  g_test_add_func ("/file/one-byte-too-many", test_one_byte_too_many);
  g_test_add_func ("/file/huge-sparse", test_huge_sparse);
  g_test_add_func ("/file/dev-zero", test_dev_zero);
  g_test_add_func ("/file/missing-and-directory", test_missing_and_directory);
  g_test_add_func ("/file/fifo-without-writer", test_fifo_without_writer);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
