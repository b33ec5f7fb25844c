/* mail-setup-settings-page.c: the settings found for an address, and where each came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "mail-server.h"
#include "mail-setup-lookup-row.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-settings-rows.h"
#include "mail-validate.h"
#include "mail-setup-util.h"

typedef struct
{
  MailProtocol   protocol;
  MailServer    *original;      /* as found, or NULL */

  /* Shown */
  AdwActionRow  *server_row;
  AdwActionRow  *username_row;
  AdwActionRow  *source_row;
  GtkWidget     *source_button;

  /* Edited */
  AdwEntryRow   *host_row;
  AdwEntryRow   *port_row;
  AdwEntryRow   *user_row;
  AdwComboRow   *security_combo;
} ServerRows;

struct _MailSetupSettingsPage
{
  MailSetupJourneyPage parent_instance;

  GtkStack            *state_stack;
  AdwStatusPage       *searching_status;
  GtkLabel            *provider_label;
  GtkLabel            *email_label;
  GtkBox              *notes_box;
  AdwPreferencesGroup *trust_group;
  GPtrArray           *trust_rows;    /* GtkWidget * in trust_group */
  gboolean             confirmed;     /* the person chose to use the untrusted servers */
  GtkStack            *mode_stack;
  AdwPreferencesGroup *summary_group;
  AdwActionRow        *summary_row;
  AdwPreferencesGroup *auth_group;
  gboolean             summary;       /* a known provider with nothing to decide */
  AdwPreferencesGroup *imap_group;
  AdwPreferencesGroup *smtp_group;
  AdwPreferencesGroup *imap_edit_group;
  AdwPreferencesGroup *smtp_edit_group;
  AdwActionRow        *auth_row;
  AdwComboRow         *auth_combo;
  GtkToggleButton     *edit_button;
  GtkLabel            *error_label;
  GtkWidget           *lookups_list;
  AdwExpanderRow      *lookups_row;
  GPtrArray           *lookup_rows;   /* GtkWidget * in lookups_row */
  AdwPreferencesGroup *advanced_group;
  AdwEntryRow         *shared_row;
  AdwEntryRow         *tenant_row;
  GtkLabel            *advanced_error_label;
  char                *email;       /* of the settings shown */
  MailProvider        *provider;    /* of the settings shown, or NULL */

  ServerRows           rows[2];
  MailAuthKind         auth;
  MailAuthKind         auth_choices[3];
  guint                n_auth_choices;
  gboolean             filling;     /* set_settings is writing the rows: not an edit */
};

G_DEFINE_FINAL_TYPE (MailSetupSettingsPage, mail_setup_settings_page, MAIL_SETUP_TYPE_JOURNEY_PAGE)

static void mail_setup_settings_page_follow (MailSetupJourneyPage *page,
                                             MailSetupJourney     *journey);

static const MailSecurity security_choices[] = {
  MAIL_SECURITY_TLS, MAIL_SECURITY_STARTTLS, MAIL_SECURITY_NONE,
};

/* Checks the edit rows; returns the first problem for people, or NULL. */
static const char *
validate (MailSetupSettingsPage *self)
{
  const char *problem = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    {
      ServerRows *rows = &self->rows[i];
      const char *host = gtk_editable_get_text (GTK_EDITABLE (rows->host_row));
      const char *port_text = gtk_editable_get_text (GTK_EDITABLE (rows->port_row));
      gboolean host_ok = mail_host_is_valid (host);
      guint16 port;
      gboolean port_ok = mail_setup_parse_port (port_text, &port);

      mail_setup_row_set_error (GTK_WIDGET (rows->host_row), !host_ok && *host != '\0');
      mail_setup_row_set_error (GTK_WIDGET (rows->port_row), !port_ok);
      if (problem == NULL && !host_ok)
        problem = *host == '\0'
                  ? (rows->protocol == MAIL_PROTOCOL_IMAP
                     ? _("Enter the host name of the incoming (IMAP) server.")
                     : _("Enter the host name of the outgoing (SMTP) server."))
                  : _("A host name may contain only letters, digits, dots and hyphens, or be an IP address.");
      if (problem == NULL && !port_ok)
        problem = _("A port is a number from 1 to 65535.");
      {
        const char *user = gtk_editable_get_text (GTK_EDITABLE (rows->user_row));
        gboolean user_ok = *user == '\0' || mail_validate_user_name (user, "user", NULL);

        mail_setup_row_set_error (GTK_WIDGET (rows->user_row), !user_ok);
        if (problem == NULL && !user_ok)
          problem = _("A user name may not hold line breaks or control characters, and has at "
                      "most 320 bytes.");
      }
    }
  return problem;
}

/* Advanced: a shared mailbox's delegate must be another valid address, and a tenant must be
 * one the provider's sign-in can use. */
static char *
validate_advanced (MailSetupSettingsPage *self)
{
  g_autofree char *delegate = mail_setup_settings_page_dup_delegate (self);
  g_autofree char *tenant = mail_setup_settings_page_dup_tenant (self);
  g_autoptr(GError) error = NULL;

  if (delegate != NULL && !mail_email_validate (delegate, &error))
    return g_strdup (error->message);
  if (delegate != NULL && g_ascii_strcasecmp (delegate, self->email ? self->email : "") == 0)
    return g_strdup (_("To open a shared mailbox, sign in with your own, other address."));
  if (tenant != NULL)
    {
      g_autoptr(MailProvider) copy = self->provider != NULL
        ? mail_provider_with_tenant (self->provider, tenant, &error) : NULL;

      if (copy == NULL)
        return g_strdup (error != NULL ? error->message : "");
    }
  return NULL;
}

static void
update_validity (MailSetupSettingsPage *self)
{
  const char *problem = NULL;
  g_autofree char *advanced_problem = NULL;

  if (gtk_toggle_button_get_active (self->edit_button))
    problem = validate (self);
  if (problem == NULL && gtk_widget_get_visible (GTK_WIDGET (self->advanced_group)))
    advanced_problem = validate_advanced (self);
  gtk_label_set_label (self->advanced_error_label, advanced_problem ? advanced_problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->advanced_error_label), advanced_problem != NULL);
  if (advanced_problem != NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.continue", FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      return;
    }

  gtk_label_set_label (self->error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "settings.continue", problem == NULL);
}

static void
edit_changed_cb (MailSetupSettingsPage *self)
{
  if (!self->filling)
    update_validity (self);
}

/* A known provider with nothing to decide: one row ("Gmail settings found · Change…") instead
 * of the server details, which only the editor shows then. */
static void
update_summary (MailSetupSettingsPage *self)
{
  gboolean shown = self->summary && !gtk_toggle_button_get_active (self->edit_button);

  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->auth_group), !shown);
  gtk_widget_set_visible (GTK_WIDGET (self->imap_group), !shown);
  gtk_widget_set_visible (GTK_WIDGET (self->smtp_group), !shown);
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button), !shown);
  gtk_widget_set_visible (self->lookups_list, !shown && self->lookup_rows->len > 0);
}

static void
edit_toggled_cb (MailSetupSettingsPage *self)
{
  gboolean editing = gtk_toggle_button_get_active (self->edit_button);

  update_summary (self);
  gtk_stack_set_visible_child_name (self->mode_stack, editing ? "edit" : "view");
  update_validity (self);
  if (editing)
    gtk_widget_grab_focus (GTK_WIDGET (self->rows[0].host_row));
}

static void
change_clicked_cb (MailSetupSettingsPage *self)
{
  gtk_toggle_button_set_active (self->edit_button, TRUE);
}

/* A found server whose source cannot vouch for it, not named by the person. */
static gboolean
server_untrusted (const MailServer *server)
{
  return server != NULL && !server->trusted && !server->given;
}

/* The editor still holds the host that was found (the port or security may differ). */
static gboolean
keeps_found_host (ServerRows *rows)
{
  return rows->original != NULL && rows->original->host != NULL &&
         g_ascii_strcasecmp (gtk_editable_get_text (GTK_EDITABLE (rows->host_row)),
                             rows->original->host) == 0;
}

/* Some untrusted server would be used as found: shown as found, or kept in the editor. */
static gboolean
needs_confirmation (MailSetupSettingsPage *self)
{
  gboolean editing = gtk_toggle_button_get_active (self->edit_button);

  if (self->confirmed)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    if (server_untrusted (self->rows[i].original) &&
        (!editing || keeps_found_host (&self->rows[i])))
      return TRUE;
  return FALSE;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  MailSetupSettingsPage *self = MAIL_SETUP_SETTINGS_PAGE (user_data);

  if (g_strcmp0 (response, "use") == 0)
    {
      self->confirmed = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.settings-continue", NULL);
    }
  else if (g_strcmp0 (response, "edit") == 0)
    gtk_toggle_button_set_active (self->edit_button, TRUE);
}

/* Asks before anything is sent to servers from untrusted sources: which, and why. */
static void
ask_confirmation (MailSetupSettingsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    {
      const MailServer *server = self->rows[i].original;

      if (!server_untrusted (server))
        continue;
      /* Translators: "IMAP server imap.example.org:993: It was found through plain HTTP, ..." */
      g_string_append_printf (body, _("%s server %s:%u: %s"),
                              server->protocol == MAIL_PROTOCOL_IMAP ? "IMAP" : "SMTP",
                              server->host, server->port,
                              server->trust_reason ? server->trust_reason
                                                   : _("Its source cannot vouch for it."));
      g_string_append (body, "\n\n");
    }
  g_string_append (body, _("Your password or sign-in goes to these servers. Use them only if your "
                           "provider’s help pages name the same servers; otherwise enter the "
                           "settings yourself."));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Use Servers Mail Setup Cannot Vouch For?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "edit", _("_Enter Settings Myself"),
                                    "use", _("_Use These Settings"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "use",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "edit");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  MailSetupSettingsPage *self = MAIL_SETUP_SETTINGS_PAGE (widget);

  update_validity (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return;
  /* Nothing is sent to an untrusted server before the person agreed. */
  if (needs_confirmation (self))
    {
      ask_confirmation (self);
      return;
    }
  gtk_widget_activate_action (widget, "win.settings-continue", NULL);
}

static void
entry_activated_cb (MailSetupSettingsPage *self)
{
  /* Enter in any field continues, or shows what is still wrong. */
  continue_action (GTK_WIDGET (self), "settings.continue", NULL);
}

static GtkWidget *
add_entry_row (MailSetupSettingsPage *self,
               AdwPreferencesGroup   *group,
               const char            *title,
               GtkInputPurpose        purpose)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), purpose);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (edit_changed_cb), self);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  adw_preferences_group_add (group, row);
  return row;
}

static void
build_rows (MailSetupSettingsPage *self,
            MailProtocol           protocol,
            AdwPreferencesGroup   *view_group,
            AdwPreferencesGroup   *edit_group)
{
  ServerRows *rows = &self->rows[protocol];
  g_autoptr(GtkStringList) security_model = gtk_string_list_new (NULL);
  GtkWidget *button;

  rows->protocol = protocol;
  rows->server_row = ADW_ACTION_ROW (mail_setup_add_view_row (view_group, _("Server")));
  rows->username_row = ADW_ACTION_ROW (mail_setup_add_view_row (view_group, _("User name")));
  rows->source_row = ADW_ACTION_ROW (mail_setup_add_view_row (view_group, _("Found in")));

  button = gtk_button_new_from_icon_name ("web-browser-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Open the source in the browser"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open the source in the browser"), -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-url");
  adw_action_row_add_suffix (rows->source_row, button);
  rows->source_button = button;

  rows->host_row = ADW_ENTRY_ROW (add_entry_row (self, edit_group, _("Host name"), GTK_INPUT_PURPOSE_URL));
  rows->port_row = ADW_ENTRY_ROW (add_entry_row (self, edit_group, _("Port"), GTK_INPUT_PURPOSE_DIGITS));
  rows->user_row = ADW_ENTRY_ROW (add_entry_row (self, edit_group, _("User name"), GTK_INPUT_PURPOSE_FREE_FORM));

  for (guint i = 0; i < G_N_ELEMENTS (security_choices); i++)
    gtk_string_list_append (security_model, mail_setup_security_label (security_choices[i]));
  rows->security_combo = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->security_combo), _("Security"));
  adw_combo_row_set_model (rows->security_combo, G_LIST_MODEL (security_model));
  adw_combo_row_set_use_subtitle (rows->security_combo, TRUE);
  g_signal_connect_swapped (rows->security_combo, "notify::selected", G_CALLBACK (edit_changed_cb), self);
  adw_preferences_group_add (edit_group, GTK_WIDGET (rows->security_combo));
}

static void
fill_rows (MailSetupSettingsPage *self,
           ServerRows            *rows,
           const MailServer      *server)
{
  g_autofree char *server_text = NULL;
  g_autofree char *port_text = NULL;
  gboolean have_url;

  g_clear_pointer (&rows->original, mail_server_free);
  if (server != NULL)
    rows->original = mail_server_copy (server);

  if (server != NULL && server->host != NULL)
    {
      /* Translators: "imap.example.org:993 · TLS, encrypted from the start" */
      server_text = g_strdup_printf (_("%s:%u · %s"), server->host, server->port,
                                     mail_setup_security_label (server->security));
      port_text = g_strdup_printf ("%u", server->port);
    }

  adw_action_row_set_subtitle (rows->server_row, server_text ? server_text : _("Not found"));
  adw_action_row_set_subtitle (rows->username_row,
                               server && server->username ? server->username : "");
  adw_action_row_set_subtitle (rows->source_row,
                               server && server->source ? server->source : _("Unknown"));
  have_url = server != NULL && mail_setup_is_web_url (server->source_url);
  gtk_widget_set_visible (rows->source_button, have_url);
  if (have_url)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (rows->source_button), "s", server->source_url);
      gtk_widget_set_tooltip_text (rows->source_button, server->source_url);
    }
  else if (server != NULL && server->source_url != NULL
           && (server->source == NULL || strstr (server->source, server->source_url) == NULL))
    {
      /* A DNS record, not a page: show it rather than offer to open it. */
      g_autofree char *both = g_strdup_printf ("%s\n%s", server->source ? server->source : "",
                                               server->source_url);
      adw_action_row_set_subtitle (rows->source_row, both);
    }

  gtk_editable_set_text (GTK_EDITABLE (rows->host_row), server && server->host ? server->host : "");
  gtk_editable_set_text (GTK_EDITABLE (rows->port_row), port_text ? port_text : "");
  gtk_editable_set_text (GTK_EDITABLE (rows->user_row), server && server->username ? server->username : "");
  adw_combo_row_set_selected (rows->security_combo,
                              server ? (guint) server->security : 0);
}

static void
mail_setup_settings_page_dispose (GObject *object)
{
  MailSetupSettingsPage *self = MAIL_SETUP_SETTINGS_PAGE (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    g_clear_pointer (&self->rows[i].original, mail_server_free);
  g_clear_pointer (&self->lookup_rows, g_ptr_array_unref);
  g_clear_pointer (&self->trust_rows, g_ptr_array_unref);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->provider, mail_provider_unref);

  G_OBJECT_CLASS (mail_setup_settings_page_parent_class)->dispose (object);
}

static void
mail_setup_settings_page_class_init (MailSetupSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_settings_page_dispose;
  MAIL_SETUP_JOURNEY_PAGE_CLASS (klass)->follow = mail_setup_settings_page_follow;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, searching_status);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, provider_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, email_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, notes_box);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, trust_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, summary_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, auth_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, imap_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, smtp_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, imap_edit_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, smtp_edit_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, auth_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, auth_combo);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, advanced_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, shared_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, tenant_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage,
                                        advanced_error_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, lookups_list);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsPage, lookups_row);
  gtk_widget_class_bind_template_callback (widget_class, edit_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_changed_cb);

  gtk_widget_class_install_action (widget_class, "settings.continue", NULL, continue_action);
}

static void
mail_setup_settings_page_init (MailSetupSettingsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Enter continues from the summary; a shared mailbox is the exception, reached with Tab. */
  mail_setup_page_set_optional (GTK_WIDGET (self->advanced_group));

  self->lookup_rows = g_ptr_array_new ();
  self->trust_rows = g_ptr_array_new ();
  build_rows (self, MAIL_PROTOCOL_IMAP, self->imap_group, self->imap_edit_group);
  build_rows (self, MAIL_PROTOCOL_SMTP, self->smtp_group, self->smtp_edit_group);
  g_signal_connect_swapped (self->shared_row, "changed", G_CALLBACK (update_validity), self);
  g_signal_connect_swapped (self->tenant_row, "changed", G_CALLBACK (update_validity), self);
}

void
mail_setup_settings_page_set_searching (MailSetupSettingsPage *self,
                                        const char            *email)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self));

  /* Translators: %s is an email address */
  text = g_strdup_printf (_("Looking up the settings for %s…"), email);
  adw_status_page_set_title (self->searching_status, text);
  gtk_stack_set_visible_child_name (self->state_stack, "searching");
}

static void
fill_auth (MailSetupSettingsPage     *self,
           const MailAccountSettings *settings)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = 0;

  self->n_auth_choices = 0;
  /* Browser sign-in needs the provider's OAuth2 endpoints: only offered when they are known. */
  if ((settings->provider != NULL && settings->provider->has_oauth) || settings->auth == MAIL_AUTH_OAUTH2)
    self->auth_choices[self->n_auth_choices++] = MAIL_AUTH_OAUTH2;
  self->auth_choices[self->n_auth_choices++] = MAIL_AUTH_PASSWORD;
  self->auth_choices[self->n_auth_choices++] = MAIL_AUTH_APP_PASSWORD;

  for (guint i = 0; i < self->n_auth_choices; i++)
    {
      gtk_string_list_append (model, mail_setup_auth_label (self->auth_choices[i]));
      if (self->auth_choices[i] == settings->auth)
        selected = i;
    }
  adw_combo_row_set_model (self->auth_combo, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->auth_combo, selected);
  self->auth = settings->auth;
  adw_action_row_set_subtitle (self->auth_row, mail_setup_auth_label (settings->auth));
}

/* One row per server from an untrusted source: which, and why. */
static void
fill_trust (MailSetupSettingsPage *self)
{
  for (guint i = 0; i < self->trust_rows->len; i++)
    adw_preferences_group_remove (self->trust_group, g_ptr_array_index (self->trust_rows, i));
  g_ptr_array_set_size (self->trust_rows, 0);
  self->confirmed = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    {
      const MailServer *server = self->rows[i].original;
      g_autofree char *title = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      if (!server_untrusted (server))
        continue;
      /* Translators: "Receiving (IMAP) · imap.example.org:993" */
      title = g_strdup_printf (_("%s · %s:%u"),
                               server->protocol == MAIL_PROTOCOL_IMAP ? _("Receiving (IMAP)")
                                                                      : _("Sending (SMTP)"),
                               server->host, server->port);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   server->trust_reason ? server->trust_reason
                                                        : _("Its source cannot vouch for it."));
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Not trusted"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->trust_group, row);
      g_ptr_array_add (self->trust_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->trust_group), self->trust_rows->len > 0);
}

void
mail_setup_settings_page_set_settings (MailSetupSettingsPage     *self,
                                       const MailAccountSettings *settings)
{
  gboolean known;

  g_return_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self));
  g_return_if_fail (settings != NULL);

  self->filling = TRUE;

  gtk_label_set_label (self->provider_label,
                       settings->provider_name ? settings->provider_name : _("Your Mail Provider"));
  gtk_label_set_label (self->email_label, settings->email);

  mail_setup_box_remove_all (self->notes_box);
  for (guint i = 0; settings->notes != NULL && i < settings->notes->len; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (g_ptr_array_index (settings->notes, i));

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (self->notes_box, box);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notes_box),
                          settings->notes != NULL && settings->notes->len > 0);

  fill_rows (self, &self->rows[MAIL_PROTOCOL_IMAP], settings->imap);
  fill_rows (self, &self->rows[MAIL_PROTOCOL_SMTP], settings->smtp);
  fill_auth (self, settings);
  fill_trust (self);

  self->filling = FALSE;

  /* Nothing found: the person types the servers in. */
  known = settings->imap != NULL && settings->imap->host != NULL
          && settings->smtp != NULL && settings->smtp->host != NULL;
  self->summary = known && settings->provider != NULL && self->trust_rows->len == 0
                  && (settings->notes == NULL || settings->notes->len == 0);
  if (self->summary)
    {
      /* Translators: %s is a provider name, e.g. "Gmail settings found" */
      g_autofree char *title = g_strdup_printf (_("%s settings found"), settings->provider_name
                                                ? settings->provider_name : settings->provider->name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->summary_row), title);
      adw_action_row_set_subtitle (self->summary_row,
                                   _("Mail Setup knows the servers for receiving and sending mail"));
    }
  /* Advanced, for OAuth2 providers: a shared mailbox; a tenant where the sign-in has one. */
  /* Shown again for the same account (back, edit): what was typed stays. */
  if (g_strcmp0 (self->email, settings->email) != 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->shared_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->tenant_row), "");
    }
  g_free (self->email);
  self->email = g_strdup (settings->email);
  g_clear_pointer (&self->provider, mail_provider_unref);
  if (settings->provider != NULL)
    self->provider = mail_provider_ref (settings->provider);
  gtk_widget_set_visible (GTK_WIDGET (self->advanced_group),
                          self->provider != NULL && self->provider->has_oauth);
  gtk_widget_set_visible (GTK_WIDGET (self->tenant_row),
                          self->provider != NULL && self->provider->has_oauth &&
                          strstr (self->provider->authorize_url, "/common/") != NULL);

  gtk_toggle_button_set_active (self->edit_button, !known);
  edit_toggled_cb (self);
  gtk_stack_set_visible_child_name (self->state_stack, "found");
  mail_setup_page_present (GTK_WIDGET (self));
}

char *
mail_setup_settings_page_dup_delegate (MailSetupSettingsPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->advanced_group))
         ? mail_setup_entry_row_dup_text (self->shared_row) : NULL;
}

char *
mail_setup_settings_page_dup_tenant (MailSetupSettingsPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->advanced_group)) &&
         gtk_widget_get_visible (GTK_WIDGET (self->tenant_row))
         ? mail_setup_entry_row_dup_text (self->tenant_row) : NULL;
}

GtkEditable *
mail_setup_settings_page_get_advanced_editable (MailSetupSettingsPage *self,
                                                const char            *which)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), NULL);
  return GTK_EDITABLE (g_str_equal (which, "tenant") ? self->tenant_row : self->shared_row);
}

static MailServer *
read_server (MailSetupSettingsPage *self,
             ServerRows            *rows,
             gboolean               editing)
{
  const char *host = gtk_editable_get_text (GTK_EDITABLE (rows->host_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (rows->user_row));
  guint selected = adw_combo_row_get_selected (rows->security_combo);
  MailSecurity security = selected < G_N_ELEMENTS (security_choices)
                          ? security_choices[selected] : MAIL_SECURITY_TLS;
  const MailServer *original = rows->original;
  MailServer *server;
  guint16 port;

  if (!editing && original != NULL)
    {
      server = mail_server_copy (original);
      if (server_untrusted (server) && self->confirmed)
        mail_server_set_trust (server, TRUE, _("You chose to use these settings."));
      return server;
    }

  if (!mail_host_is_valid (host)
      || (*user != '\0' && !mail_validate_user_name (user, "user", NULL))
      || !mail_setup_parse_port (gtk_editable_get_text (GTK_EDITABLE (rows->port_row)), &port))
    return NULL;

  server = mail_server_new (rows->protocol, host, port, security);
  server->username = g_strdup (*user != '\0' ? user : NULL);
  server->auth = self->auth;
  if (keeps_found_host (rows))
    {
      /* The host that was found, maybe on another port: its trust goes with it. */
      server->given = original->given;
      if (server_untrusted (original) && self->confirmed)
        mail_server_set_trust (server, TRUE, _("You chose to use these settings."));
      else
        mail_server_set_trust (server, original->trusted, original->trust_reason);
    }
  else
    {
      /* A host the person typed: theirs, like --imap. */
      server->given = TRUE;
      mail_server_set_trust (server, TRUE, _("You entered this server yourself."));
    }
  if (original != NULL
      && g_strcmp0 (original->host, host) == 0 && original->port == port
      && original->security == security && g_strcmp0 (original->username, server->username) == 0)
    {
      server->source = g_strdup (original->source);
      server->source_url = g_strdup (original->source_url);
    }
  else
    server->source = g_strdup (_("entered by you"));
  return server;
}

gboolean
mail_setup_settings_page_get_servers (MailSetupSettingsPage  *self,
                                      MailServer            **imap,
                                      MailServer            **smtp,
                                      MailAuthKind           *auth)
{
  gboolean editing;
  g_autoptr(MailServer) imap_server = NULL;
  g_autoptr(MailServer) smtp_server = NULL;

  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), FALSE);

  editing = gtk_toggle_button_get_active (self->edit_button);
  if (editing)
    {
      guint selected = adw_combo_row_get_selected (self->auth_combo);

      if (selected < self->n_auth_choices)
        self->auth = self->auth_choices[selected];
    }

  imap_server = read_server (self, &self->rows[MAIL_PROTOCOL_IMAP], editing);
  smtp_server = read_server (self, &self->rows[MAIL_PROTOCOL_SMTP], editing);
  if (imap_server == NULL || smtp_server == NULL)
    return FALSE;

  imap_server->auth = smtp_server->auth = self->auth;
  if (imap)
    *imap = g_steal_pointer (&imap_server);
  if (smtp)
    *smtp = g_steal_pointer (&smtp_server);
  if (auth)
    *auth = self->auth;
  return TRUE;
}

void
mail_setup_settings_page_set_editing (MailSetupSettingsPage *self,
                                      gboolean               editing)
{
  g_return_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self));

  gtk_toggle_button_set_active (self->edit_button, editing);
}

gboolean
mail_setup_settings_page_get_editing (MailSetupSettingsPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), FALSE);

  return gtk_toggle_button_get_active (self->edit_button);
}

GtkEditable *
mail_setup_settings_page_get_host_editable (MailSetupSettingsPage *self,
                                            MailProtocol           protocol)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), NULL);

  return GTK_EDITABLE (self->rows[protocol].host_row);
}

GtkEditable *
mail_setup_settings_page_get_port_editable (MailSetupSettingsPage *self,
                                            MailProtocol           protocol)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), NULL);

  return GTK_EDITABLE (self->rows[protocol].port_row);
}

gboolean
mail_setup_settings_page_select_auth (MailSetupSettingsPage *self,
                                      MailAuthKind           auth)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), FALSE);

  for (guint i = 0; i < self->n_auth_choices; i++)
    if (self->auth_choices[i] == auth)
      {
        gtk_toggle_button_set_active (self->edit_button, TRUE);
        adw_combo_row_set_selected (self->auth_combo, i);
        return TRUE;
      }
  return FALSE;
}

guint
mail_setup_settings_page_get_n_untrusted (MailSetupSettingsPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), 0);

  return self->trust_rows->len;
}

const char *
mail_setup_settings_page_get_problem (MailSetupSettingsPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

void
mail_setup_settings_page_clear_lookups (MailSetupSettingsPage *self)
{
  g_return_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self));

  for (guint i = 0; i < self->lookup_rows->len; i++)
    adw_expander_row_remove (self->lookups_row, g_ptr_array_index (self->lookup_rows, i));
  g_ptr_array_set_size (self->lookup_rows, 0);
  gtk_widget_set_visible (self->lookups_list, FALSE);
}

void
mail_setup_settings_page_add_lookup (MailSetupSettingsPage *self,
                                     const char            *source,
                                     const char            *query,
                                     const char            *outcome,
                                     gboolean               found,
                                     double                 ms)
{
  GtkWidget *row;

  g_return_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self));

  row = mail_setup_lookup_row_new (source, query, outcome, found, ms);
  adw_expander_row_add_row (self->lookups_row, row);
  g_ptr_array_add (self->lookup_rows, row);
  update_summary (self);
}

guint
mail_setup_settings_page_get_n_lookups (MailSetupSettingsPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), 0);

  return self->lookup_rows->len;
}

const char *
mail_setup_settings_page_get_summary (MailSetupSettingsPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->summary_group)))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->summary_row));
}

/* ------------------------------------------------------------------------------------------ */
/* Following the journey */

/* The journey's account, as it changes (discovery, Continue, a sign-in kind, a fix). */
static void
journey_settings_cb (MailSetupSettingsPage *self)
{
  MailAccountSettings *settings = mail_setup_journey_get_settings (MAIL_SETUP_PAGE_JOURNEY (self));

  if (settings != NULL)
    mail_setup_settings_page_set_settings (self, settings);
}

static void
journey_searching_cb (MailSetupSettingsPage *self)
{
  const char *email = mail_setup_journey_get_searching (MAIL_SETUP_PAGE_JOURNEY (self));

  if (email != NULL)
    mail_setup_settings_page_set_searching (self, email);
}

void
mail_setup_settings_page_revert (MailSetupSettingsPage *self)
{
  g_return_if_fail (MAIL_SETUP_IS_SETTINGS_PAGE (self));

  if (MAIL_SETUP_PAGE_JOURNEY (self) != NULL)
    journey_settings_cb (self);
}

static void
mail_setup_settings_page_follow (MailSetupJourneyPage *page,
                                 MailSetupJourney     *journey)
{
  MailSetupSettingsPage *self = MAIL_SETUP_SETTINGS_PAGE (page);

  g_signal_connect_swapped (journey, "notify::settings", G_CALLBACK (journey_settings_cb),
                            self);
  g_signal_connect_swapped (journey, "notify::auth", G_CALLBACK (journey_settings_cb), self);
  g_signal_connect_swapped (journey, "notify::searching", G_CALLBACK (journey_searching_cb),
                            self);
}
