/* mail-export-private.h: what the writers of the formats share
 *
 * mail-export.c checks the settings and builds the command line for the credential once
 * (export_init), then calls the format's writer (mail-export-FORMAT.c) with the result.
 * mail-export-text.c holds the header comment and the escapes more than one format uses;
 * an escape only one format uses stays in that format's file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-export.h"

G_BEGIN_DECLS

/* One export in progress: the settings (checked), and what every writer needs from them. */
typedef struct
{
  const MailAccountSettings *settings;
  const MailExportOptions   *options;
  char                      *command;   /* "mail-setup-cli token alice@example.org" */
  char                      *verified;  /* ISO 8601, UTC */
} Export;

/* mail-export.c: checks and sign-in */
gboolean     mail_export_is_printable             (const char       *text);
gboolean     mail_export_has_outer_blank          (const char       *text);
/* Sets MAIL_ERROR_INVALID_INPUT naming what and the value (quoted); returns FALSE. */
gboolean     mail_export_unsafe_value             (const char       *what,
                                                   const char       *value,
                                                   GError          **error);
gboolean     mail_export_require_server           (const Export     *export,
                                                   MailProtocol      protocol,
                                                   const char       *format,
                                                   GError          **error);
MailAuthKind mail_export_account_auth             (const Export     *export);
gboolean     mail_export_is_password_kind         (MailAuthKind      kind);
MailAuthKind mail_export_server_auth              (const Export     *export,
                                                   const MailServer *server);
const char  *mail_export_server_username          (const Export     *export,
                                                   const MailServer *server);
GStrv        mail_export_oauth_mechanisms         (const Export     *export);
gboolean     mail_export_provider_allows_password (const Export     *export);

/* mail-export-text.c: the header comment and shared escapes */
char        *mail_export_header_text              (const Export     *export,
                                                   const char       *format_line,
                                                   gboolean          runs_command,
                                                   const char      **notes);
void         mail_export_append_commented         (GString          *out,
                                                   const char       *prefix,
                                                   const char       *text);
char        *mail_export_url_host                 (const char       *host);
char        *mail_export_url_user                 (const char       *user);
char        *mail_export_xml_comment              (const char       *text);

/* One writer per format (mail-export-FORMAT.c), in the order of MailExportFormat. */
char        *mail_export_write_thunderbird        (const Export     *export,
                                                   GError          **error);
char        *mail_export_write_mbsync             (const Export     *export,
                                                   GError          **error);
char        *mail_export_write_msmtp              (const Export     *export,
                                                   GError          **error);
char        *mail_export_write_neomutt            (const Export     *export,
                                                   GError          **error);
char        *mail_export_write_aerc               (const Export     *export,
                                                   GError          **error);
char        *mail_export_write_mobileconfig       (const Export     *export,
                                                   GError          **error);
char        *mail_export_write_json               (const Export     *export,
                                                   GError          **error);

G_END_DECLS
