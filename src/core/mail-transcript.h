/* mail-transcript.h: the lines a check sent and received, with every secret removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MAIL_TRANSCRIPT_REDACTED "[redacted]"

typedef struct _MailTranscript MailTranscript;

MailTranscript *mail_transcript_new               (void);
void            mail_transcript_free              (MailTranscript       *transcript);
/* Registers a secret (password, token, SASL payload): wherever it would appear in a line
 * added later or in mail_transcript_redact(), "[redacted]" appears instead. Strings shorter
 * than 4 bytes are not registered (they would blank out ordinary words). */
void            mail_transcript_add_secret        (MailTranscript       *transcript,
                                                   const char           *secret);
/* "C: line" */
void            mail_transcript_add_client        (MailTranscript       *transcript,
                                                   const char           *line);
/* "C: prefix [redacted]" (prefix may be NULL or empty: "C: [redacted]") */
void            mail_transcript_add_client_secret (MailTranscript       *transcript,
                                                   const char           *prefix);
/* "S: line" */
void            mail_transcript_add_server        (MailTranscript       *transcript,
                                                   const char           *line);
/* text with every registered secret replaced. */
char           *mail_transcript_redact            (const MailTranscript *transcript,
                                                   const char           *text);
/* The lines so far (char *); the transcript keeps its own. */
GPtrArray      *mail_transcript_dup_lines         (const MailTranscript *transcript);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailTranscript, mail_transcript_free)

G_END_DECLS
