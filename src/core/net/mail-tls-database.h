/* mail-tls-database.h: the system's trust anchors plus a person's own CA file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MAIL_TYPE_TLS_DATABASE (mail_tls_database_get_type ())
G_DECLARE_FINAL_TYPE (MailTlsDatabase, mail_tls_database, MAIL, TLS_DATABASE, GTlsDatabase)

/* Trusts what the system trusts and, in addition, the PEM certificates in ca_file
 * (self-hosted servers with a private CA). A certificate is checked against ca_file first;
 * only an unknown issuer there sends it on to the system's store, so every other problem
 * (expired, wrong name) is still reported. NULL with an error when the file holds no
 * certificate or cannot be read. */
GTlsDatabase *mail_tls_database_new (const char  *ca_file,
                                     GError     **error);

/* The system's store alone, loaded when a certificate is first checked against it, at most
 * once per process. Owned by the process. */
GTlsDatabase *mail_tls_database_get_system (void);

G_END_DECLS
