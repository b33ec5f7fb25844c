/* mail-table-resolver.h: a GResolver answering from a table, for tests only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MAIL_TYPE_TABLE_RESOLVER (mail_table_resolver_get_type ())
G_DECLARE_FINAL_TYPE (MailTableResolver, mail_table_resolver, MAIL, TABLE_RESOLVER, GResolver)

/* Names not in the table do not exist (G_RESOLVER_ERROR_NOT_FOUND): nothing reaches real DNS.
 * "localhost" resolves to 127.0.0.1 unless the table says otherwise. */
MailTableResolver *mail_table_resolver_new        (void);
/* Every answer (also "not found") comes after delay_ms; 0: at once (from an idle). */
void               mail_table_resolver_set_delay  (MailTableResolver *self,
                                                   guint              delay_ms);
/* name: lowercase, no trailing dot. address: an IPv4 or IPv6 literal. */
void               mail_table_resolver_add_address (MailTableResolver *self,
                                                    const char        *name,
                                                    const char        *address);
void               mail_table_resolver_add_mx     (MailTableResolver *self,
                                                   const char        *name,
                                                   guint16            preference,
                                                   const char        *exchange);
/* rrname like "_imaps._tcp.example.org"; target "." means the service is not offered. */
void               mail_table_resolver_add_srv    (MailTableResolver *self,
                                                   const char        *rrname,
                                                   guint16            priority,
                                                   guint16            weight,
                                                   guint16            port,
                                                   const char        *target);
/* Loads a key file (one group per name):
 *   [resolver]             Delay=200
 *   [contoso.example]      MX=10 contoso-example.mail.protection.outlook.com;20 backup.example
 *   [imap.example.test]    A=127.0.0.1;::1
 *   [_imaps._tcp.example.test]  SRV=0 1 993 imap.example.test
 * This is what the test hook MAIL_SETUP_TEST_DNS_FILE points to (see mail-test-hooks.h). */
gboolean           mail_table_resolver_load_file  (MailTableResolver *self,
                                                   const char        *path,
                                                   GError           **error);

G_END_DECLS
