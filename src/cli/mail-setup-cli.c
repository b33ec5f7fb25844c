/* mail-setup-cli.c: entry point and subcommand dispatch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-cli.h"

typedef struct
{
  const char         *name;
  MailCliCommandFunc  func;
  const char         *summary;
} MailCliCommand;

static const MailCliCommand commands[] = {
  { "discover", mail_cli_discover, N_("Find the IMAP and SMTP settings for an address") },
  { "test", mail_cli_test, N_("Check that an account can sign in and send, and explain failures") },
  { "login", mail_cli_login, N_("Sign in (OAuth2 in the browser, or a password) and save it in the keyring") },
  { "token", mail_cli_token, N_("Print a valid OAuth2 access token (for other mail clients)") },
  { "accounts", mail_cli_accounts, N_("List the accounts saved in the keyring") },
  { "forget", mail_cli_forget, N_("Remove an account from the keyring") },
  { "export", mail_cli_export, N_("Write the verified settings for another mail client") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: mail-setup-cli COMMAND [OPTION…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "  %-10s %s\n", "help", _("Show the options and an example of a command"));
  fprintf (stream, "\n%s\n", _("Run “mail-setup-cli COMMAND --help” for the options of a command."));
  fprintf (stream, "\n%s\n", mail_cli_help_exit_status ());
}

int
main (int    argc,
      char **argv)
{
  MailCliCommon common = { 0 };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("mail-setup-cli");

  mail_cli_common_scan_json (&common, argc, argv);

  if (argc < 2)
    {
      print_usage (stderr);
      return MAIL_CLI_EXIT_USAGE;
    }

  /* `help COMMAND` is `COMMAND --help`. */
  if (strcmp (argv[1], "help") == 0 && argc >= 3)
    {
      static char help_option[] = "--help";

      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        if (strcmp (argv[2], commands[i].name) == 0)
          {
            argv[1] = argv[2];
            argv[2] = help_option;
            argc = 3;
            break;
          }
      if (argv[2] != help_option)
        {
          fprintf (stderr, _("Unknown command “%s”.\n\n"), argv[2]);
          print_usage (stderr);
          return MAIL_CLI_EXIT_USAGE;
        }
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return MAIL_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("mail-setup-cli %s\n", PACKAGE_VERSION);
      return MAIL_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("mail-setup-cli %s", commands[i].name);

          /* So that each command's --help says "mail-setup-cli COMMAND [OPTION…]". */
          g_set_prgname (prgname);
          status = commands[i].func (&common, argc - 1, argv + 1);
          mail_cli_common_clear (&common);
          return status;
        }
    }

  print_usage (stderr);
  fprintf (stderr, "\n");
  return mail_cli_usage_error (&common, _("Unknown command “%s”."), argv[1]);
}
