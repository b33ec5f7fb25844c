/* mail-goa-export.c: hand a verified password account to GNOME Online Accounts
 *
 * GOA's Manager.AddAccount (provider "imap_smtp", identity and presentation identity = the
 * address, credentials a{sv} {imap-password, smtp-password}, details a{ss}) writes the details
 * to accounts.conf and the credentials to its own Secret Service item; Evolution, Geary and
 * Calendar then see the account. The keys are those goa's imap-smtp provider writes itself
 * (goaimapsmtpprovider.c): Enabled, EmailAddress, Name, ImapHost ("host:port"), ImapUserName,
 * ImapUseSsl, ImapUseTls, ImapAcceptSslErrors, SmtpHost, SmtpUseAuth, SmtpUserName,
 * SmtpAuthLogin, SmtpAuthPlain, SmtpUseSsl, SmtpUseTls, SmtpAcceptSslErrors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-goa-export.h"

#define GOA_BUS_NAME "org.gnome.OnlineAccounts"
#define GOA_MANAGER_PATH "/org/gnome/OnlineAccounts/Manager"
#define GOA_PATH "/org/gnome/OnlineAccounts"
#define GOA_TIMEOUT_MS 30000

typedef struct
{
  MailAccountSettings *settings;
  char                *password;
} AddData;

static void
add_data_free (AddData *data)
{
  mail_account_settings_free (data->settings);
  mail_secret_free (data->password);
  g_free (data);
}

static char *
host_port (const MailServer *server)
{
  if (strchr (server->host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", server->host, server->port);
  return g_strdup_printf ("%s:%u", server->host, server->port);
}

static void
add_server (GVariantBuilder  *details,
            const char       *prefix,
            const MailServer *server,
            const char       *email)
{
  g_autofree char *host = host_port (server);
  g_autofree char *host_key = g_strconcat (prefix, "Host", NULL);
  g_autofree char *user_key = g_strconcat (prefix, "UserName", NULL);
  g_autofree char *ssl_key = g_strconcat (prefix, "UseSsl", NULL);
  g_autofree char *tls_key = g_strconcat (prefix, "UseTls", NULL);
  g_autofree char *errors_key = g_strconcat (prefix, "AcceptSslErrors", NULL);

  g_variant_builder_add (details, "{ss}", host_key, host);
  g_variant_builder_add (details, "{ss}", user_key, server->username ? server->username : email);
  g_variant_builder_add (details, "{ss}", ssl_key,
                         server->security == MAIL_SECURITY_TLS ? "true" : "false");
  g_variant_builder_add (details, "{ss}", tls_key,
                         server->security == MAIL_SECURITY_STARTTLS ? "true" : "false");
  g_variant_builder_add (details, "{ss}", errors_key, "false");
}

GVariant *
mail_goa_build_details (const MailAccountSettings  *settings,
                        GError                    **error)
{
  GVariantBuilder details;
  g_autofree char *name = NULL;

  g_return_val_if_fail (settings != NULL, NULL);

  if (settings->imap == NULL || settings->smtp == NULL)
    {
      g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("GNOME Online Accounts needs both an IMAP and an SMTP server."));
      return NULL;
    }
  if (settings->auth == MAIL_AUTH_OAUTH2 || settings->imap->auth == MAIL_AUTH_OAUTH2)
    {
      g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("GNOME Online Accounts signs in to IMAP and SMTP accounts with a "
                             "password. Add OAuth2 accounts (Google, Microsoft) in Settings → "
                             "Online Accounts with their own provider."));
      return NULL;
    }
  if (settings->imap->security == MAIL_SECURITY_NONE ||
      settings->smtp->security == MAIL_SECURITY_NONE)
    {
      g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("GNOME Online Accounts keeps only encrypted IMAP and SMTP accounts "
                             "(TLS or STARTTLS)."));
      return NULL;
    }

  name = mail_email_local_part (settings->email);
  g_variant_builder_init (&details, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&details, "{ss}", "Enabled", "true");
  g_variant_builder_add (&details, "{ss}", "EmailAddress", settings->email);
  g_variant_builder_add (&details, "{ss}", "Name", name ? name : settings->email);
  add_server (&details, "Imap", settings->imap, settings->email);
  g_variant_builder_add (&details, "{ss}", "SmtpUseAuth", "true");
  g_variant_builder_add (&details, "{ss}", "SmtpAuthLogin", "false");
  g_variant_builder_add (&details, "{ss}", "SmtpAuthPlain", "true");
  add_server (&details, "Smtp", settings->smtp, settings->email);
  return g_variant_ref_sink (g_variant_builder_end (&details));
}

static gboolean
goa_unavailable (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT);
}

static void
set_unavailable (GError **error)
{
  g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_FAILED,
                       _("GNOME Online Accounts is not running on this desktop session (or is "
                         "not installed), so the account was not added. Add it in Settings → "
                         "Online Accounts → IMAP and SMTP, or use another export format."));
}

/* TRUE when GOA has an imap_smtp account for email already. */
static gboolean
already_there (GDBusConnection *bus,
               const char      *email,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) objects = NULL;
  GVariantIter iter;
  GVariant *interfaces;
  const char *path;

  reply = g_dbus_connection_call_sync (bus, GOA_BUS_NAME, GOA_PATH,
                                       "org.freedesktop.DBus.ObjectManager", "GetManagedObjects",
                                       NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                                       G_DBUS_CALL_FLAGS_NONE, GOA_TIMEOUT_MS, cancellable,
                                       error);
  if (reply == NULL)
    return FALSE;
  objects = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, objects);
  while (g_variant_iter_next (&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      g_autoptr(GVariant) account = g_variant_lookup_value (interfaces,
                                                            "org.gnome.OnlineAccounts.Account",
                                                            G_VARIANT_TYPE_VARDICT);
      const char *provider = NULL, *identity = NULL;
      gboolean found;

      g_variant_unref (interfaces);
      if (account == NULL)
        continue;
      g_variant_lookup (account, "ProviderType", "&s", &provider);
      g_variant_lookup (account, "Identity", "&s", &identity);
      found = g_strcmp0 (provider, "imap_smtp") == 0 && identity != NULL &&
              g_ascii_strcasecmp (identity, email) == 0;
      if (found)
        return TRUE;
    }
  return FALSE;
}

static void
add_account_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  AddData *data = task_data;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) details = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder credentials;
  char *path = NULL;

  details = mail_goa_build_details (data->settings, &error);
  if (details == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &error);
  if (bus == NULL)
    {
      g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_FAILED,
                               _("There is no desktop session bus here, so GNOME Online Accounts "
                                 "cannot be reached: %s"), error->message);
      return;
    }

  if (already_there (bus, data->settings->email, cancellable, &error))
    {
      g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                               _("GNOME Online Accounts has an IMAP and SMTP account for %s "
                                 "already: nothing was added."), data->settings->email);
      return;
    }
  if (error != NULL)
    {
      if (goa_unavailable (error))
        {
          g_clear_error (&error);
          set_unavailable (&error);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_variant_builder_init (&credentials, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&credentials, "{sv}", "imap-password",
                         g_variant_new_string (data->password));
  g_variant_builder_add (&credentials, "{sv}", "smtp-password",
                         g_variant_new_string (data->password));

  reply = g_dbus_connection_call_sync (bus, GOA_BUS_NAME, GOA_MANAGER_PATH,
                                       "org.gnome.OnlineAccounts.Manager", "AddAccount",
                                       g_variant_new ("(sss@a{sv}@a{ss})", "imap_smtp",
                                                      data->settings->email,
                                                      data->settings->email,
                                                      g_variant_builder_end (&credentials),
                                                      details),
                                       G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE,
                                       GOA_TIMEOUT_MS, cancellable, &error);
  if (reply == NULL)
    {
      if (goa_unavailable (error))
        {
          g_clear_error (&error);
          set_unavailable (&error);
        }
      else
        g_dbus_error_strip_remote_error (error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_variant_get (reply, "(o)", &path);
  g_task_return_pointer (task, path, g_free);
}

void
mail_goa_add_account_async (const MailAccountSettings *settings,
                            const char                *password,
                            GCancellable              *cancellable,
                            GAsyncReadyCallback        callback,
                            gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  AddData *data;

  g_return_if_fail (settings != NULL && password != NULL);

  data = g_new0 (AddData, 1);
  data->settings = mail_account_settings_copy (settings);
  data->password = g_strdup (password);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_goa_add_account_async);
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);
  g_task_run_in_thread (task, add_account_thread);
}

char *
mail_goa_add_account_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
mail_goa_check_running (GError **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) local_error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    {
      set_unavailable (error);
      return FALSE;
    }
  /* The same call AddAccount's caller makes first; it starts GOA where it can be started. */
  already_there (bus, "", NULL, &local_error);
  if (local_error == NULL)
    return TRUE;
  if (goa_unavailable (local_error))
    set_unavailable (error);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
