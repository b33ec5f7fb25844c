/* fuzz-export-roundtrip.c: random settings -> validate -> every export format -> read back
 * with our own readers where one exists (Thunderbird XML: the autoconfig parser; JSON: the
 * settings reader). Each export is either refused or carries exactly the values it was given,
 * and no value ever adds a line to a line-based format.
 *
 * Input: 4 bytes of choices (security, sign-in kinds, which servers), 2 ports (2 bytes each),
 * then up to six strings, each one length byte and its bytes: address, IMAP host, IMAP user,
 * SMTP host, SMTP user, provider name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mail-autoconfig.h"
#include "mail-export.h"
#include "mail-validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  const uint8_t *data;
  size_t         size;
} Input;

static guint
take_byte (Input *in)
{
  guint b;

  if (in->size == 0)
    return 0;
  b = in->data[0];
  in->data++;
  in->size--;
  return b;
}

/* NULL when the input is used up. */
static char *
take_string (Input *in)
{
  size_t len;
  char *text;

  if (in->size == 0)
    return NULL;
  len = take_byte (in);
  len = MIN (len, in->size);
  text = g_strndup ((const char *) in->data, len);
  in->data += len;
  in->size -= len;
  return text;
}

static MailServer *
make_server (MailProtocol  protocol,
             guint         choice,
             guint16       port,
             char         *host,
             char         *user)
{
  MailServer *server = mail_server_new (protocol, NULL, port, choice % 3);

  /* The host as given: the validation below (or its absence) is what is being tested. */
  server->host = host != NULL ? host : g_strdup (protocol == MAIL_PROTOCOL_IMAP
                                                 ? "imap.example.org" : "smtp.example.org");
  server->username = user;
  server->auth = (choice / 3) % 4;
  return server;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* The same choices with plain values: a baseline for the number of lines. */
static MailAccountSettings *
plain_copy (const MailAccountSettings *settings)
{
  MailAccountSettings *plain = mail_account_settings_copy (settings);

  g_free (plain->email);
  plain->email = g_strdup ("alice@example.org");
  g_free (plain->provider_name);
  plain->provider_name = g_strdup ("Example");
  for (guint i = 0; i < 2; i++)
    {
      MailServer *server = i == 0 ? plain->imap : plain->smtp;

      if (server == NULL)
        continue;
      g_free (server->host);
      server->host = g_strdup (i == 0 ? "imap.example.org" : "smtp.example.org");
      g_free (server->username);
      server->username = g_strdup ("user");
    }
  return plain;
}

static void
check_thunderbird (const MailAccountSettings *settings,
                   const char                *text)
{
  g_autoptr(MailAutoconfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = mail_autoconfig_parse (text, strlen (text), settings->email, &error);
  g_assert (config != NULL);
  g_assert (config->imap != NULL);
  g_assert (strcmp (config->imap->host, settings->imap->host) == 0 ||
            g_ascii_strcasecmp (config->imap->host, settings->imap->host) == 0);
  g_assert (config->imap->port == settings->imap->port);
  g_assert (config->imap->security == settings->imap->security);
  g_assert (strcmp (config->imap->username,
                    settings->imap->username ? settings->imap->username : settings->email) == 0);
  if (settings->smtp != NULL)
    {
      g_assert (config->smtp != NULL);
      g_assert (g_ascii_strcasecmp (config->smtp->host, settings->smtp->host) == 0);
      g_assert (config->smtp->port == settings->smtp->port);
    }
}

static void
check_json (const MailAccountSettings *settings,
            const char                *text,
            gboolean                   valid)
{
  g_autoptr(MailAccountSettings) back = NULL;
  g_autoptr(GError) error = NULL;

  back = mail_account_settings_from_data (text, -1, NULL, &error);
  /* Valid settings come back; others may be refused by the reader, never changed. */
  g_assert (back != NULL || !valid);
  if (back == NULL)
    return;
  g_assert (strcmp (back->email, settings->email) == 0);
  g_assert ((back->imap == NULL) == (settings->imap == NULL));
  if (back->imap != NULL)
    {
      g_assert (strcmp (back->imap->host, settings->imap->host) == 0);
      g_assert (back->imap->port == settings->imap->port);
      g_assert (g_strcmp0 (back->imap->username, settings->imap->username) == 0);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Input in = { data, size };
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailAccountSettings) plain = NULL;
  g_autofree char *email = NULL;
  guint choices[4];
  guint16 ports[2];
  gboolean valid;

  for (guint i = 0; i < 4; i++)
    choices[i] = take_byte (&in);
  for (guint i = 0; i < 2; i++)
    ports[i] = (guint16) (take_byte (&in) << 8 | take_byte (&in));

  email = take_string (&in);
  settings = mail_account_settings_new (email != NULL ? email : "alice@example.org");
  settings->auth = choices[0] % 4;
  settings->verified_at = g_date_time_new_utc (2026, 11, 22, 2, 30, 0);
  if (!(choices[3] & 1))
    {
      char *host = take_string (&in);
      char *user = take_string (&in);

      settings->imap = make_server (MAIL_PROTOCOL_IMAP, choices[1], ports[0], host, user);
    }
  if (!(choices[3] & 2))
    {
      char *host = take_string (&in);
      char *user = take_string (&in);

      settings->smtp = make_server (MAIL_PROTOCOL_SMTP, choices[2], ports[1], host, user);
    }
  settings->provider_name = take_string (&in);

  /* Half of the runs pass the trust boundary first, half go to the exporters directly. */
  valid = mail_account_settings_validate (settings, NULL);
  if (!valid && (choices[3] & 4))
    return 0;
  plain = plain_copy (settings);

  for (guint f = 0; f < MAIL_EXPORT_N_FORMATS; f++)
    {
      MailExportOptions options = { .cli_command = "mail-setup-cli" };
      g_autoptr(GError) error = NULL;
      g_autofree char *text = mail_export_render (settings, f, &options, &error);
      g_autofree char *baseline = NULL;

      g_assert ((text == NULL) != (error == NULL));
      if (text == NULL)
        {
          g_assert (error->domain == MAIL_ERROR && error->code == MAIL_ERROR_INVALID_INPUT);
          g_assert (mail_text_is_printable (error->message));
          continue;
        }
      g_assert (g_utf8_validate (text, -1, NULL));
      /* Nothing but line ends among the control characters of any format. */
      for (const char *p = text; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_assert (c == '\n' || !mail_unichar_is_control (c));
        }

      if (f == MAIL_EXPORT_FORMAT_THUNDERBIRD)
        check_thunderbird (settings, text);
      else if (f == MAIL_EXPORT_FORMAT_JSON)
        check_json (settings, text, valid);
      else if (f != MAIL_EXPORT_FORMAT_MOBILECONFIG)
        {
          /* A value is one value: the file has the lines the same choices give with plain
           * values (when those are written at all). */
          baseline = mail_export_render (plain, f, &options, NULL);
          if (baseline != NULL)
            g_assert (count_lines (text) == count_lines (baseline));
        }
    }
  return 0;
}
