/* mail-cli-export.c: `mail-setup-cli export EMAIL --format FORMAT [-o FILE]`
 *
 * Reads the account from the keyring (only its settings: the secret stays there), refuses
 * settings that were never verified, renders the format and writes it atomically with mode
 * 0600 (or prints it on standard output without -o, for a preview or a pipe).
 * --ca-file, the common option, is written into the export as the client's extra trust file.
 * --settings-file reads a settings JSON (as `export --format json` writes it) instead of the
 * keyring: for scripts and tests. Its verified_at is ignored: the export goes ahead only when
 * the keyring holds a verification of the same account with the same servers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-account-store.h"
#include "mail-cli-path.h"
#include "mail-cli.h"
#include "mail-cli-other-apps.h"
#include "mail-export.h"
#include "mail-goa-export.h"
#include "mail-file.h"

typedef struct
{
  gboolean             done;
  MailStoredAccount   *account;
  MailDiagnosis       *diagnosis;
  GError              *error;
} LoadRun;

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  LoadRun *run = user_data;

  run->account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result,
                                                 &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

/* A failure of the work itself (exit 1): text on stderr, or JSON with a diagnosis. */
static int
export_failed (MailCliCommon *common,
               const char    *message)
{
  return mail_cli_print_failure (common, "export", message, NULL, NULL);
}

static MailAccountSettings *
settings_from_file (MailCliCommon  *common,
                    const char     *path,
                    GError        **error)
{
  g_autofree char *text = NULL;
  gsize length;

  /* A settings file is a few KiB; /dev/zero never ends. */
  text = mail_file_read_bounded (path, 1024 * 1024, &length, error);
  if (text == NULL)
    return NULL;
  return mail_account_settings_from_data (text, length, common->registry, error);
}

static gboolean
same_server (const MailServer *a,
             const MailServer *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_ascii_strcasecmp (a->host, b->host) == 0 && a->port == b->port &&
         a->security == b->security && a->auth == b->auth &&
         g_strcmp0 (a->username, b->username) == 0;
}

/* The keyring's record of a verification of exactly these servers, or NULL: a settings file
 * never vouches for itself. Any failure of the keyring is "no record". */
static GDateTime *
stored_verification (MailCliCommon             *common,
                     const MailAccountSettings *settings)
{
  g_autoptr(MailAccountStore) store = mail_account_store_new (common->registry);
  LoadRun run = { 0 };
  GDateTime *verified_at = NULL;

  mail_account_store_load_async (store, settings->email, NULL, load_cb, &run);
  mail_cli_run_until (&run.done);

  if (run.account != NULL)
    {
      const MailAccountSettings *stored = run.account->settings;

      if (stored->verified_at != NULL && stored->auth == settings->auth &&
          same_server (stored->imap, settings->imap) && same_server (stored->smtp, settings->smtp))
        verified_at = g_date_time_ref (stored->verified_at);
    }

  g_clear_pointer (&run.account, mail_stored_account_free);
  g_clear_pointer (&run.diagnosis, mail_diagnosis_free);
  g_clear_error (&run.error);
  return verified_at;
}

/* The stored account's settings; NULL after printing the failure into *status. */
static MailAccountSettings *
settings_from_keyring (MailCliCommon *common,
                       const char    *email,
                       int           *status)
{
  g_autoptr(MailAccountStore) store = mail_account_store_new (common->registry);
  LoadRun run = { 0 };
  MailAccountSettings *settings = NULL;

  mail_account_store_load_async (store, email, NULL, load_cb, &run);
  mail_cli_run_until (&run.done);

  if (run.account != NULL)
    settings = g_steal_pointer (&run.account->settings);
  else if (run.diagnosis != NULL)
    *status = mail_cli_print_diagnosis (common, run.diagnosis);
  else if (run.error && g_error_matches (run.error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT))
    {
      g_autofree char *message =
        g_strdup_printf (_("No account %s in the keyring. Sign in first with "
                           "“mail-setup-cli login %s”."), email, email);
      *status = export_failed (common, message);
    }
  else
    *status = export_failed (common, run.error ? run.error->message : _("The keyring failed."));

  g_clear_pointer (&run.account, mail_stored_account_free);
  g_clear_pointer (&run.diagnosis, mail_diagnosis_free);
  g_clear_error (&run.error);
  return settings;
}

static void
print_success_json (const char       *email,
                    MailExportFormat  format,
                    const char       *path,
                    const char       *contents)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, mail_export_format_to_string (format));
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, path);
  if (path == NULL)
    {
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, contents);
    }
  json_builder_set_member_name (builder, "instructions");
  json_builder_add_string_value (builder, mail_export_format_instructions (format));
  json_builder_end_object (builder);
  mail_cli_print_json (builder);
}

int
mail_cli_export (MailCliCommon *common,
                 int            argc,
                 char         **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *settings_file = NULL;
  g_autofree char *ca_file = NULL;
  gboolean force = FALSE;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("thunderbird, mbsync, msmtp, neomutt, aerc, mobileconfig or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE (mode 0600) instead of standard output"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Replace FILE if it exists"), NULL },
    { "settings-file", 0, 0, G_OPTION_ARG_FILENAME, &settings_file,
      N_("Read the settings from a JSON file instead of the keyring (for scripts)"), N_("FILE") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("With --format goa: read the password from standard input instead of the keyring"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autofree char *contents = NULL;
  MailExportOptions options = { 0 };
  g_autoptr(MailCliPath) cli_path = mail_cli_path_for_this_process ();
  MailExportFormat format;
  const char *email;
  int status = MAIL_CLI_EXIT_FAILED;

  context = g_option_context_new (_("EMAIL — write the verified settings for another client"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Without --output the export is printed on standard output. No file ever holds a "
      "password or token: clients run “mail-setup-cli token EMAIL” to get it from the "
      "keyring. With --ca-file the clients are told to trust that certificate file too."));
  mail_cli_common_add_options (common, context);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return mail_cli_usage_error (common, "%s", error->message);
  if (!mail_cli_common_finish (common))
    return MAIL_CLI_EXIT_USAGE;

  if (argc != 2)
    return mail_cli_usage_error (common, "%s", _("Give exactly one email address."));
  email = argv[1];
  if (!mail_email_validate (email, &error))
    return mail_cli_usage_error (common, "%s", error->message);
  if (format_name == NULL)
    return mail_cli_usage_error (common, _("Choose a format with --format: %s."),
                                 mail_export_format_list ());
  /* goa is no file: the account goes to GNOME Online Accounts over D-Bus. */
  if (g_strcmp0 (format_name, "goa") != 0 &&
      !mail_export_format_from_string (format_name, &format))
    return mail_cli_usage_error (common, _("Unknown format “%s”. Formats: %s."), format_name,
                                 mail_export_format_list ());
  /* A symbolic link (even a broken one), a device, a folder or a pipe is never replaced, also
   * not with --force; an existing regular file only with --force. */
  if (output != NULL && !mail_export_path_is_writable (output, &error))
    return mail_cli_usage_error (common, "%s", error->message);
  if (output != NULL && !force && g_file_test (output, G_FILE_TEST_EXISTS))
    return mail_cli_usage_error (common, _("%s exists already. Add --force to replace it."),
                                 output);

  /* Nothing can go to GNOME Online Accounts while it is not there: say that first. */
  if (g_strcmp0 (format_name, "goa") == 0 && !mail_goa_check_running (&error))
    return mail_cli_print_failure (common, "export", error->message, NULL, NULL);

  if (settings_file != NULL)
    {
      settings = settings_from_file (common, settings_file, &error);
      if (settings == NULL)
        return mail_cli_usage_error (common, _("Cannot read the settings file %s: %s"),
                                     settings_file, error->message);
      if (g_ascii_strcasecmp (settings->email, email) != 0)
        return mail_cli_usage_error (common, _("%s holds the settings of %s, not %s."),
                                     settings_file, settings->email, email);
      /* Only a verification recorded with the stored account counts, and only for the same
       * servers: the file's own verified_at is not believed. */
      g_clear_pointer (&settings->verified_at, g_date_time_unref);
      settings->verified_at = stored_verification (common, settings);
    }
  else
    {
      settings = settings_from_keyring (common, email, &status);
      if (settings == NULL)
        return status;
    }

  if (g_strcmp0 (format_name, "goa") == 0)
    return mail_cli_export_goa (common, settings, password_stdin);

  if (common->ca_file != NULL)
    ca_file = g_canonicalize_filename (common->ca_file, NULL);
  options.ca_file = ca_file;
  options.cli_command = cli_path->command;
  options.cli_warning = cli_path->file_warning;
  contents = mail_export_render (settings, format, &options, &error);
  if (contents == NULL)
    return export_failed (common, error->message);
  if (cli_path->warning != NULL && strstr (contents, cli_path->command) != NULL)
    g_printerr ("mail-setup-cli: %s\n", cli_path->warning);

  if (output == NULL)
    {
      if (common->json)
        print_success_json (settings->email, format, NULL, contents);
      else
        fputs (contents, stdout);
      return MAIL_CLI_EXIT_OK;
    }

  if (!mail_export_write_file (output, contents, &error))
    return export_failed (common, error->message);

  if (common->json)
    print_success_json (settings->email, format, output, contents);
  else
    {
      mail_cli_print (_("Wrote %s (%s).\n"), output, mail_export_format_to_string (format));
      mail_cli_print ("%s\n", mail_export_format_instructions (format));
    }
  return MAIL_CLI_EXIT_OK;
}
