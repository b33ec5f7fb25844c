/* mail-cli-common.c: options, output and helpers shared by the subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mail-cli.h"
#include "mail-diagnosis-error.h"
#include "mail-tls-database.h"

/* Secrets read from stdin are capped: no password or token is this long. */
#define MAX_SECRET_LENGTH (64 * 1024)

/* GOption resets a G_OPTION_ARG_NONE flag to FALSE when parsing fails, whatever it was. */
static gboolean json_requested;

void
mail_cli_common_scan_json (MailCliCommon  *common,
                           int             argc,
                           char          **argv)
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--json") == 0)
      json_requested = TRUE;
  common->json = json_requested;
}

void
mail_cli_common_add_options (MailCliCommon  *common,
                             GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &common->provider_id,
      N_("Use the built-in provider ID instead of detecting one"), N_("ID") },
    { "provider-file", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &common->provider_files,
      N_("Load one more provider definition (repeatable)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &common->json,
      N_("Machine-readable output on standard output"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &common->ca_file,
      N_("Also trust the PEM certificates in FILE"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &common->timeout_text,
      N_("Overall time budget of the command"), N_("SECONDS") },
    { NULL }
  };
  /* Shown with the command's own options in --help: they are used all the time. */
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  mail_cli_help_add_footer (context);
}

/* One example per command (g_get_prgname () is "mail-setup-cli COMMAND" while it runs). */
static const struct
{
  const char *command;
  const char *example;
} examples[] = {
  { "discover", "mail-setup-cli discover someone@contoso.com" },
  { "test", "echo \"$APP_PASSWORD\" | mail-setup-cli test you@icloud.com --password-stdin" },
  { "login", "mail-setup-cli login you@outlook.com" },
  { "token", "mail-setup-cli token you@outlook.com" },
  { "accounts", "mail-setup-cli accounts --json" },
  { "forget", "mail-setup-cli forget you@outlook.com" },
  { "export", "mail-setup-cli export you@example.org --format msmtp -o ~/.msmtprc" },
};

const char *
mail_cli_help_exit_status (void)
{
  return _("Exit status:\n"
           "  0  everything asked for succeeded\n"
           "  1  the work ran and found a failure (explained)\n"
           "  2  bad usage or input (explained on standard error)");
}

void
mail_cli_help_add_footer (GOptionContext *context)
{
  const char *prgname = g_get_prgname ();
  const char *command = prgname && strchr (prgname, ' ') ? strchr (prgname, ' ') + 1 : prgname;
  const char *description = g_option_context_get_description (context);
  GString *text = g_string_new (description);

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    if (g_strcmp0 (command, examples[i].command) == 0)
      g_string_append_printf (text, "%s%s\n  %s", text->len ? "\n\n" : "", _("Example:"),
                              examples[i].example);
  g_string_append_printf (text, "%s%s", text->len ? "\n\n" : "", mail_cli_help_exit_status ());
  g_option_context_set_description (context, text->str);
  g_string_free (text, TRUE);
}

void
mail_cli_common_load_providers (MailCliCommon *common)
{
  g_return_if_fail (common->registry != NULL);

  if (common->providers_loaded)
    return;
  common->providers_loaded = TRUE;
  mail_provider_registry_load_defaults (common->registry);
}

gboolean
mail_cli_common_finish (MailCliCommon *common)
{
  g_autoptr(GError) error = NULL;

  common->registry = mail_provider_registry_new ();
  /* A command that rarely needs them (token) loads them itself, unless they are asked for. */
  if (!common->defer_providers || common->provider_id != NULL || common->provider_files != NULL)
    mail_cli_common_load_providers (common);

  for (guint i = 0; common->provider_files && common->provider_files[i]; i++)
    {
      if (!mail_provider_registry_load_file (common->registry, common->provider_files[i], &error))
        {
          mail_cli_usage_error (common, "%s", error->message);
          return FALSE;
        }
    }

  /* Malformed files are reported and skipped; they never stop the command. */
  {
    GPtrArray *warnings = mail_provider_registry_get_warnings (common->registry);

    for (guint i = 0; warnings && i < warnings->len; i++)
      mail_cli_printerr (_("Warning: skipped provider file %s\n"),
                         (char *) g_ptr_array_index (warnings, i));
  }

  if (common->provider_id != NULL &&
      mail_provider_registry_lookup (common->registry, common->provider_id) == NULL)
    {
      mail_cli_usage_error (common, _("Unknown provider “%s”."), common->provider_id);
      return FALSE;
    }

  if (common->ca_file != NULL)
    {
      common->tls_database = mail_tls_database_new (common->ca_file, &error);
      if (common->tls_database == NULL)
        {
          mail_cli_usage_error (common, _("Cannot use --ca-file %s: %s"),
                                common->ca_file, error->message);
          return FALSE;
        }
    }

  /* Read as text: GOption's integers take 0 and negative values and a large one overflows
   * once turned into milliseconds. */
  if (common->timeout_text != NULL)
    {
      guint64 seconds = 0;

      if (!g_ascii_string_to_unsigned (common->timeout_text, 10, 1, MAIL_CLI_MAX_TIMEOUT,
                                       &seconds, NULL))
        {
          mail_cli_usage_error (common, _("--timeout must be a whole number of seconds from 1 "
                                          "to %u."), MAIL_CLI_MAX_TIMEOUT);
          return FALSE;
        }
      common->timeout_s = (int) seconds;
      common->deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
    }

  return TRUE;
}

void
mail_cli_common_clear (MailCliCommon *common)
{
  g_clear_pointer (&common->provider_id, g_free);
  g_clear_pointer (&common->provider_files, g_strfreev);
  g_clear_pointer (&common->ca_file, g_free);
  g_clear_pointer (&common->timeout_text, g_free);
  g_clear_object (&common->registry);
  g_clear_object (&common->tls_database);
}

static gboolean
is_invisible_control (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
         /* bidirectional controls: they reorder what the terminal shows */
         c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

char *
mail_cli_escape (const char *text,
                 gboolean    keep_newlines)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }

      if (c == '\n' && keep_newlines)
        g_string_append_c (out, '\n');
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x80 && is_invisible_control (c))
        g_string_append_printf (out, "\\x%02x", c);
      else if (is_invisible_control (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/* format with args, escaped for the terminal (mail_cli_escape). */
static char * G_GNUC_PRINTF (1, 0)
escaped_vprintf (const char *format,
                 va_list     args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);

  return mail_cli_escape (text, TRUE);
}

void
mail_cli_print (const char *format,
                ...)
{
  g_autofree char *escaped = NULL;
  va_list args;

  va_start (args, format);
  escaped = escaped_vprintf (format, args);
  va_end (args);
  fputs (escaped, stdout);
}

void
mail_cli_printerr (const char *format,
                   ...)
{
  g_autofree char *escaped = NULL;
  va_list args;

  va_start (args, format);
  escaped = escaped_vprintf (format, args);
  va_end (args);
  g_printerr ("%s", escaped);
}

static void make_valid_utf8 (JsonNode *node);

static void
make_member_valid_cb (JsonObject  *object,
                      const char  *member_name,
                      JsonNode    *member_node,
                      gpointer     user_data)
{
  make_valid_utf8 (member_node);
}

static void
make_element_valid_cb (JsonArray *array,
                       guint      index_,
                       JsonNode  *element_node,
                       gpointer   user_data)
{
  make_valid_utf8 (element_node);
}

/* json-glib 1.6 copies a string's bytes as they are: invalid UTF-8 from outside (an address,
 * a file name, a server's words) made output that was not JSON. Such bytes become U+FFFD. */
static void
make_valid_utf8 (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      json_object_foreach_member (json_node_get_object (node), make_member_valid_cb, NULL);
      break;
    case JSON_NODE_ARRAY:
      json_array_foreach_element (json_node_get_array (node), make_element_valid_cb, NULL);
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);

          if (text != NULL && !g_utf8_validate (text, -1, NULL))
            {
              g_autofree char *valid = g_utf8_make_valid (text, -1);

              json_node_set_string (node, valid);
            }
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

void
mail_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  make_valid_utf8 (root);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
  fflush (stdout);
}

int
mail_cli_usage_error (MailCliCommon *common,
                      const char    *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  mail_cli_printerr ("mail-setup-cli: %s\n", message);

  /* Under --json, every usage error too is one object (cli.md): the message, and a diagnosis
   * at stage "usage" like every other failure. */
  if (common != NULL && (common->json || json_requested))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(MailDiagnosis) diagnosis = mail_diagnosis_new_for_message ("cli", "usage", message);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "diagnosis");
      mail_diagnosis_to_json (diagnosis, builder);
      json_builder_end_object (builder);
      mail_cli_print_json (builder);
    }

  return MAIL_CLI_EXIT_USAGE;
}

int
mail_cli_print_diagnosis (MailCliCommon       *common,
                          const MailDiagnosis *diagnosis)
{
  return mail_cli_print_diagnosis_with (common, diagnosis, NULL, NULL);
}

int
mail_cli_print_diagnosis_with (MailCliCommon       *common,
                               const MailDiagnosis *diagnosis,
                               void               (*add_members) (JsonBuilder *builder,
                                                                  gpointer     user_data),
                               gpointer             user_data)
{
  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "diagnosis");
      mail_diagnosis_to_json (diagnosis, builder);
      if (add_members != NULL)
        add_members (builder, user_data);
      json_builder_end_object (builder);
      mail_cli_print_json (builder);
    }
  else
    {
      g_autofree char *text = mail_diagnosis_to_text (diagnosis);

      mail_cli_printerr ("%s\n", text);
    }

  return MAIL_CLI_EXIT_FAILED;
}

int
mail_cli_print_failure (MailCliCommon *common,
                        const char    *stage,
                        const char    *message,
                        void         (*add_members) (JsonBuilder *builder,
                                                     gpointer     user_data),
                        gpointer       user_data)
{
  mail_cli_printerr ("mail-setup-cli: %s\n", message);

  if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(MailDiagnosis) diagnosis = mail_diagnosis_new_for_message ("cli", stage, message);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "diagnosis");
      mail_diagnosis_to_json (diagnosis, builder);
      if (add_members != NULL)
        add_members (builder, user_data);
      json_builder_end_object (builder);
      mail_cli_print_json (builder);
    }

  return MAIL_CLI_EXIT_FAILED;
}

char *
mail_cli_read_secret_stdin (GError **error)
{
  /* One buffer of the largest size, read with read(2): no stdio buffer and no reallocation
   * leaves a copy of the secret behind. */
  char *buffer = g_malloc (MAX_SECRET_LENGTH + 1);
  gsize length = 0;

  while (length <= MAX_SECRET_LENGTH)
    {
      gssize n = read (STDIN_FILENO, buffer + length, MAX_SECRET_LENGTH + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      length += n;
    }

  if (length > MAX_SECRET_LENGTH)
    {
      explicit_bzero (buffer, MAX_SECRET_LENGTH + 1);
      g_free (buffer);
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("Standard input is too long for a password or token."));
      return NULL;
    }

  while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r'))
    length--;
  buffer[length] = '\0';

  if (length == 0 || memchr (buffer, '\n', length) != NULL || memchr (buffer, '\0', length))
    {
      explicit_bzero (buffer, MAX_SECRET_LENGTH + 1);
      g_free (buffer);
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("Expected one line with the password or token on standard input."));
      return NULL;
    }

  return buffer;
}

void
mail_cli_run_until (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

MailDiagnosis *
mail_cli_diagnosis_from_error (const GError *error)
{
  const MailDiagnosis *diagnosis = mail_diagnosis_from_error (error);

  return diagnosis != NULL ? mail_diagnosis_copy (diagnosis) : NULL;
}
