/* mail-export.h: verified settings written for other mail clients
 *
 * One settings model in (MailAccountSettings, verified), one small writer per format out.
 * No writer ever puts a password or token into its text: every format that can run a
 * command gets `mail-setup-cli token EMAIL` (which prints the OAuth2 access token, or the
 * password of a password account, from the keyring); the others carry no credential at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-account-settings.h"

G_BEGIN_DECLS

typedef enum
{
  MAIL_EXPORT_FORMAT_THUNDERBIRD,  /* autoconfig clientConfig v1.1 XML */
  MAIL_EXPORT_FORMAT_MBSYNC,       /* isync 1.4 ~/.mbsyncrc */
  MAIL_EXPORT_FORMAT_MSMTP,        /* msmtp 1.8 ~/.msmtprc */
  MAIL_EXPORT_FORMAT_NEOMUTT,      /* neomutt 20220429 muttrc */
  MAIL_EXPORT_FORMAT_AERC,         /* aerc 0.14 accounts.conf */
  MAIL_EXPORT_FORMAT_MOBILECONFIG, /* Apple configuration profile, com.apple.mail.managed */
  MAIL_EXPORT_FORMAT_JSON,         /* the MailAccountSettings JSON */
} MailExportFormat;

#define MAIL_EXPORT_N_FORMATS (MAIL_EXPORT_FORMAT_JSON + 1)

typedef struct
{
  /* The command other clients run to get the credential; default "mail-setup-cli".
   * Plain words or paths (letters, digits, /._+-=) separated by single spaces
   * (MailCliPath.command: an absolute path, or `flatpak run --command=mail-setup-cli ID`). */
  const char *cli_command;
  /* A PEM file the clients must trust in addition to the system's (private CA), or NULL.
   * Written as CertificateFile (mbsync), tls_trust_file (msmtp), ssl_ca_certificates_file
   * (neomutt); aerc and Apple Mail have no such setting (see their headers). */
  const char *ca_file;
  /* Lines for the header comment when cli_command points into a build tree, or NULL
   * (MailCliPath.file_warning). */
  const char *cli_warning;
} MailExportOptions;

const char *mail_export_format_to_string   (MailExportFormat         format);
gboolean    mail_export_format_from_string (const char              *text,
                                            MailExportFormat        *format);
/* "thunderbird, mbsync, ..." for help texts. */
const char *mail_export_format_list        (void);
/* Where the file usually goes ("~/.msmtprc"), for people. */
const char *mail_export_format_destination (MailExportFormat         format);
/* One translated sentence: what to do with the file. */
const char *mail_export_format_instructions (MailExportFormat        format);

/* The text of the export. NULL with MAIL_ERROR_INVALID_INPUT when the settings were never
 * verified, miss a server the format needs, hold characters that cannot be written safely,
 * or the format cannot express the account's sign-in (mobileconfig for OAuth2-only). */
char       *mail_export_render             (const MailAccountSettings *settings,
                                            MailExportFormat         format,
                                            const MailExportOptions *options,
                                            GError                 **error);

/* TRUE when path is missing or a regular file; FALSE with MAIL_ERROR_INVALID_INPUT for a
 * symbolic link (also a broken one), folder, device, pipe or socket. */
gboolean    mail_export_path_is_writable   (const char              *path,
                                            GError                 **error);

/* Writes contents to path atomically (temporary file in the same directory, then rename),
 * mode 0600. Refuses a path that is not a regular file (mail_export_path_is_writable ()).
 * On failure nothing is left behind and error says which path and why. */
gboolean    mail_export_write_file         (const char              *path,
                                            const char              *contents,
                                            GError                 **error);

G_END_DECLS
