/* mail-discovery-guess.c: the discovery source that guesses imap./mail./smtp.<domain>
 *
 * Each candidate is checked with the same MailProbe as the connection test, in its greeting-only
 * mode: nothing is signed in or sent. An implicit-TLS candidate must complete TLS with a
 * certificate valid for the guessed name; a STARTTLS candidate is taken when it greets as a mail
 * server before STARTTLS (the check verifies its certificate before any secret is sent).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-discovery-source.h"
#include "mail-probe.h"

/* One guessed server's connect and greeting (the run's deadline bounds them as well). */
#define PROBE_STEP_MS 5000

typedef struct
{
  const char   *prefix;     /* "imap", "mail", "smtp" */
  MailProtocol  protocol;
  MailSecurity  security;
} GuessCandidate;

/* In order of preference: implicit TLS first (RFC 8314), then the protocol's own name. */
static const GuessCandidate guess_candidates[] = {
  { "imap", MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS },
  { "mail", MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS },
  { "imap", MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS },
  { "mail", MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS },
  { "smtp", MAIL_PROTOCOL_SMTP, MAIL_SECURITY_TLS },
  { "mail", MAIL_PROTOCOL_SMTP, MAIL_SECURITY_TLS },
  { "smtp", MAIL_PROTOCOL_SMTP, MAIL_SECURITY_STARTTLS },
  { "mail", MAIL_PROTOCOL_SMTP, MAIL_SECURITY_STARTTLS },
};

typedef enum
{
  GUESS_UNTRIED,   /* skipped (port 0) counts as done and failed */
  GUESS_PENDING,
  GUESS_FAILED,
  GUESS_OK,
} GuessState;

/* One run's guessing. */
typedef struct
{
  GTask      *task;
  guint       pending;     /* probes still running */
  gboolean    done;        /* the answer went to the run */
  GuessState  state[G_N_ELEMENTS (guess_candidates)];
} Guess;

typedef struct
{
  Guess *guess;
  guint  index;
  char  *query;            /* "host:port" */
} Attempt;

static guint16
candidate_port (MailDiscoveryRun *run,
                guint             index)
{
  const GuessCandidate *candidate = &guess_candidates[index];

  return run->config->guess_ports[candidate->protocol]
           [candidate->security == MAIL_SECURITY_TLS ? 0 : 1];
}

static MailServer *
server_from_guess (MailDiscoveryRun *run,
                   guint             index)
{
  const GuessCandidate *candidate = &guess_candidates[index];
  guint16 port = candidate_port (run, index);
  MailServer *server;

  server = mail_server_new (candidate->protocol, NULL, port, candidate->security);
  server->host = g_strdup_printf ("%s.%s", candidate->prefix, run->domain);
  server->username = g_strdup (run->email);
  server->source = g_strdup_printf (_("a guess: %s answered on port %u"), server->host, port);
  return server;
}

static void
guess_free (Guess *guess)
{
  g_clear_object (&guess->task);
  g_free (guess);
}

/* Settles the guess when, for each protocol, the best candidate still possible answered. */
static void
guess_check (Guess *guess)
{
  MailDiscoveryRun *run = g_task_get_task_data (guess->task);
  int best[2] = { -1, -1 };
  gboolean settled[2] = { TRUE, TRUE };
  MailAccountSettings *settings = NULL;

  if (guess->done)
    return;

  for (guint p = 0; p < 2; p++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (guess_candidates); i++)
        {
          if (guess_candidates[i].protocol != p)
            continue;
          if (guess->state[i] == GUESS_OK)
            {
              best[p] = i;
              break;
            }
          if (guess->state[i] == GUESS_PENDING)
            {
              settled[p] = FALSE;
              break;
            }
        }
    }

  if (!settled[0] || !settled[1])
    return;

  guess->done = TRUE;
  if (best[0] >= 0 || best[1] >= 0)
    {
      settings = mail_account_settings_new (run->email);
      if (best[0] >= 0)
        settings->imap = server_from_guess (run, best[0]);
      if (best[1] >= 0)
        settings->smtp = server_from_guess (run, best[1]);
      mail_discovery_attach_provider (run, settings);
    }
  mail_discovery_source_end (run, MAIL_DISCOVERY_SOURCE_GUESS, settings);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Attempt *attempt = user_data;
  Guess *guess = attempt->guess;
  MailDiscoveryRun *run = g_task_get_task_data (guess->task);
  g_autoptr(MailCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;
  const char *outcome;
  gboolean ok;

  check = mail_probe_run_finish (MAIL_PROBE (object), result, &error);
  ok = check != NULL && check->ok;
  if (ok)
    outcome = _("answered");
  else if (check != NULL && check->diagnosis != NULL)
    outcome = check->diagnosis->title;
  else if (error != NULL)
    outcome = error->message;
  else
    outcome = _("not a mail server greeting");

  guess->state[attempt->index] = ok ? GUESS_OK : GUESS_FAILED;
  if (!guess->done)
    mail_discovery_source_log (run, MAIL_DISCOVERY_SOURCE_GUESS, attempt->query, ok, outcome);
  g_free (attempt->query);
  g_free (attempt);

  guess_check (guess);
  if (--guess->pending == 0)
    guess_free (guess);
}

static void
guess_start (MailDiscoveryRun *run)
{
  Guess *guess;

  if (!mail_discovery_source_enabled (run, MAIL_DISCOVERY_SOURCE_GUESS))
    return;

  mail_discovery_source_begin (run, MAIL_DISCOVERY_SOURCE_GUESS);
  guess = g_new0 (Guess, 1);
  guess->task = g_object_ref (run->task);

  /* Counted as one more until every probe started, so guess_check cannot free it early. */
  guess->pending = 1;
  for (guint i = 0; i < G_N_ELEMENTS (guess_candidates); i++)
    {
      const GuessCandidate *candidate = &guess_candidates[i];
      guint16 port = candidate_port (run, i);
      g_autoptr(MailServer) server = NULL;
      g_autoptr(MailProbe) probe = NULL;
      Attempt *attempt;

      if (port == 0)
        {
          guess->state[i] = GUESS_FAILED;
          continue;
        }

      /* STARTTLS candidates: the greeting before STARTTLS, as a mail client first sees it. */
      server = mail_server_new (candidate->protocol, NULL, port,
                                candidate->security == MAIL_SECURITY_TLS ? MAIL_SECURITY_TLS
                                                                         : MAIL_SECURITY_NONE);
      server->host = g_strdup_printf ("%s.%s", candidate->prefix, run->domain);
      probe = mail_probe_new (server, run->email);
      mail_probe_set_greeting_only (probe, TRUE);
      if (run->config->tls_database != NULL)
        mail_probe_set_tls_database (probe, run->config->tls_database);
      mail_probe_set_timeouts (probe, PROBE_STEP_MS, run->config->deadline_ms);

      attempt = g_new0 (Attempt, 1);
      attempt->guess = guess;
      attempt->index = i;
      attempt->query = g_strdup_printf ("%s:%u", server->host, port);
      guess->state[i] = GUESS_PENDING;
      guess->pending++;
      mail_probe_run_async (probe, run->cancellable, probe_cb, attempt);
    }

  guess_check (guess);
  if (--guess->pending == 0)
    guess_free (guess);
}

const MailDiscoverySourceClass mail_discovery_guess_source = {
  .start = guess_start,
};
