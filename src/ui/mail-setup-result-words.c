/* mail-setup-result-words.c: the wizard's short words for the failures people meet most
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-setup-result-words.h"

/* The wizard's own words for the failures people meet most: a short title and two
 * sentences. The CLI and the report keep the core's longer text. */
const char *
mail_setup_result_words (const char           *code,
                         MailProviderAudience  audience,
                         const char          **title)
{
  static const struct
  {
    const char *code;
    MailProviderAudience audience;  /* UNKNOWN: any */
    const char *title;
    const char *text;
  } words[] = {
    { "imap-disabled", MAIL_PROVIDER_AUDIENCE_ORGANISATION, N_("Your Organisation Has Turned Off IMAP"),
      N_("You signed in, but your organisation does not let mail apps open this mailbox. Only your administrator can turn IMAP on: send them the report.") },
    { "imap-disabled", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("IMAP Is Turned Off"),
      N_("You signed in, but the server would not open your mailbox. Usually IMAP is turned off in your account’s settings.") },
    { "tls-untrusted", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server’s Identity Cannot Be Checked"),
      N_("Its certificate comes from an authority this computer does not know. That is normal for a server at home or at work, but it can also mean that someone is listening in.") },
    { "tls-hostname-mismatch", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Certificate Belongs to Another Server"),
      N_("The server showed a certificate for a different name. The server name may be wrong, or someone may be listening in.") },
    { "tls-expired", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server’s Certificate Has Expired"),
      N_("Your mail is not safe on this connection until the server’s administrator renews the certificate. Send them the report.") },
    { "auth-invalid-credentials", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Password Was Not Accepted"),
      N_("The server says the user name or the password is wrong. Check the password and sign in again.") },
    { "auth-app-password-required", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("This Account Needs an App Password"),
      N_("Your provider does not let mail apps use your account password. Create an app password on its website and sign in with it.") },
    { "connect-refused", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server Cannot Be Reached"),
      N_("Mail Setup could not connect to the server. Check your internet connection and the server name.") },
    { "connect-timeout", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server Cannot Be Reached"),
      N_("Mail Setup could not connect to the server. Check your internet connection and the server name.") },
    { "dns-not-found", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server Cannot Be Found"),
      N_("No server has this name. Check the server name in the settings.") },
    { "smtp-auth-disabled", MAIL_PROVIDER_AUDIENCE_ORGANISATION, N_("Your Organisation Has Turned Off Sending"),
      N_("Your organisation does not let mail apps sign in to send mail. Only your administrator can turn it on: send them the report.") },
    { "smtp-auth-disabled", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Sending Is Turned Off for This Account"),
      N_("The server does not let mail apps sign in to send mail. Your provider or administrator must turn it on.") },
    /* The other common failures, short. */
    { "dns-failed", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Server Names Cannot Be Looked Up"),
      N_("This computer could not look up the server’s name. Check your internet connection and try again.") },
    { "network-unreachable", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("You Are Offline"),
      N_("This computer has no route to the server. Connect to the internet and try again.") },
    { "connection-closed", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server Hung Up"),
      N_("The server closed the connection before the check was done. Try again in a few minutes.") },
    { "wrong-security-mode", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Connection Security Does Not Match"),
      N_("The server expects another kind of encryption on this port. Edit the settings and choose the port and security your provider names.") },
    { "not-a-mail-server", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("This Is Not a Mail Server"),
      N_("Something answered, but not a mail server. Check the server name and port in the settings.") },
    { "starttls-unavailable", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server Offers No Encryption"),
      N_("The server cannot encrypt the connection, so Mail Setup will not send your password. Ask your provider for secure settings.") },
    { "auth-web-login-required", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Sign In on the Provider’s Website First"),
      N_("Your provider wants you to confirm this sign-in on its website. Sign in there, then try again.") },
    { "auth-basic-disabled", MAIL_PROVIDER_AUDIENCE_ORGANISATION, N_("Your Organisation Does Not Allow Passwords"),
      N_("Your organisation turned off sign-in with a password for mail apps. Sign in with the browser, or ask your administrator.") },
    { "auth-basic-disabled", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Passwords Are Not Accepted Here"),
      N_("This provider no longer lets mail apps sign in with a password. Sign in with the browser instead.") },
    { "auth-oauth-token-rejected", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Sign-In Was Not Accepted"),
      N_("The mail server did not accept the sign-in from the browser. Sign in again with the same account.") },
    { "auth-too-many-attempts", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Too Many Sign-In Attempts"),
      N_("The server blocks sign-ins for a while after too many tries. Wait a few minutes, then try again.") },
    { "auth-temporary-failure", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server Could Not Check Your Sign-In"),
      N_("A problem on the server’s side; it says nothing about your password. Try again in a few minutes.") },
    { "too-many-connections", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Too Many Apps Are Connected"),
      N_("Other mail apps and phones use all the connections this account may have. Close some of them, or wait half an hour, then try again.") },
    { "server-unavailable", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server Is Not Available Right Now"),
      N_("The mail server has a problem of its own. Try again later.") },
    { "server-timeout", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Server Stopped Answering"),
      N_("The server took too long to answer. Check your internet connection and try again.") },
    { "oauth-consent-declined", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Access Was Not Allowed"),
      N_("In the browser, access to your mail was not allowed. Sign in again and choose Allow.") },
    { "oauth-admin-consent-required", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Your Administrator Must Allow Mail Setup"),
      N_("Your organisation lets only approved apps read mail. Send the report to your administrator and ask them to approve Mail Setup.") },
    { "oauth-conditional-access", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Your Organisation Blocked This Sign-In"),
      N_("A rule of your organisation does not allow this sign-in from here. Send the report to your administrator.") },
    { "oauth-refresh-expired", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("Please Sign In Again"),
      N_("The saved sign-in has expired or was withdrawn. Sign in again in the browser.") },
    { "oauth-timeout", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Browser Sign-In Was Not Finished"),
      N_("Mail Setup waited, but the sign-in in the browser did not finish. Sign in again.") },
    { "keyring-locked", MAIL_PROVIDER_AUDIENCE_UNKNOWN, N_("The Keyring Is Locked"),
      N_("Mail Setup could not save your password because the keyring is locked. Try again and unlock it with your login password.") },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (code, words[i].code) == 0
        && (words[i].audience == MAIL_PROVIDER_AUDIENCE_UNKNOWN || words[i].audience == audience))
      {
        *title = _(words[i].title);
        return _(words[i].text);
      }
  return NULL;
}
