/* mail-server-alternatives.c: "these settings work", found on the same host
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-server-alternatives.h"

static const MailPortCandidate imap_ports[] = {
  { 993, MAIL_SECURITY_TLS },
  { 143, MAIL_SECURITY_STARTTLS },
};

static const MailPortCandidate smtp_ports[] = {
  { 465, MAIL_SECURITY_TLS },
  { 587, MAIL_SECURITY_STARTTLS },
  { 25, MAIL_SECURITY_STARTTLS },
};

const MailPortCandidate *
mail_standard_port_candidates (MailProtocol  protocol,
                               guint        *n_candidates)
{
  g_return_val_if_fail (n_candidates != NULL, NULL);

  if (protocol == MAIL_PROTOCOL_IMAP)
    {
      *n_candidates = G_N_ELEMENTS (imap_ports);
      return imap_ports;
    }
  *n_candidates = G_N_ELEMENTS (smtp_ports);
  return smtp_ports;
}

gboolean
mail_diagnosis_code_wants_alternatives (const char *code,
                                        const char *stage)
{
  static const char *const always[] = {
    "wrong-security-mode", "not-a-mail-server", "connect-refused", "connect-timeout",
    "starttls-unavailable", "starttls-required", "tls-protocol-mismatch", NULL,
  };

  g_return_val_if_fail (code != NULL, FALSE);

  if (g_strv_contains (always, code))
    return TRUE;
  /* Silence or a cut connection before the server said anything about the account. */
  if (g_str_equal (code, "server-timeout") || g_str_equal (code, "connection-closed"))
    return g_strcmp0 (stage, "tls") == 0 || g_strcmp0 (stage, "greeting") == 0;
  return FALSE;
}

static void
add_candidate (GPtrArray        *out,
               const MailServer *failed,
               guint16           port,
               MailSecurity      security)
{
  MailServer *server;

  if (security == MAIL_SECURITY_NONE || port == 0)
    return;
  if (port == failed->port && security == failed->security)
    return;
  for (guint i = 0; i < out->len; i++)
    {
      MailServer *known = g_ptr_array_index (out, i);

      if (known->port == port && known->security == security)
        return;
    }
  server = mail_server_new (failed->protocol, failed->host, port, security);
  server->username = g_strdup (failed->username);
  g_ptr_array_add (out, server);
}

GPtrArray *
mail_server_alternatives (const MailServer        *failed,
                          const MailPortCandidate *ports,
                          guint                    n_ports,
                          GPtrArray               *extra)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);

  g_return_val_if_fail (failed != NULL && failed->host != NULL, out);

  /* The same port in the other encrypted mode: what the second look usually found. */
  add_candidate (out, failed, failed->port, MAIL_SECURITY_TLS);
  add_candidate (out, failed, failed->port, MAIL_SECURITY_STARTTLS);
  for (guint i = 0; extra != NULL && i < extra->len; i++)
    {
      const MailServer *server = g_ptr_array_index (extra, i);

      if (server->protocol == failed->protocol
          && g_ascii_strcasecmp (server->host, failed->host) == 0)
        add_candidate (out, failed, server->port, server->security);
    }
  if (ports == NULL)
    ports = mail_standard_port_candidates (failed->protocol, &n_ports);
  for (guint i = 0; i < n_ports; i++)
    add_candidate (out, failed, ports[i].port, ports[i].security);
  return out;
}

/* ---------------------------------------------------------------------------------------- */

typedef enum
{
  CANDIDATE_PENDING,
  CANDIDATE_WORKS,
  CANDIDATE_FAILED,
} CandidateState;

typedef struct
{
  GPtrArray    *candidates;   /* MailServer * */
  GArray       *states;       /* CandidateState */
  GCancellable *cancellable;  /* ours: cancels the rest once decided */
  gulong        caller_handler;
  GCancellable *caller;
  guint         pending;
  gboolean      decided;
} Search;

static void
search_free (Search *search)
{
  if (search->caller != NULL && search->caller_handler != 0)
    g_cancellable_disconnect (search->caller, search->caller_handler);
  g_clear_object (&search->caller);
  g_clear_object (&search->cancellable);
  g_ptr_array_unref (search->candidates);
  g_array_unref (search->states);
  g_free (search);
}

/* The first candidate, in order, that works once all before it have failed. */
static void
search_decide (GTask *task)
{
  Search *search = g_task_get_task_data (task);

  if (search->decided)
    return;
  if (search->caller != NULL && g_cancellable_is_cancelled (search->caller))
    {
      search->decided = TRUE;
      g_cancellable_cancel (search->cancellable);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  for (guint i = 0; i < search->states->len; i++)
    {
      CandidateState state = g_array_index (search->states, CandidateState, i);

      if (state == CANDIDATE_PENDING)
        return;
      if (state == CANDIDATE_WORKS)
        {
          search->decided = TRUE;
          g_cancellable_cancel (search->cancellable);
          g_task_return_pointer (task,
                                 mail_server_copy (g_ptr_array_index (search->candidates, i)),
                                 (GDestroyNotify) mail_server_free);
          return;
        }
    }
  search->decided = TRUE;
  g_task_return_pointer (task, NULL, NULL);
}

typedef struct
{
  GTask *task;
  guint  index;
} Attempt;

static void
attempt_done (gboolean works,
              gpointer user_data)
{
  Attempt *attempt = user_data;
  g_autoptr(GTask) task = attempt->task;
  Search *search = g_task_get_task_data (task);

  g_array_index (search->states, CandidateState, attempt->index)
    = works ? CANDIDATE_WORKS : CANDIDATE_FAILED;
  g_free (attempt);
  search->pending--;
  search_decide (task);
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
mail_server_find_working_async (GPtrArray           *candidates,
                                MailServerTryFunc    try_candidate,
                                gpointer             try_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Search *search;

  g_return_if_fail (candidates != NULL);
  g_return_if_fail (try_candidate != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_server_find_working_async);
  g_task_set_check_cancellable (task, FALSE);
  search = g_new0 (Search, 1);
  search->candidates = g_ptr_array_ref (candidates);
  search->states = g_array_new (FALSE, TRUE, sizeof (CandidateState));
  g_array_set_size (search->states, candidates->len);
  search->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, search, (GDestroyNotify) search_free);
  if (cancellable != NULL)
    {
      search->caller = g_object_ref (cancellable);
      search->caller_handler = g_cancellable_connect (cancellable,
                                                      G_CALLBACK (caller_cancelled_cb),
                                                      g_object_ref (search->cancellable),
                                                      g_object_unref);
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      Attempt *attempt = g_new0 (Attempt, 1);

      attempt->task = g_object_ref (task);
      attempt->index = i;
      search->pending++;
      try_candidate (g_ptr_array_index (candidates, i), search->cancellable, attempt_done,
                     attempt, try_data);
    }
  search_decide (task);
}

MailServer *
mail_server_find_working_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
mail_server_to_cli_flags (const MailServer *server)
{
  const char *name = server->protocol == MAIL_PROTOCOL_IMAP ? "imap" : "smtp";
  g_autofree char *host = NULL;

  g_return_val_if_fail (server != NULL && server->host != NULL, NULL);

  if (strchr (server->host, ':') != NULL)
    host = g_strdup_printf ("[%s]", server->host);
  else
    host = g_strdup (server->host);
  return g_strdup_printf ("--%s %s:%u --%s-security %s", name, host, server->port, name,
                          mail_security_to_string (server->security));
}
