/* mail-lab-idp-http.c: the lab identity provider's grants, forms and answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "mail-lab-idp.h"

void
grant_free (gpointer data)
{
  Grant *grant = data;

  g_free (grant->user);
  g_free (grant->scope);
  g_free (grant->client_id);
  g_free (grant->redirect_uri);
  g_free (grant->challenge);
  g_free (grant->family);
  g_free (grant);
}

char *
random_token (const char *prefix)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autofree char *b = g_uuid_string_random ();

  return g_strconcat (prefix, a, b, NULL);
}

GHashTable *
request_form (SoupServerMessage *msg,
              GHashTable        *query)
{
  SoupMessageBody *body;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    return query ? g_hash_table_ref (query) : g_hash_table_new (g_str_hash, g_str_equal);

  body = soup_server_message_get_request_body (msg);
  bytes = soup_message_body_flatten (body);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_form_decode (text);
}

void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
}

void
respond_html (SoupServerMessage *msg,
              guint              status,
              const char        *title,
              const char        *text)
{
  g_autofree char *t = g_markup_escape_text (title, -1);
  g_autofree char *x = g_markup_escape_text (text, -1);
  g_autofree char *page = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                                           "<title>%s</title></head>\n<body><h1>%s</h1>\n"
                                           "<p id=\"message\">%s</p>\n</body></html>\n",
                                           t, t, x);

  respond (msg, status, "text/html; charset=utf-8", page);
}

void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  respond (msg, status, "application/json; charset=utf-8", text);
}

void
respond_oauth_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *error,
                     int                aadsts,
                     const char        *description)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *full = g_strdup_printf ("AADSTS%d: %s", aadsts, description);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%SZ");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_set_member_name (b, "error_description");
  json_builder_add_string_value (b, full);
  json_builder_set_member_name (b, "error_codes");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, aadsts);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "timestamp");
  json_builder_add_string_value (b, stamp);
  json_builder_end_object (b);
  respond_json (msg, status, b);
}

gboolean
require_post (SoupServerMessage *msg)
{
  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) == 0)
    return TRUE;
  respond_oauth_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request", 900561,
                       "The endpoint only accepts POST requests.");
  return FALSE;
}

gboolean
require_lab_client (SoupServerMessage *msg,
                    const char        *client_id)
{
  if (g_strcmp0 (client_id, LAB_CLIENT_ID) == 0)
    return TRUE;
  respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unauthorized_client", 700016,
                       "Application was not found in the directory 'Lab'.");
  return FALSE;
}

char *
scope_without_offline_access (const char *scope)
{
  g_auto(GStrv) words = g_strsplit (scope ? scope : "", " ", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0' || g_str_equal (words[i], "offline_access"))
        continue;
      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
