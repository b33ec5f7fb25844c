/* mail-account-check.c: the live check of one account, the one journey both front ends call
 *
 * credential (given, or the keyring's: mail-credential.c) → the IMAP and the SMTP probe at the
 * same time → the results (a shared mailbox's refusal said as such) → for a stored account
 * whose checks both passed, the verification recorded in the keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-account-check.h"
#include "mail-credential.h"
#include "mail-diagnosis-error.h"
#include "mail-probe.h"

#define DEFAULT_STEP_MS 10000

struct _MailAccountCheck
{
  GObject              parent_instance;

  MailAccountSettings *settings;
  MailAuthKind         kind;
  char                *secret;          /* wiped */
  MailAccountStore    *store;           /* credential from the keyring, or NULL */
  char                *signed_in_as;
  char                *username;
  GTlsDatabase        *tls_database;
  GHashTable          *fingerprints;    /* lower-case host → SHA-256 */
  char                *mailbox;
  guint                step_ms;
  guint                overall_ms;
  gint64               deadline;
  gboolean             wanted[2];       /* by MailProtocol */
  gboolean             alternatives_set;
  MailPortCandidate   *ports;
  guint                n_ports;
  GPtrArray           *extra;           /* MailServer *, owned */

  /* the run */
  GTask               *task;
  guint                pending;
  gboolean             from_store;
  MailCheckResult     *results[2];      /* by MailProtocol */
  GError              *record_error;
};

G_DEFINE_FINAL_TYPE (MailAccountCheck, mail_account_check, G_TYPE_OBJECT)

enum {
  STEP_STARTED,
  STEP_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mail_account_check_finalize (GObject *object)
{
  MailAccountCheck *self = MAIL_ACCOUNT_CHECK (object);

  g_clear_pointer (&self->settings, mail_account_settings_free);
  g_clear_pointer (&self->secret, mail_secret_free);
  g_clear_object (&self->store);
  g_free (self->signed_in_as);
  g_free (self->username);
  g_clear_object (&self->tls_database);
  g_clear_pointer (&self->fingerprints, g_hash_table_unref);
  g_free (self->mailbox);
  g_free (self->ports);
  g_clear_pointer (&self->extra, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->results); i++)
    g_clear_pointer (&self->results[i], mail_check_result_free);
  g_clear_error (&self->record_error);

  G_OBJECT_CLASS (mail_account_check_parent_class)->finalize (object);
}

static void
mail_account_check_class_init (MailAccountCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mail_account_check_finalize;

  /**
   * MailAccountCheck::step-started:
   * @protocol: "imap" or "smtp"
   * @name: the step (cli.md step names)
   */
  signals[STEP_STARTED] =
    g_signal_new ("step-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * MailAccountCheck::step-finished:
   * @protocol: "imap" or "smtp"
   * @step: the finished #MailCheckStep (ok, ms, detail)
   */
  signals[STEP_FINISHED] =
    g_signal_new ("step-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  MAIL_TYPE_CHECK_STEP | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
mail_account_check_init (MailAccountCheck *self)
{
  self->kind = MAIL_AUTH_NONE;
  self->fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->wanted[MAIL_PROTOCOL_IMAP] = self->wanted[MAIL_PROTOCOL_SMTP] = TRUE;
}

MailAccountCheck *
mail_account_check_new (const MailAccountSettings *settings)
{
  MailAccountCheck *self;

  g_return_val_if_fail (settings != NULL && settings->email != NULL, NULL);

  self = g_object_new (MAIL_TYPE_ACCOUNT_CHECK, NULL);
  self->settings = mail_account_settings_copy (settings);
  return self;
}

void
mail_account_check_set_secret (MailAccountCheck *self,
                               MailAuthKind      kind,
                               const char       *secret)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));

  g_clear_pointer (&self->secret, mail_secret_free);
  self->secret = g_strdup (secret);
  self->kind = kind;
  g_clear_object (&self->store);
}

void
mail_account_check_use_stored_credential (MailAccountCheck *self,
                                          MailAccountStore *store)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));
  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (store));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->secret, mail_secret_free);
}

void
mail_account_check_set_signed_in_as (MailAccountCheck *self,
                                     const char       *signed_in_as)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));

  g_free (self->signed_in_as);
  self->signed_in_as = g_strdup (signed_in_as);
}

void
mail_account_check_set_username (MailAccountCheck *self,
                                 const char       *username)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));

  g_free (self->username);
  self->username = g_strdup (username);
}

void
mail_account_check_set_tls_database (MailAccountCheck *self,
                                     GTlsDatabase     *database)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));

  g_set_object (&self->tls_database, database);
}

void
mail_account_check_set_trusted_fingerprint (MailAccountCheck *self,
                                            const char       *host,
                                            const char       *sha256)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));
  g_return_if_fail (host != NULL);

  if (sha256 == NULL)
    g_hash_table_remove (self->fingerprints, host);
  else
    g_hash_table_replace (self->fingerprints, g_ascii_strdown (host, -1), g_strdup (sha256));
}

void
mail_account_check_set_mailbox (MailAccountCheck *self,
                                const char       *mailbox)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));

  g_free (self->mailbox);
  self->mailbox = g_strdup (mailbox);
}

void
mail_account_check_set_timeouts (MailAccountCheck *self,
                                 guint             step_ms,
                                 guint             overall_ms)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));

  self->step_ms = step_ms;
  self->overall_ms = overall_ms;
}

void
mail_account_check_set_deadline (MailAccountCheck *self,
                                 gint64            deadline)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));

  self->deadline = deadline;
}

void
mail_account_check_set_protocols (MailAccountCheck *self,
                                  gboolean          imap,
                                  gboolean          smtp)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));

  self->wanted[MAIL_PROTOCOL_IMAP] = imap;
  self->wanted[MAIL_PROTOCOL_SMTP] = smtp;
}

void
mail_account_check_set_alternatives (MailAccountCheck        *self,
                                     const MailPortCandidate *ports,
                                     guint                    n_ports,
                                     GPtrArray               *extra)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));

  self->alternatives_set = TRUE;
  g_clear_pointer (&self->ports, g_free);
  self->n_ports = ports != NULL ? n_ports : 0;
  if (self->n_ports > 0)
    self->ports = g_memdup2 (ports, n_ports * sizeof (MailPortCandidate));
  g_clear_pointer (&self->extra, g_ptr_array_unref);
  if (extra != NULL)
    self->extra = g_ptr_array_copy (extra, (GCopyFunc) mail_server_copy, NULL);
  if (self->extra != NULL)
    g_ptr_array_set_free_func (self->extra, (GDestroyNotify) mail_server_free);
}

/* ------------------------------------------------------------------------------------------ */
/* The run */

static const char *
protocol_name (MailProtocol protocol)
{
  return protocol == MAIL_PROTOCOL_IMAP ? "imap" : "smtp";
}

static void
probe_step_started_cb (MailProbe  *probe,
                       const char *name,
                       gpointer    user_data)
{
  MailAccountCheck *self = user_data;
  MailProtocol protocol = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (probe), "protocol"));

  g_signal_emit (self, signals[STEP_STARTED], 0, protocol_name (protocol), name);
}

static void
probe_step_finished_cb (MailProbe     *probe,
                        MailCheckStep *step,
                        gpointer       user_data)
{
  MailAccountCheck *self = user_data;
  MailProtocol protocol = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (probe), "protocol"));

  g_signal_emit (self, signals[STEP_FINISHED], 0, protocol_name (protocol), step);
}

/* A shared mailbox whose delegate's sign-in the server takes but not into the mailbox: what is
 * missing is the delegation an administrator grants. */
static void
explain_shared_mailbox (MailAccountCheck *self,
                        MailCheckResult  *check)
{
  static const char *const codes[] = {
    "auth-invalid-credentials", "auth-oauth-token-rejected", "imap-disabled",
    "mailbox-unavailable", "smtp-send-as-denied", NULL
  };
  MailDiagnosisContext context = { 0 };
  MailDiagnosis *shared;

  if (self->signed_in_as == NULL || check->diagnosis == NULL ||
      !g_strv_contains (codes, check->diagnosis->code))
    return;

  context.protocol = protocol_name (check->protocol);
  context.stage = check->diagnosis->stage;
  context.provider_id = self->settings->provider_id;
  context.email = self->settings->email;
  context.host = check->host;
  context.port = check->port;
  context.auth = self->kind;
  shared = mail_diagnosis_new_for_code ("shared-mailbox-denied", &context);
  shared->server_text = g_steal_pointer (&check->diagnosis->server_text);
  mail_diagnosis_free (check->diagnosis);
  check->diagnosis = shared;
}

static void
mark_verified_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailAccountCheck *self = g_task_get_source_object (task);

  /* The check itself passed; failing to record it only affects export. */
  g_clear_error (&self->record_error);
  if (!mail_account_store_mark_verified_finish (MAIL_ACCOUNT_STORE (object), result,
                                                &self->record_error) &&
      g_error_matches (self->record_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&self->record_error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
checks_done (MailAccountCheck *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  MailCheckResult *imap = self->results[MAIL_PROTOCOL_IMAP];
  MailCheckResult *smtp = self->results[MAIL_PROTOCOL_SMTP];
  g_autoptr(MailAccountSettings) verified = NULL;

  /* Export only writes settings that were verified: a stored account checked with its own
   * credential, both protocols passing. */
  if (!self->from_store || imap == NULL || smtp == NULL || !imap->ok || !smtp->ok)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  verified = mail_account_settings_copy (self->settings);
  g_clear_pointer (&verified->verified_at, g_date_time_unref);
  verified->verified_at = g_date_time_new_now_utc ();
  mail_account_store_mark_verified_async (self->store, verified, g_task_get_cancellable (task),
                                          mark_verified_cb, g_object_ref (task));
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MailAccountCheck) self = user_data;
  g_autoptr(GError) error = NULL;
  MailCheckResult *check;

  g_signal_handlers_disconnect_by_data (object, self);
  check = mail_probe_run_finish (MAIL_PROBE (object), result, &error);
  if (check != NULL)
    {
      explain_shared_mailbox (self, check);
      g_clear_pointer (&self->results[check->protocol], mail_check_result_free);
      self->results[check->protocol] = check;
    }

  if (--self->pending > 0)
    return;

  if (g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      return;
    }
  checks_done (self);
}

/* The provider's own server (when the settings were changed) and discovery's other
 * candidates. */
static GPtrArray *
default_extra (MailAccountCheck *self,
               MailProtocol      protocol)
{
  g_autoptr(MailAccountSettings) known = NULL;
  GPtrArray *extra = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);
  const MailServer *own = NULL;

  if (self->settings->provider != NULL)
    known = mail_account_settings_new_from_provider (self->settings->provider,
                                                     self->settings->email);
  if (known != NULL)
    own = protocol == MAIL_PROTOCOL_IMAP ? known->imap : known->smtp;
  if (own != NULL)
    g_ptr_array_add (extra, mail_server_copy (own));
  for (guint i = 0; self->settings->other_servers != NULL
                    && i < self->settings->other_servers->len; i++)
    g_ptr_array_add (extra, mail_server_copy (g_ptr_array_index (self->settings->other_servers,
                                                                 i)));
  return extra;
}

static void
start_probe (MailAccountCheck *self,
             const MailServer *server,
             guint             step_ms,
             guint             overall_ms)
{
  g_autoptr(MailServer) copy = mail_server_copy (server);
  g_autoptr(MailProbe) probe = NULL;
  g_autofree char *host = g_ascii_strdown (server->host, -1);
  const char *fingerprint = g_hash_table_lookup (self->fingerprints, host);
  const MailProvider *provider = self->settings->provider;

  if (self->username != NULL)
    {
      g_free (copy->username);
      copy->username = g_strdup (self->username);
    }
  else if (copy->username == NULL)
    copy->username = g_strdup (self->settings->email);

  probe = mail_probe_new (copy, self->settings->email);
  g_object_set_data (G_OBJECT (probe), "protocol", GINT_TO_POINTER (server->protocol));
  if (self->secret != NULL)
    mail_probe_set_credential (probe, self->kind, self->secret);
  if (self->settings->provider_id != NULL)
    mail_probe_set_provider_id (probe, self->settings->provider_id);
  if (provider != NULL && provider->mechanisms != NULL)
    mail_probe_set_mechanisms (probe, (const char *const *) provider->mechanisms);
  if (self->mailbox != NULL)
    mail_probe_set_mailbox (probe, self->mailbox);
  if (self->tls_database != NULL)
    mail_probe_set_tls_database (probe, self->tls_database);
  if (fingerprint != NULL)
    mail_probe_set_trusted_fingerprint (probe, fingerprint);
  mail_probe_set_timeouts (probe, step_ms, overall_ms);
  if (self->alternatives_set)
    mail_probe_set_alternatives (probe, self->ports, self->n_ports, self->extra);
  else
    {
      g_autoptr(GPtrArray) extra = default_extra (self, server->protocol);

      if (extra->len > 0)
        mail_probe_set_alternatives (probe, NULL, 0, extra);
    }

  g_signal_connect (probe, "step-started", G_CALLBACK (probe_step_started_cb), self);
  g_signal_connect (probe, "step-finished", G_CALLBACK (probe_step_finished_cb), self);
  self->pending++;
  mail_probe_run_async (probe, g_task_get_cancellable (self->task), probe_done_cb,
                        g_object_ref (self));
}

/* Both probes at once. */
static void
start_checks (MailAccountCheck *self)
{
  guint step_ms = self->step_ms;
  guint overall_ms = self->overall_ms;

  /* What the credential's renewal left of the deadline is the checks' budget. */
  if (self->deadline > 0)
    {
      overall_ms = MAX ((self->deadline - g_get_monotonic_time ()) / 1000, 1000);
      step_ms = MIN (overall_ms, step_ms > 0 ? step_ms : DEFAULT_STEP_MS);
    }

  for (MailProtocol protocol = MAIL_PROTOCOL_IMAP; protocol <= MAIL_PROTOCOL_SMTP; protocol++)
    {
      const MailServer *server = protocol == MAIL_PROTOCOL_IMAP ? self->settings->imap
                                                                : self->settings->smtp;

      if (self->wanted[protocol] && server != NULL)
        start_probe (self, server, step_ms, overall_ms);
    }

  /* Nothing to check. */
  if (self->pending == 0)
    checks_done (self);
}

static void
credential_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MailAccountCheck) self = user_data;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  MailAuthKind kind = MAIL_AUTH_NONE;
  char *secret;

  secret = mail_credential_get_finish (result, &kind, &account, &error);
  if (secret == NULL)
    {
      GTask *task = g_steal_pointer (&self->task);

      /* Every failure a person must understand carries a diagnosis. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          mail_diagnosis_from_error (error) == NULL)
        {
          MailDiagnosisContext context = { .protocol = "keyring", .stage = "keyring",
                                           .email = self->settings->email, .error = error };

          g_task_return_error (task, mail_diagnosis_error_new (mail_diagnose (&context), error));
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_clear_pointer (&self->secret, mail_secret_free);
  self->secret = secret;
  self->kind = kind == MAIL_AUTH_APP_PASSWORD ? MAIL_AUTH_PASSWORD : kind;
  self->from_store = TRUE;
  if (self->signed_in_as == NULL && account != NULL)
    self->signed_in_as = g_strdup (account->signed_in_as);
  start_checks (self);
}

void
mail_account_check_run_async (MailAccountCheck    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_CHECK (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, mail_account_check_run_async);
  self->from_store = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (self->results); i++)
    g_clear_pointer (&self->results[i], mail_check_result_free);
  g_clear_error (&self->record_error);

  if (self->store != NULL)
    {
      gint64 deadline = self->deadline;

      if (deadline == 0 && self->overall_ms > 0)
        deadline = g_get_monotonic_time () + self->overall_ms * (gint64) 1000;
      mail_credential_get_async (self->store, self->settings->email, deadline, cancellable,
                                 credential_cb, g_object_ref (self));
      return;
    }

  start_checks (self);
}

gboolean
mail_account_check_run_finish (MailAccountCheck  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const MailCheckResult *
mail_account_check_get_result (MailAccountCheck *self,
                               const char       *protocol)
{
  MailProtocol value;

  g_return_val_if_fail (MAIL_IS_ACCOUNT_CHECK (self), NULL);

  if (protocol == NULL || !mail_protocol_from_string (protocol, &value) ||
      value > MAIL_PROTOCOL_SMTP)
    return NULL;
  return self->results[value];
}

gboolean
mail_account_check_get_ok (MailAccountCheck *self)
{
  gboolean any = FALSE;

  g_return_val_if_fail (MAIL_IS_ACCOUNT_CHECK (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (self->results); i++)
    {
      if (self->results[i] != NULL && !self->results[i]->ok)
        return FALSE;
      any |= self->results[i] != NULL;
    }
  return any;
}

MailAuthKind
mail_account_check_get_auth_kind (MailAccountCheck *self)
{
  g_return_val_if_fail (MAIL_IS_ACCOUNT_CHECK (self), MAIL_AUTH_NONE);

  return self->kind;
}

const GError *
mail_account_check_get_record_error (MailAccountCheck *self)
{
  g_return_val_if_fail (MAIL_IS_ACCOUNT_CHECK (self), NULL);

  return self->record_error;
}
