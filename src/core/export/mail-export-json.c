/* mail-export-json.c: json, mail_account_settings_to_json ()
 * The model itself; it holds verified_at and never a
 * secret. JSON has no comments, so the "what was verified" is the verified_at member.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-export-private.h"

char *
mail_export_write_json (const Export  *export,
                        GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  mail_account_settings_to_json (export->settings, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}
