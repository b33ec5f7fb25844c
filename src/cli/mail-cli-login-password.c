/* mail-cli-login-password.c: `login` with a password or an app password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "mail-cli-login.h"

#define MAX_TERMINAL_SECRET 4096

/* Reads a line from the terminal without echo. */
static char *
read_terminal_secret (const char  *prompt,
                      GError     **error)
{
  struct termios saved, quiet;
  char buffer[MAX_TERMINAL_SECRET];
  char *line;
  gsize length;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved) != 0)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("Standard input is not a terminal: give the password with "
                     "--password-stdin."));
      return NULL;
    }

  quiet = saved;
  quiet.c_lflag &= ~(ECHO);
  quiet.c_lflag |= ECHONL;
  mail_cli_printerr ("%s", prompt);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  line = fgets (buffer, sizeof buffer, stdin);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  if (line == NULL)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("No password was given."));
      return NULL;
    }

  length = strcspn (buffer, "\r\n");
  buffer[length] = '\0';
  line = length > 0 ? g_strdup (buffer) : NULL;
  explicit_bzero (buffer, sizeof buffer);
  if (line == NULL)
    g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("No password was given."));
  return line;
}

int
mail_cli_login_password (MailCliRun       *run,
                         MailAccountStore *store,
                         MailProvider     *provider,
                         const char       *email,
                         MailAuthKind      kind,
                         gboolean          password_stdin)
{
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autofree char *prompt = NULL;
  char *password;

  if (password_stdin)
    password = mail_cli_read_secret_stdin (&run->error);
  else
    {
      if (provider != NULL && provider->app_password_url != NULL &&
          kind == MAIL_AUTH_APP_PASSWORD)
        mail_cli_printerr (_("%s wants an app password. Create one at %s\n"), provider->name,
                           provider->app_password_url);
      prompt = g_strdup_printf (kind == MAIL_AUTH_APP_PASSWORD
                                  ? _("App password for %s (not shown): ")
                                  : _("Password for %s (not shown): "), email);
      password = read_terminal_secret (prompt, &run->error);
    }

  if (password == NULL)
    return mail_cli_usage_error (run->common, "%s", run->error->message);

  settings = mail_cli_login_settings_for (provider, email, kind);
  account = mail_stored_account_new (settings);
  account->password = password;

  return mail_cli_login_save (run, store, account);
}
