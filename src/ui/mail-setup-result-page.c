/* mail-setup-result-page.c: "Your account works", or what went wrong and what to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-setup-enable-imap-page.h"
#include "mail-setup-mail-apps.h"
#include "mail-setup-result-page.h"
#include "mail-setup-result-text.h"
#include "mail-setup-result-words.h"
#include "mail-setup-util.h"

struct _MailSetupResultPage
{
  AdwBin               parent_instance;

  GtkImage            *status_icon;
  GtkLabel            *title_label;
  GtkLabel            *explanation_label;
  GtkLabel            *sign_in_notice_label;
  GtkLabel            *where_label;
  AdwPreferencesGroup *checked_group;
  AdwPreferencesGroup *saved_group;
  AdwActionRow        *saved_row;
  GtkSpinner          *saved_spinner;
  AdwPreferencesGroup *certificate_group;
  AdwPreferencesGroup *apps_group;
  GtkWidget           *more_list;
  GtkLabel            *more_label;
  AdwActionRow        *subject_row;
  AdwActionRow        *issuer_row;
  AdwActionRow        *validity_row;
  AdwActionRow        *fingerprint_row;
  GtkButton           *trust_button;
  GtkLabel            *trust_label;
  AdwPreferencesGroup *fixes_group;
  AdwPreferencesGroup *links_group;
  GtkBox              *actions_box;
  GtkBox              *bar_start;
  GtkBox              *bar_end;
  GPtrArray           *dynamic_buttons;  /* GtkWidget *: the failure's buttons */
  GtkButton           *export_button;
  GtkButton           *goa_button;
  AdwPreferencesGroup *app_fix_group;
  GPtrArray           *app_fixes;      /* char *: shown in app_fix_group */
  GPtrArray           *app_diffs;      /* MailSetupSettingsDiff *: shown in app_fix_group */
  GtkButton           *done_button;
  GtkWidget           *details_box;
  GtkLabel            *details_label;

  GPtrArray           *dynamic_rows;   /* (group, row) pairs: rows added for this result */
  char                *code;
  gboolean             success;
  gboolean             export_available;
  gboolean             enable_imap_available;
  MailSetupSaveState   save_state;
  char                *provider_id;       /* the account's provider, or NULL */
  char                *provider_name;
  char                *settings_url;      /* its [EnableIMAP] SettingsUrl, or NULL */
  char                *app_password_url;  /* its [EnableIMAP] AppPasswordUrl, or NULL */
  MailProviderAudience audience;          /* its [Recognition] Audience: who can fix it */
};

typedef enum
{
  FIX_OPEN_SETTINGS,      /* opens the provider's settings page (SettingsUrl) */
  FIX_OPEN_APP_PASSWORD,  /* opens the provider's app-password page (AppPasswordUrl) */
  FIX_ENABLE_IMAP_PAGE,   /* the Enable IMAP page with the provider's steps */
  FIX_REPORT,             /* copies the report for the administrator */
  FIX_SIGN_IN_AGAIN,
} FixKind;

/* The one primary fix of a failure, by code and audience: the first row that matches and
 * whose data the provider has (a settings page, an app-password page) wins. %s in a label
 * is the provider's name. */
static const struct
{
  const char *code;
  MailProviderAudience audience;  /* UNKNOWN: any */
  FixKind     kind;
  const char *label;
} primary_fixes[] = {
  { "imap-disabled", MAIL_PROVIDER_AUDIENCE_PERSONAL, FIX_OPEN_SETTINGS, N_("_Open %s Settings") },
  { "imap-disabled", MAIL_PROVIDER_AUDIENCE_ORGANISATION, FIX_REPORT, N_("Copy _Report for Your Administrator") },
  { "imap-disabled", MAIL_PROVIDER_AUDIENCE_UNKNOWN, FIX_ENABLE_IMAP_PAGE, N_("_Show How to Turn On IMAP") },
  { "smtp-auth-disabled", MAIL_PROVIDER_AUDIENCE_PERSONAL, FIX_OPEN_SETTINGS, N_("_Open %s Settings") },
  { "smtp-auth-disabled", MAIL_PROVIDER_AUDIENCE_ORGANISATION, FIX_REPORT, N_("Copy _Report for Your Administrator") },
  { "auth-basic-disabled", MAIL_PROVIDER_AUDIENCE_ORGANISATION, FIX_REPORT, N_("Copy _Report for Your Administrator") },
  { "auth-app-password-required", MAIL_PROVIDER_AUDIENCE_UNKNOWN, FIX_OPEN_APP_PASSWORD, N_("_Create an App Password") },
  { "oauth-admin-consent-required", MAIL_PROVIDER_AUDIENCE_UNKNOWN, FIX_REPORT, N_("Copy _Report for Your Administrator") },
  { "oauth-conditional-access", MAIL_PROVIDER_AUDIENCE_UNKNOWN, FIX_REPORT, N_("Copy _Report for Your Administrator") },
  { "tls-expired", MAIL_PROVIDER_AUDIENCE_UNKNOWN, FIX_REPORT, N_("Copy _Report for the Administrator") },
  { "oauth-client-id-missing", MAIL_PROVIDER_AUDIENCE_UNKNOWN, FIX_SIGN_IN_AGAIN, N_("_Add a Client ID") },
};

G_DEFINE_FINAL_TYPE (MailSetupResultPage, mail_setup_result_page, MAIL_SETUP_TYPE_JOURNEY_PAGE)

static void mail_setup_result_page_follow (MailSetupJourneyPage *page,
                                           MailSetupJourney     *journey);

static void
clear_dynamic (MailSetupResultPage *self)
{
  for (guint i = 0; i + 1 < self->dynamic_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->dynamic_rows, i),
                                  g_ptr_array_index (self->dynamic_rows, i + 1));
  g_ptr_array_set_size (self->dynamic_rows, 0);
  mail_setup_box_remove_all (self->actions_box);
  for (guint i = 0; i < self->dynamic_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->dynamic_buttons, i);

      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (button)), button);
    }
  g_ptr_array_set_size (self->dynamic_buttons, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->app_fix_group), FALSE);
  if (self->app_fixes != NULL)
    g_ptr_array_set_size (self->app_fixes, 0);
  if (self->app_diffs != NULL)
    g_ptr_array_set_size (self->app_diffs, 0);
}

static GtkWidget *
add_row (MailSetupResultPage *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, group);
  g_ptr_array_add (self->dynamic_rows, row);
  return row;
}

static GtkWidget *
add_action_button (MailSetupResultPage *self,
                   const char          *label,
                   const char          *action,
                   gboolean             suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  /* A long label ("Port 993 mit TLS verwenden und erneut prüfen") wraps to fit 360 px. */
  if (GTK_IS_LABEL (child))
    {
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_label_set_justify (GTK_LABEL (child), GTK_JUSTIFY_CENTER);
    }
  /* "win.open-url::https://..." carries its address. */
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (button), action);
  /* The primary action stays in sight in the bar below the page; the others wait in the
   * page, where a 360 px bar has no room for them. */
  if (suggested)
    {
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_box_append (self->bar_end, button);
      g_ptr_array_add (self->dynamic_buttons, button);
    }
  else
    {
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
      gtk_box_append (self->actions_box, button);
    }
  return button;
}

static void
mail_setup_result_page_dispose (GObject *object)
{
  MailSetupResultPage *self = MAIL_SETUP_RESULT_PAGE (object);

  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  g_clear_pointer (&self->dynamic_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->provider_id, g_free);
  g_clear_pointer (&self->provider_name, g_free);
  g_clear_pointer (&self->settings_url, g_free);
  g_clear_pointer (&self->app_password_url, g_free);
  g_clear_pointer (&self->app_fixes, g_ptr_array_unref);
  g_clear_pointer (&self->app_diffs, g_ptr_array_unref);

  G_OBJECT_CLASS (mail_setup_result_page_parent_class)->dispose (object);
}

static void
mail_setup_result_page_class_init (MailSetupResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_result_page_dispose;
  MAIL_SETUP_JOURNEY_PAGE_CLASS (klass)->follow = mail_setup_result_page_follow;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, sign_in_notice_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, where_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, checked_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, saved_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, saved_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, saved_spinner);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, certificate_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, apps_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, more_list);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, more_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, validity_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, trust_button);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, trust_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, fixes_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, links_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, bar_start);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, bar_end);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, goa_button);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, app_fix_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, done_button);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, MailSetupResultPage, details_label);
}

static void
mail_setup_result_page_init (MailSetupResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->dynamic_rows = g_ptr_array_new ();
  self->dynamic_buttons = g_ptr_array_new ();
  /* The label wraps on narrow screens; its mnemonic still presses the button. */
  gtk_label_set_mnemonic_widget (self->trust_label, GTK_WIDGET (self->trust_button));
}

static void
set_headline (MailSetupResultPage *self,
              gboolean             success,
              const char          *title,
              const char          *explanation)
{
  gtk_image_set_from_icon_name (self->status_icon,
                                success ? "object-select-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), success ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), success ? "success" : "warning");
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->explanation_label, explanation ? explanation : "");
  /* A sentence is centred under the title; paragraphs read better from the left. */
  if (explanation != NULL && (strlen (explanation) > 160 || strchr (explanation, '\n') != NULL))
    {
      gtk_label_set_justify (self->explanation_label, GTK_JUSTIFY_LEFT);
      gtk_label_set_xalign (self->explanation_label, 0.0);
    }
  else
    {
      gtk_label_set_justify (self->explanation_label, GTK_JUSTIFY_CENTER);
      gtk_label_set_xalign (self->explanation_label, 0.5);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), explanation != NULL);
}

static void
link_row (GtkWidget  *row,
          const char *url)
{
  if (url == NULL)
    return;
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("adw-external-link-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", url);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-url");
  gtk_widget_set_tooltip_text (row, url);
}

/* The checks in plain words, the failed one marked; host, port, security and times are in
 * Technical Details. */
static void
add_check_rows (MailSetupResultPage *self,
                GPtrArray           *results)
{
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (results, i);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      if (!result->ok)
        {
          const MailCheckStep *last = result->steps && result->steps->len > 0
                                      ? g_ptr_array_index (result->steps, result->steps->len - 1)
                                      : NULL;

          /* Translators: %s is a step, e.g. "Opening the inbox" */
          subtitle = g_strdup_printf (_("Did not work: %s"),
                                      last ? mail_setup_step_label (last->name) : _("the check"));
        }
      else if (result->protocol == MAIL_PROTOCOL_IMAP)
        subtitle = g_strdup (_("Signed in and opened your inbox"));
      else
        subtitle = g_strdup (_("Signed in; you may send mail as this address"));
      row = add_row (self, self->checked_group,
                     result->protocol == MAIL_PROTOCOL_IMAP ? _("Receiving mail") : _("Sending mail"),
                     subtitle);
      icon = gtk_image_new_from_icon_name (result->ok ? "object-select-symbolic" : "dialog-error-symbolic");
      gtk_widget_add_css_class (icon, result->ok ? "success" : "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      result->ok ? _("Succeeded") : _("Failed"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
}

/* The mail apps installed here, each with what to do in it. */
static void
add_mail_apps (MailSetupResultPage *self)
{
  g_autoptr(GPtrArray) rows = mail_setup_mail_app_rows_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      adw_preferences_group_add (self->apps_group, g_ptr_array_index (rows, i));
      g_ptr_array_add (self->dynamic_rows, self->apps_group);
      g_ptr_array_add (self->dynamic_rows, g_ptr_array_index (rows, i));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->apps_group), TRUE);
}

void
mail_setup_result_page_set_success (MailSetupResultPage *self,
                                    const char          *email,
                                    GPtrArray           *results)
{
  g_autofree char *explanation = NULL;

  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));
  g_return_if_fail (results != NULL);

  clear_dynamic (self);
  self->success = TRUE;
  g_clear_pointer (&self->code, g_free);

  /* Translators: %s is an email address */
  explanation = g_strdup_printf (_("Receiving and sending mail work for %s."), email);
  set_headline (self, TRUE, _("Your Account Works"), explanation);
  gtk_widget_set_visible (GTK_WIDGET (self->where_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), FALSE);
  gtk_widget_set_visible (self->more_list, FALSE);

  add_check_rows (self, results);
  gtk_widget_set_visible (GTK_WIDGET (self->checked_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_group), TRUE);
  mail_setup_result_page_set_saved (self, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->fixes_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->links_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), self->export_available);
  gtk_widget_set_visible (GTK_WIDGET (self->goa_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), TRUE);
  add_mail_apps (self);
  mail_setup_page_present (GTK_WIDGET (self));
}

void
mail_setup_result_page_set_saved (MailSetupResultPage *self,
                                  const char          *keyring_label,
                                  const char          *error_message)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));

  self->save_state = error_message ? MAIL_SETUP_SAVE_FAILED
                    : keyring_label ? MAIL_SETUP_SAVE_DONE : MAIL_SETUP_SAVE_PENDING;
  gtk_spinner_set_spinning (self->saved_spinner, keyring_label == NULL && error_message == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_spinner), keyring_label == NULL && error_message == NULL);
  if (error_message != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->saved_row), _("Not saved in the keyring"));
      adw_action_row_set_subtitle (self->saved_row, error_message);
    }
  else if (keyring_label != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->saved_row), _("Saved in your keyring"));
      /* Translators: %s is the label of the keyring item, as Passwords and Keys shows it */
      g_autofree char *subtitle = g_strdup_printf (_("As “%s”. Mail Setup and other apps use it to sign in."),
                                                   keyring_label);
      adw_action_row_set_subtitle (self->saved_row, subtitle);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->saved_row), _("Saving in your keyring…"));
      adw_action_row_set_subtitle (self->saved_row, "");
    }
}

static void
show_certificate (MailSetupResultPage       *self,
                  const MailCheckResult     *failed,
                  const MailDiagnosis       *diagnosis)
{
  const MailCertificateInfo *info = diagnosis->certificate;
  gboolean show = info != NULL && info->sha256 != NULL
                  && (g_strcmp0 (diagnosis->code, "tls-untrusted") == 0
                      || g_strcmp0 (diagnosis->code, "tls-hostname-mismatch") == 0
                      || g_strcmp0 (diagnosis->code, "tls-expired") == 0);
  g_autofree char *validity = NULL;
  g_autofree char *trust_label = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->certificate_group), show);
  if (!show)
    return;

  adw_action_row_set_subtitle (self->subject_row, info->subject ? info->subject : "");
  adw_action_row_set_subtitle (self->issuer_row, info->issuer ? info->issuer : "");
  /* Translators: certificate validity, "from 2024-01-01 until 2025-01-01" */
  {
    g_autofree char *from = mail_setup_format_date (info->not_before);
    g_autofree char *until = mail_setup_format_date (info->not_after);

    validity = g_strdup_printf (_("From %s until %s"), from, until);
  }
  adw_action_row_set_subtitle (self->validity_row, validity);
  adw_action_row_set_subtitle (self->fingerprint_row, info->sha256);
  /* Translators: %s is a host name */
  trust_label = g_strdup_printf (_("_Trust This Certificate for %s…"),
                                 failed && failed->host ? failed->host : _("this server"));
  gtk_label_set_text_with_mnemonic (self->trust_label, trust_label);
}

/* The one primary fix, from primary_fixes by code and the provider's audience; an unknown
 * issuer or another name may be a server's own certificate: trust it, after a confirmation.
 * An expired one is never to be trusted. */
static void
add_code_actions (MailSetupResultPage *self,
                  const char          *code)
{
  MailProviderAudience audience = self->audience;
  /* After fixing (an app password made, the administrator's consent), signing in again is
   * what checks it. */
  gboolean sign_in_helps = code != NULL
                           && (g_str_has_prefix (code, "oauth-") || g_str_has_prefix (code, "auth-"))
                           && g_strcmp0 (code, "auth-mechanism-unavailable") != 0
                           && g_strcmp0 (code, "auth-temporary-failure") != 0
                           && g_strcmp0 (code, "auth-too-many-attempts") != 0;

  if ((g_strcmp0 (code, "tls-untrusted") == 0 || g_strcmp0 (code, "tls-hostname-mismatch") == 0)
      && gtk_widget_get_visible (GTK_WIDGET (self->certificate_group)))
    {
      add_action_button (self, _("_Trust This Server…"), "win.trust-certificate", TRUE);
      return;
    }
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (primary_fixes); i++)
    {
      const char *url = NULL;
      g_autofree char *label = NULL;
      GtkWidget *button;

      if (g_strcmp0 (code, primary_fixes[i].code) != 0
          || (primary_fixes[i].audience != MAIL_PROVIDER_AUDIENCE_UNKNOWN && primary_fixes[i].audience != audience))
        continue;
      switch (primary_fixes[i].kind)
        {
        case FIX_OPEN_SETTINGS:
          url = self->settings_url;
          break;
        case FIX_OPEN_APP_PASSWORD:
          url = self->app_password_url;
          break;
        case FIX_ENABLE_IMAP_PAGE:
          if (!self->enable_imap_available)
            continue;
          add_action_button (self, _(primary_fixes[i].label), "win.go-enable-imap", TRUE);
          break;
        case FIX_REPORT:
          add_action_button (self, _(primary_fixes[i].label), "win.copy-report", TRUE);
          break;
        case FIX_SIGN_IN_AGAIN:
          add_action_button (self, _(primary_fixes[i].label), "win.sign-in-again", TRUE);
          return;
        default:
          g_assert_not_reached ();
        }
      if (primary_fixes[i].kind == FIX_ENABLE_IMAP_PAGE || primary_fixes[i].kind == FIX_REPORT)
        {
          if (sign_in_helps)
            add_action_button (self, _("_Sign In Again"), "win.sign-in-again", FALSE);
          return;
        }
      if (url == NULL || !mail_setup_is_web_url (url))
        continue;
      {
        GString *text = g_string_new (_(primary_fixes[i].label));

        g_string_replace (text, "%s", self->provider_name ? self->provider_name : _("Provider"), 1);
        label = g_string_free (text, FALSE);
      }
      {
        g_autofree char *detailed = g_strconcat ("win.open-url::", url, NULL);

        button = add_action_button (self, label, detailed, TRUE);
      }
      gtk_widget_set_tooltip_text (button, url);
      if (sign_in_helps)
        add_action_button (self, _("_Sign In Again"), "win.sign-in-again", FALSE);
      return;
    }
  if (sign_in_helps)
    add_action_button (self, _("_Sign In Again"), "win.sign-in-again", TRUE);
}

void
mail_setup_result_page_set_failure (MailSetupResultPage   *self,
                                    const MailCheckResult *failed,
                                    const MailDiagnosis   *diagnosis)
{
  guint n_buttons;
  GtkWidget *more = NULL;

  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));
  g_return_if_fail (diagnosis != NULL);

  clear_dynamic (self);
  self->success = FALSE;
  g_free (self->code);
  self->code = g_strdup (diagnosis->code);

  /* A short title and at most two sentences; the core's whole text one click away. */
  {
    const char *title = NULL;
    g_autofree char *shortened = NULL;
    const char *explanation = mail_setup_result_words (diagnosis->code, self->audience, &title);

    if (explanation == NULL)
      explanation = shortened = mail_setup_result_first_sentences (diagnosis->explanation);
    set_headline (self, FALSE, title ? title : diagnosis->title ? diagnosis->title : _("The Check Failed"),
                  explanation);
    gtk_label_set_label (self->more_label, diagnosis->explanation ? diagnosis->explanation : "");
    gtk_widget_set_visible (self->more_list, diagnosis->explanation != NULL
                                             && g_strcmp0 (explanation, diagnosis->explanation) != 0);
  }

  if (failed != NULL && failed->steps != NULL && failed->steps->len > 0)
    {
      const MailCheckStep *last = g_ptr_array_index (failed->steps, failed->steps->len - 1);
      /* Translators: "Receiving (IMAP) · imap.example.org: failed while Opening the inbox" */
      g_autofree char *where = g_strdup_printf (_("%s · %s: failed while “%s”"),
                                                mail_setup_protocol_label (failed->protocol),
                                                failed->host, mail_setup_step_label (last->name));
      gtk_label_set_label (self->where_label, where);
      gtk_widget_set_visible (GTK_WIDGET (self->where_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->where_label), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->checked_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->apps_group), FALSE);
  show_certificate (self, failed, diagnosis);

  /* The likeliest fix first; the others are alternatives, not steps: unnumbered, folded. */
  for (guint i = 0; diagnosis->fixes != NULL && i < diagnosis->fixes->len; i++)
    {
      g_autofree char *url = NULL;
      const char *text = g_ptr_array_index (diagnosis->fixes, i);
      g_autofree char *fix = mail_setup_result_plain_fix (text, &url);
      GtkWidget *row;

      if (i == 0)
        {
          row = add_row (self, self->fixes_group, fix, NULL);
          link_row (row, url);
          continue;
        }
      if (more == NULL)
        {
          more = adw_expander_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), _("Other Possible Causes"));
          adw_preferences_group_add (self->fixes_group, more);
          g_ptr_array_add (self->dynamic_rows, self->fixes_group);
          g_ptr_array_add (self->dynamic_rows, more);
        }
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fix);
      link_row (row, url);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (more), row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->fixes_group),
                          diagnosis->fixes != NULL && diagnosis->fixes->len > 0);

  for (guint i = 0; diagnosis->links != NULL && i < diagnosis->links->len; i++)
    {
      const char *url = g_ptr_array_index (diagnosis->links, i);
      GtkWidget *row;

      if (!mail_setup_is_web_url (url))
        continue;
      {
        g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
        /* Translators: %s is a web site, e.g. "support.microsoft.com" */
        g_autofree char *title = g_strdup_printf (_("Help page on %s"),
                                                  uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : url);

        row = add_row (self, self->links_group, title, NULL);
      }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("adw-external-link-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", url);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-url");
      gtk_widget_set_tooltip_text (row, _("Open in the browser"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->links_group),
                          diagnosis->links != NULL && diagnosis->links->len > 0);

  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), TRUE);
  n_buttons = self->dynamic_buttons->len;
  if (failed != NULL && failed->suggestion != NULL)
    {
      /* The core found settings on the same host that greet with encryption. */
      g_autofree char *label = NULL;

      if (failed->suggestion->security == MAIL_SECURITY_TLS)
        label = g_strdup_printf (_("_Use Port %u with TLS and Check Again"),
                                 failed->suggestion->port);
      else
        label = g_strdup_printf (_("_Use Port %u with STARTTLS and Check Again"),
                                 failed->suggestion->port);
      add_action_button (self, label, "win.use-suggested-settings", TRUE);
    }
  add_code_actions (self, diagnosis->code);
  {
    /* Where checking again at once can only fail again (an expired certificate stays
     * expired until its administrator renews it), the page says so instead of "Try Again". */
    static const struct
    {
      const char *code;
      const char *label;
      const char *action;
      const char *tooltip;
    } not_now[] = {
      { "tls-expired", N_("Check Again _Later"), "win.done",
        N_("Close Mail Setup. Check the account again once the administrator has renewed the certificate.") },
    };
    guint i;

    for (i = 0; i < G_N_ELEMENTS (not_now); i++)
      if (g_strcmp0 (diagnosis->code, not_now[i].code) == 0)
        break;
    if (i < G_N_ELEMENTS (not_now))
      {
        GtkWidget *button;

        add_action_button (self, _("_Edit Settings"), "win.edit-settings", FALSE);
        button = add_action_button (self, _(not_now[i].label), not_now[i].action,
                                    self->dynamic_buttons->len == n_buttons);
        gtk_widget_set_tooltip_text (button, _(not_now[i].tooltip));
      }
    else
      {
        add_action_button (self, _("T_ry Again"), "win.retry", self->dynamic_buttons->len == n_buttons);
        add_action_button (self, _("_Edit Settings"), "win.edit-settings", FALSE);
      }
  }

  gtk_widget_set_visible (GTK_WIDGET (self->export_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->goa_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), FALSE);
  mail_setup_page_present (GTK_WIDGET (self));
}

void
mail_setup_result_page_set_details (MailSetupResultPage *self,
                                    const char          *details)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));

  gtk_label_set_label (self->details_label, details ? details : "");
  gtk_widget_set_visible (self->details_box, details != NULL);
}

void
mail_setup_result_page_set_enable_imap_available (MailSetupResultPage *self,
                                                  gboolean             available)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));

  self->enable_imap_available = available;
}

void
mail_setup_result_page_set_export_available (MailSetupResultPage *self,
                                             gboolean             available)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));

  self->export_available = available;
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), available && self->success);
}

gboolean
mail_setup_result_page_get_success (MailSetupResultPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self), FALSE);

  return self->success;
}

const char *
mail_setup_result_page_get_code (MailSetupResultPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self), NULL);

  return self->code;
}

MailSetupSaveState
mail_setup_result_page_get_save_state (MailSetupResultPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self), MAIL_SETUP_SAVE_PENDING);

  return self->save_state;
}

gboolean
mail_setup_result_page_get_shows_certificate (MailSetupResultPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->certificate_group));
}

void
mail_setup_result_page_show_checks (MailSetupResultPage *self,
                                    GPtrArray           *results)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));

  if (results == NULL || results->len == 0)
    return;
  add_check_rows (self, results);
  gtk_widget_set_visible (GTK_WIDGET (self->checked_group), TRUE);
  /* The list says which step failed. */
  gtk_widget_set_visible (GTK_WIDGET (self->where_label), FALSE);
}

void
mail_setup_result_page_set_goa_available (MailSetupResultPage *self,
                                          gboolean             available)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->goa_button), available && self->success);
}

gboolean
mail_setup_result_page_get_goa_available (MailSetupResultPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->goa_button));
}

void
mail_setup_result_page_set_app_fixes (MailSetupResultPage *self,
                                      GPtrArray           *fixes)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));

  if (self->success || fixes == NULL)
    return;
  for (guint i = 0; i < fixes->len; i++)
    {
      GtkWidget *row = add_row (self, self->app_fix_group, g_ptr_array_index (fixes, i), NULL);

      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      if (self->app_fixes == NULL)
        self->app_fixes = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->app_fixes, g_strdup (g_ptr_array_index (fixes, i)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->app_fix_group),
                          self->app_fixes != NULL && self->app_fixes->len > 0);
}

guint
mail_setup_result_page_get_n_app_fixes (MailSetupResultPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self), 0);

  return self->app_fixes ? self->app_fixes->len : 0;
}

const char *
mail_setup_result_page_get_app_fix (MailSetupResultPage *self,
                                    guint                index)
{
  g_return_val_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self), NULL);
  g_return_val_if_fail (index < mail_setup_result_page_get_n_app_fixes (self), NULL);

  return g_ptr_array_index (self->app_fixes, index);
}

void
mail_setup_result_page_set_app_differences (MailSetupResultPage       *self,
                                            const MailOtherAppAccount *account,
                                            GPtrArray                 *works)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));

  if (self->success || account == NULL || works == NULL)
    return;
  for (guint i = 0; i < works->len; i++)
    {
      GtkWidget *diff = mail_setup_settings_diff_new_for (account, g_ptr_array_index (works, i));

      if (diff == NULL)
        continue;
      adw_preferences_group_add (self->app_fix_group, diff);
      g_ptr_array_add (self->dynamic_rows, self->app_fix_group);
      g_ptr_array_add (self->dynamic_rows, diff);
      if (self->app_diffs == NULL)
        self->app_diffs = g_ptr_array_new ();
      g_ptr_array_add (self->app_diffs, diff);
    }
}

guint
mail_setup_result_page_get_n_app_differences (MailSetupResultPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self), 0);

  return self->app_diffs ? self->app_diffs->len : 0;
}

MailSetupSettingsDiff *
mail_setup_result_page_get_app_difference (MailSetupResultPage *self,
                                           guint                index)
{
  g_return_val_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self), NULL);
  g_return_val_if_fail (index < mail_setup_result_page_get_n_app_differences (self), NULL);

  return g_ptr_array_index (self->app_diffs, index);
}

void
mail_setup_result_page_set_provider (MailSetupResultPage *self,
                                     const MailProvider  *provider)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));

  g_free (self->provider_id);
  self->provider_id = provider ? g_strdup (provider->id) : NULL;
  g_free (self->provider_name);
  self->provider_name = provider ? g_strdup (provider->name) : NULL;
  g_free (self->settings_url);
  self->settings_url = provider ? g_strdup (provider->settings_url) : NULL;
  g_free (self->app_password_url);
  self->app_password_url = provider ? g_strdup (provider->app_password_url) : NULL;
  self->audience = provider ? provider->audience : MAIL_PROVIDER_AUDIENCE_UNKNOWN;
}

void
mail_setup_result_page_set_sign_in_notice (MailSetupResultPage *self,
                                           const char          *notice)
{
  g_return_if_fail (MAIL_SETUP_IS_RESULT_PAGE (self));
  gtk_label_set_label (self->sign_in_notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_notice_label), notice != NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Following the journey */

static void
journey_saved_cb (MailSetupResultPage *self)
{
  MailSetupJourney *journey = MAIL_SETUP_PAGE_JOURNEY (self);

  mail_setup_result_page_set_saved (self, mail_setup_journey_get_saved_label (journey),
                                    mail_setup_journey_get_save_error (journey));
}

static void
journey_goa_cb (MailSetupResultPage *self)
{
  MailSetupJourney *journey = MAIL_SETUP_PAGE_JOURNEY (self);

  mail_setup_result_page_set_goa_available (self, mail_setup_journey_get_goa_available (journey));
}

/* Once the check ends: success, or its first failure; or a failure outside the checks
 * (sign-in, keyring) as soon as the journey has its diagnosis. */
static void
journey_outcome_cb (MailSetupResultPage *self)
{
  MailSetupJourney *journey = MAIL_SETUP_PAGE_JOURNEY (self);
  const MailDiagnosis *diagnosis = mail_setup_journey_get_diagnosis (journey);
  const MailCheckResult *failed = mail_setup_journey_get_failed (journey);
  GPtrArray *results = mail_setup_journey_get_results (journey);
  MailProvider *provider = mail_setup_journey_get_provider (journey);
  g_autofree char *details = NULL;

  if (diagnosis == NULL && !mail_setup_journey_get_checked (journey))
    return;
  if (diagnosis == NULL && failed == NULL)
    {
      mail_setup_result_page_set_success (self, mail_setup_journey_get_email (journey), results);
      journey_saved_cb (self);
      journey_goa_cb (self);
    }
  else
    {
      self->enable_imap_available = mail_setup_journey_get_settings (journey) != NULL
                                    && mail_setup_enable_imap_page_has_guidance (provider);
      mail_setup_result_page_set_provider (self, provider);
      mail_setup_result_page_set_failure (self, diagnosis != NULL ? NULL : failed,
                                          diagnosis != NULL ? diagnosis : failed->diagnosis);
      mail_setup_result_page_show_checks (self, results);
    }
  details = mail_setup_journey_build_report (journey, FALSE);
  mail_setup_result_page_set_details (self, details);
}

static void
mail_setup_result_page_follow (MailSetupJourneyPage *page,
                               MailSetupJourney     *journey)
{
  MailSetupResultPage *self = MAIL_SETUP_RESULT_PAGE (page);

  g_signal_connect_swapped (journey, "notify::checked", G_CALLBACK (journey_outcome_cb), self);
  g_signal_connect_swapped (journey, "notify::diagnosis", G_CALLBACK (journey_outcome_cb),
                            self);
  g_signal_connect_swapped (journey, "notify::saved-label", G_CALLBACK (journey_saved_cb),
                            self);
  g_signal_connect_swapped (journey, "notify::save-error", G_CALLBACK (journey_saved_cb), self);
  g_signal_connect_swapped (journey, "notify::goa-available", G_CALLBACK (journey_goa_cb),
                            self);
}
