/* fuzz-settings-json.c: the settings JSON reader (settings files, and the "settings" member of
 * the keyring's stored account) must never crash, leak or let an invalid value through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mail-account-settings.h"
#include "mail-validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_server (const MailServer *server,
              MailProtocol      protocol)
{
  g_autofree char *ascii = NULL;

  if (server == NULL)
    return;
  g_assert (server->protocol == protocol);
  /* Hosts are kept in their ASCII form: validating again changes nothing. */
  ascii = mail_validate_host (server->host, "host", NULL);
  g_assert (ascii != NULL && strcmp (ascii, server->host) == 0);
  g_assert (server->port >= 1);
  g_assert (server->username == NULL || mail_validate_user_name (server->username, "user", NULL));
}

static void
check_settings (MailAccountSettings *settings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(MailAccountSettings) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert (mail_email_validate (settings->email, NULL));
  check_server (settings->imap, MAIL_PROTOCOL_IMAP);
  check_server (settings->smtp, MAIL_PROTOCOL_SMTP);
  g_assert (mail_account_settings_validate (settings, NULL));

  /* Written and read again: the same values. */
  mail_account_settings_to_json (settings, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  back = mail_account_settings_from_data (text, -1, NULL, &error);
  g_assert (back != NULL && error == NULL);
  g_assert (strcmp (back->email, settings->email) == 0);
  g_assert ((back->imap == NULL) == (settings->imap == NULL));
  g_assert ((back->smtp == NULL) == (settings->smtp == NULL));
  if (back->imap != NULL)
    {
      g_assert (strcmp (back->imap->host, settings->imap->host) == 0);
      g_assert (back->imap->port == settings->imap->port);
      g_assert (g_strcmp0 (back->imap->username, settings->imap->username) == 0);
    }
  if (back->smtp != NULL)
    {
      g_assert (strcmp (back->smtp->host, settings->smtp->host) == 0);
      g_assert (back->smtp->port == settings->smtp->port);
      g_assert (g_strcmp0 (back->smtp->username, settings->smtp->username) == 0);
    }
  g_assert ((back->verified_at == NULL) == (settings->verified_at == NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  /* Settings files are small: the size bound of the file reader comes before this. */
  if (size > 256 * 1024)
    return 0;

  settings = mail_account_settings_from_data ((const char *) data, size, NULL, &error);
  g_assert ((settings == NULL) != (error == NULL));
  if (settings != NULL)
    check_settings (settings);
  else
    {
      g_assert (error->domain == MAIL_ERROR && error->code == MAIL_ERROR_INVALID_INPUT);
      /* Messages are safe to print and to put into --json output. */
      g_assert (mail_text_is_printable (error->message));
    }

  /* The keyring's stored account: {"settings": {...}, secrets...}. */
  if (settings == NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, (const char *) data, size, NULL) &&
          json_parser_get_root (parser) != NULL &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *object = json_node_get_object (json_parser_get_root (parser));
          JsonNode *node = json_object_get_member (object, "settings");
          g_autoptr(MailAccountSettings) stored = NULL;
          g_autoptr(GError) stored_error = NULL;

          if (node != NULL)
            {
              stored = mail_account_settings_from_json (node, NULL, &stored_error);
              g_assert ((stored == NULL) != (stored_error == NULL));
              if (stored != NULL)
                check_settings (stored);
            }
        }
    }
  return 0;
}
