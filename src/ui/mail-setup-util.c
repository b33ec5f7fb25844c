/* mail-setup-util.c: words for people, shared by the wizard's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-setup-util.h"

const char *
mail_setup_security_label (MailSecurity security)
{
  switch (security)
    {
    case MAIL_SECURITY_TLS:
      return _("TLS, encrypted from the start");
    case MAIL_SECURITY_STARTTLS:
      return _("STARTTLS, encrypted after connecting");
    case MAIL_SECURITY_NONE:
      return _("None, not encrypted");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
mail_setup_auth_label (MailAuthKind auth)
{
  switch (auth)
    {
    case MAIL_AUTH_OAUTH2:
      return _("Sign in with the browser (OAuth2)");
    case MAIL_AUTH_PASSWORD:
      return _("Password");
    case MAIL_AUTH_APP_PASSWORD:
      return _("App password");
    case MAIL_AUTH_NONE:
      return _("No sign-in");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
mail_setup_protocol_label (MailProtocol protocol)
{
  return protocol == MAIL_PROTOCOL_IMAP ? _("Receiving (IMAP)") : _("Sending (SMTP)");
}

const char *
mail_setup_step_label (const char *step_name)
{
  static const struct {
    const char *name;
    const char *label;
  } labels[] = {
    { "resolve", N_("Looking up the server") },
    { "connect", N_("Connecting") },
    { "tls", N_("Checking the server’s certificate") },
    { "greeting", N_("Waiting for the server to greet") },
    { "capability", N_("Asking what the server supports") },
    { "starttls", N_("Switching to an encrypted connection") },
    { "ehlo", N_("Introducing this computer") },
    { "authenticate", N_("Signing in") },
    { "select", N_("Opening the inbox") },
    { "sender", N_("Checking you may send as this address") },
    { "logout", N_("Signing out") },
    { "quit", N_("Closing the connection") },
  };

  g_return_val_if_fail (step_name != NULL, "");

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].name, step_name))
      return _(labels[i].label);
  return step_name;
}

char *
mail_setup_format_duration (double ms)
{
  if (ms < 1000.0)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.0f ms"), ms);
  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.1f s"), ms / 1000.0);
}

gboolean
mail_setup_is_web_url (const char *url)
{
  return url != NULL
         && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

void
mail_setup_box_remove_all (GtkBox *box)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_BOX (box));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}
