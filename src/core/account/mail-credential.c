/* mail-credential.c: the credential to sign in with right now, from the keyring
 *
 * Load the stored account (mail-account-store.c), refresh its OAuth2 access token when due
 * (the refresh policy: the margin before expiry, one refresh at a time per account between
 * processes, the rotated refresh token saved, a lost race recognised), save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mail-credential.h"
#include "mail-diagnosis-error.h"
#include "mail-oauth-client-id.h"
#include "mail-oauth-token-client.h"
#include "mail-types.h"

/* Refresh an access token this long before it expires, so it is still valid when used. */
#define REFRESH_MARGIN_S 60
/* Without a command deadline: how long to wait for another process's refresh. */
#define LOCK_WAIT_S 60
#define LOCK_POLL_MS 50

/* One credential being obtained: the task data. */
typedef struct
{
  MailAccountStore  *store;
  char              *email;
  gint64             deadline;
  MailStoredAccount *account;
  MailAuthKind       kind;
  /* the refresh lock of this account, held across load → refresh → save */
  int                lock_fd;
  gint64             lock_deadline;
  gboolean           locked_reload;  /* the account was read again under the lock */
  char              *used_refresh;   /* the refresh token sent, to spot a lost race */
} Op;

static void
op_free (Op *op)
{
  g_clear_object (&op->store);
  g_free (op->email);
  g_clear_pointer (&op->account, mail_stored_account_free);
  if (op->lock_fd >= 0)
    close (op->lock_fd);
  mail_secret_free (op->used_refresh);
  g_free (op);
}

static char *
refresh_lock_path (const char  *email,
                   GError     **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "mail-setup", NULL);
  g_autofree char *folded = g_utf8_casefold (email, -1);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, folded, -1);
  GStatBuf st;

  if (g_mkdir (dir, 0700) != 0 && errno != EEXIST)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return NULL;
    }

  /* Another user's directory, or one others can write to, is not ours to lock in. */
  if (g_lstat (dir, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid () ||
      (st.st_mode & 0077) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s is not a private directory of this user", dir);
      return NULL;
    }

  return g_strdup_printf ("%s/refresh-%s.lock", dir, hash);
}

static void
credential_return_token (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (op->lock_fd >= 0)
    {
      close (op->lock_fd);
      op->lock_fd = -1;
    }
  g_task_return_pointer (task, g_strdup (op->account->access_token),
                         (GDestroyNotify) mail_secret_free);
}

static void
credential_return_error (GTask         *task,
                         MailDiagnosis *diagnosis,  /* taken */
                         GError        *error)      /* taken */
{
  Op *op = g_task_get_task_data (task);

  if (op->lock_fd >= 0)
    {
      close (op->lock_fd);
      op->lock_fd = -1;
    }
  if (diagnosis != NULL)
    {
      g_task_return_error (task, mail_diagnosis_error_new (diagnosis, error));
      g_error_free (error);
    }
  else
    g_task_return_error (task, error);
}

static gboolean
access_token_is_fresh (const MailStoredAccount *account)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* A token is used for its whole life, and refreshed shortly before it ends. */
  return account->access_token != NULL &&
         (account->expires_at == 0 || account->expires_at - now > REFRESH_MARGIN_S);
}

static void
credential_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* Without the rotated refresh token saved, the next refresh may fail: say so now. */
  if (!mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &error))
    {
      credential_return_error (task, NULL, error);
      return;
    }

  credential_return_token (task);
}

typedef struct
{
  GTask         *task;
  MailDiagnosis *diagnosis;
  GError        *error;
} RefreshFailure;

/* After a refused refresh: if the keyring meanwhile holds another refresh token and a valid
 * access token, someone else (an older version without the lock, the wizard) won a race, and
 * the sign-in did not expire at all. */
static void
credential_recheck_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  RefreshFailure *failure = user_data;
  g_autoptr(GTask) task = failure->task;
  Op *op = g_task_get_task_data (task);
  g_autoptr(MailStoredAccount) again = NULL;

  again = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, NULL);
  if (again != NULL && again->refresh_token != NULL &&
      g_strcmp0 (again->refresh_token, op->used_refresh) != 0 && access_token_is_fresh (again))
    {
      g_clear_pointer (&op->account, mail_stored_account_free);
      op->account = g_steal_pointer (&again);
      g_clear_pointer (&failure->diagnosis, mail_diagnosis_free);
      g_clear_error (&failure->error);
      credential_return_token (task);
    }
  else
    credential_return_error (task, failure->diagnosis, failure->error);

  g_free (failure);
}

static void
credential_refreshed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(MailOAuthTokens) tokens = NULL;
  MailDiagnosis *diagnosis = NULL;
  GError *error = NULL;

  tokens = mail_oauth_token_client_request_finish (MAIL_OAUTH_TOKEN_CLIENT (object), result,
                                                   &diagnosis, &error);
  if (tokens == NULL)
    {
      /* The old item stays as it is: signing in again replaces it. */
      if (error->domain == MAIL_ERROR && error->code == MAIL_ERROR_SERVER_REFUSED)
        {
          RefreshFailure *failure = g_new0 (RefreshFailure, 1);

          failure->task = g_steal_pointer (&task);
          failure->diagnosis = diagnosis;
          failure->error = error;
          mail_account_store_load_async (op->store, op->email,
                                         g_task_get_cancellable (failure->task),
                                         credential_recheck_cb, failure);
          return;
        }
      credential_return_error (task, diagnosis, error);
      return;
    }

  g_clear_pointer (&op->account->access_token, mail_secret_free);
  op->account->access_token = g_steal_pointer (&tokens->access_token);
  op->account->expires_at = tokens->expires_at;
  op->account->refreshed_at = g_get_real_time () / G_USEC_PER_SEC;
  if (tokens->refresh_token != NULL)
    {
      /* Rotation: the new refresh token replaces the old one. */
      g_clear_pointer (&op->account->refresh_token, mail_secret_free);
      op->account->refresh_token = g_steal_pointer (&tokens->refresh_token);
    }

  mail_account_store_save_async (op->store, op->account, g_task_get_cancellable (task),
                                 credential_saved_cb, g_object_ref (task));
}

/* The diagnosis of a refresh that failed with code (error may be NULL). */
static MailDiagnosis *
refresh_diagnosis (Op           *op,
                   const char   *code,
                   const GError *error)
{
  const MailAccountSettings *settings = op->account->settings;
  MailDiagnosisContext context = {
    .protocol = "oauth",
    .stage = "refresh",
    .provider_id = settings->provider_id,
    .email = settings->email,
    .auth = MAIL_AUTH_OAUTH2,
    .error = error,
  };

  return mail_diagnosis_new_for_code (code, &context);
}

static void
credential_fail_code (GTask      *task,
                      const char *code,
                      const char *message)
{
  Op *op = g_task_get_task_data (task);

  credential_return_error (task, refresh_diagnosis (op, code, NULL),
                           g_error_new (MAIL_ERROR, MAIL_ERROR_FAILED, "%s", message));
}

static void
credential_refresh (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  MailStoredAccount *account = op->account;
  g_autoptr(MailOAuthTokenClient) client = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret = NULL;
  const char *token_url;
  MailProvider *provider;

  if (account->refresh_token == NULL)
    {
      credential_fail_code (task, "oauth-refresh-expired",
                            _("The saved sign-in has expired and cannot be renewed."));
      return;
    }

  provider = account->settings->provider;
  token_url = account->token_url != NULL ? account->token_url
                                         : provider != NULL ? provider->token_url : NULL;
  if (account->client_id != NULL)
    {
      client_id = g_strdup (account->client_id);
      client_secret = g_strdup (account->client_secret);
    }
  else if (provider != NULL)
    mail_oauth_client_id_resolve (provider, &client_id, &client_secret, NULL);

  if (token_url == NULL || client_id == NULL)
    {
      credential_fail_code (task, client_id == NULL ? "oauth-client-id-missing"
                                                    : "oauth-refresh-expired",
                            _("Mail Setup does not know how to renew this sign-in."));
      return;
    }

  g_clear_pointer (&op->used_refresh, mail_secret_free);
  op->used_refresh = g_strdup (account->refresh_token);
  client = mail_oauth_token_client_new (token_url, client_id, client_secret,
                                        account->settings->provider_id, op->email);
  mail_oauth_token_client_set_deadline (client, op->deadline);
  mail_oauth_token_client_refresh_async (client, account->refresh_token, account->scopes,
                                         g_task_get_cancellable (task), credential_refreshed_cb,
                                         g_object_ref (task));
}

static void credential_loaded_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data);

static gboolean
lock_poll_cb (gpointer user_data)
{
  GTask *task = user_data;
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (flock (op->lock_fd, LOCK_EX | LOCK_NB) == 0)
    {
      /* Ours now: read the account again, another process may have renewed it. */
      op->locked_reload = TRUE;
      mail_account_store_load_async (op->store, op->email, cancellable, credential_loaded_cb,
                                     g_object_ref (task));
      return G_SOURCE_REMOVE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      credential_return_error (task, NULL, error);
      return G_SOURCE_REMOVE;
    }

  if (g_get_monotonic_time () >= op->lock_deadline)
    {
      error = g_error_new (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                           _("Another Mail Setup command is renewing the sign-in of %s and did "
                             "not finish in time."), op->email);
      credential_return_error (task, refresh_diagnosis (op, "oauth-endpoint-timeout", error),
                               error);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Takes the account's refresh lock (waiting for another process that holds it), then reads
 * the account again. Without a place for lock files the refresh goes on unserialised. */
static void
credential_lock (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GSource *source;

  path = refresh_lock_path (op->email, &error);
  if (path != NULL)
    op->lock_fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
  if (op->lock_fd < 0)
    {
      g_debug ("Refreshing without a lock: %s", error != NULL ? error->message
                                                              : g_strerror (errno));
      credential_refresh (task);
      return;
    }

  op->lock_deadline = op->deadline > 0
                        ? op->deadline
                        : g_get_monotonic_time () + LOCK_WAIT_S * G_USEC_PER_SEC;
  if (!lock_poll_cb (task))
    return;

  source = g_timeout_source_new (LOCK_POLL_MS);
  g_source_set_callback (source, lock_poll_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[mail] refresh lock");
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static void
credential_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  MailStoredAccount *account;
  GError *error = NULL;

  account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, &error);
  if (account == NULL)
    {
      credential_return_error (task, NULL, error);
      return;
    }

  g_clear_pointer (&op->account, mail_stored_account_free);
  op->account = account;
  op->kind = account->settings->auth;

  if (account->settings->auth != MAIL_AUTH_OAUTH2)
    {
      if (account->password == NULL)
        {
          credential_return_error (task, NULL,
                                   g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                                                _("No password is saved for %s."), op->email));
          return;
        }
      g_task_return_pointer (task, g_strdup (account->password),
                             (GDestroyNotify) mail_secret_free);
      return;
    }

  if (access_token_is_fresh (account))
    {
      credential_return_token (task);
      return;
    }

  if (op->locked_reload)
    credential_refresh (task);
  else
    credential_lock (task);
}

void
mail_credential_get_async (MailAccountStore    *store,
                           const char          *email,
                           gint64               deadline,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (store));
  g_return_if_fail (email != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_credential_get_async);
  op = g_new0 (Op, 1);
  op->store = g_object_ref (store);
  op->email = g_strdup (email);
  op->deadline = deadline;
  op->lock_fd = -1;
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  mail_account_store_load_async (store, email, cancellable, credential_loaded_cb, task);
}

char *
mail_credential_get_finish (GAsyncResult       *result,
                            MailAuthKind       *kind,
                            MailStoredAccount **account,
                            GError            **error)
{
  Op *op;
  char *secret;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mail_credential_get_async,
                        NULL);

  op = g_task_get_task_data (G_TASK (result));
  if (kind != NULL)
    *kind = op->kind;
  secret = g_task_propagate_pointer (G_TASK (result), error);
  if (account != NULL)
    *account = secret != NULL && op->account != NULL ? mail_stored_account_copy (op->account)
                                                     : NULL;
  return secret;
}
