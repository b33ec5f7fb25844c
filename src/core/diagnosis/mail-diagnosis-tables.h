/* mail-diagnosis-tables.h: everything the diagnosis engine knows, as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two tables drive mail_diagnose(), after the provider registry recognised the provider and its
 * family (the provider files' [Recognition] keys, mail_provider_registry_recognise()):
 * - rules (mail-diagnosis-rules.c): an ordered list, first match wins. Provider-specific rules
 *   come before generic ones, specific server words before local errors, and reply-class
 *   fallbacks come last;
 * - texts: title, explanation, fixes and links per code: the generic ones
 *   (mail-diagnosis-texts.c), and variants per family, provider id and protocol
 *   (mail-diagnosis-provider-texts.c) that only need the fields that differ.
 *   Fixes may say %EMAIL%, %HOST%, %PORT% and %STAGE% (the stage in the words of mail-steps.c),
 *   and %provider:ID/Key% (Key: SettingsUrl, AppPasswordUrl, Documentation of provider ID's
 *   file); a link may be "provider:ID/Key". The engine fills them in.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Provider families (a provider file's [Recognition] Family): the same words mean the same
 * thing within a family. */
#define MAIL_FAMILY_MICROSOFT "microsoft"   /* outlook, microsoft365, Exchange */
#define MAIL_FAMILY_GMAIL     "gmail"
#define MAIL_FAMILY_YAHOO     "yahoo"       /* yahoo, aol */
#define MAIL_FAMILY_ICLOUD    "icloud"
#define MAIL_FAMILY_FASTMAIL  "fastmail"
#define MAIL_FAMILY_GMX       "gmx"         /* gmx, webde */
#define MAIL_FAMILY_ZOHO      "zoho"
#define MAIL_FAMILY_GENERIC   "generic"     /* Dovecot, self-hosted, anything else */
#define MAIL_FAMILY_NETEASE   "netease"     /* 163.com, 126.com, yeah.net, 188.com */

typedef enum
{
  MAIL_AUTH_MATCH_ANY,
  MAIL_AUTH_MATCH_OAUTH2,
  MAIL_AUTH_MATCH_PASSWORD,      /* the account password, not an app password */
  MAIL_AUTH_MATCH_APP_PASSWORD,
  MAIL_AUTH_MATCH_SECRET,        /* password or app password */
} MailAuthMatch;

typedef enum
{
  MAIL_MATCH_ALWAYS,        /* fallback: only protocol/stage/family/auth (and text) matter */
  MAIL_MATCH_TEXT,          /* case-insensitive substring of the server's words */
  MAIL_MATCH_IMAP_CODE,     /* RFC 5530 response code: "[AUTHENTICATIONFAILED" */
  MAIL_MATCH_IMAP_STATUS,   /* status of the final reply: "NO", "BAD"; "BYE": any "* BYE" */
  MAIL_MATCH_SMTP_REPLY,    /* prefix of the final SMTP reply code: "535", "53", "4" */
  MAIL_MATCH_SMTP_ENHANCED, /* an enhanced status code in the reply: "5.7.139" */
  MAIL_MATCH_OAUTH_ERROR,   /* the OAuth `error` (or Microsoft `suberror`) value, exact */
  MAIL_MATCH_AADSTS,        /* a Microsoft Entra error number: "50011" */
  MAIL_MATCH_HTTP_STATUS,   /* prefix of the endpoint's HTTP status: "5", "429" */
  MAIL_MATCH_NOT_JSON,      /* the endpoint's body is not a JSON object with "error" */
  MAIL_MATCH_ERROR,         /* local GError: match = domain quark name, number = code */
  MAIL_MATCH_CERT_FLAGS,    /* certificate errors & number != 0 */
} MailMatchKind;

typedef struct
{
  const char    *protocol;  /* "imap", "smtp", "oauth", "keyring"; NULL: any */
  const char    *stages;    /* "|"-separated stage names; NULL: any */
  const char    *family;    /* MAIL_FAMILY_*; NULL: any */
  MailAuthMatch  auth;
  MailMatchKind  kind;
  const char    *match;
  gint           number;
  const char    *also;      /* optional extra case-insensitive substring that must appear */
  const char    *code;      /* the diagnosis code */
} MailDiagnosisRule;

#define MAIL_DIAGNOSIS_MAX_FIXES 8
#define MAIL_DIAGNOSIS_MAX_LINKS 6

typedef struct
{
  const char *code;
  const char *provider;     /* NULL: generic; else, from least to most specific: a family,
                             * "family:protocol" ("microsoft:smtp"), a provider id,
                             * "provider-id:protocol" */
  const char *title;        /* N_()-marked; NULL: inherit */
  const char *explanation;  /* N_()-marked; NULL: inherit */
  const char *fixes[MAIL_DIAGNOSIS_MAX_FIXES];  /* N_()-marked, NULL-terminated; empty: inherit */
  const char *links[MAIL_DIAGNOSIS_MAX_LINKS];  /* NULL-terminated; empty: inherit */
} MailDiagnosisText;

extern const char                 *const mail_diagnosis_codes[];
extern const guint                 mail_diagnosis_n_codes;
extern const MailDiagnosisRule     mail_diagnosis_rules[];
extern const guint                 mail_diagnosis_n_rules;
extern const MailDiagnosisText     mail_diagnosis_texts[];
extern const guint                 mail_diagnosis_n_texts;
extern const MailDiagnosisText     mail_diagnosis_provider_texts[];
extern const guint                 mail_diagnosis_n_provider_texts;

G_END_DECLS
