/* discovery-test-fixture.h: what the discovery tests share
 *
 * DNS answers come from a MailTableResolver set as the default resolver; autoconfig and ISPDB
 * documents from a SoupServer in a thread; guessed servers are loopback listeners.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "discovery-test-server.h"
#include "mail-autoconfig.h"
#include "mail-discovery.h"
#include "mail-server-alternatives.h"
#include "mail-table-resolver.h"

G_BEGIN_DECLS

typedef struct
{
  MailProviderRegistry *registry;
  MailTableResolver    *resolver;
  GResolver            *old_resolver;
  DiscoveryTestServer  *server;
  MailDiscovery        *discovery;
  GSocketService       *service;
  GTlsCertificate      *certificate;   /* for the TLS listener */
  char                 *greeting;
  GPtrArray            *connections;   /* the listeners' open connections */
  double                elapsed_ms;
} Fixture;

typedef struct
{
  gboolean             done;
  MailAccountSettings *settings;
  GError              *error;
} Result;

/* A discovery at the local server, no guessing (ports 0) unless a test listens. */
void                 fixture_set_up     (Fixture        *f,
                                         gconstpointer   data);
void                 fixture_tear_down  (Fixture        *f,
                                         gconstpointer   data);
/* For mail_discovery_run_async(): fills the Result in user_data. */
void                 run_cb             (GObject        *object,
                                         GAsyncResult   *result,
                                         gpointer        user_data);
/* Runs discovery to its end (the lookups go to the test log); sets f->elapsed_ms. */
MailAccountSettings *discover           (Fixture        *f,
                                         const char     *email,
                                         GError        **error);
gboolean             notes_contain      (const MailAccountSettings *settings,
                                         const char     *needle);
/* An autoconfig document for domain: IMAP on 993 (TLS), SMTP on 587 (STARTTLS), <enable>. */
char                *make_config        (const char     *domain,
                                         const char     *imap_host,
                                         const char     *smtp_host);
/* Serves body at path of the local server after delay_ms. */
void                 serve              (Fixture        *f,
                                         const char     *path,
                                         const char     *body,
                                         guint           delay_ms);

/* Listeners (user_data: the Fixture) that send f->greeting, plain or after TLS with
 * f->certificate, and keep the connection open until the test ends. */
gboolean             incoming_plain_cb  (GSocketService    *service,
                                         GSocketConnection *connection,
                                         GObject           *source,
                                         gpointer           user_data);
gboolean             incoming_tls_cb    (GSocketService    *service,
                                         GSocketConnection *connection,
                                         GObject           *source,
                                         gpointer           user_data);
/* Adds a loopback address on a free port to service; returns the port. */
guint16              listen_loopback    (GSocketService *service);
/* A self-signed certificate and key for name in dir ("both.pem"), or NULL without openssl. */
char                *make_certificate   (const char     *dir,
                                         const char     *name);

/* g_test_init() with the environment every discovery test needs (an empty config dir of its
 * own, no system proxy); returns that dir for discovery_test_run(). */
char                *discovery_test_init (int          *argc,
                                          char       ***argv);
/* g_test_run(), then removes config_home (taken). */
int                  discovery_test_run  (char         *config_home);

#define DISCOVERY_TEST_ADD(path, func) \
  g_test_add ("/discovery/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define DISCOVERY_TEST_ADD_DATA(path, data, func) \
  g_test_add ("/discovery/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

G_END_DECLS
