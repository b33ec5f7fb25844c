/* mail-lab-scripted-server.h: an IMAP or SMTP server that says exactly what a test scripts
 *
 * For the words of real providers (tests/../corpus) that Dovecot cannot produce. Runs in its
 * own threads on 127.0.0.1:<free port>; every connection gets the same script.
 *
 * A script is a list of lines per stage, as in the corpus:
 *   IMAP stages: "greeting", "capability", "starttls", "auth" (AUTHENTICATE or LOGIN),
 *                "select" (SELECT or EXAMINE), "logout"
 *   SMTP stages: "greeting", "ehlo" (EHLO or HELO), "starttls", "auth", "sender" (MAIL FROM),
 *                "rcpt", "rset", "quit"
 * IMAP lines: "* ..." is sent as is (untagged); "+ ..." is a continuation: sent, then the
 * server waits for the client's answer line; any other line is the tagged reply WITHOUT its tag
 * (the server puts the client's tag in front). After "* BYE ..." the server closes.
 * SMTP lines are sent as is ("535-5.7.8 ...", "535 5.7.8 ..."); a "334 ..." line waits for the
 * client's answer. After a 421 reply, or a line saying "closing connection", it closes.
 * An EMPTY list (not NULL) closes the connection at that stage without a word.
 *
 * A stage that is not scripted answers success (IMAP "OK", SMTP 2xx) in the shape of Microsoft's
 * servers, so a script fails exactly at one stage. Before running an "auth" script the server
 * first collects the SASL initial response when the client sent none (IMAP "+ ", SMTP "334 ",
 * for AUTH LOGIN the user name and password prompts), so the script is only the provider's
 * answer, as in the corpus.
 *
 * Directives: a stage line starting with one of these does something instead of being sent:
 *   MAIL_LAB_STALL: the server stops answering (reads and records what comes until the client
 *     goes away), e.g. { "OK Begin TLS negotiation now.", MAIL_LAB_STALL } for STARTTLS
 *     agreed and then no handshake.
 *   MAIL_LAB_FLOOD_LINE "PREFIX": sends PREFIX and then 'x' without a line end, without end.
 *   MAIL_LAB_FLOOD_LINES "LINE": sends LINE (with CRLF) again and again, without end.
 * A flood ends when the client goes away (or after MAIL_LAB_FLOOD_MAX bytes).
 *
 * STARTTLS: with MAIL_LAB_TLS_STARTTLS the capability/EHLO defaults offer STARTTLS before TLS
 * and a successful STARTTLS answer (IMAP tagged OK, SMTP 220) is followed by the handshake.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  MAIL_LAB_PROTOCOL_IMAP,
  MAIL_LAB_PROTOCOL_SMTP,
} MailLabProtocol;

typedef enum
{
  MAIL_LAB_TLS_NONE,      /* plain text only; STARTTLS is refused */
  MAIL_LAB_TLS_IMPLICIT,  /* TLS from the first byte (993, 465) */
  MAIL_LAB_TLS_STARTTLS,  /* plain, STARTTLS offered (143, 587) */
} MailLabTls;

typedef enum
{
  MAIL_LAB_BEHAVIOUR_SCRIPT,     /* the normal case: speak the protocol and the script */
  MAIL_LAB_BEHAVIOUR_SILENT,     /* accept and never greet; reads (and records) what comes */
  MAIL_LAB_BEHAVIOUR_CLOSE,      /* close right after accept */
  MAIL_LAB_BEHAVIOUR_HTTP,       /* answer like a web server: "HTTP/1.1 400 Bad Request", close */
  MAIL_LAB_BEHAVIOUR_TLS_RECORD, /* greet with binary TLS bytes (a TLS alert record): TLS
                                  * spoken where plain text is expected */
} MailLabBehaviour;

#define MAIL_LAB_STALL        "<stall>"
#define MAIL_LAB_FLOOD_LINE   "<flood-line>"
#define MAIL_LAB_FLOOD_LINES  "<flood-lines>"
#define MAIL_LAB_FLOOD_MAX    (256 * 1024 * 1024)

#define MAIL_LAB_DEFAULT_IMAP_CAPABILITY \
  "IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+"

#define MAIL_LAB_TYPE_SCRIPTED_SERVER (mail_lab_scripted_server_get_type ())
G_DECLARE_FINAL_TYPE (MailLabScriptedServer, mail_lab_scripted_server, MAIL_LAB, SCRIPTED_SERVER, GObject)

/* The certificate for TLS defaults to $MAIL_LAB_SERVER_CERT / $MAIL_LAB_SERVER_KEY. */
MailLabScriptedServer *mail_lab_scripted_server_new              (MailLabProtocol         protocol,
                                                                  MailLabTls              tls);
void                   mail_lab_scripted_server_set_certificate  (MailLabScriptedServer  *self,
                                                                  const char             *cert_file,
                                                                  const char             *key_file);
void                   mail_lab_scripted_server_set_behaviour    (MailLabScriptedServer  *self,
                                                                  MailLabBehaviour        behaviour);
/* lines: NULL = default success; an empty vector = close at that stage. */
void                   mail_lab_scripted_server_set_stage        (MailLabScriptedServer  *self,
                                                                  const char             *stage,
                                                                  const char * const     *lines);
void                   mail_lab_scripted_server_set_stage_lines  (MailLabScriptedServer  *self,
                                                                  const char             *stage,
                                                                  ...) G_GNUC_NULL_TERMINATED;
/* Shortcuts for set_stage_lines: the greeting line, the IMAP CAPABILITY words (used by the
 * default "capability" stage; default MAIL_LAB_DEFAULT_IMAP_CAPABILITY). */
void                   mail_lab_scripted_server_set_greeting     (MailLabScriptedServer  *self,
                                                                  const char             *line);
void                   mail_lab_scripted_server_set_capability   (MailLabScriptedServer  *self,
                                                                  const char             *words);
/* Bytes sent in the same write right after a successful STARTTLS answer (IMAP "TAG OK ...",
 * SMTP "220 ..."), before the handshake: what a STARTTLS command injection puts there
 * (CVE-2011-0411). NULL: nothing (the default). */
void                   mail_lab_scripted_server_set_after_starttls (MailLabScriptedServer *self,
                                                                    const char           *bytes);

/* Listens on 127.0.0.1 on a free port. Configure before starting. */
gboolean               mail_lab_scripted_server_start            (MailLabScriptedServer  *self,
                                                                  GError                **error);
guint16                mail_lab_scripted_server_get_port         (MailLabScriptedServer  *self);
/* Closes the listener and every connection and joins the threads. Unref does it too. */
void                   mail_lab_scripted_server_stop             (MailLabScriptedServer  *self);

/* What clients sent, one entry per line (CRLF removed; IMAP literals inline), all connections
 * in order. Free with g_strfreev. */
char                 **mail_lab_scripted_server_get_received_lines (MailLabScriptedServer *self);
/* TRUE if some received line contains text. */
gboolean               mail_lab_scripted_server_received_contains  (MailLabScriptedServer *self,
                                                                    const char            *text);
guint                  mail_lab_scripted_server_get_connection_count (MailLabScriptedServer *self);

G_END_DECLS
