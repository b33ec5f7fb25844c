/* mail-diagnosis-format.c: a diagnosis as the JSON object of docs/cli.md and as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-diagnosis.h"
#include "mail-json.h"

static void
add_string_array (JsonBuilder *builder,
                  const char  *name,
                  GPtrArray   *array)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; array != NULL && i < array->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (array, i));
  json_builder_end_array (builder);
}

void
mail_diagnosis_to_json (const MailDiagnosis *diagnosis,
                        JsonBuilder         *builder)
{
  g_return_if_fail (diagnosis != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, diagnosis->code);
  json_builder_set_member_name (builder, "stage");
  json_builder_add_string_value (builder, diagnosis->stage);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, diagnosis->title);
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_string_value (builder, diagnosis->explanation);
  add_string_array (builder, "fixes", diagnosis->fixes);
  add_string_array (builder, "links", diagnosis->links);
  json_builder_set_member_name (builder, "server_text");
  if (diagnosis->server_text != NULL)
    json_builder_add_string_value (builder, diagnosis->server_text);
  else
    json_builder_add_null_value (builder);
  if (diagnosis->certificate != NULL)
    {
      json_builder_set_member_name (builder, "certificate");
      mail_certificate_info_to_json (diagnosis->certificate, builder);
    }
  json_builder_end_object (builder);
}

char *
mail_diagnosis_to_text (const MailDiagnosis *diagnosis)
{
  GString *out;

  g_return_val_if_fail (diagnosis != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n\n%s\n", diagnosis->title, diagnosis->explanation);

  if (diagnosis->fixes != NULL && diagnosis->fixes->len > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("What you can do:"));
      for (guint i = 0; i < diagnosis->fixes->len; i++)
        g_string_append_printf (out, "%u. %s\n", i + 1,
            (char *) g_ptr_array_index (diagnosis->fixes, i));
    }

  if (diagnosis->links != NULL && diagnosis->links->len > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("More information:"));
      for (guint i = 0; i < diagnosis->links->len; i++)
        g_string_append_printf (out, "  %s\n", (char *) g_ptr_array_index (diagnosis->links, i));
    }

  if (diagnosis->server_text != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (diagnosis->server_text, "\n", -1);

      g_string_append_printf (out, "\n%s\n", _("The server said:"));
      for (guint i = 0; lines[i] != NULL; i++)
        g_string_append_printf (out, "  %s\n", lines[i]);
    }

  return g_string_free (out, FALSE);
}
