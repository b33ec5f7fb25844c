/* mail-setup-report.c: the redacted diagnostic report, as text and as the CLI's JSON
 *
 * Everything here comes from MailCheckResult and MailDiagnosis, which the core already
 * stripped of passwords, tokens and SASL payloads; the report adds no secret of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mail-setup-report.h"
#include "mail-setup-util.h"

static void
append_diagnosis (GString             *text,
                  const MailDiagnosis *diagnosis,
                  const char          *indent)
{
  g_string_append_printf (text, "%s%s: %s (%s)\n", indent, _("Diagnosis"), diagnosis->code,
                          diagnosis->stage ? diagnosis->stage : "?");
  if (diagnosis->title != NULL)
    g_string_append_printf (text, "%s%s\n", indent, diagnosis->title);
  if (diagnosis->explanation != NULL)
    g_string_append_printf (text, "%s%s\n", indent, diagnosis->explanation);
  for (guint i = 0; diagnosis->fixes != NULL && i < diagnosis->fixes->len; i++)
    g_string_append_printf (text, "%s%u. %s\n", indent, i + 1,
                            (const char *) g_ptr_array_index (diagnosis->fixes, i));
  for (guint i = 0; diagnosis->links != NULL && i < diagnosis->links->len; i++)
    g_string_append_printf (text, "%s%s\n", indent, (const char *) g_ptr_array_index (diagnosis->links, i));
  if (diagnosis->server_text != NULL)
    g_string_append_printf (text, "%s%s %s\n", indent, _("The server said:"), diagnosis->server_text);
  if (diagnosis->certificate != NULL)
    {
      const MailCertificateInfo *info = diagnosis->certificate;

      g_string_append_printf (text, "%s%s\n", indent, _("Certificate:"));
      g_string_append_printf (text, "%s  subject: %s\n", indent, info->subject ? info->subject : "");
      g_string_append_printf (text, "%s  issuer: %s\n", indent, info->issuer ? info->issuer : "");
      g_string_append_printf (text, "%s  valid: %s – %s\n", indent,
                              info->not_before ? info->not_before : "?",
                              info->not_after ? info->not_after : "?");
      g_string_append_printf (text, "%s  sha256: %s\n", indent, info->sha256 ? info->sha256 : "");
    }
}

static void
append_result (GString               *text,
               const MailCheckResult *result)
{
  g_string_append_printf (text, "\n%s: %s:%u, %s, %s%s%s%s — %s\n",
                          mail_setup_protocol_label (result->protocol),
                          result->host ? result->host : "?", result->port,
                          mail_security_to_string (result->security),
                          mail_auth_kind_to_string (result->auth),
                          result->mechanism ? " (" : "",
                          result->mechanism ? result->mechanism : "",
                          result->mechanism ? ")" : "",
                          result->ok ? _("passed") : _("failed"));

  for (guint i = 0; result->steps != NULL && i < result->steps->len; i++)
    {
      const MailCheckStep *step = g_ptr_array_index (result->steps, i);

      g_string_append_printf (text, "  %s %-13s %8.1f ms%s%s\n", step->ok ? "✓" : "✗", step->name,
                              step->ms, step->detail ? "  " : "", step->detail ? step->detail : "");
    }
  if (result->diagnosis != NULL)
    append_diagnosis (text, result->diagnosis, "  ");
  if (result->transcript != NULL && result->transcript->len > 0)
    {
      g_string_append_printf (text, "  %s\n", _("Transcript (passwords and tokens removed):"));
      for (guint i = 0; i < result->transcript->len; i++)
        g_string_append_printf (text, "    %s\n", (const char *) g_ptr_array_index (result->transcript, i));
    }
}

char *
mail_setup_report_to_text (const char          *email,
                           const char          *provider_id,
                           GPtrArray           *results,
                           const MailDiagnosis *diagnosis)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  gboolean ok = diagnosis == NULL && results != NULL && results->len > 0;

  for (guint i = 0; results != NULL && i < results->len; i++)
    if (!((MailCheckResult *) g_ptr_array_index (results, i))->ok)
      ok = FALSE;

  g_string_append_printf (text, "%s %s, %s\n", _("Mail Setup report"), PACKAGE_VERSION, when);
  g_string_append_printf (text, "%s %s\n", _("Address:"), email ? email : "");
  g_string_append_printf (text, "%s %s\n", _("Provider:"), provider_id ? provider_id : _("unknown"));
  g_string_append_printf (text, "%s %s\n", _("Result:"), ok ? _("all checks passed") : _("failed"));

  if (diagnosis != NULL)
    {
      g_string_append_c (text, '\n');
      append_diagnosis (text, diagnosis, "");
    }
  for (guint i = 0; results != NULL && i < results->len; i++)
    append_result (text, g_ptr_array_index (results, i));

  return g_string_free (text, FALSE);
}

char *
mail_setup_report_to_json (const char          *email,
                           const char          *provider_id,
                           GPtrArray           *results,
                           const MailDiagnosis *diagnosis)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean ok = diagnosis == NULL && results != NULL && results->len > 0;

  for (guint i = 0; results != NULL && i < results->len; i++)
    if (!((MailCheckResult *) g_ptr_array_index (results, i))->ok)
      ok = FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "provider");
  if (provider_id != NULL)
    json_builder_add_string_value (builder, provider_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, ok);
  json_builder_set_member_name (builder, "checks");
  json_builder_begin_array (builder);
  for (guint i = 0; results != NULL && i < results->len; i++)
    mail_check_result_to_json (g_ptr_array_index (results, i), builder);
  json_builder_end_array (builder);
  if (diagnosis != NULL)
    {
      json_builder_set_member_name (builder, "diagnosis");
      mail_diagnosis_to_json (diagnosis, builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
