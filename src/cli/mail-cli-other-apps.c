/* mail-cli-other-apps.c: `accounts --other-apps` and `test EMAIL --from APP`
 *
 * The accounts other mail apps have (src/core/other-apps), listed, and handed to the `test`
 * command's own check. The credential comes from where the app keeps it only when the person
 * agrees: GOA's and Evolution's Secret Service items, the access token GOA hands out for its
 * OAuth2 accounts, or the app's password command (shown before it runs). Thunderbird's saved
 * passwords (NSS) and passwords written in files are never read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

typedef SecretSchema MailSecretSchema;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailSecretSchema, secret_schema_unref)

#include "mail-cli-other-apps.h"
#include "mail-account-store.h"
#include "mail-credential.h"
#include "mail-goa-export.h"
#include "mail-other-apps-wording.h"

#define MAX_TERMINAL_LINE 4096

struct _MailCliFromApp
{
  GPtrArray           *accounts;  /* all read, owns account */
  MailOtherAppAccount *account;
  GPtrArray           *fixes;     /* char *: in the app's words */
};

/* --- accounts --other-apps ----------------------------------------------------------------- */

gboolean
mail_cli_other_apps_wanted (int    argc,
                            char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        break;
      /* Its --help lists the plain command's options too, and --other-apps. */
      if (strcmp (argv[i], "--other-apps") == 0 || strcmp (argv[i], "--help") == 0 ||
          strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "-?") == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *
security_text (MailSecurity security)
{
  switch (security)
    {
    case MAIL_SECURITY_TLS:
      return _("TLS");
    case MAIL_SECURITY_STARTTLS:
      return _("STARTTLS");
    case MAIL_SECURITY_NONE:
    default:
      return _("no encryption");
    }
}

static void
print_server_text (const char               *name,
                   const MailOtherAppServer *server)
{
  if (server == NULL)
    return;
  mail_cli_print ("  %s  %s:%u, %s", name, server->host, server->port, security_text (server->security));
  if (server->username)
    mail_cli_print (_(", user %s"), server->username);
  if (server->auth_method)
    mail_cli_print (", %s", server->auth_method);
  mail_cli_print ("\n        %s\n", server->source);
}

static const char *
credential_text (const MailOtherAppAccount *account)
{
  switch (account->credential)
    {
    case MAIL_OTHER_APP_CREDENTIAL_NONE:
      return _("none needed");
    case MAIL_OTHER_APP_CREDENTIAL_KEYRING:
    case MAIL_OTHER_APP_CREDENTIAL_OAUTH2:
    case MAIL_OTHER_APP_CREDENTIAL_NSS:
      return account->credential_detail;
    case MAIL_OTHER_APP_CREDENTIAL_COMMAND:
      return _("a command (shown before it is run)");
    case MAIL_OTHER_APP_CREDENTIAL_IN_FILE:
      return _("written in the file (not read by Mail Setup)");
    case MAIL_OTHER_APP_CREDENTIAL_UNKNOWN:
    default:
      return _("not known (asked for)");
    }
}

static void
print_list_text (GPtrArray *accounts)
{
  if (accounts->len == 0)
    {
      mail_cli_print ("%s\n", _("No accounts found in other mail apps."));
      return;
    }
  for (guint i = 0; i < accounts->len; i++)
    {
      const MailOtherAppAccount *account = g_ptr_array_index (accounts, i);

      if (account->error != NULL)
        {
          mail_cli_print (_("%s: cannot read %s: %s\n"), mail_other_app_display_name (account->app),
                  account->file, account->error);
          continue;
        }
      mail_cli_print ("%s: %s", mail_other_app_display_name (account->app),
              account->label ? account->label : "?");
      if (account->email && g_strcmp0 (account->email, account->label) != 0)
        mail_cli_print (" <%s>", account->email);
      mail_cli_print ("\n");
      print_server_text ("IMAP", account->imap);
      print_server_text ("SMTP", account->smtp);
      mail_cli_print (_("  Password: %s\n"), credential_text (account));
    }
}

int
mail_cli_other_apps_list (MailCliCommon  *common,
                          int             argc,
                          char          **argv)
{
  gboolean other_apps = FALSE;
  char *app = NULL;
  const GOptionEntry entries[] = {
    { "other-apps", 0, 0, G_OPTION_ARG_NONE, &other_apps,
      N_("List the accounts of the other mail apps (GNOME Online Accounts, Evolution, Geary, "
         "Thunderbird, msmtp, mbsync, NeoMutt, aerc)"), NULL },
    { "app", 0, 0, G_OPTION_ARG_STRING, &app, N_("Only this app's accounts"), N_("APP") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MailOtherAppsDirs) dirs = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  int status = MAIL_CLI_EXIT_OK;

  context = g_option_context_new (_("— list the accounts saved in the keyring"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("With --other-apps: the accounts your other mail apps have, read-only, each with the "
      "file (and line or key) it came from. No password is ever read or shown."));
  mail_cli_common_add_options (common, context);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = mail_cli_usage_error (common, "%s", error->message);
      goto out;
    }
  if (!mail_cli_common_finish (common))
    {
      status = MAIL_CLI_EXIT_USAGE;
      goto out;
    }
  if (argc != 1)
    {
      status = mail_cli_usage_error (common, "%s", _("This command takes no address."));
      goto out;
    }
  if (app != NULL && !mail_other_apps_app_is_known (app))
    {
      g_autofree char *apps = g_strjoinv (", ", (char **) mail_other_apps_list_apps ());

      status = mail_cli_usage_error (common, _("Unknown app “%s”: use one of %s."), app, apps);
      goto out;
    }

  dirs = mail_other_apps_dirs_new_default ();
  accounts = mail_other_apps_read (dirs, app);

  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "accounts");
      json_builder_begin_array (builder);
      for (guint i = 0; i < accounts->len; i++)
        mail_other_app_account_to_json (g_ptr_array_index (accounts, i), builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      mail_cli_print_json (builder);
    }
  else
    print_list_text (accounts);

out:
  g_free (app);
  return status;
}

/* --- test --from --------------------------------------------------------------------------- */

MailCliFromApp *
mail_cli_from_app_new (const char  *app,
                       const char  *email,
                       GError     **error)
{
  g_autoptr(MailOtherAppsDirs) dirs = NULL;
  g_autoptr(MailCliFromApp) from = g_new0 (MailCliFromApp, 1);

  if (!mail_other_apps_app_is_known (app))
    {
      g_autofree char *apps = g_strjoinv (", ", (char **) mail_other_apps_list_apps ());

      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("Unknown app “%s”: use one of %s."), app, apps);
      return NULL;
    }

  dirs = mail_other_apps_dirs_new_default ();
  from->accounts = mail_other_apps_read (dirs, app);
  from->fixes = g_ptr_array_new_with_free_func (g_free);
  from->account = mail_other_apps_find (from->accounts, app, email);
  if (from->account == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < from->accounts->len; i++)
        {
          const MailOtherAppAccount *account = g_ptr_array_index (from->accounts, i);

          if (account->error != NULL)
            g_string_append_printf (known, "\n  %s: %s", account->file, account->error);
          else
            g_string_append_printf (known, "\n  %s (%s)", account->label ? account->label : "?",
                                    account->email ? account->email : "?");
        }
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("%s has no account for %s.%s"), mail_other_app_display_name (app), email,
                   known->str);
      return NULL;
    }
  return g_steal_pointer (&from);
}

void
mail_cli_from_app_free (MailCliFromApp *from)
{
  if (from == NULL)
    return;
  g_clear_pointer (&from->accounts, g_ptr_array_unref);
  g_clear_pointer (&from->fixes, g_ptr_array_unref);
  g_free (from);
}

const MailOtherAppAccount *
mail_cli_from_app_get_account (MailCliFromApp *from)
{
  return from->account;
}

MailAccountSettings *
mail_cli_from_app_settings (MailCliFromApp *from,
                            const char     *email)
{
  return mail_other_app_account_to_settings (from->account, email);
}

/* A line from the terminal; echo off for secrets. NULL when stdin is no terminal. */
static char *
read_terminal (const char *prompt,
               gboolean    secret)
{
  struct termios saved, quiet;
  char buffer[MAX_TERMINAL_LINE];
  char *line;
  gsize length;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved) != 0)
    return NULL;
  g_printerr ("%s", prompt);
  if (secret)
    {
      quiet = saved;
      quiet.c_lflag &= ~(ECHO);
      quiet.c_lflag |= ECHONL;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (secret)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  if (line == NULL)
    {
      explicit_bzero (buffer, sizeof buffer);
      return NULL;
    }
  length = strcspn (buffer, "\r\n");
  buffer[length] = '\0';
  line = g_strdup (buffer);
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

/* yes, or asked on the terminal. */
static gboolean
agreed (gboolean    yes,
        const char *question)
{
  g_autofree char *answer = NULL;

  if (yes)
    return TRUE;
  answer = read_terminal (question, FALSE);
  return answer != NULL && (g_ascii_strcasecmp (answer, "y") == 0 ||
                            g_ascii_strcasecmp (answer, "yes") == 0);
}

/* name → SECRET_SCHEMA_ATTRIBUTE_STRING for each attribute. */
static GHashTable *
string_attributes (GHashTable *attributes)
{
  GHashTable *types = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_insert (types, name, GINT_TO_POINTER (SECRET_SCHEMA_ATTRIBUTE_STRING));
  return types;
}

static char *
lookup_keyring (const MailOtherAppAccount *account,
                GError                   **error)
{
  /* Not g_autoptr: libsecret 0.20 declares it with g_object_unref. */
  g_autoptr(MailSecretSchema) schema = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GHashTable) types = NULL;
  char *stored;

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, account->keyring_attribute, account->keyring_value);
  for (guint i = 0; account->keyring_more && account->keyring_more[i] &&
                    account->keyring_more[i + 1]; i += 2)
    g_hash_table_insert (attributes, account->keyring_more[i], account->keyring_more[i + 1]);
  /* Every attribute a string: the schema only names them for libsecret. */
  types = string_attributes (attributes);
  schema = secret_schema_newv (account->keyring_schema, SECRET_SCHEMA_DONT_MATCH_NAME, types);
  stored = secret_password_lookupv_sync (schema, attributes, NULL, error);
  if (stored == NULL && (error == NULL || *error == NULL))
    g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                 _("%s has no password for this account in the keyring (%s)."),
                 mail_other_app_display_name (account->app), account->credential_detail);
  if (stored == NULL)
    return NULL;

  /* GOA keeps a GVariant dictionary {'imap-password': <'…'>, 'smtp-password': <'…'>}. */
  if (g_strcmp0 (account->app, "goa") == 0)
    {
      g_autoptr(GVariant) credentials = g_variant_parse (G_VARIANT_TYPE_VARDICT, stored,
                                                         NULL, NULL, NULL);
      char *password = NULL;

      secret_password_free (stored);
      if (credentials == NULL ||
          (!g_variant_lookup (credentials, "imap-password", "s", &password) &&
           !g_variant_lookup (credentials, "smtp-password", "s", &password)))
        {
          g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                               _("The GNOME Online Accounts keyring item has no password."));
          return NULL;
        }
      return password;
    }

  {
    char *password = g_strdup (stored);

    secret_password_free (stored);
    return password;
  }
}

/* GOA hands out access tokens of its OAuth2 accounts over D-Bus. */
static char *
goa_access_token (const MailOtherAppAccount *account,
                  GError                   **error)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *path = NULL;
  char *token = NULL;

  if (bus == NULL)
    return NULL;
  path = g_strdup_printf ("/org/gnome/OnlineAccounts/Accounts/%s", account->goa_id);
  if (!g_variant_is_object_path (path))
    {
      g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("The GNOME Online Accounts account id is not valid."));
      return NULL;
    }
  reply = g_dbus_connection_call_sync (bus, "org.gnome.OnlineAccounts", path,
                                       "org.gnome.OnlineAccounts.OAuth2Based", "GetAccessToken",
                                       NULL, G_VARIANT_TYPE ("(si)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 30000, NULL, &local);
  if (reply == NULL)
    {
      /* GOA's own words (e.g. "Credentials do not contain access_token"), without D-Bus's. */
      g_dbus_error_strip_remote_error (local);
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("GNOME Online Accounts gave no access token for %s (%s). Sign in again in "
                     "Settings → Online Accounts, or give a token with --token-stdin."),
                   account->label, local->message);
      return NULL;
    }
  g_variant_get (reply, "(si)", &token, NULL);
  return token;
}

/* Runs the app's password command; the first line of its output. */
static char *
run_command (const char  *command,
             GError     **error)
{
  const char *argv[] = { "/bin/sh", "-c", command, NULL };
  g_autofree char *out = NULL;
  int wait_status = 0;
  char *secret;
  gsize length;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                     &out, NULL, &wait_status, error))
    return NULL;
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      if (out)
        explicit_bzero (out, strlen (out));
      g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("The password command failed."));
      return NULL;
    }
  length = out ? strcspn (out, "\r\n") : 0;
  if (length == 0)
    {
      g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("The password command printed nothing."));
      return NULL;
    }
  secret = g_strndup (out, length);
  explicit_bzero (out, strlen (out));
  return secret;
}

static char *
ask_password (const MailOtherAppAccount *account,
              const char                *why,
              GError                   **error)
{
  g_autofree char *prompt = NULL;
  char *password;

  /* Said once: before the prompt on a terminal, else in the error. */
  if (why != NULL && isatty (STDIN_FILENO))
    g_printerr ("%s\n", why);
  prompt = g_strdup_printf (_("Password for %s: "), account->email ? account->email
                                                                   : account->label);
  password = read_terminal (prompt, TRUE);
  if (password == NULL || *password == '\0')
    {
      g_free (password);
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, "%s%s%s", why ? why : "",
                   why ? " " : "", _("Give the password with --password-stdin."));
      return NULL;
    }
  return password;
}

char *
mail_cli_from_app_credential (MailCliFromApp  *from,
                              gboolean         yes,
                              MailAuthKind    *kind,
                              GError         **error)
{
  const MailOtherAppAccount *account = from->account;
  const char *name = mail_other_app_display_name (account->app);
  MailAuthKind app_kind = account->imap ? account->imap->auth
                        : account->smtp ? account->smtp->auth : MAIL_AUTH_PASSWORD;
  g_autofree char *question = NULL;
  g_autofree char *why = NULL;

  *kind = app_kind == MAIL_AUTH_OAUTH2 ? MAIL_AUTH_OAUTH2 : MAIL_AUTH_PASSWORD;

  switch (account->credential)
    {
    case MAIL_OTHER_APP_CREDENTIAL_KEYRING:
      if (account->keyring_schema == NULL)
        break;
      question = g_strdup_printf (_("Use the password %s keeps in the keyring (%s)? [y/N] "),
                                  name, account->credential_detail);
      if (!agreed (yes, question))
        {
          why = g_strdup_printf (_("Not using the password %s keeps (add --use-app-credential "
                                   "to use it)."), name);
          break;
        }
      return lookup_keyring (account, error);

    case MAIL_OTHER_APP_CREDENTIAL_OAUTH2:
      if (account->goa_id == NULL)
        {
          why = g_strdup_printf (_("%s signs in with OAuth2 and keeps the grant itself: give an "
                                   "access token with --token-stdin."), name);
          g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, why);
          return NULL;
        }
      question = g_strdup_printf (_("Ask GNOME Online Accounts for an access token for %s? "
                                    "[y/N] "), account->label);
      if (!agreed (yes, question))
        {
          g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                               _("Not asking GNOME Online Accounts (add --use-app-credential), "
                                 "or give a token with --token-stdin."));
          return NULL;
        }
      return goa_access_token (account, error);

    case MAIL_OTHER_APP_CREDENTIAL_COMMAND:
      g_printerr (_("%s gets the password by running this command:\n  %s\n"), name,
                  account->credential_detail);
      if (!agreed (yes, _("Run it now? [y/N] ")))
        {
          why = g_strdup (_("The command was not run (add --use-app-credential to run it)."));
          break;
        }
      return run_command (account->credential_detail, error);

    case MAIL_OTHER_APP_CREDENTIAL_NSS:
      why = g_strdup (_("Thunderbird keeps its passwords encrypted (NSS): Mail Setup does not "
                        "read them."));
      break;

    case MAIL_OTHER_APP_CREDENTIAL_IN_FILE:
      why = g_strdup_printf (_("The password is written in %s: Mail Setup does not read "
                               "passwords from files."), account->file);
      break;

    case MAIL_OTHER_APP_CREDENTIAL_NONE:
    case MAIL_OTHER_APP_CREDENTIAL_UNKNOWN:
    default:
      break;
    }

  if (*kind == MAIL_AUTH_OAUTH2)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, "%s%s%s", why ? why : "",
                   why ? " " : "", _("Give an access token with --token-stdin."));
      return NULL;
    }
  return ask_password (account, why, error);
}

void
mail_cli_from_app_add_fix (MailCliFromApp   *from,
                           MailProtocol      protocol,
                           const MailServer *works)
{
  char *text = mail_other_apps_fix_text (from->account, protocol, works);

  if (text != NULL)
    g_ptr_array_add (from->fixes, text);
}

void
mail_cli_from_app_add_json (MailCliFromApp *from,
                            JsonBuilder    *builder)
{
  json_builder_set_member_name (builder, "from");
  mail_other_app_account_to_json (from->account, builder);
  json_builder_set_member_name (builder, "app_fixes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < from->fixes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (from->fixes, i));
  json_builder_end_array (builder);
}

void
mail_cli_from_app_print_text (MailCliFromApp *from)
{
  if (from->fixes->len == 0)
    return;
  mail_cli_print ("\n%s\n", _("These settings work; change them in the app:"));
  for (guint i = 0; i < from->fixes->len; i++)
    mail_cli_print ("  %s\n", (char *) g_ptr_array_index (from->fixes, i));
}

/* --- export --format goa ------------------------------------------------------------------- */

typedef struct
{
  gboolean       done;
  char          *secret;
  MailAuthKind   kind;
  MailDiagnosis *diagnosis;
  char          *path;
  GError        *error;
} GoaRun;

static void
goa_credential_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GoaRun *run = user_data;

  run->secret = mail_credential_get_finish (result, &run->kind, NULL, &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

static void
goa_added_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GoaRun *run = user_data;

  run->path = mail_goa_add_account_finish (result, &run->error);
  run->done = TRUE;
}

int
mail_cli_export_goa (MailCliCommon             *common,
                     const MailAccountSettings *settings,
                     gboolean                   password_stdin)
{
  GoaRun run = { 0 };
  g_autoptr(GVariant) details = NULL;
  int status;

  /* Say what GOA cannot hold (whether verified or not) before asking for any password. */
  details = mail_goa_build_details (settings, &run.error);
  if (details == NULL)
    {
      status = mail_cli_print_failure (common, "export", run.error->message, NULL, NULL);
      g_clear_error (&run.error);
      return status;
    }
  if (settings->verified_at == NULL)
    return mail_cli_print_failure (common, "export",
                                   _("These settings were never checked successfully: run "
                                     "“mail-setup-cli test” first."), NULL, NULL);

  if (password_stdin)
    {
      run.secret = mail_cli_read_secret_stdin (&run.error);
      if (run.secret == NULL)
        {
          status = mail_cli_usage_error (common, "%s", run.error->message);
          g_clear_error (&run.error);
          return status;
        }
    }
  else
    {
      g_autoptr(MailAccountStore) store = mail_account_store_new (common->registry);

      mail_credential_get_async (store, settings->email, 0, NULL, goa_credential_cb, &run);
      mail_cli_run_until (&run.done);
      if (run.secret == NULL)
        {
          if (run.diagnosis != NULL)
            status = mail_cli_print_diagnosis (common, run.diagnosis);
          else
            status = mail_cli_print_failure (common, "keyring",
                                             run.error ? run.error->message
                                                       : _("The keyring failed."), NULL, NULL);
          g_clear_pointer (&run.diagnosis, mail_diagnosis_free);
          g_clear_error (&run.error);
          return status;
        }
      if (run.kind == MAIL_AUTH_OAUTH2)
        {
          g_clear_pointer (&run.secret, mail_secret_free);
          return mail_cli_print_failure (common, "export",
                                         _("This account signs in with OAuth2: GNOME Online "
                                           "Accounts adds such accounts with its own provider "
                                           "(Settings → Online Accounts)."), NULL, NULL);
        }
    }

  run.done = FALSE;
  mail_goa_add_account_async (settings, run.secret, NULL, goa_added_cb, &run);
  g_clear_pointer (&run.secret, mail_secret_free);
  mail_cli_run_until (&run.done);

  if (run.path == NULL)
    {
      status = mail_cli_print_failure (common, "export", run.error->message, NULL, NULL);
      g_clear_error (&run.error);
      return status;
    }

  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, settings->email);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, "goa");
      json_builder_set_member_name (builder, "goa_account");
      json_builder_add_string_value (builder, run.path);
      json_builder_end_object (builder);
      mail_cli_print_json (builder);
    }
  else
    mail_cli_print (_("Added %s to GNOME Online Accounts. Evolution, Geary and Calendar can use it "
              "now.\n"), settings->email);
  g_free (run.path);
  return MAIL_CLI_EXIT_OK;
}
