/* mail-transcript.h: the lines a check sent and received, with every secret removed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MAIL_TRANSCRIPT_REDACTED "[redacted]"
/* Bounds: the lines kept, the bytes of one line and of all lines together. What does not fit
 * is counted and shown as "[… N bytes not kept]" (at the end of a line, or as the last line). */
#define MAIL_TRANSCRIPT_MAX_LINES       2000
#define MAIL_TRANSCRIPT_MAX_LINE_BYTES  (4 * 1024)
#define MAIL_TRANSCRIPT_MAX_BYTES       (64 * 1024)

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
/* The lines so far (char *); the transcript keeps its own. When something was not kept, the
 * last line is "[… N bytes not kept]". */
GPtrArray      *mail_transcript_dup_lines         (const MailTranscript *transcript);

/* Text from outside (server words, certificate names) made safe for a terminal and for JSON:
 * valid UTF-8 (invalid bytes become U+FFFD); C0 controls but tab, DEL and C1 controls become
 * visible escapes ("\x1b", "\x7f", "\u009b"), so no escape sequence reaches a terminal raw.
 * At most max_bytes of the result are kept (0: no limit); a cut ends in "…". data need not
 * be NUL-terminated when len >= 0. */
char           *mail_text_make_safe               (const char           *data,
                                                   gssize                len,
                                                   gsize                 max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailTranscript, mail_transcript_free)

G_END_DECLS
