/* mail-cli-path.h: the mail-setup-cli command that exported files run
 *
 * Exported files call `COMMAND token ADDRESS` long after Mail Setup wrote them, from another
 * program's environment (msmtp's, mbsync's), so COMMAND must name a program that exists there:
 * - installed (the running program is in the configured bindir): BINDIR/mail-setup-cli;
 * - inside a Flatpak (/.flatpak-info exists or FLATPAK_ID is set): the host runs
 *   `flatpak run --command=mail-setup-cli APP-ID`;
 * - anything else is a build tree: the build tree's mail-setup-cli (the running program itself,
 *   or the CLI next to the wizard), with a warning that the file points into a build tree.
 * mail_cli_path_decide() takes the facts as parameters, so each case can be tested;
 * mail_cli_path_for_this_process() gathers them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MAIL_CLI_PATH_INSTALLED,
  MAIL_CLI_PATH_BUILD_TREE,
  MAIL_CLI_PATH_FLATPAK,
} MailCliPathKind;

typedef struct
{
  MailCliPathKind  kind;
  /* What the exports run before " token ADDRESS": an absolute path, or the flatpak command. */
  char            *command;
  /* Build tree only, else NULL: English lines for the file's header comment. */
  char            *file_warning;
  /* Build tree only, else NULL: the same warning, translated, for people (stderr, wizard). */
  char            *warning;
} MailCliPath;

/* exe_path: the running program (/proc/self/exe), or NULL when unknown.
 * bindir: the configured bindir (absolute).
 * build_cli: the build tree's mail-setup-cli as configured (a fallback when the running
 *   program is a build tree's, but no CLI is found next to it), or NULL.
 * in_flatpak, flatpak_id: /.flatpak-info exists or FLATPAK_ID is set; FLATPAK_ID's value
 *   (NULL: the app's own ID). */
MailCliPath *mail_cli_path_decide            (const char  *exe_path,
                                              const char  *bindir,
                                              const char  *build_cli,
                                              gboolean     in_flatpak,
                                              const char  *flatpak_id);
/* The same for this process: /proc/self/exe, BINDIR, the build tree's CLI, the Flatpak. */
MailCliPath *mail_cli_path_for_this_process  (void);
void         mail_cli_path_free              (MailCliPath *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailCliPath, mail_cli_path_free)

G_END_DECLS
