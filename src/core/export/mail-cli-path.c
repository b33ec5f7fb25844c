/* mail-cli-path.c: the mail-setup-cli command that exported files run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-cli-path.h"

#define CLI_NAME "mail-setup-cli"

void
mail_cli_path_free (MailCliPath *path)
{
  if (path == NULL)
    return;
  g_free (path->command);
  g_free (path->file_warning);
  g_free (path->warning);
  g_free (path);
}

/* The path with every symbolic link resolved, or a copy of it when it does not exist. */
static char *
real_path (const char *path)
{
  char buffer[PATH_MAX];

  if (realpath (path, buffer) != NULL)
    return g_strdup (buffer);
  return g_canonicalize_filename (path, "/");
}

/* An application ID: letters, digits, dots, dashes and underscores (Flatpak's rule). */
static gboolean
is_app_id (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_executable (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
         g_file_test (path, G_FILE_TEST_IS_EXECUTABLE);
}

/* The build tree's CLI for a program of that build tree: the program itself when it is the
 * CLI (src/cli/), else the CLI beside the wizard (src/ui/ → src/cli/), else build_cli. */
static char *
build_tree_cli (const char *exe,
                const char *build_cli)
{
  g_autofree char *dir = g_path_get_dirname (exe);
  g_autofree char *base = g_path_get_basename (exe);
  g_autofree char *beside = g_build_filename (dir, CLI_NAME, NULL);
  g_autofree char *sibling = g_build_filename (dir, "..", "cli", CLI_NAME, NULL);

  if (g_strcmp0 (base, CLI_NAME) == 0)
    return g_strdup (exe);
  if (is_executable (sibling))
    return real_path (sibling);
  if (is_executable (beside))
    return g_steal_pointer (&beside);
  if (build_cli != NULL)
    return real_path (build_cli);
  return g_steal_pointer (&beside);
}

MailCliPath *
mail_cli_path_decide (const char *exe_path,
                      const char *bindir,
                      const char *build_cli,
                      gboolean    in_flatpak,
                      const char *flatpak_id)
{
  MailCliPath *path = g_new0 (MailCliPath, 1);
  g_autofree char *exe = NULL;
  g_autofree char *exe_dir = NULL;
  g_autofree char *real_bindir = NULL;

  g_return_val_if_fail (bindir != NULL, NULL);

  if (in_flatpak)
    {
      path->kind = MAIL_CLI_PATH_FLATPAK;
      path->command = g_strdup_printf ("flatpak run --command=" CLI_NAME " %s",
                                       is_app_id (flatpak_id) ? flatpak_id : APP_ID);
      return path;
    }

  real_bindir = real_path (bindir);
  if (exe_path != NULL)
    {
      exe = real_path (exe_path);
      exe_dir = g_path_get_dirname (exe);
    }

  if (exe == NULL || g_strcmp0 (exe_dir, real_bindir) == 0)
    {
      path->kind = MAIL_CLI_PATH_INSTALLED;
      path->command = g_build_filename (bindir, CLI_NAME, NULL);
      return path;
    }

  path->kind = MAIL_CLI_PATH_BUILD_TREE;
  path->command = build_tree_cli (exe, build_cli);
  path->file_warning =
    g_strdup_printf ("WARNING: %s is in a build tree, not installed.\n"
                     "This file stops working when that build tree is removed or moved:\n"
                     "install Mail Setup (meson setup --prefix ~/.local build &&\n"
                     "ninja -C build install) and export again.", path->command);
  path->warning =
    g_strdup_printf (_("Warning: this export runs %s, which is in a build tree and not "
                       "installed. It stops working when the build tree is removed or moved: "
                       "install Mail Setup and export again."), path->command);
  return path;
}

MailCliPath *
mail_cli_path_for_this_process (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  gboolean in_flatpak = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
                        g_getenv ("FLATPAK_ID") != NULL;

  return mail_cli_path_decide (exe, BINDIR, MAIL_SETUP_BUILD_CLI, in_flatpak,
                               g_getenv ("FLATPAK_ID"));
}
