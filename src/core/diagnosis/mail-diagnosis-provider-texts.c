/* mail-diagnosis-provider-texts.c: the texts of provider families and providers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources for the provider-specific words and steps: the cases in
 * tests/data/examples.jsonl, docs/protocol-facts.md, Microsoft's
 * "authenticate an IMAP, POP or SMTP application by using OAuth", "enable or disable POP3 or
 * IMAP4 access", "authenticated client SMTP submission" and Microsoft Entra error code pages,
 * Google's Gmail IMAP and app password help, and public issue threads (for Microsoft's
 * "User is authenticated but not connected": simonrob/email-oauth2-proxy#275 and #74).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-diagnosis-tables.h"

/* Links used in several texts. "provider:ID/Key" is the provider file's SettingsUrl,
 * AppPasswordUrl or Documentation (the engine looks it up in the registry, and leaves the link
 * out when there is none): a provider's own pages are in its file only. */
#define LINK_OUTLOOK_IMAP_SETTINGS "provider:outlook/SettingsUrl"
#define LINK_OUTLOOK_POP_IMAP "provider:outlook/Documentation"
#define LINK_MS_ENABLE_IMAP "https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/pop3-and-imap4/enable-or-disable-pop3-or-imap4-access"
#define LINK_MS_SET_CASMAILBOX "https://learn.microsoft.com/powershell/module/exchange/set-casmailbox"
#define LINK_MS_IMAP_OAUTH "provider:microsoft365/Documentation"
#define LINK_MS_ACTIVITY "https://account.live.com/activity"
#define LINK_MS_BASIC_AUTH "https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/deprecation-of-basic-authentication-exchange-online"
#define LINK_MS_SMTP_AUTH "https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission"
#define LINK_MS_ERROR_CODES "https://learn.microsoft.com/entra/identity-platform/reference-error-codes"
#define LINK_MS_REPLY_URL "https://learn.microsoft.com/entra/identity-platform/reply-url"
#define LINK_MS_ADMIN_CONSENT "https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent"
#define LINK_MS_SECURITY_INFO "https://mysignins.microsoft.com/security-info"
#define LINK_GOOGLE_APP_PASSWORDS "provider:gmail/AppPasswordUrl"
#define LINK_GOOGLE_APP_PASSWORD_HELP "https://support.google.com/accounts/answer/185833"
#define LINK_GOOGLE_WEB_LOGIN "https://support.google.com/mail/answer/78754"
#define LINK_GOOGLE_NOTIFICATIONS "https://myaccount.google.com/notifications"
#define LINK_GOOGLE_IMAP "https://support.google.com/mail/answer/7126229"
#define LINK_GOOGLE_CONNECTIONS "https://myaccount.google.com/connections"
#define LINK_YAHOO_APP_PASSWORD "https://help.yahoo.com/kb/SLN15241.html"
#define LINK_APPLE_APP_PASSWORD "https://support.apple.com/en-us/102654"
#define LINK_FASTMAIL_APP_PASSWORD "provider:fastmail/AppPasswordUrl"
#define LINK_GMX_IMAP "provider:gmx/SettingsUrl"
#define LINK_GMX_APP_PASSWORD "provider:gmx/AppPasswordUrl"
#define LINK_WEBDE_IMAP "provider:webde/SettingsUrl"
#define LINK_WEBDE_APP_PASSWORD "provider:webde/AppPasswordUrl"
#define LINK_ZOHO_IMAP "provider:zoho/Documentation"

/* Steps shared by several Microsoft texts. %EMAIL% and %provider:ID/Key% are expanded by the
 * engine: they are not printf() formats, whatever xgettext guesses. */
static const char fix_outlook_imap[] =
  /* xgettext:no-c-format */
  N_("Outlook.com, Hotmail or Live account: open %provider:outlook/SettingsUrl% (Settings > "
     "Mail > Forwarding and IMAP), turn on “Let devices and apps use IMAP” and select Save. Test "
     "again: the inbox step passes when IMAP is on.");
static const char fix_m365_imap_admin[] =
  /* xgettext:no-c-format */
  N_("Work or school account: ask your administrator to turn on IMAP for %EMAIL% in the "
     "Microsoft 365 admin center > Users > Active users > select the user > Mail > Manage email "
     "apps > check IMAP > Save changes. It can take up to an hour; then the test gets past the "
     "inbox step.");
static const char fix_m365_imap_powershell[] =
  /* xgettext:no-c-format */
  N_("An administrator can do the same in Exchange Online PowerShell: "
     "Set-CASMailbox -Identity %EMAIL% -ImapEnabled $true — and check it with "
     "Get-CASMailbox -Identity %EMAIL% | Format-List ImapEnabled, which must say True.");
static const char fix_m365_mailbox_permission[] =
  /* xgettext:no-c-format */
  N_("If %EMAIL% is a shared mailbox or someone else’s mailbox, the account you sign in with "
     "needs Full Access to it. The administrator runs Add-MailboxPermission -Identity %EMAIL% "
     "-User <your sign-in address> -AccessRights FullAccess. Then sign in with your own account; "
     "the test passes once the permission is active (up to an hour).");
static const char fix_m365_smtp_admin[] =
  /* xgettext:no-c-format */
  N_("Work or school account: ask your administrator to turn on Authenticated SMTP for %EMAIL%: "
     "Microsoft 365 admin center > Users > Active users > select the user > Mail > Manage email "
     "apps > check “Authenticated SMTP” > Save changes. After up to an hour the sending check "
     "gets past the sign-in step.");
static const char fix_m365_smtp_powershell[] =
  /* xgettext:no-c-format */
  N_("In Exchange Online PowerShell the administrator runs Set-CASMailbox -Identity %EMAIL% "
     "-SmtpClientAuthenticationDisabled $false and checks it with Get-CASMailbox -Identity "
     "%EMAIL% | Format-List SmtpClientAuthenticationDisabled, which must say False. The mailbox "
     "setting overrides the organisation’s (Set-TransportConfig "
     "-SmtpClientAuthenticationDisabled).");
static const char fix_ms_same_account[] =
  /* xgettext:no-c-format */
  N_("Sign in again and, in the browser, pick exactly the account %EMAIL% (not another personal, "
     "work or school account you are signed in with). The test passes when the sign-in and the "
     "mailbox are the same account.");
static const char fix_ms_activity[] =
  /* xgettext:no-c-format */
  N_("Open https://account.live.com/activity (Microsoft account > Security > Sign-in activity). "
     "If a sign-in from this computer is marked as unusual or blocked, select it and confirm "
     "“This was me”. Close other apps that use this account over IMAP at the same time, then "
     "test again.");
static const char fix_ms_retry[] =
  /* xgettext:no-c-format */
  N_("If all of this is in order, Microsoft’s back end probably failed for a moment: wait 15 "
     "minutes to an hour and test again.");
static const char fix_ms_outlook_scope[] =
  /* xgettext:no-c-format */
  N_("If you use your own app registration, it must ask for the Outlook permission "
     "https://outlook.office.com/IMAP.AccessAsUser.All (and https://outlook.office.com/SMTP.Send "
     "for sending), not the Microsoft Graph one (https://graph.microsoft.com/...): Microsoft’s "
     "mail servers refuse Graph sign-ins. Sign in again after changing it.");

/* Variants per family ("microsoft"), family and protocol ("microsoft:smtp"), provider id and
 * provider id and protocol, from least to most specific; each sets only what differs from the
 * generic text of its code (mail-diagnosis-texts.c). */
const MailDiagnosisText mail_diagnosis_provider_texts[] = {
  /* ------------------------------------------------------------------ Network */
  /* ------------------------------------------------------------------ TLS */
  /* ------------------------------------------------------------------ Authentication */
  /* ------------------------------------------------------------------ Account and mailbox */
  /* ------------------------------------------------------------------ SMTP */
  /* ------------------------------------------------------------------ OAuth2 sign-in */
  /* ------------------------------------------------------------------ Keyring */
  /* ------------------------------------------------------------------ Discovery */
  /* Ours: the client refused before connecting. */
  /* ------------------------------------------------------------------ Fallback */
  { "imap-disabled", MAIL_FAMILY_MICROSOFT,
    N_("IMAP is turned off for this mailbox, or this sign-in may not open it"),
    N_("You signed in, but Microsoft’s server would not open the mailbox (“User is authenticated "
       "but not connected”). Microsoft gives this answer for several reasons, most likely first: "
       "IMAP access is turned off for the mailbox (it is off for many Outlook.com accounts and for "
       "some Microsoft 365 mailboxes); the account you signed in with has no permission to this "
       "mailbox, for example a shared mailbox, or another account was chosen in the browser; a "
       "temporary problem in Microsoft’s systems; or several apps using the account over IMAP at "
       "once, or a sign-in Microsoft held back as unusual."),
    { fix_outlook_imap, fix_m365_imap_admin, fix_m365_imap_powershell, fix_m365_mailbox_permission,
      fix_ms_same_account, fix_ms_activity, fix_ms_retry },
    { LINK_OUTLOOK_IMAP_SETTINGS, LINK_OUTLOOK_POP_IMAP, LINK_MS_ENABLE_IMAP,
      LINK_MS_SET_CASMAILBOX,
      LINK_MS_IMAP_OAUTH, LINK_MS_ACTIVITY } },
  { "imap-disabled", "outlook", NULL, NULL,
    { fix_outlook_imap, fix_ms_same_account, fix_ms_activity, fix_ms_retry },
    { LINK_OUTLOOK_IMAP_SETTINGS, LINK_OUTLOOK_POP_IMAP, LINK_MS_ACTIVITY } },
  { "imap-disabled", "microsoft365", NULL, NULL,
    { fix_m365_imap_admin, fix_m365_imap_powershell, fix_m365_mailbox_permission,
      fix_ms_same_account, fix_ms_retry },
    { LINK_MS_ENABLE_IMAP, LINK_MS_SET_CASMAILBOX, LINK_MS_IMAP_OAUTH } },

  { "auth-oauth-token-rejected", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft’s server did not accept the sign-in (“AUTHENTICATE failed” or “Authentication "
       "unsuccessful”). At Microsoft this short answer has several causes, unlike at most other "
       "servers where it means a wrong key: the sign-in was issued for the wrong service (mail "
       "needs https://outlook.office.com/IMAP.AccessAsUser.All, and a sign-in for "
       "graph.microsoft.com is refused); the saved sign-in expired or was withdrawn; it belongs to "
       "another account than %EMAIL%; or IMAP or SMTP sign-in is turned off for the mailbox, which "
       "Microsoft reports the same way."),
    { fix_ms_same_account, fix_outlook_imap, fix_m365_imap_admin, fix_m365_imap_powershell,
      fix_ms_outlook_scope, fix_ms_retry },
    { LINK_MS_IMAP_OAUTH, LINK_OUTLOOK_IMAP_SETTINGS, LINK_MS_ENABLE_IMAP } },
  { "auth-oauth-token-rejected", "outlook", NULL, NULL,
    { fix_ms_same_account, fix_outlook_imap, fix_ms_activity, fix_ms_outlook_scope },
    { LINK_MS_IMAP_OAUTH, LINK_OUTLOOK_IMAP_SETTINGS, LINK_MS_ACTIVITY } },
  /* Sending: the switch that matters is authenticated SMTP, not IMAP. */
  { "auth-oauth-token-rejected", "microsoft:smtp", NULL,
    N_("Microsoft’s outgoing server did not accept the sign-in (“Authentication "
       "unsuccessful”). At Microsoft this short answer has several causes: authenticated SMTP "
       "(SMTP AUTH) is turned off for the mailbox or the organisation; the sign-in was issued "
       "for the wrong service (sending needs https://outlook.office.com/SMTP.Send, and a sign-in "
       "for graph.microsoft.com is refused); the saved sign-in expired or was withdrawn; or it "
       "belongs to another account than %EMAIL%."),
    { fix_ms_same_account, fix_m365_smtp_admin, fix_m365_smtp_powershell, fix_ms_outlook_scope,
      fix_ms_retry },
    { "https://aka.ms/smtp_auth_disabled", LINK_MS_SMTP_AUTH, LINK_MS_IMAP_OAUTH } },
  { "auth-oauth-token-rejected", "outlook:smtp", NULL, NULL,
    { fix_ms_same_account, fix_ms_activity, fix_ms_outlook_scope, fix_ms_retry },
    { LINK_MS_IMAP_OAUTH, LINK_MS_ACTIVITY } },

  { "auth-oauth-scope", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Sign in again with this app and accept the mail permissions."), fix_ms_outlook_scope },
    { LINK_MS_IMAP_OAUTH } },

  { "auth-basic-disabled", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft no longer accepts passwords from mail apps over IMAP, POP and SMTP: for "
       "Outlook.com accounts since September 2024, and in Microsoft 365 organisations that "
           "switched "
       "basic authentication off (the default). Microsoft then answers “LOGIN failed.” or "
       "“Authentication unsuccessful”, even when the password is right. Browser sign-in (OAuth2) "
       "is required."),
    { N_("Choose “Sign in with browser” (OAuth2) for this account and sign in as %EMAIL%. The "
         "sign-in step passes with it."),
      N_("Work or school account: if the sign-in page then says an administrator must approve the "
         "app, ask your administrator to approve Mail Setup.") },
    { LINK_MS_BASIC_AUTH, LINK_MS_IMAP_OAUTH } },

  { "auth-invalid-credentials", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft refused the user name and password. Microsoft no longer accepts account "
       "passwords in mail apps for most accounts, so even a correct password fails."),
    { N_("Choose “Sign in with browser” (OAuth2) for this account. The sign-in step passes with "
         "it."),
      fix_ms_activity },
    { LINK_MS_BASIC_AUTH } },

  { "auth-web-login-required", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { fix_ms_activity,
      N_("Sign in at https://outlook.live.com (or https://outlook.office.com for work and school "
         "accounts) in a browser and answer any security question, then test again.") },
    { LINK_MS_ACTIVITY } },

  { "smtp-auth-disabled", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft refused sign-in for sending mail (5.7.139): authenticated SMTP (SMTP AUTH) is "
       "turned off for this mailbox or for the whole organisation (“SmtpClientAuthentication is "
       "disabled for the Tenant”). New Microsoft 365 organisations have it off by default."),
    { fix_m365_smtp_admin, fix_m365_smtp_powershell,
      N_("If it is still refused, security defaults or a Conditional Access policy that blocks "
         "legacy sign-in may apply: the administrator can see it in the Microsoft Entra sign-in "
         "logs. See https://aka.ms/smtp_auth_disabled.") },
    { "https://aka.ms/smtp_auth_disabled", LINK_MS_SMTP_AUTH, LINK_MS_SET_CASMAILBOX } },

  { "smtp-send-as-denied", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft refused to send as %EMAIL% (5.7.60, “SendAsDenied”): the account you signed in "
       "with has no “Send As” permission for this address. This happens with shared mailboxes, "
       "groups and other people’s addresses, and whenever the sender differs from the sign-in "
       "account."),
    { /* xgettext:no-c-format */
      N_("Send from the address you signed in with, or sign in as %EMAIL% itself. The test then "
         "gets past the sender check."),
      N_("Ask the administrator for Send As permission: Exchange admin center > Recipients > "
         "Mailboxes > %EMAIL% > Delegation > Send as > add your account, or in Exchange Online "
         "PowerShell Add-RecipientPermission -Identity %EMAIL% -Trustee <your sign-in address> "
         "-AccessRights SendAs. It can take up to an hour.") },
    { NULL } },

  { "oauth-redirect-mismatch", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("The administrator opens the Microsoft Entra admin center > App registrations > the app > "
         "Authentication > Add a platform > Mobile and desktop applications and adds "
         "http://localhost. Microsoft ignores the port for localhost; http://127.0.0.1 can only be "
         "added in the manifest, and [::1] is not supported. Sign in again afterwards: the browser "
         "then returns to the app (AADSTS50011 is gone).") },
    { LINK_MS_REPLY_URL, LINK_MS_ERROR_CODES } },

  { "oauth-client-unknown", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Check the client ID (Application ID) configured for Microsoft."),
      N_("If the registration lives in another organisation, it must allow “Accounts in any "
         "organizational directory and personal Microsoft accounts”, and your administrator may "
         "need to approve it. Sign in again afterwards (AADSTS700016 is gone).") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-client-disabled", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("The administrator opens the Microsoft Entra admin center > Enterprise applications > the "
         "app > Properties and sets “Enabled for users to sign in?” to Yes. Sign in again "
         "afterwards (AADSTS7000112 is gone).") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-client-not-public", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("The administrator opens the Microsoft Entra admin center > App registrations > the app > "
         "Authentication, adds the platform “Mobile and desktop applications” with "
         "http://localhost and sets “Allow public client flows” to Yes. Sign in again afterwards "
         "(AADSTS7000218 is gone).") },
    { LINK_MS_REPLY_URL, LINK_MS_ERROR_CODES } },

  { "oauth-wrong-account-type", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Personal accounts (Outlook.com, Hotmail, Live) and work or school accounts are "
         "different: sign in with the kind the registration accepts."),
      N_("The registration’s owner sets Supported account types to “Accounts in any "
         "organizational directory and personal Microsoft accounts” (Microsoft Entra admin center "
             "> "
         "App registrations > the app > Authentication). Sign in again afterwards.") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-admin-consent-required", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Ask your administrator to approve Mail Setup: Microsoft Entra admin center > Enterprise "
         "applications > Mail Setup > Permissions > Grant admin consent. If the sign-in page "
         "offers “Request approval”, use it. Sign in again once approved.") },
    { LINK_MS_ADMIN_CONSENT, LINK_MS_ERROR_CODES } },

  { "oauth-mfa-required", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Sign in again through the browser and complete the second step. The sign-in then "
         "completes."),
      N_("If you have no second step yet, add one at "
          "https://mysignins.microsoft.com/security-info first.") },
    { LINK_MS_SECURITY_INFO } },

  { "oauth-conditional-access", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Ask your administrator to look up the failed sign-in in the Microsoft Entra admin "
         "center > Sign-in logs, Conditional Access tab (AADSTS53003), and to allow this app or "
         "device. Sign in again afterwards.") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-refresh-expired", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft no longer accepts the saved sign-in: it was not used for 90 days, your password "
       "was changed or reset, or an administrator or you withdrew it (AADSTS700082, AADSTS70008, "
       "AADSTS50173)."),
    { N_("Sign in again through the browser. The new sign-in is saved and the test passes.") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-timeout", MAIL_FAMILY_MICROSOFT, NULL,
    N_("The sign-in page opened in your browser, but the app did not get an answer in time. "
       "Microsoft shows many problems only on its own page, so look at the browser tab. It "
       "usually says one of these:\n"
       "• AADSTS50011: the redirect URI does not match the ones registered for the app;\n"
       "• AADSTS700016: the application was not found in the directory;\n"
       "• AADSTS7000112: the application is disabled;\n"
       "• AADSTS50020 or “You can’t sign in here with a personal account”: the account is not "
       "in that organisation or is the wrong kind;\n"
       "• “Need admin approval” (AADSTS65001, AADSTS90094): an administrator must approve the "
       "app;\n"
       "• AADSTS53003: a Conditional Access policy blocked the sign-in;\n"
       "• the page is still waiting for you to sign in or to choose an account."),
    { NULL },
    { LINK_MS_ERROR_CODES } },

  /* ================================================================== Google */
  { "auth-app-password-required", MAIL_FAMILY_GMAIL, NULL,
    N_("Google does not accept your Google Account password in mail apps that sign in with a "
       "password. It wants an app password: 16 letters generated for one app. App passwords "
       "need 2-Step Verification."),
    { N_("Turn on 2-Step Verification for your Google Account (Google Account > Security > "
         "2-Step Verification)."),
      N_("Create an app password at https://myaccount.google.com/apppasswords named “Mail Setup”. "
          "Google shows "
         "16 letters once."),
      N_("Use those 16 letters here as the password. The sign-in step passes with it."),
      N_("Or choose “Sign in with browser” (OAuth2), which needs no app password."),
      N_("If the page says app passwords are not available, your account is managed by an "
         "organisation or uses Advanced Protection: use browser sign-in.") },
    { LINK_GOOGLE_APP_PASSWORD_HELP, LINK_GOOGLE_APP_PASSWORDS } },

  { "auth-invalid-credentials", MAIL_FAMILY_GMAIL, NULL,
    N_("Google refused the user name and app password. The app password may be mistyped or "
       "withdrawn (withdrawing happens when you change your Google password)."),
    { N_("Create a new app password at https://myaccount.google.com/apppasswords and use it here. "
         "The sign-in step passes with it."),
      /* xgettext:no-c-format */
      N_("Use your full Gmail address %EMAIL% as the user name."),
      N_("Or choose “Sign in with browser” (OAuth2).") },
    { LINK_GOOGLE_APP_PASSWORD_HELP } },

  { "auth-web-login-required", MAIL_FAMILY_GMAIL, NULL,
    N_("Google blocked the sign-in until you confirm it (“Please log in via your web browser”). "
       "Google does this when a sign-in looks unusual: a new device or place, or a password "
       "sign-in from a mail app."),
    { /* xgettext:no-c-format */
      N_("Sign in at https://mail.google.com in a browser on this computer with %EMAIL% and "
         "complete any check Google asks for."),
      N_("Open https://myaccount.google.com/notifications (Security > Recent security activity), "
          "find the "
         "blocked sign-in and confirm that it was you."),
      N_("Test again within 10 minutes. Google’s old “DisplayUnlockCaptcha” page is retired; "
         "these steps replace it."),
      N_("If you sign in with your Google password, use an app password "
          "(https://myaccount.google.com/apppasswords) or “Sign in with browser” instead: Google "
          "refuses account passwords in mail apps.") },
    { LINK_GOOGLE_WEB_LOGIN, LINK_GOOGLE_NOTIFICATIONS } },

  { "too-many-connections", MAIL_FAMILY_GMAIL, NULL,
    N_("Gmail allows at most 15 IMAP connections to one account at the same time, and they are in "
       "use. Every mail app and phone that uses this account keeps several of them open."),
    { N_("Close or sign out mail apps that use this Gmail account on this and other computers and "
         "phones, then test again."),
      N_("Wait up to 30 minutes for old connections to time out. The test passes once a "
         "connection is free.") },
    { LINK_GOOGLE_IMAP } },

  { "imap-disabled", MAIL_FAMILY_GMAIL, NULL,
    N_("Gmail refused IMAP for this account (“Your account is not enabled for IMAP use”). IMAP is "
       "switched off in the account’s settings or, for Google Workspace accounts, by the "
       "administrator."),
    { N_("Personal Gmail account: open Gmail in a browser > Settings > See all settings > "
         "Forwarding and POP/IMAP. If an “IMAP access” choice is shown, select Enable IMAP and "
         "Save Changes (newer accounts have IMAP always on). The test then gets past this step."),
      N_("Google Workspace account: the administrator enables it in the Admin console > Apps > "
         "Google Workspace > Gmail > End User Access > POP and IMAP access.") },
    { LINK_GOOGLE_IMAP } },

  { "auth-oauth-token-rejected", MAIL_FAMILY_GMAIL, NULL,
    N_("Google did not accept the sign-in (“Invalid credentials”). Usually the saved sign-in "
       "expired or was withdrawn (at https://myaccount.google.com/connections or by a password "
           "change), it "
       "belongs to another Google account than %EMAIL%, or a Google Workspace administrator "
       "blocks IMAP or this app."),
    { N_("Sign in again through the browser and choose %EMAIL%. The sign-in step passes with "
         "the new sign-in."),
      N_("Google Workspace account: ask the administrator to allow IMAP access and Mail Setup "
         "(Admin console > Security > Access and data control > API controls).") },
    { LINK_GOOGLE_CONNECTIONS, LINK_GOOGLE_IMAP } },

  { "oauth-refresh-expired", MAIL_FAMILY_GMAIL, NULL,
    N_("Google no longer accepts the saved sign-in (“Token has been expired or revoked”). It was "
       "withdrawn at https://myaccount.google.com/connections, your password was changed, it was "
           "not used for "
       "six months, or the app registration is in Google’s “Testing” mode, where sign-ins expire "
       "after 7 days."),
    { N_("Sign in again through the browser. The new sign-in is saved and the test passes."),
      N_("If it expires again after a week, the registration is in Testing mode: tell whoever "
         "maintains it to publish the app.") },
    { LINK_GOOGLE_CONNECTIONS } },

  { "oauth-admin-consent-required", MAIL_FAMILY_GMAIL, NULL,
    N_("Your Google Workspace administrator restricts which apps may use your Google data "
       "(admin_policy_enforced), or the app is limited to another organisation (org_internal)."),
    { N_("Ask the administrator to trust Mail Setup: Admin console > Security > Access and data "
         "control > API controls > Manage third-party app access. Sign in again afterwards.") },
    { NULL } },

  { "smtp-send-as-denied", MAIL_FAMILY_GMAIL, NULL, NULL,
    { N_("In Gmail on the web: Settings > See all settings > Accounts and Import > Send mail as > "
         "Add another email address, and confirm %EMAIL%. The test then gets past the sender "
         "check.") },
    { NULL } },

  { "oauth-timeout", MAIL_FAMILY_GMAIL, NULL,
    N_("The sign-in page opened in your browser, but the app did not get an answer in time. "
       "Google shows many problems only on its own page, so look at the browser tab. It usually "
       "says one of these:\n"
       "• “Error 400: redirect_uri_mismatch”: the return address is not registered;\n"
       "• “Error 401: deleted_client” or “disabled_client”: the app registration was deleted or "
       "disabled;\n"
       "• “Access blocked: … has not completed the Google verification process” (Error 403: "
       "access_denied): the app is in testing and your account is not a test user;\n"
       "• “Error 400: admin_policy_enforced” or “org_internal”: your organisation does not allow "
       "the app;\n"
       "• “This app is blocked” or “doesn’t comply with Google’s OAuth 2.0 policy”;\n"
       "• the page is still waiting for you to sign in or to choose an account."),
    { NULL },
    { NULL } },

  /* ================================================================== Yahoo and AOL */
  { "auth-app-password-required", MAIL_FAMILY_YAHOO, NULL,
    N_("Yahoo and AOL accept only app passwords in mail apps, never your account password."),
    { N_("Sign in at https://login.yahoo.com/account/security (AOL: "
         "https://login.aol.com/account/security), choose “Generate app password”, name it "
         "“Mail Setup” and select Generate."),
      N_("Use the generated password here. The sign-in step passes with it.") },
    { LINK_YAHOO_APP_PASSWORD } },
  { "auth-invalid-credentials", MAIL_FAMILY_YAHOO, NULL,
    N_("Yahoo or AOL refused the user name and app password. The app password may be mistyped or "
       "withdrawn; the account password never works in mail apps."),
    { N_("Generate a new app password at https://login.yahoo.com/account/security (AOL: "
         "https://login.aol.com/account/security) and use it here. The sign-in step passes with "
         "it."),
      /* xgettext:no-c-format */
      N_("Use your full address %EMAIL% as the user name.") },
    { LINK_YAHOO_APP_PASSWORD } },
  { "auth-oauth-token-rejected", MAIL_FAMILY_YAHOO, NULL, NULL,
    { N_("Sign in again through the browser with %EMAIL%."),
      N_("Yahoo and AOL do not register new apps for mail sign-in; if browser sign-in keeps "
         "failing, use an app password from https://login.yahoo.com/account/security instead.") },
    { LINK_YAHOO_APP_PASSWORD } },

  { "auth-app-password-required", MAIL_FAMILY_YAHOO ":smtp", NULL,
    N_("Yahoo and AOL accept only app passwords in mail apps, never your account password. "
       "When the account password is used, Yahoo may even answer “Too many bad auth attempts” "
       "(#AUTH005). Less often those words mean what they say: many failed sign-ins in a row, "
       "after which sign-in works again an hour or so later."),
    { NULL },
    { NULL } },

  /* ================================================================== NetEase */
  { "auth-web-login-required", MAIL_FAMILY_NETEASE,
    N_("NetEase refused to open the mailbox (“Unsafe Login”)"),
    N_("NetEase (163.com, 126.com, yeah.net) signed you in but refused to open the mailbox, "
       "calling the sign-in unsafe. It does this with mail apps it does not trust. Mail Setup "
       "already identified itself with the IMAP ID command, which NetEase usually wants; when the "
       "refusal still comes, NetEase wants IMAP turned on in its web settings and the client "
       "authorization code used instead of the password."),
    { N_("Sign in to NetEase webmail in a browser, open Settings > POP3/SMTP/IMAP, turn on the "
         "IMAP/SMTP service and create a client authorization code."),
      N_("Use the authorization code here as the password. The step that opens the inbox passes "
         "with it."),
      N_("If NetEase asks to confirm the new mail app (by text message or in the webmail), "
         "confirm it and test again.") },
    { NULL } },

  /* ================================================================== iCloud */
  { "auth-invalid-credentials", MAIL_FAMILY_ICLOUD, NULL,
    N_("iCloud refused the sign-in. iCloud Mail accepts only app-specific passwords in other mail "
       "apps, never your Apple Account password; an app-specific password that was withdrawn or "
       "mistyped fails too."),
    { N_("Sign in at https://account.apple.com > Sign-In and Security > App-Specific Passwords and "
         "generate one named “Mail Setup” (it needs two-factor authentication on your Apple "
         "Account)."),
      N_("Use it here (it looks like xxxx-xxxx-xxxx-xxxx). The sign-in step passes with it."),
      /* xgettext:no-c-format */
      N_("Use your iCloud address %EMAIL% as the user name (for IMAP, only the part before the @ "
         "also works).") },
    { LINK_APPLE_APP_PASSWORD } },
  { "auth-app-password-required", MAIL_FAMILY_ICLOUD, NULL,
    N_("iCloud Mail accepts only app-specific passwords in other mail apps, never your Apple "
       "Account password."),
    { N_("Sign in at https://account.apple.com > Sign-In and Security > App-Specific Passwords and "
         "generate one named “Mail Setup” (it needs two-factor authentication on your Apple "
         "Account)."),
      N_("Use it here (it looks like xxxx-xxxx-xxxx-xxxx). The sign-in step passes with it.") },
    { LINK_APPLE_APP_PASSWORD } },

  /* ================================================================== Fastmail */
  { "auth-app-password-required", MAIL_FAMILY_FASTMAIL, NULL,
    N_("Fastmail never accepts your regular password in mail apps: it wants an app password. IMAP "
       "and SMTP also need a plan that includes them."),
    { N_("In Fastmail on the web: Settings > Privacy & Security > Integrations > New App "
         "Password; keep the access “Mail, Contacts & Calendars” (or Mail) and select Generate "
         "Password."),
      N_("Use the generated password here with your full address %EMAIL%. The sign-in step "
         "passes with it.") },
    { LINK_FASTMAIL_APP_PASSWORD } },
  { "auth-invalid-credentials", MAIL_FAMILY_FASTMAIL, NULL,
    N_("Fastmail refused the user name and app password. The app password may be mistyped, "
       "withdrawn, or lack mail access; your regular password never works in mail apps."),
    { N_("Create a new app password with mail access in Fastmail: Settings > Privacy & Security > "
         "Integrations > New App Password. The sign-in step passes with it."),
      /* xgettext:no-c-format */
      N_("Use your full address %EMAIL% as the user name.") },
    { LINK_FASTMAIL_APP_PASSWORD } },

  /* ================================================================== GMX and WEB.DE */
  { "imap-disabled", MAIL_FAMILY_GMX, NULL,
    N_("GMX and WEB.DE refuse IMAP until access by POP3 and IMAP is switched on once in the "
       "webmail settings."),
    { N_("In webmail: Settings > POP3 & IMAP > allow access via POP3 and IMAP > Save. The test "
         "then "
         "gets past this step.") },
    { LINK_GMX_IMAP } },
  { "imap-disabled", "webde", NULL, NULL, { NULL }, { LINK_WEBDE_IMAP } },
  { "auth-invalid-credentials", MAIL_FAMILY_GMX, NULL,
    N_("The server refused the sign-in. At GMX and WEB.DE this also happens when access by POP3 "
       "and IMAP is switched off, or when two-factor authentication is on and the account password "
       "is used instead of an app-specific password."),
    { N_("In webmail: Settings > POP3 & IMAP > allow access via POP3 and IMAP > Save."),
      N_("With two-factor authentication on: Security > Two-factor authentication > "
         "application-specific passwords > create one and use it here."),
      N_("Use the user name the provider asks for: at GMX your full address, at WEB.DE the part "
         "before the @. The sign-in step passes when everything matches.") },
    { LINK_GMX_IMAP, LINK_GMX_APP_PASSWORD } },
  { "auth-invalid-credentials", "webde", NULL, NULL, { NULL },
    { LINK_WEBDE_IMAP, LINK_WEBDE_APP_PASSWORD } },

  /* ================================================================== Zoho */
  { "imap-disabled", MAIL_FAMILY_ZOHO, NULL,
    N_("Zoho Mail refuses IMAP until IMAP access is switched on in its settings."),
    { N_("In Zoho Mail: Settings > Mail Accounts > IMAP > enable IMAP Access. The test then gets "
         "past this step.") },
    { LINK_ZOHO_IMAP } },
  { "auth-invalid-credentials", MAIL_FAMILY_ZOHO, NULL,
    N_("Zoho refused the sign-in. This also happens when IMAP access is off, or when two-factor "
       "authentication is on (or you sign in to Zoho with Google or another account) and no "
       "app-specific password is used."),
    { N_("In Zoho Mail: Settings > Mail Accounts > IMAP > enable IMAP Access."),
      N_("Create an app-specific password at https://accounts.zoho.com > Security > App Passwords "
         "and use it here. The sign-in step passes with it."),
      N_("Use the server of your region (for example imap.zoho.eu) and, for your own domain, "
         "imappro.zoho.com / smtppro.zoho.com.") },
    { LINK_ZOHO_IMAP } },
  { "auth-app-password-required", MAIL_FAMILY_ZOHO, NULL, NULL,
    { N_("Create an app-specific password at https://accounts.zoho.com > Security > App Passwords "
         "and use it here. The sign-in step passes with it.") },
    { LINK_ZOHO_IMAP } },
};
const guint mail_diagnosis_n_provider_texts = G_N_ELEMENTS (mail_diagnosis_provider_texts);
