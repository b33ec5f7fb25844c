/* mail-diagnosis-texts.c: the generic texts: title, explanation, fixes and links per code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a code means for any server. The words of a provider family or a provider are in
 * mail-diagnosis-provider-texts.c and only set what differs.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-diagnosis-tables.h"

/* Title, explanation, fixes, links of every code, in the order of docs/diagnosis-codes.md. */
const MailDiagnosisText mail_diagnosis_texts[] = {
  /* ------------------------------------------------------------------ Network */
  { "dns-not-found", NULL,
    N_("The server name does not exist"),
    N_("This computer asked the internet’s address book (DNS) for “%HOST%” and was told that no "
       "such name exists. Most often the name has a typo or a stray space, or it is the server "
       "that receives mail from other servers (the MX record) rather than the one mail apps use."),
    { N_("Check the server name letter by letter against your provider’s instructions. The test "
         "gets past the name lookup when the name is right."),
      N_("Use the automatic settings: start again from your email address and let Mail Setup find "
         "the servers."),
      N_("If the server belongs to a company network, the name may only exist inside it: connect "
         "to the company VPN and test again.") },
    { NULL } },

  { "dns-failed", NULL,
    N_("Server names cannot be looked up right now"),
    N_("This computer could not reach its name lookup service (DNS), so it cannot turn “%HOST%” "
       "into an address. Usually this computer is offline, the Wi-Fi or cable is not connected, or "
       "the network’s DNS server is not answering."),
    { N_("Open a web page you do not usually visit. If it does not load, fix the internet "
         "connection first, then test again."),
      N_("Reconnect to the Wi-Fi or network; on a hotel or café network, open the browser and "
         "accept its sign-in page."),
      N_("If web pages load but this still fails, restart the router or ask your network "
         "administrator. The test passes once the name lookup succeeds.") },
    { NULL } },

  { "connect-refused", NULL,
    N_("The server refused the connection on this port"),
    N_("“%HOST%” was reached, but nothing accepts connections on port %PORT%. Most often the port "
       "is wrong for this server, the host is the provider’s website rather than its mail server, "
       "or a firewall rejects the port."),
    { N_("Check the port: receiving mail (IMAP) uses 993 (TLS) or 143 (STARTTLS); sending mail "
         "uses "
         "465 (TLS) or 587 (STARTTLS). The test gets past the connection step when the port is "
         "right."),
      N_("Check that the host name is the mail server named in your provider’s instructions, not "
         "its website."),
      N_("If you run this server yourself, check that the mail service is running and that the "
         "firewall allows port %PORT%.") },
    { NULL } },

  { "connect-timeout", NULL,
    N_("The server did not answer in time"),
    N_("No answer came back from “%HOST%” on port %PORT% within the time limit. Usually a firewall "
       "on this network silently drops mail ports (common on company, school and public networks), "
       "the server is down, or this computer lost its connection."),
    { N_("Try another network, for example your phone’s hotspot. If it works there, the first "
         "network blocks mail: ask its administrator to allow port %PORT%."),
      N_("Check the host name and port against your provider’s instructions."),
      N_("Wait a few minutes and test again, in case the server was briefly down.") },
    { NULL } },

  { "server-timeout", NULL,
    N_("The server stopped answering %STAGE%"),
    N_("The connection to “%HOST%” on port %PORT% was made, but then the server stopped "
       "answering %STAGE%: no answer came within the time limit. Usually the server is "
       "overloaded or stuck, a firewall or an antivirus program holds the connection, or the "
       "security setting does not match what the server expects on this port."),
    { N_("Wait a few minutes and test again, in case the server was briefly overloaded."),
      N_("Check the security setting: ports 993 and 465 use TLS from the start, ports 143 and 587 "
         "use STARTTLS. The test gets past this step when the setting matches the port."),
      N_("Try another network, for example your phone’s hotspot. If it works there, the first "
         "network interferes with mail connections.") },
    { NULL } },

  { "network-unreachable", NULL,
    N_("This computer has no route to the server"),
    N_("The network reported that “%HOST%” cannot be reached from here. Usually this computer is "
       "offline, a VPN is needed or is getting in the way, or the server has only an IPv6 address "
       "and this network does not support IPv6."),
    { N_("Check that you are online by opening a web page, then test again."),
      N_("Connect to, or disconnect from, your VPN and test again."),
      N_("If only this server fails, ask your network administrator whether IPv6 works on this "
         "network.") },
    { NULL } },

  { "connection-closed", NULL,
    N_("The server closed the connection unexpectedly"),
    N_("The connection to “%HOST%” was cut off before the check finished. Common causes: the "
       "server is busy or restarting, a firewall or an antivirus program cut the connection, or "
       "the security setting does not match what the server expects on this port."),
    { N_("Test again in a few minutes."),
      N_("Check the security setting: ports 993 and 465 use TLS from the start, ports 143 and 587 "
         "use STARTTLS. The test passes when the setting matches the port."),
      N_("If an antivirus program scans your email, turn its mail scanning off and test again.") },
    { NULL } },

  { "wrong-security-mode", NULL,
    N_("The security setting does not match this port"),
    N_("This computer and the server tried to talk in different ways: one side started an "
       "encrypted connection (TLS) while the other expected plain text first, or the other way "
       "round. This happens when the security setting does not match the port, for example port "
       "993 with STARTTLS, or port 143 with TLS."),
    { N_("Use TLS with ports 993 (IMAP) and 465 (sending), and STARTTLS with ports 143 (IMAP) and "
         "587 (sending). The test gets past the encryption step when they match."),
      N_("If you are not sure, use the automatic settings: start again from your email address.") },
    { NULL } },

  { "not-a-mail-server", NULL,
    N_("Something other than a mail server answered"),
    N_("Something answered at “%HOST%” on port %PORT%, but it is not an IMAP or SMTP mail server: "
       "it may be a web server, a remote login service or another program. Usually the host name "
       "or the port is wrong."),
    { N_("Check host and port against your provider’s instructions (IMAP: 993 or 143; sending: "
         "465 or 587). The test gets past the server’s greeting when they are right."),
      N_("Use the automatic settings: start again from your email address.") },
    { NULL } },

  /* ------------------------------------------------------------------ TLS */
  { "tls-untrusted", NULL,
    N_("The server’s certificate is not from a trusted authority"),
    N_("The server proved its identity with a certificate (a digital ID card) that this computer "
       "cannot check, because it was issued by an authority this computer does not know. Usually "
       "the server uses a self-signed certificate or a company’s private authority, or it does not "
       "send an intermediate certificate. It can also mean that someone is intercepting the "
       "connection, so do not simply accept it."),
    { N_("If this is your organisation’s server, ask the administrator for its authority (CA) "
         "certificate and add it with --ca-file or to the system’s certificate store. The test "
         "then gets past the encryption step."),
      N_("Compare the SHA-256 fingerprint shown here with the one your administrator gives you "
         "over another channel (phone, in person). Trust the certificate only if they are "
         "identical."),
      N_("If this is a well-known provider, this should never happen: try another network, "
         "because this one may be intercepting secure connections.") },
    { NULL } },

  { "tls-expired", NULL,
    N_("The server’s certificate has expired or is not valid yet"),
    N_("A server certificate (its digital ID card) is only valid between two dates, and the time "
       "on this computer is outside them. Either the server’s administrator did not renew the "
       "certificate in time, or this computer’s date and time are wrong."),
    { N_("Check this computer’s date, time and time zone in Settings > System > Date & Time and "
         "turn on automatic date and time. If the clock was wrong, the test now passes."),
      N_("If the clock is right, tell the server’s administrator that the certificate has expired "
         "(the dates are shown here) and wait for the renewal rather than trusting it.") },
    { NULL } },

  { "tls-hostname-mismatch", NULL,
    N_("The certificate belongs to a different server name"),
    N_("The server at “%HOST%” presented a certificate (a digital ID card) made out to other "
       "names. Usually the host name is an alias and the provider wants its own name (for example "
       "mail.provider.com rather than mail.your-domain.com). Less often the connection is being "
       "redirected to another server."),
    { N_("If one of the names shown here is your provider’s mail server, use it as the server "
         "name. The test then gets past the encryption step."),
      N_("Check the exact host name in your provider’s instructions."),
      N_("If the names have nothing to do with your provider, do not continue: try another "
         "network and tell your administrator.") },
    { NULL } },

  { "tls-protocol-mismatch", NULL,
    N_("No common encryption method with the server"),
    N_("This computer and the server could not agree on how to encrypt the connection. Usually the "
       "server offers only old, insecure versions (TLS 1.0 or SSL 3) that this computer refuses, "
           "or "
       "the server asks for a client certificate."),
    { N_("Check the port and security setting: TLS with 993 or 465, STARTTLS with 143 or 587."),
      N_("Ask the server’s administrator to enable TLS 1.2 or newer. The test passes the "
         "encryption step once the server is updated.") },
    { NULL } },

  { "starttls-unavailable", NULL,
    N_("The server does not offer encryption on this port"),
    N_("The security setting asks to switch the connection to encryption (STARTTLS), but the "
       "server on port %PORT% does not offer it. Usually the server expects TLS from the start on "
       "another port. Mail Setup never sends your sign-in without encryption."),
    { N_("Use TLS with port 993 (IMAP) or 465 (sending) instead. The test gets past the "
         "encryption step when the port supports it."),
      N_("If this is your organisation’s server, ask the administrator to enable STARTTLS or "
         "TLS.") },
    { NULL } },

  { "starttls-required", NULL,
    N_("The server wants encryption before sign-in"),
    N_("The server refuses to continue until the connection is encrypted, and the connection was "
       "not encrypted yet: the security setting is “none”, or encryption was not started on this "
       "port."),
    { N_("Set security to STARTTLS (ports 143 and 587) or TLS (ports 993 and 465). The test then "
         "gets past this step.") },
    { NULL } },

  /* Ours: the client, not the server, refused. */
  { "auth-unencrypted", NULL,
    N_("Mail Setup will not send your sign-in over an unencrypted connection"),
    N_("The security setting is “none”, so the password or sign-in token would cross the network "
       "as plain text, readable by anyone on the way. Mail Setup stops before signing in. Only "
       "a server on this computer that you named yourself is exempt."),
    { N_("Set security to TLS (port 993 for IMAP, 465 for sending) or STARTTLS (ports 143 and "
         "587). The test then gets past the sign-in step."),
      N_("If the server offers no encryption at all, ask its administrator to turn on TLS: "
         "until then every mail app sends your password in the clear.") },
    { NULL } },

  /* ------------------------------------------------------------------ Authentication */
  { "auth-mechanism-unavailable", NULL,
    N_("The server does not offer the sign-in method needed"),
    N_("The server lists the sign-in methods it accepts, and the one this account needs is not "
       "among them. Usually the account is set up for browser sign-in (OAuth2) but the server only "
       "accepts passwords, or the server only offers an old method."),
    { N_("Choose the other sign-in method for this account (password instead of browser sign-in, "
         "or the reverse) and test again."),
      N_("Check the server name: some providers use separate servers for browser sign-in."),
      N_("If this is your organisation’s server, ask the administrator which sign-in methods it "
         "accepts.") },
    { NULL } },

  { "auth-invalid-credentials", NULL,
    N_("The user name or password is wrong"),
    N_("The server refused the user name and password. Usually the password has a typo or was "
       "changed, or the server wants a different user name (the full address or only the part "
       "before the @). Some providers also want an app password instead of your normal password."),
    { N_("Type the password again carefully (watch Caps Lock and the keyboard layout). The "
         "sign-in step passes when it is right."),
      N_("Try the user name the provider asks for: usually your full address %EMAIL%, sometimes "
         "only the part before the @."),
      N_("Sign in to your provider’s webmail with the same password. If that fails too, reset the "
         "password there."),
      N_("If your provider offers app passwords, create one and use it here instead.") },
    { NULL } },

  { "auth-app-password-required", NULL,
    N_("Your provider wants an app password"),
    N_("Your provider does not accept your normal password in mail apps. It wants an app password: "
       "a separate password generated for one app, which you can withdraw at any time without "
       "changing your main password."),
    { N_("Sign in to your provider’s website, open its security settings and create an app "
         "password named “Mail Setup”."),
      N_("Use the app password here instead of your normal password. The sign-in step passes "
         "with it.") },
    { NULL } },

  { "auth-web-login-required", NULL,
    N_("Your provider wants you to confirm this sign-in in a browser"),
    N_("Your provider blocked the sign-in until you confirm it on its website. Providers do this "
       "when a sign-in comes from a new place or app, to make sure it is really you."),
    { N_("Sign in to your provider’s webmail in a browser on this computer and answer any security "
         "question it asks."),
      N_("Look for a security alert by email or on your phone and confirm that the sign-in was "
         "you."),
      N_("Test again within a few minutes: the sign-in step passes once the sign-in is "
         "confirmed.") },
    { NULL } },

  { "auth-basic-disabled", NULL,
    N_("This provider no longer accepts passwords in mail apps"),
    N_("The server refused password sign-in for IMAP or SMTP: passwords are switched off for this "
       "provider or organisation, and sign-in through the browser (OAuth2) is required."),
    { N_("Choose “Sign in with browser” (OAuth2) for this account. The sign-in step passes with "
         "it."),
      N_("If your organisation manages the account and browser sign-in is not possible, ask the "
         "administrator whether IMAP and SMTP are allowed for you.") },
    { NULL } },

  { "auth-oauth-token-rejected", NULL,
    N_("The server refused your sign-in"),
    N_("The server did not accept the access token, the temporary key this app received when you "
       "signed in through the browser. Usually the saved sign-in expired or was withdrawn, it "
       "belongs to another account than %EMAIL%, or it was issued for a different service."),
    { N_("Sign in again through the browser and choose the account %EMAIL%. The sign-in step "
         "passes when the new key is accepted."),
      N_("If you have several accounts, check that you picked the right one in the browser."),
      N_("If this is your organisation’s server, ask the administrator whether it accepts "
         "sign-ins from this provider for %EMAIL%.") },
    { NULL } },

  { "auth-oauth-scope", NULL,
    N_("The sign-in lacks permission to use mail"),
    N_("You signed in, but the permission (scope) granted to this app does not include mail on "
       "this server. Usually the mail permission was not granted on the consent page, or the app "
       "asked for permission for another service."),
    { N_("Sign in again and allow every permission the page asks for, in particular access to "
         "mail. The sign-in step passes afterwards."),
      N_("If your organisation restricts permissions, ask the administrator to allow mail access "
         "(IMAP and SMTP) for this app.") },
    { NULL } },

  { "auth-too-many-attempts", NULL,
    N_("Too many sign-in attempts"),
    N_("The server temporarily stopped accepting sign-ins for this account after several failed "
       "attempts. This protects the account from password guessing. Another device that still "
       "uses an old password can cause it too."),
    { N_("Wait 15 to 30 minutes without trying."),
      N_("Update or remove the password in other devices and apps that use this account; they "
         "may keep retrying with an old one."),
      N_("Then test once with the correct password. The sign-in step passes when the block has "
         "expired.") },
    { NULL } },

  { "auth-temporary-failure", NULL,
    N_("The server’s sign-in service failed for a moment"),
    N_("The server could not check your sign-in right now because of a problem on its side. This "
       "says nothing about your password."),
    { N_("Wait a few minutes and test again. The test passes once the server has recovered."),
      N_("If it keeps happening, check the provider’s status page or tell its administrator.") },
    { NULL } },

  /* ------------------------------------------------------------------ Account and mailbox */
  { "imap-disabled", NULL,
    N_("IMAP is turned off for this mailbox"),
    N_("You signed in, but the server refuses IMAP access to this mailbox. Most often IMAP is "
       "switched off in the account’s settings or by the organisation’s administrator. It can also "
       "mean that the account you signed in with has no permission to this mailbox, or that the "
       "provider’s systems failed for a moment."),
    { N_("Turn on IMAP in your mail account’s web settings (often under Settings > Mail > POP and "
         "IMAP). The test gets past the inbox step afterwards."),
      N_("If your organisation manages the account, ask the administrator to enable IMAP for "
         "%EMAIL%."),
      /* xgettext:no-c-format */
      N_("Check that you signed in as %EMAIL% itself, then test again later in case of a "
         "temporary problem.") },
    { NULL } },

  { "too-many-connections", NULL,
    N_("Too many connections to this account at once"),
    N_("The server limits how many connections one account may have at the same time, and the "
       "limit is reached. Every mail app and device that uses this account keeps one or more "
       "connections open."),
    { N_("Close or sign out mail apps that use this account on this and other computers and "
         "phones, then test again."),
      N_("Wait up to 30 minutes for old connections to time out. The test passes once a "
         "connection is free."),
      N_("If you run the server yourself (Dovecot), raise mail_max_userip_connections.") },
    { NULL } },

  { "server-unavailable", NULL,
    N_("The server is temporarily unavailable"),
    N_("The server answered but said it cannot serve you right now. Usually it is overloaded, "
       "under maintenance or restarting. Some servers also answer like this when they refuse "
       "connections from your network."),
    { N_("Wait a few minutes and test again."),
      N_("Check the provider’s status page."),
      N_("If it keeps happening only on this network, try another one: the network’s address may "
         "be blocked.") },
    { NULL } },

  { "mailbox-unavailable", NULL,
    N_("The inbox cannot be opened"),
    N_("You signed in, but the server would not open the mailbox used for the test. It may not "
       "exist under that name, or this account has no permission to it."),
    { N_("Check the mailbox name (the default is INBOX) and test again with the default."),
      N_("Sign in to webmail and check that you can open the mailbox there."),
      N_("If it is a shared mailbox, ask its owner or the administrator for access.") },
    { NULL } },

  /* ------------------------------------------------------------------ SMTP */
  { "smtp-auth-disabled", NULL,
    N_("Signing in to send mail is turned off for this account"),
    N_("The outgoing mail server refused sign-in for sending (SMTP AUTH): it is turned off for "
       "this mailbox or for the whole organisation."),
    { N_("Ask the administrator to turn on authenticated SMTP for %EMAIL%. The sending check then "
         "gets past the sign-in step.") },
    { NULL } },

  { "smtp-auth-required", NULL,
    N_("The server wants you to sign in before sending"),
    N_("The outgoing mail server refused to send without sign-in. Usually sign-in for sending is "
       "switched off in the settings, or the connection uses port 25, which is for servers; mail "
       "apps use 587 or 465."),
    { N_("Turn on sign-in for outgoing mail, with the same account as for incoming mail. The test "
         "gets past the sender check afterwards."),
      N_("Use port 587 with STARTTLS or port 465 with TLS.") },
    { NULL } },

  { "smtp-ehlo-rejected", NULL,
    N_("The server rejected this computer’s name"),
    N_("A mail app introduces itself to the server with a name (the EHLO greeting). The server "
       "rejected the name this computer sent, usually because it contains spaces or is not a "
       "complete domain name."),
    { N_("Give this computer a simple name without spaces (Settings > System > About > Device "
         "Name), then test again."),
      N_("If it still fails, send the server’s words shown here to the Mail Setup developers.") },
    { NULL } },

  { "smtp-send-as-denied", NULL,
    N_("You may not send from this address"),
    N_("You signed in, but the server does not let this account send mail as %EMAIL%. Usually the "
       "sign-in account and the sender address differ (an alias, a shared mailbox or another "
       "person’s address) and the account has no permission to send as it."),
    { N_("Send from the address you sign in with, or sign in with the account that owns %EMAIL%. "
         "The test gets past the sender check afterwards."),
      N_("If you need to send as this address, ask the administrator to give your account “Send "
         "As” permission for it.") },
    { NULL } },

  /* ------------------------------------------------------------------ OAuth2 sign-in */
  { "oauth-client-id-missing", NULL,
    N_("This app has no sign-in registration for this provider"),
    N_("Browser sign-in (OAuth2) needs an app registration, identified by a client ID, at the "
       "provider. None is configured for this provider in this copy of Mail Setup."),
    { N_("Use a build of Mail Setup that includes a client ID for this provider, or add your "
         "organisation’s client ID to the provider file (ClientId=)."),
      N_("If the provider allows it, use a password or an app password instead.") },
    { NULL } },

  { "oauth-redirect-mismatch", NULL,
    N_("The sign-in registration does not accept this app’s return address"),
    N_("After you sign in, the provider sends the browser back to this app at an address on this "
       "computer (the redirect URI, such as http://localhost). The app registration at the "
       "provider does not list that address, so the provider refused."),
    { N_("If your organisation registered the app, ask the administrator to add the redirect URI "
         "http://localhost (or http://127.0.0.1) for a desktop app to the registration. Sign in "
         "again afterwards: the browser then returns to the app."),
      N_("Check that the client ID configured here is the one registered for Mail Setup.") },
    { NULL } },

  { "oauth-client-unknown", NULL,
    N_("The provider does not know this app"),
    N_("The provider does not know the app’s client ID (its registration), or does not allow it "
       "for your account. Usually the client ID is mistyped or was deleted, or the registration "
       "belongs to another organisation and is not available in yours."),
    { N_("Check the client ID configured for this provider."),
      N_("If your organisation uses its own registration, ask the administrator for its client "
         "ID. Sign in again afterwards: the provider’s page then shows the permission request.") },
    { NULL } },

  { "oauth-client-disabled", NULL,
    N_("This app was disabled at the provider"),
    N_("The app registration was disabled or deleted by the provider or by your organisation, so "
       "nobody can sign in with it."),
    { N_("Ask your administrator whether the app is blocked in your organisation and whether it "
         "can be enabled again."),
      N_("Use another registration (client ID) if your organisation provides one, then sign in "
         "again.") },
    { NULL } },

  { "oauth-client-not-public", NULL,
    N_("The sign-in registration is set up for a web server, not a desktop app"),
    N_("The provider asked for a secret that only web servers have: the app registration is set "
       "up as a confidential (web) client, and desktop apps cannot keep a secret."),
    { N_("Ask the administrator to register the redirect URI as a desktop (public) client and to "
         "allow public client flows. Sign in again afterwards: the sign-in completes.") },
    { NULL } },

  { "oauth-wrong-account-type", NULL,
    N_("This kind of account cannot sign in with this app registration"),
    N_("The app registration does not accept this kind of account. Usually it accepts only work or "
       "school accounts and you used a personal one (or the reverse), or your account does not "
       "belong to the organisation the registration is limited to."),
    { N_("Sign in with the other kind of account if you have one (work or personal), or ask the "
         "administrator to allow both kinds of account in the registration."),
      N_("If you are a guest in another organisation, sign in through that organisation’s own "
         "address.") },
    { NULL } },

  { "oauth-admin-consent-required", NULL,
    N_("An administrator must approve this app first"),
    N_("Your organisation lets people sign in only to apps an administrator has approved, and Mail "
       "Setup is not approved yet."),
    { N_("Ask your IT administrator to approve Mail Setup for mail access (“grant admin "
         "consent”). Sign in again afterwards: the page no longer asks for approval.") },
    { NULL } },

  { "oauth-consent-required", NULL,
    N_("Your permission for this app is missing"),
    N_("The provider needs your permission for this app to use your mail, and it was never given "
       "or has been withdrawn."),
    { N_("Sign in again through the browser and accept the permission request. The sign-in then "
         "completes.") },
    { NULL } },

  { "oauth-consent-declined", NULL,
    N_("The permission request was declined"),
    N_("The sign-in page asked whether this app may use your mail, and the answer was no (or the "
       "page was cancelled). Without that permission the app cannot check your mail."),
    { N_("Sign in again and choose Allow or Accept on the permission page. The sign-in then "
         "completes.") },
    { NULL } },

  { "oauth-mfa-required", NULL,
    N_("A second sign-in step is needed"),
    N_("Your account requires multi-factor sign-in (a code from your phone, an app approval or a "
       "security key), and it was not done or is no longer valid, for example after you moved to a "
       "new place."),
    { N_("Sign in again through the browser and complete the second step. The sign-in then "
         "completes."),
      N_("If you have not set up a second step yet, set it up in your account’s security settings "
         "first.") },
    { NULL } },

  { "oauth-conditional-access", NULL,
    N_("Your organisation’s policy blocked this sign-in"),
    N_("An access policy of your organisation blocked this sign-in, for example because of this "
       "device, this app, your location or the sign-in method."),
    { N_("Ask your IT administrator which policy blocked the sign-in (it appears in the sign-in "
         "logs) and whether this app or device can be allowed. Sign in again afterwards.") },
    { NULL } },

  { "oauth-refresh-expired", NULL,
    N_("Your saved sign-in has expired"),
    N_("Mail Setup keeps a long-lived sign-in so that you do not have to sign in every time. The "
       "provider no longer accepts it: it expired, was withdrawn (by you, by a password change or "
       "by an administrator), or was not used for too long."),
    { N_("Sign in again through the browser. The new sign-in is saved and the test passes."),
      N_("If this happens every week, the app registration is probably still in a testing mode: "
         "tell whoever maintains the registration.") },
    { NULL } },

  { "oauth-invalid-scope", NULL,
    N_("The provider refused the permissions requested"),
    N_("The app asked for permissions (scopes) that the provider does not know or does not allow "
       "for this registration."),
    { N_("Update Mail Setup or the provider file: the permissions for this provider may have "
         "changed."),
      N_("If your organisation registered the app, ask the administrator to add the mail "
         "permissions (IMAP, SMTP and offline access) to the registration. Sign in again "
         "afterwards.") },
    { NULL } },

  { "oauth-flow-blocked", NULL,
    N_("The provider no longer allows this kind of sign-in"),
    N_("The provider blocked the sign-in method this app used, or blocked the app under its "
       "policies (for example Google’s retired copy-and-paste sign-in, or an app that is not "
       "verified)."),
    { N_("Update Mail Setup: current versions use a supported sign-in method."),
      N_("If you use your own app registration, check its status in the provider’s developer "
         "console."),
      N_("Use an app password instead if the provider offers them.") },
    { NULL } },

  { "oauth-state-mismatch", NULL,
    N_("The browser’s answer did not belong to this sign-in"),
    N_("The answer that came back from the browser does not match the sign-in this app started. "
       "Usually a tab from an earlier attempt was used; rarely, it is an attempt to slip you "
       "someone else’s sign-in. Nothing was saved."),
    { N_("Close old sign-in tabs, start the sign-in again and finish it in the tab that opens. The "
         "sign-in then completes.") },
    { NULL } },

  { "oauth-timeout", NULL,
    N_("The browser never came back to the app"),
    N_("The sign-in page opened in your browser, but the app did not get an answer in time. Many "
       "problems are shown only on the provider’s page and never reach the app, so look at the "
       "browser tab. It usually says one of these:\n"
       "• the redirect URI or reply address does not match the registration "
       "(“redirect_uri_mismatch”);\n"
       "• the app is disabled, blocked or not verified;\n"
       "• your account is not part of the organisation, or is the wrong kind (personal or work);\n"
       "• an administrator must approve the app;\n"
       "• the page is still waiting for you to sign in or to choose an account."),
    { N_("Look at the browser tab that opened and read what it says; the list above explains the "
         "usual messages."),
      N_("If the page was waiting for you, sign in again and finish within a few minutes."),
      N_("If the page shows an error, show it to your administrator or follow the advice for that "
         "error (return address, disabled app, account type, administrator approval).") },
    { NULL } },

  { "oauth-endpoint-error", NULL,
    N_("The provider’s sign-in service failed"),
    N_("The provider’s sign-in service answered with an error or with something that is not a "
       "valid answer (for example a web page instead of data). Usually this is a temporary problem "
       "at the provider, or a proxy or filter on this network changed the answer."),
    { N_("Wait a few minutes and sign in again."),
      N_("On a company, school or hotel network, try another network: a proxy may be "
         "interfering.") },
    { NULL } },

  { "oauth-endpoint-timeout", NULL,
    N_("The provider’s sign-in service did not answer in time"),
    N_("Mail Setup waited for the provider’s sign-in service %STAGE%, and its answer did not "
       "arrive completely within the time limit. The service is slow or stuck, or so is the "
       "network between you and it. Your saved sign-in was not changed."),
    { N_("Try again in a few minutes."),
      N_("If it keeps happening, try another network, or give the command more time with "
         "--timeout.") },
    { NULL } },

  { "oauth-device-code-expired", NULL,
    N_("The sign-in code was not used in time"),
    N_("Signing in with a code works only for a few minutes (or until the time limit you gave): "
       "the code was not entered and confirmed on the sign-in page before then."),
    { N_("Sign in again, open the address on any device, enter the new code it shows and "
         "confirm within a few minutes.") },
    { NULL } },

  { "oauth-tenant-required", NULL,
    N_("Sign in through your organisation"),
    N_("The app registration used for signing in belongs to one organisation (a single-tenant "
       "app), or your organisation does not allow the shared “common” sign-in address. The "
       "sign-in has to go through your organisation’s own address (AADSTS50194)."),
    { N_("Sign in again and give your organisation: its domain (for example contoso.com) or its "
         "directory (tenant) ID, under Advanced on the settings page, or with mail-setup-cli "
         "login --tenant."),
      N_("The directory (tenant) ID is shown in the Microsoft Entra admin center under "
         "Overview.") },
    { "https://learn.microsoft.com/entra/fundamentals/how-to-find-tenant" } },

  { "shared-mailbox-denied", NULL,
    N_("You are signed in, but not let into this shared mailbox"),
    N_("%EMAIL% is opened with the sign-in of another account, a delegate. The server accepted "
       "that sign-in but not access to %EMAIL% with it: an administrator has to grant the "
       "delegate access to the mailbox (in Exchange Online “Full Access”, and “Send As” to send "
       "from it)."),
    { /* xgettext:no-c-format */
      N_("Ask the administrator of %EMAIL% to give your account Full Access to it, and Send As if "
         "you send from it. The permission can take up to an hour to work."),
      N_("Administrators of Exchange Online, in PowerShell: Add-MailboxPermission -Identity "
         "%EMAIL% -User YOUR-ADDRESS -AccessRights FullAccess, and Add-RecipientPermission "
         "-Identity %EMAIL% -Trustee YOUR-ADDRESS -AccessRights SendAs.") },
    { "https://learn.microsoft.com/powershell/module/exchange/add-mailboxpermission" } },

  /* ------------------------------------------------------------------ Keyring */
  { "keyring-unavailable", NULL,
    N_("No password store (keyring) is available"),
    N_("Mail Setup keeps passwords and sign-ins in the system’s keyring (a Secret Service), and "
       "none is running. Usually this desktop has no GNOME Keyring or KWallet, or this is a remote "
       "session without one."),
    { N_("Install and start a Secret Service keyring, for example GNOME Keyring (gnome-keyring) or "
         "KeePassXC with Secret Service integration, then try again."),
      N_("In a remote session, run the command inside a desktop session instead, or start "
         "gnome-keyring-daemon first.") },
    { NULL } },

  { "keyring-locked", NULL,
    N_("The keyring is locked"),
    N_("The keyring (the system’s password store) is locked and was not unlocked, for example "
       "because the unlock window was closed."),
    { N_("Try again and enter your keyring password (usually your login password) when asked."),
      N_("If no window appears, open Passwords and Keys and unlock the “Login” keyring, then try "
         "again.") },
    { NULL } },

  /* ------------------------------------------------------------------ Discovery */
  /* Ours: the client refused before connecting. */
  { "settings-untrusted", NULL,
    N_("Mail Setup will not sign in to a server it cannot vouch for"),
    N_("%HOST% was found in a place that someone on your network or in DNS could have changed, "
       "so your password or token might go to someone else. Nothing was sent."),
    { N_("Check the server names with your provider’s help pages. If they are right, name them "
         "yourself (--imap and --smtp, or “Enter Settings Myself” in the app) or accept them "
         "(--accept-discovered, or “Use These Settings”); the check then signs in."),
      N_("If you run the domain, publish its settings over HTTPS at autoconfig.<domain>, naming "
         "servers inside the domain: Mail Setup then trusts them without asking.") },
    { NULL } },

  { "settings-not-found", NULL,
    N_("No settings were found for this address"),
    N_("No settings for %HOST% were found. Enter the settings yourself: your provider’s help "
       "pages list the IMAP and SMTP server names."),
    { N_("Enter the IMAP and SMTP servers yourself (“Enter Settings Myself” in the app, or --imap "
         "and --smtp with mail-setup-cli test): your provider’s help pages list them."),
      N_("Check the part of the address after the @ for a typo."),
      N_("If this computer is offline or its name lookups (DNS) do not answer, connect to the "
         "internet and try again.") },
    { NULL } },

  /* ------------------------------------------------------------------ Fallback */
  { "unknown", NULL,
    N_("The check failed for a reason Mail Setup does not recognise"),
    N_("The check stopped %STAGE%, and Mail Setup does not recognise the reason. The server’s own "
       "words are shown here; they often name the problem."),
    { N_("Read the server’s words and look them up on your provider’s help pages."),
      N_("Test again in a few minutes."),
      N_("If it still fails, send the server’s words and the step to your provider’s support or "
         "your administrator.") },
    { NULL } },

  /* ================================================================== Microsoft */
};
const guint mail_diagnosis_n_texts = G_N_ELEMENTS (mail_diagnosis_texts);
