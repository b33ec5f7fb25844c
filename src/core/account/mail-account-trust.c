/* mail-account-trust.c: which servers a secret may go to without asking the person again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-account-trust.h"

GPtrArray *
mail_account_untrusted_servers (const MailAccountSettings *settings,
                                gboolean                   imap,
                                gboolean                   smtp)
{
  GPtrArray *untrusted = g_ptr_array_new ();

  g_return_val_if_fail (settings != NULL, untrusted);

  if (imap && settings->imap != NULL && !settings->imap->trusted && !settings->imap->given)
    g_ptr_array_add (untrusted, settings->imap);
  if (smtp && settings->smtp != NULL && !settings->smtp->trusted && !settings->smtp->given)
    g_ptr_array_add (untrusted, settings->smtp);
  return untrusted;
}

char *
mail_account_untrusted_describe (GPtrArray *untrusted)
{
  GString *details = g_string_new (NULL);

  for (guint i = 0; i < untrusted->len; i++)
    {
      const MailServer *server = g_ptr_array_index (untrusted, i);

      /* Translators: "IMAP server imap.example.org:993 (found in the domain’s autoconfig
       * document): It was found through plain HTTP, ..." */
      g_string_append_printf (details, _("%s server %s:%u (%s): %s"),
                              server->protocol == MAIL_PROTOCOL_IMAP ? "IMAP" : "SMTP",
                              server->host, server->port,
                              server->source ? server->source : _("found by the search"),
                              server->trust_reason ? server->trust_reason
                                                   : _("its source cannot vouch for it."));
      g_string_append (details, i + 1 < untrusted->len ? "\n" : "");
    }
  return g_string_free (details, FALSE);
}

MailDiagnosis *
mail_account_untrusted_diagnosis (const MailAccountSettings *settings,
                                  const char                *email,
                                  GPtrArray                 *untrusted)
{
  const MailServer *first;
  MailDiagnosisContext context = { 0 };
  MailDiagnosis *diagnosis;
  g_autofree char *details = NULL;

  g_return_val_if_fail (settings != NULL && untrusted != NULL && untrusted->len > 0, NULL);

  first = g_ptr_array_index (untrusted, 0);
  context.protocol = mail_protocol_to_string (first->protocol);
  context.stage = "authenticate";
  context.provider_id = settings->provider_id;
  context.email = email;
  context.host = first->host;
  context.port = first->port;
  diagnosis = mail_diagnosis_new_for_code ("settings-untrusted", &context);

  details = mail_account_untrusted_describe (untrusted);

  {
    char *explanation = g_strdup_printf ("%s %s", diagnosis->explanation, details);

    g_free (diagnosis->explanation);
    diagnosis->explanation = explanation;
  }
  return diagnosis;
}
