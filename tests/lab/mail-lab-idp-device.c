/* mail-lab-idp-device.c: the lab identity provider's device-code sign-in (RFC 8628): /devicecode,
 * the person's /device page, and the device_code grant at /token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "mail-lab-idp.h"

void
device_grant_free (gpointer data)
{
  DeviceGrant *grant = data;

  g_free (grant->device_code);
  g_free (grant->user_code);
  g_free (grant->scope);
  g_free (grant->client_id);
  g_free (grant->user);
  g_free (grant);
}

/* "BCDF-GHJK": letters people do not confuse, as Microsoft's codes. */
static char *
random_user_code (void)
{
  static const char letters[] = "BCDFGHJKLMNPQRSTVWXZ";
  char code[10];

  for (guint i = 0; i < 9; i++)
    code[i] = i == 4 ? '-' : letters[g_random_int_range (0, sizeof letters - 1)];
  code[9] = '\0';
  return g_strdup (code);
}

void
devicecode_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *verification = NULL;
  g_autofree char *complete = NULL;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *client_id;
  const char *scope;
  DeviceGrant *grant;

  if (!require_post (msg))
    return;
  form = request_form (msg, query);
  client_id = g_hash_table_lookup (form, "client_id");
  scope = g_hash_table_lookup (form, "scope");
  if (!require_lab_client (msg, client_id))
    return;
  if (scope == NULL || *scope == '\0')
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", 900144,
                           "The request body must contain the following parameter: 'scope'.");
      return;
    }

  grant = g_new0 (DeviceGrant, 1);
  grant->device_code = random_token ("lab-dc-");
  grant->user_code = random_user_code ();
  grant->scope = scope_without_offline_access (scope);
  grant->client_id = g_strdup (client_id);
  grant->state = DEVICE_PENDING;
  grant->expires = g_get_monotonic_time () + idp.device_lifetime * G_USEC_PER_SEC;
  grant->interval = idp.device_interval;
  g_hash_table_replace (idp.devices, g_strdup (grant->device_code), grant);

  verification = g_strdup_printf ("http://127.0.0.1:%d/device", g_uri_get_port (uri));
  complete = g_strdup_printf ("%s?user_code=%s", verification, grant->user_code);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "device_code");
  json_builder_add_string_value (b, grant->device_code);
  json_builder_set_member_name (b, "user_code");
  json_builder_add_string_value (b, grant->user_code);
  json_builder_set_member_name (b, "verification_uri");
  json_builder_add_string_value (b, verification);
  json_builder_set_member_name (b, "verification_uri_complete");
  json_builder_add_string_value (b, complete);
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, idp.device_lifetime);
  json_builder_set_member_name (b, "interval");
  json_builder_add_int_value (b, idp.device_interval);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, "To sign in, open the lab device page and enter the code.");
  json_builder_end_object (b);
  respond_json (msg, SOUP_STATUS_OK, b);
}

static gboolean
user_code_matches (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  DeviceGrant *grant = value;

  return g_ascii_strcasecmp (grant->user_code, user_data) == 0;
}

/* The person on the other device: /device shows a form; /device/approve?user_code=X
 * [&user=EMAIL] [&deny=1] enters the code and says yes (as EMAIL, default alice) or no. */
void
device_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  g_autoptr(GHashTable) form = request_form (msg, query);
  const char *user_code = g_hash_table_lookup (form, "user_code");
  const char *user = g_hash_table_lookup (form, "user");
  DeviceGrant *grant;

  if (!g_str_equal (path, "/device/approve"))
    {
      respond (msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
               "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Enter code</title>"
               "</head>\n<body><h1>Enter code</h1>\n"
               "<form method=\"get\" action=\"/device/approve\"><input name=\"user_code\">"
               "<button id=\"approve\" type=\"submit\">Next</button></form>\n</body></html>\n");
      return;
    }

  grant = user_code != NULL ? g_hash_table_find (idp.devices, user_code_matches,
                                                 (gpointer) user_code) : NULL;
  if (grant == NULL || grant->state != DEVICE_PENDING ||
      grant->expires < g_get_monotonic_time ())
    {
      respond_html (msg, SOUP_STATUS_NOT_FOUND, "Enter code",
                    "AADSTS70020: The code you entered has expired or is not valid.");
      return;
    }

  if (g_hash_table_lookup (form, "deny") != NULL)
    {
      grant->state = DEVICE_DENIED;
      respond_html (msg, SOUP_STATUS_OK, "Sign-in cancelled", "You declined to sign in.");
      return;
    }
  grant->state = DEVICE_APPROVED;
  g_free (grant->user);
  grant->user = g_strdup (user != NULL ? user : LAB_DEFAULT_USER);
  respond_html (msg, SOUP_STATUS_OK, "You are signed in",
                "You have signed in to the Mail Setup application on your device. You may now "
                "close this window.");
}

void
device_token (SoupServerMessage *msg,
              GHashTable        *form)
{
  const char *device_code = g_hash_table_lookup (form, "device_code");
  DeviceGrant *grant = device_code != NULL ? g_hash_table_lookup (idp.devices, device_code)
                                           : NULL;
  gint64 now = g_get_monotonic_time ();

  if (grant == NULL)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", 70000,
                           "The provided value for the input parameter 'device_code' is not "
                           "valid.");
      return;
    }

  idp.device_polls++;
  /* A client that asks again before the interval is over (200 ms of slack for timers). */
  if (grant->last_poll > 0 &&
      now - grant->last_poll < grant->interval * G_USEC_PER_SEC - G_USEC_PER_SEC / 5)
    idp.device_too_early++;
  grant->last_poll = now;

  if (g_str_equal (idp.device_mode, "expired") || grant->expires < now)
    {
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "expired_token", 70019,
                           "Verification code expired.");
      return;
    }
  if (g_str_equal (idp.device_mode, "slow_down"))
    {
      g_free (idp.device_mode);
      idp.device_mode = g_strdup ("ok");
      grant->interval += 5;
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "slow_down", 70016,
                           "The client is polling too often.");
      return;
    }

  switch (grant->state)
    {
    case DEVICE_PENDING:
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "authorization_pending", 70016,
                           "OAuth 2.0 device flow error. Authorization is pending. Continue "
                           "polling.");
      return;
    case DEVICE_DENIED:
      respond_oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "access_denied", 70000,
                           "The user declined to sign in.");
      g_hash_table_remove (idp.devices, device_code);
      return;
    default:
      {
        Grant token_grant = { .user = grant->user, .scope = grant->scope,
                              .client_id = grant->client_id };

        issue_tokens (msg, &token_grant);
        g_hash_table_remove (idp.devices, device_code);
      }
    }
}
