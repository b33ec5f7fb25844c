/* mail-setup-window.c: the wizard's window; moves between the pages and talks to the core
 *
 * The window owns one journey (MailSetupJourney: the settings, the credential, the results) and
 * one GCancellable for whatever runs: discovery, the browser sign-in or the checks. Escape
 * cancels it, Back cancels it and goes back. The pages only show and ask, through actions
 * (mail-setup-window-actions.c); the pages and the running operation, the welcome and
 * discovery, the sign-in and the check have their own files. This one builds the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-test-hooks.h"
#include "mail-tls-database.h"

#include "mail-setup-util.h"
#include "mail-setup-window-private.h"

G_DEFINE_FINAL_TYPE (MailSetupWindow, mail_setup_window, ADW_TYPE_APPLICATION_WINDOW)

/* ------------------------------------------------------------------------------------------ */
/* Setup */

/* Self-hosted servers and tests: mail-test-hooks.h reads the environment. */
static void
load_environment (MailSetupWindow *self)
{
  const char *ca_file = mail_test_hooks_get_ca_file ();

  mail_test_hooks_load_provider_files (self->registry);
  if (ca_file != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->tls_database = mail_tls_database_new (ca_file, &error);
      if (self->tls_database == NULL)
        g_message ("MAIL_SETUP_CA_FILE ignored: %s", error->message);
      else
        self->ca_file = g_strdup (ca_file);
    }
}

static void
mail_setup_window_dispose (GObject *object)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (object);

  if (self->lifetime != NULL)
    g_cancellable_cancel (self->lifetime);
  g_clear_object (&self->lifetime);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  if (self->journey != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->journey, self);
      /* The secrets go now, whoever still holds the journey. */
      mail_setup_journey_clear_credential (self->journey);
    }
  g_clear_object (&self->journey);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->other_apps, g_ptr_array_unref);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->trust_store);
  g_clear_object (&self->store);
  g_clear_object (&self->registry);
  gtk_widget_dispose_template (GTK_WIDGET (self), MAIL_SETUP_TYPE_WINDOW);

  G_OBJECT_CLASS (mail_setup_window_parent_class)->dispose (object);
}

static void
mail_setup_window_class_init (MailSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_window_dispose;

  g_type_ensure (MAIL_SETUP_TYPE_WELCOME_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_SETTINGS_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_ENABLE_IMAP_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_SIGN_IN_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_CHECKING_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_RESULT_PAGE);
  g_type_ensure (MAIL_SETUP_TYPE_EXPORT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, settings_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, enable_imap_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, checking_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, result_page);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWindow, export_page);

  _mail_setup_window_class_actions_init (widget_class);
}

static void
mail_setup_window_init (MailSetupWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_ptr_array_new ();
  self->lifetime = g_cancellable_new ();
  self->journey = mail_setup_journey_new ();
  /* The title shows the journey's address. */
  g_signal_connect_swapped (self->journey, "notify::email",
                            G_CALLBACK (_mail_setup_window_update_navigation), self);
  /* The pages that show the journey's account follow it. */
  {
    GtkWidget *pages[] = {
      GTK_WIDGET (self->welcome_page), GTK_WIDGET (self->settings_page),
      GTK_WIDGET (self->checking_page), GTK_WIDGET (self->result_page),
      GTK_WIDGET (self->export_page), GTK_WIDGET (self->sign_in_page),
      GTK_WIDGET (self->enable_imap_page),
    };

    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      mail_setup_journey_page_set_journey (MAIL_SETUP_JOURNEY_PAGE (pages[i]), self->journey);
  }
  self->registry = mail_provider_registry_new ();
  mail_provider_registry_load_defaults (self->registry);
  load_environment (self);
  mail_setup_journey_set_ca_file (self->journey, self->ca_file);
  self->trust_store = mail_setup_trust_store_new (mail_test_hooks_get_trust_file ());
  self->store = mail_account_store_new (self->registry);

  mail_setup_result_page_set_export_available (self->result_page, mail_setup_export_page_is_available ());
  _mail_setup_window_update_navigation (self);
  _mail_setup_window_load_accounts (self);
  _mail_setup_window_focus_page (self);
  _mail_setup_window_read_other_apps (self);
}

MailSetupWindow *
mail_setup_window_new (GtkApplication *application)
{
  return g_object_new (MAIL_SETUP_TYPE_WINDOW, "application", application, NULL);
}

const char *
mail_setup_window_get_page_name (MailSetupWindow *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WINDOW (self), NULL);

  return _mail_setup_window_get_page_name (self);
}

GtkWidget *
mail_setup_window_get_page (MailSetupWindow *self,
                            const char      *name)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->stack, name);
}

gboolean
mail_setup_window_get_busy (MailSetupWindow *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WINDOW (self), FALSE);

  return self->cancellable != NULL;
}

char *
mail_setup_window_dup_report (MailSetupWindow *self,
                              gboolean         json)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WINDOW (self), NULL);

  return _mail_setup_window_build_report (self, json);
}
