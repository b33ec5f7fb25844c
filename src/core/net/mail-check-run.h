/* mail-check-run.h: one check's bookkeeping: its settings, steps and their timers, the
 * overall time limit, the transcript, and the result with the diagnosis of a failure
 *
 * The lowest layer of the probe: the connection (mail-connection.h) and the IMAP and SMTP
 * modules call into it; it calls back only through the hooks it was given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-check-result.h"
#include "mail-server.h"
#include "mail-transcript.h"
#include "mail-types.h"

G_BEGIN_DECLS

/* Server words kept for the diagnosis: one line, and the greeting. */
#define MAIL_CHECK_MAX_KEPT_LINE  4000

/* The settings of one check, as MailProbe's setters left them. */
typedef struct
{
  MailServer   *server;
  char         *email;
  MailAuthKind  auth;
  char         *secret;
  char        **mechanisms;
  char         *mailbox;
  char         *provider_id;
  GTlsDatabase *database;
  char         *trusted_fingerprint;
  guint         step_ms;
  guint         overall_ms;
  gboolean      greeting_only;
} MailCheckSettings;

typedef struct _MailCheckRun MailCheckRun;

/* The owner's hooks (mail-probe.c): progress, and the end of the run. */
typedef struct
{
  void (*step_started)  (gpointer            data,
                         const char         *name);
  void (*step_finished) (gpointer            data,
                         MailCheckStep      *step);
  /* The result holds a diagnosis: complete the run (mail_check_run_complete()), now or after
   * looking for other settings. */
  void (*failed)        (MailCheckRun       *run,
                         gpointer            data);
  /* The run is over: result (owned) is the answer. */
  void (*completed)     (MailCheckRun       *run,
                         MailCheckResult    *result,
                         gpointer            data);
  /* The caller cancelled the run. */
  void (*cancelled)     (MailCheckRun       *run,
                         gpointer            data);
} MailCheckRunHooks;

/* The transport's hooks (mail-connection.c): its second look lives beside the steps. */
typedef struct
{
  /* The run stopped, or the step name ended: stop what watches it. */
  void     (*stopped)        (gpointer    data);
  void     (*step_ended)     (gpointer    data,
                              const char *step);
  /* The step limit ran out: TRUE when the transport handled it. */
  gboolean (*step_timed_out) (gpointer    data);
} MailCheckRunTransport;

struct _MailCheckRun
{
  GObject                  *owner;           /* holds settings */
  const MailCheckSettings  *settings;
  const MailCheckRunHooks  *hooks;
  gpointer                  hooks_data;
  const MailCheckRunTransport *transport;
  gpointer                  transport_data;

  GMainContext             *context;
  gint64                    start_time;      /* monotonic, µs */
  MailCheckResult          *result;
  MailTranscript           *transcript;
  GCancellable             *cancellable;     /* ours: timeouts and the caller's cancellable */
  GCancellable             *caller_cancellable;
  gulong                    caller_handler;
  GSource                  *step_timer;
  GSource                  *overall_timer;
  gboolean                  timed_out;
  guint                     timeout_ms;      /* the limit that ran out, for the message */
  gboolean                  done;

  const char               *step;
  gboolean                  step_open;
  gint64                    step_start;

  char                     *greeting;        /* the server's first words, kept safe */
  char                     *first_fix;       /* translated, put first among the fixes */
};

/* Starts the overall timer in the thread-default main context. owner is referenced. */
MailCheckRun *mail_check_run_new               (GObject                 *owner,
                                                const MailCheckSettings *settings,
                                                GCancellable            *caller_cancellable,
                                                const MailCheckRunHooks *hooks,
                                                gpointer                 hooks_data);
void          mail_check_run_free              (MailCheckRun            *run);
void          mail_check_run_set_transport     (MailCheckRun            *run,
                                                const MailCheckRunTransport *transport,
                                                gpointer                 data);

void          mail_check_run_arm_step_timer    (MailCheckRun            *run,
                                                guint                    ms);
void          mail_check_run_step_begin        (MailCheckRun            *run,
                                                const char              *name);
void          mail_check_run_step_end          (MailCheckRun            *run,
                                                gboolean                 ok,
                                                const char              *detail);
/* Stops timers and pending calls (their callbacks see done and return). */
void          mail_check_run_stop              (MailCheckRun            *run);
/* Stops, and hands the result to the completed hook. */
void          mail_check_run_complete          (MailCheckRun            *run);
void          mail_check_run_succeed           (MailCheckRun            *run);
/* The text put first among the diagnosis's fixes (translated); takes fix. */
void          mail_check_run_set_first_fix     (MailCheckRun            *run,
                                                char                    *fix);
/* The SASL mechanism that was used, for the result. */
void          mail_check_run_set_mechanism     (MailCheckRun            *run,
                                                const char              *name);

/* Ends the run with a diagnosis for error at the current step. lines: the server's words;
 * code: the diagnosis code, or NULL to let mail_diagnose() decide. */
void          mail_check_run_fail_full         (MailCheckRun            *run,
                                                const GError            *error,
                                                const char *const       *lines,
                                                const char              *code);
void          mail_check_run_fail              (MailCheckRun            *run,
                                                const GError            *error);
void          mail_check_run_fail_literal      (MailCheckRun            *run,
                                                MailError                code,
                                                const char              *message);
/* The requested encryption did not happen: starttls-unavailable, message saying why. */
void          mail_check_run_fail_starttls     (MailCheckRun            *run,
                                                const char *const       *lines,
                                                const char              *message);
void          mail_check_run_fail_server       (MailCheckRun            *run,
                                                const char *const       *lines);
/* What answered is not an IMAP (SMTP) server. */
void          mail_check_run_fail_not_mail_server (MailCheckRun         *run);
/* An asynchronous call failed (error may be NULL after a timeout): tells cancellation by the
 * caller, a timeout and real errors apart, and ends the run. */
void          mail_check_run_handle_error      (MailCheckRun            *run,
                                                const GError            *error);

G_END_DECLS
