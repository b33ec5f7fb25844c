/* mail-lab-idp.h: what the files of the lab identity provider share: its state, its grants and
 * how it answers (see mail-lab-idp.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#define LAB_CLIENT_ID       "lab-client"
#define LAB_DEFAULT_USER    "alice@example.test"
#define CODE_LIFETIME_USEC  (10 * G_USEC_PER_SEC * 60)
#define DEFAULT_LIFETIME    3600

typedef struct
{
  char   *user;
  char   *scope;
  char   *client_id;
  char   *redirect_uri;
  char   *challenge;
  char   *family;    /* one sign-in: its refresh and access tokens, for revoking them all */
  gint64  expires;   /* monotonic, codes; real time seconds, access tokens */
} Grant;

typedef struct
{
  char   *device_code;
  char   *user_code;
  char   *scope;
  char   *client_id;
  char   *user;      /* set on approval */
  int     state;     /* DEVICE_PENDING, DEVICE_APPROVED, DEVICE_DENIED */
  gint64  expires;   /* monotonic µs */
  gint64  interval;  /* seconds; slow_down adds 5 */
  gint64  last_poll; /* monotonic µs, 0 before the first */
} DeviceGrant;

enum { DEVICE_PENDING, DEVICE_APPROVED, DEVICE_DENIED };

typedef struct
{
  GHashTable *devices;        /* device code → DeviceGrant */
  char       *device_mode;    /* ok | slow_down (the next poll, once) | expired (every poll) */
  char       *single_tenant;  /* NULL, or the one tenant /TENANT/oauth2/v2.0/… accepts */
  GHashTable *delegates;      /* users granted access to the lab's shared mailbox */
  gint64      device_interval;
  gint64      device_lifetime;
  guint       device_polls;
  guint       device_too_early; /* polls sooner than the interval after the one before */
  GHashTable *codes;          /* code → Grant */
  GHashTable *used_codes;     /* code → NULL */
  GHashTable *refresh;        /* refresh token → Grant */
  GHashTable *access;         /* access token → Grant */
  GHashTable *used_refresh;   /* refresh token already used → family */
  gboolean    reuse_detection; /* a used refresh token revokes its family (Microsoft, Auth0) */
  char       *authorize_mode; /* ok | deny | admin_consent | redirect_mismatch | forge_state |
                               * tenant_redirect */
  char       *token_mode;     /* ok | 500 | html | malformed | invalid_grant | invalid_client_secret
                               | drip | hang */
  gint64      lifetime;
} Idp;

extern Idp idp;

/* mail-lab-idp-http.c: grants, forms and answers */
void        grant_free                   (gpointer           data);
char       *random_token                 (const char        *prefix);
GHashTable *request_form                 (SoupServerMessage *msg,
                                          GHashTable        *query);
void        respond                      (SoupServerMessage *msg,
                                          guint              status,
                                          const char        *content_type,
                                          const char        *body);
void        respond_html                 (SoupServerMessage *msg,
                                          guint              status,
                                          const char        *title,
                                          const char        *text);
void        respond_json                 (SoupServerMessage *msg,
                                          guint              status,
                                          JsonBuilder       *builder);
/* Microsoft's error JSON: error, error_description (with the AADSTS code), error_codes. */
void        respond_oauth_error          (SoupServerMessage *msg,
                                          guint              status,
                                          const char        *error,
                                          int                aadsts,
                                          const char        *description);
/* FALSE, with Microsoft's answer, unless msg is a POST. */
gboolean    require_post                 (SoupServerMessage *msg);
/* FALSE, with Microsoft's answer, unless client_id is the lab's app. */
gboolean    require_lab_client           (SoupServerMessage *msg,
                                          const char        *client_id);
char       *scope_without_offline_access (const char        *scope);

/* mail-lab-idp-token.c: /authorize, /token, /introspect */
void        issue_tokens                 (SoupServerMessage *msg,
                                          const Grant       *grant);
gboolean    authorize_redirect_refusal   (SoupServerMessage *msg,
                                          GHashTable        *query,
                                          const char        *description);
void        authorize_cb                 (SoupServer        *server,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query,
                                          gpointer           user_data);
void        token_cb                     (SoupServer        *server,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query,
                                          gpointer           user_data);
void        introspect_cb                (SoupServer        *server,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query,
                                          gpointer           user_data);
void        introspect_delegate_cb       (SoupServer        *server,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query,
                                          gpointer           user_data);

/* mail-lab-idp-device.c: device-code sign-in (RFC 8628) */
void        device_grant_free            (gpointer           data);
void        devicecode_cb                (SoupServer        *server,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query,
                                          gpointer           user_data);
void        device_cb                    (SoupServer        *server,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query,
                                          gpointer           user_data);
/* grant_type=urn:ietf:params:oauth:grant-type:device_code at /token */
void        device_token                 (SoupServerMessage *msg,
                                          GHashTable        *form);
