/* mail-check-result.c: the outcome of one IMAP or SMTP check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-check-result.h"
#include "mail-server-alternatives.h"

G_DEFINE_BOXED_TYPE (MailCheckStep, mail_check_step, mail_check_step_copy, mail_check_step_free)
G_DEFINE_BOXED_TYPE (MailCheckResult, mail_check_result,
                     mail_check_result_copy, mail_check_result_free)

MailCheckStep *
mail_check_step_new (const char *name,
                     gboolean    ok,
                     double      ms,
                     const char *detail)
{
  MailCheckStep *step;

  g_return_val_if_fail (name != NULL, NULL);

  step = g_new0 (MailCheckStep, 1);
  step->name = g_strdup (name);
  step->ok = ok;
  step->ms = ms;
  step->detail = g_strdup (detail);
  return step;
}

MailCheckStep *
mail_check_step_copy (const MailCheckStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);

  return mail_check_step_new (step->name, step->ok, step->ms, step->detail);
}

void
mail_check_step_free (MailCheckStep *step)
{
  if (step == NULL)
    return;
  g_free (step->name);
  g_free (step->detail);
  g_free (step);
}

MailCheckResult *
mail_check_result_new (MailProtocol protocol)
{
  MailCheckResult *result = g_new0 (MailCheckResult, 1);

  result->protocol = protocol;
  result->security = MAIL_SECURITY_TLS;
  result->auth = MAIL_AUTH_NONE;
  result->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_check_step_free);
  result->transcript = g_ptr_array_new_with_free_func (g_free);
  return result;
}

MailCheckResult *
mail_check_result_copy (const MailCheckResult *result)
{
  MailCheckResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = mail_check_result_new (result->protocol);
  copy->host = g_strdup (result->host);
  copy->port = result->port;
  copy->security = result->security;
  copy->auth = result->auth;
  copy->mechanism = g_strdup (result->mechanism);
  copy->ok = result->ok;
  for (guint i = 0; i < result->steps->len; i++)
    g_ptr_array_add (copy->steps, mail_check_step_copy (g_ptr_array_index (result->steps, i)));
  if (result->diagnosis != NULL)
    copy->diagnosis = mail_diagnosis_copy (result->diagnosis);
  for (guint i = 0; i < result->transcript->len; i++)
    g_ptr_array_add (copy->transcript, g_strdup (g_ptr_array_index (result->transcript, i)));
  if (result->certificate != NULL)
    copy->certificate = mail_certificate_info_copy (result->certificate);
  if (result->suggestion != NULL)
    copy->suggestion = mail_server_copy (result->suggestion);
  return copy;
}

void
mail_check_result_free (MailCheckResult *result)
{
  if (result == NULL)
    return;
  g_free (result->host);
  g_free (result->mechanism);
  g_clear_pointer (&result->steps, g_ptr_array_unref);
  g_clear_pointer (&result->diagnosis, mail_diagnosis_free);
  g_clear_pointer (&result->transcript, g_ptr_array_unref);
  g_clear_pointer (&result->certificate, mail_certificate_info_free);
  g_clear_pointer (&result->suggestion, mail_server_free);
  g_free (result);
}

static void
add_step (const MailCheckStep *step,
          JsonBuilder         *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, step->name);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, step->ok);
  json_builder_set_member_name (builder, "ms");
  /* One decimal is all a person can use; it also keeps the output stable. */
  json_builder_add_double_value (builder, (double) (gint64) (step->ms * 10.0 + 0.5) / 10.0);
  if (step->detail != NULL)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, step->detail);
    }
  json_builder_end_object (builder);
}

void
mail_check_result_to_json (const MailCheckResult *result,
                           JsonBuilder           *builder)
{
  g_return_if_fail (result != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder, mail_protocol_to_string (result->protocol));
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, result->host != NULL ? result->host : "");
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, result->port);
  json_builder_set_member_name (builder, "security");
  json_builder_add_string_value (builder, mail_security_to_string (result->security));
  json_builder_set_member_name (builder, "auth");
  json_builder_add_string_value (builder, mail_auth_kind_to_string (result->auth));
  json_builder_set_member_name (builder, "mechanism");
  if (result->mechanism != NULL)
    json_builder_add_string_value (builder, result->mechanism);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, result->ok);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->steps->len; i++)
    add_step (g_ptr_array_index (result->steps, i), builder);
  json_builder_end_array (builder);

  if (result->certificate != NULL)
    {
      json_builder_set_member_name (builder, "certificate");
      mail_certificate_info_to_json (result->certificate, builder);
    }

  json_builder_set_member_name (builder, "diagnosis");
  if (result->diagnosis != NULL)
    mail_diagnosis_to_json (result->diagnosis, builder);
  else
    json_builder_add_null_value (builder);

  if (result->suggestion != NULL)
    {
      g_autofree char *flags = mail_server_to_cli_flags (result->suggestion);

      json_builder_set_member_name (builder, "suggested_settings");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "protocol");
      json_builder_add_string_value (builder, mail_protocol_to_string (result->protocol));
      json_builder_set_member_name (builder, "host");
      json_builder_add_string_value (builder, result->suggestion->host);
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, result->suggestion->port);
      json_builder_set_member_name (builder, "security");
      json_builder_add_string_value (builder,
                                     mail_security_to_string (result->suggestion->security));
      json_builder_set_member_name (builder, "flags");
      json_builder_add_string_value (builder, flags);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}
