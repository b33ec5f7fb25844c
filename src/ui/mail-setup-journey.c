/* mail-setup-journey.c: the state of one journey through the wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-setup-journey.h"
#include "mail-setup-report.h"

struct _MailSetupJourney
{
  GObject              parent_instance;

  MailAccountSettings *settings;
  MailAuthKind         secret_kind;
  char                *secret;         /* password or access token; wiped */
  char                *refresh_token;  /* from this sign-in; wiped */
  char                *scopes;
  gint64               expires_at;
  gboolean             from_keyring;
  /* Advanced, for the account advanced_email */
  char                *advanced_email;
  char                *delegate;
  MailProvider        *tenant_provider;
  GPtrArray           *results;        /* MailCheckResult * */
  MailDiagnosis       *diagnosis;
  gboolean             checked;
  /* What the pages show of the running work and its outcome */
  char                *status;
  char                *searching;
  char                *saved_label;
  char                *save_error;
  gboolean             goa_available;
  char                *ca_file;
  gboolean             loading;
  char                *accounts_error;
  GPtrArray           *accounts;       /* char *: the stored accounts' addresses, or NULL */
  GPtrArray           *descriptions;   /* char *: and what the welcome page says of each */
  GPtrArray           *other_apps;     /* char *: other apps' accounts, titles, or NULL */
  GPtrArray           *other_app_subtitles;
};

G_DEFINE_FINAL_TYPE (MailSetupJourney, mail_setup_journey, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_EMAIL,
  PROP_PROVIDER,
  PROP_AUTH,
  PROP_HAS_CREDENTIAL,
  PROP_FROM_KEYRING,
  PROP_RESULTS,
  PROP_DIAGNOSIS,
  PROP_VERIFIED,
  PROP_CHECKED,
  PROP_STATUS,
  PROP_SAVED_LABEL,
  PROP_SAVE_ERROR,
  PROP_GOA_AVAILABLE,
  PROP_CA_FILE,
  PROP_LOADING,
  PROP_ACCOUNTS_ERROR,
  PROP_ACCOUNTS,
  PROP_OTHER_APPS,
  PROP_SEARCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify (MailSetupJourney *self,
        guint             prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
mail_setup_journey_finalize (GObject *object)
{
  MailSetupJourney *self = MAIL_SETUP_JOURNEY (object);

  g_clear_pointer (&self->secret, mail_secret_free);
  g_clear_pointer (&self->refresh_token, mail_secret_free);
  g_clear_pointer (&self->scopes, g_free);
  g_clear_pointer (&self->advanced_email, g_free);
  g_clear_pointer (&self->delegate, g_free);
  g_clear_pointer (&self->tenant_provider, mail_provider_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->diagnosis, mail_diagnosis_free);
  g_clear_pointer (&self->settings, mail_account_settings_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->searching, g_free);
  g_clear_pointer (&self->saved_label, g_free);
  g_clear_pointer (&self->save_error, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->accounts_error, g_free);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->descriptions, g_ptr_array_unref);
  g_clear_pointer (&self->other_apps, g_ptr_array_unref);
  g_clear_pointer (&self->other_app_subtitles, g_ptr_array_unref);

  G_OBJECT_CLASS (mail_setup_journey_parent_class)->finalize (object);
}

static void
mail_setup_journey_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MailSetupJourney *self = MAIL_SETUP_JOURNEY (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_boxed (value, self->settings);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, mail_setup_journey_get_email (self));
      break;
    case PROP_PROVIDER:
      g_value_set_boxed (value, mail_setup_journey_get_provider (self));
      break;
    case PROP_AUTH:
      g_value_set_int (value, mail_setup_journey_get_auth (self));
      break;
    case PROP_HAS_CREDENTIAL:
      g_value_set_boolean (value, self->secret != NULL);
      break;
    case PROP_FROM_KEYRING:
      g_value_set_boolean (value, self->from_keyring);
      break;
    case PROP_RESULTS:
      g_value_set_boxed (value, self->results);
      break;
    case PROP_DIAGNOSIS:
      g_value_set_boxed (value, self->diagnosis);
      break;
    case PROP_VERIFIED:
      g_value_set_boolean (value, mail_setup_journey_get_verified (self));
      break;
    case PROP_CHECKED:
      g_value_set_boolean (value, self->checked);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_SAVED_LABEL:
      g_value_set_string (value, self->saved_label);
      break;
    case PROP_SAVE_ERROR:
      g_value_set_string (value, self->save_error);
      break;
    case PROP_GOA_AVAILABLE:
      g_value_set_boolean (value, self->goa_available);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ACCOUNTS_ERROR:
      g_value_set_string (value, self->accounts_error);
      break;
    case PROP_ACCOUNTS:
      g_value_set_boxed (value, self->accounts);
      break;
    case PROP_OTHER_APPS:
      g_value_set_boxed (value, self->other_apps);
      break;
    case PROP_SEARCHING:
      g_value_set_string (value, self->searching);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mail_setup_journey_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MailSetupJourney *self = MAIL_SETUP_JOURNEY (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      mail_setup_journey_take_settings (self, g_value_dup_boxed (value));
      break;
    case PROP_AUTH:
      mail_setup_journey_set_auth (self, g_value_get_int (value));
      break;
    case PROP_FROM_KEYRING:
      mail_setup_journey_set_from_keyring (self, g_value_get_boolean (value));
      break;
    case PROP_STATUS:
      mail_setup_journey_set_status (self, g_value_get_string (value));
      break;
    case PROP_GOA_AVAILABLE:
      mail_setup_journey_set_goa_available (self, g_value_get_boolean (value));
      break;
    case PROP_CA_FILE:
      mail_setup_journey_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_LOADING:
      mail_setup_journey_set_loading (self, g_value_get_boolean (value));
      break;
    case PROP_ACCOUNTS_ERROR:
      mail_setup_journey_set_accounts_error (self, g_value_get_string (value));
      break;
    case PROP_SEARCHING:
      mail_setup_journey_set_searching (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mail_setup_journey_class_init (MailSetupJourneyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = mail_setup_journey_finalize;
  object_class->get_property = mail_setup_journey_get_property;
  object_class->set_property = mail_setup_journey_set_property;

  properties[PROP_SETTINGS] = g_param_spec_boxed ("settings", NULL, NULL,
                                                  MAIL_TYPE_ACCOUNT_SETTINGS, rw);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, ro);
  properties[PROP_PROVIDER] = g_param_spec_boxed ("provider", NULL, NULL, MAIL_TYPE_PROVIDER, ro);
  properties[PROP_AUTH] = g_param_spec_int ("auth", NULL, NULL, MAIL_AUTH_OAUTH2, MAIL_AUTH_NONE,
                                            MAIL_AUTH_PASSWORD, rw);
  properties[PROP_HAS_CREDENTIAL] = g_param_spec_boolean ("has-credential", NULL, NULL, FALSE, ro);
  properties[PROP_FROM_KEYRING] = g_param_spec_boolean ("from-keyring", NULL, NULL, FALSE, rw);
  properties[PROP_RESULTS] = g_param_spec_boxed ("results", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
  properties[PROP_DIAGNOSIS] = g_param_spec_boxed ("diagnosis", NULL, NULL, MAIL_TYPE_DIAGNOSIS, ro);
  properties[PROP_VERIFIED] = g_param_spec_boolean ("verified", NULL, NULL, FALSE, ro);
  properties[PROP_CHECKED] = g_param_spec_boolean ("checked", NULL, NULL, FALSE, ro);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, rw);
  properties[PROP_SAVED_LABEL] = g_param_spec_string ("saved-label", NULL, NULL, NULL, ro);
  properties[PROP_SAVE_ERROR] = g_param_spec_string ("save-error", NULL, NULL, NULL, ro);
  properties[PROP_GOA_AVAILABLE] = g_param_spec_boolean ("goa-available", NULL, NULL, FALSE, rw);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, rw);
  properties[PROP_ACCOUNTS_ERROR] = g_param_spec_string ("accounts-error", NULL, NULL, NULL, rw);
  properties[PROP_ACCOUNTS] = g_param_spec_boxed ("accounts", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
  properties[PROP_OTHER_APPS] = g_param_spec_boxed ("other-apps", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
  properties[PROP_SEARCHING] = g_param_spec_string ("searching", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mail_setup_journey_init (MailSetupJourney *self)
{
  self->secret_kind = MAIL_AUTH_PASSWORD;
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_check_result_free);
}

MailSetupJourney *
mail_setup_journey_new (void)
{
  return g_object_new (MAIL_SETUP_TYPE_JOURNEY, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* The account */

void
mail_setup_journey_take_settings (MailSetupJourney    *self,
                                  MailAccountSettings *settings)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  if (settings == self->settings)
    return;
  g_clear_pointer (&self->settings, mail_account_settings_free);
  self->settings = settings;
  mail_setup_journey_settings_changed (self);
}

MailAccountSettings *
mail_setup_journey_get_settings (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->settings;
}

void
mail_setup_journey_settings_changed (MailSetupJourney *self)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_SETTINGS);
  notify (self, PROP_EMAIL);
  notify (self, PROP_PROVIDER);
  notify (self, PROP_AUTH);
  notify (self, PROP_VERIFIED);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
mail_setup_journey_get_email (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->settings != NULL ? self->settings->email : NULL;
}

MailProvider *
mail_setup_journey_get_provider (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->settings != NULL ? self->settings->provider : NULL;
}

MailAuthKind
mail_setup_journey_get_auth (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), MAIL_AUTH_PASSWORD);

  return self->settings != NULL ? self->settings->auth : MAIL_AUTH_PASSWORD;
}

void
mail_setup_journey_set_auth (MailSetupJourney *self,
                             MailAuthKind      auth)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  if (self->settings == NULL)
    return;
  self->settings->auth = auth;
  if (self->settings->imap != NULL)
    self->settings->imap->auth = auth;
  if (self->settings->smtp != NULL)
    self->settings->smtp->auth = auth;
  notify (self, PROP_AUTH);
}

void
mail_setup_journey_set_verified_now (MailSetupJourney *self)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));
  g_return_if_fail (self->settings != NULL);

  g_clear_pointer (&self->settings->verified_at, g_date_time_unref);
  self->settings->verified_at = g_date_time_new_now_utc ();
  notify (self, PROP_VERIFIED);
}

gboolean
mail_setup_journey_get_verified (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), FALSE);

  return self->settings != NULL && self->settings->verified_at != NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* The credential */

void
mail_setup_journey_clear_credential (MailSetupJourney *self)
{
  gboolean had;

  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  had = self->secret != NULL;
  g_clear_pointer (&self->secret, mail_secret_free);
  g_clear_pointer (&self->refresh_token, mail_secret_free);
  g_clear_pointer (&self->scopes, g_free);
  self->expires_at = 0;
  if (had)
    notify (self, PROP_HAS_CREDENTIAL);
}

void
mail_setup_journey_take_secret (MailSetupJourney *self,
                                MailAuthKind      kind,
                                char             *secret)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  mail_setup_journey_clear_credential (self);
  self->secret_kind = kind;
  self->secret = secret;
  if (secret != NULL)
    notify (self, PROP_HAS_CREDENTIAL);
}

void
mail_setup_journey_set_tokens (MailSetupJourney      *self,
                               const MailOAuthTokens *tokens)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));
  g_return_if_fail (tokens != NULL);

  mail_setup_journey_take_secret (self, MAIL_AUTH_OAUTH2, g_strdup (tokens->access_token));
  self->refresh_token = g_strdup (tokens->refresh_token);
  self->scopes = g_strdup (tokens->scope);
  self->expires_at = tokens->expires_at;
}

const char *
mail_setup_journey_get_secret (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->secret;
}

MailAuthKind
mail_setup_journey_get_secret_kind (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), MAIL_AUTH_PASSWORD);

  return self->secret_kind;
}

gboolean
mail_setup_journey_get_has_credential (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), FALSE);

  return self->secret != NULL;
}

gboolean
mail_setup_journey_get_from_keyring (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), FALSE);

  return self->from_keyring;
}

void
mail_setup_journey_set_from_keyring (MailSetupJourney *self,
                                     gboolean          from_keyring)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  from_keyring = !!from_keyring;
  if (self->from_keyring == from_keyring)
    return;
  self->from_keyring = from_keyring;
  notify (self, PROP_FROM_KEYRING);
}

MailStoredAccount *
mail_setup_journey_to_stored_account (MailSetupJourney *self)
{
  g_autoptr(MailStoredAccount) account = NULL;

  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);
  g_return_val_if_fail (self->settings != NULL, NULL);

  account = mail_stored_account_new (self->settings);
  if (self->secret_kind == MAIL_AUTH_OAUTH2)
    {
      account->access_token = g_strdup (self->secret);
      account->refresh_token = g_strdup (self->refresh_token);
      account->expires_at = self->expires_at;
      account->scopes = g_strdup (self->scopes);
      account->signed_in_at = account->refreshed_at = g_get_real_time () / G_USEC_PER_SEC;
      if (mail_setup_journey_advanced_applies (self))
        {
          account->signed_in_as = g_strdup (self->delegate);
          if (self->tenant_provider != NULL)
            account->token_url = g_strdup (self->tenant_provider->token_url);
        }
    }
  else
    account->password = g_strdup (self->secret);
  return g_steal_pointer (&account);
}

/* ------------------------------------------------------------------------------------------ */
/* Advanced */

gboolean
mail_setup_journey_set_advanced (MailSetupJourney *self,
                                 const char       *delegate,
                                 MailProvider     *tenant_provider)
{
  gboolean renew;

  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), FALSE);
  g_return_val_if_fail (self->settings != NULL, FALSE);

  renew = g_strcmp0 (delegate, self->delegate) != 0 || tenant_provider != NULL
          || self->tenant_provider != NULL;
  g_free (self->advanced_email);
  self->advanced_email = g_strdup (self->settings->email);
  g_free (self->delegate);
  self->delegate = g_strdup (delegate);
  g_clear_pointer (&self->tenant_provider, mail_provider_unref);
  self->tenant_provider = tenant_provider;
  return renew;
}

gboolean
mail_setup_journey_advanced_applies (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), FALSE);

  return self->settings != NULL && self->advanced_email != NULL &&
         g_strcmp0 (self->advanced_email, self->settings->email) == 0;
}

const char *
mail_setup_journey_get_delegate (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return mail_setup_journey_advanced_applies (self) ? self->delegate : NULL;
}

MailProvider *
mail_setup_journey_get_sign_in_provider (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  if (mail_setup_journey_advanced_applies (self) && self->tenant_provider != NULL)
    return self->tenant_provider;
  return mail_setup_journey_get_provider (self);
}

const char *
mail_setup_journey_get_sign_in_email (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  if (mail_setup_journey_advanced_applies (self) && self->delegate != NULL)
    return self->delegate;
  return mail_setup_journey_get_email (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Results */

void
mail_setup_journey_add_result (MailSetupJourney *self,
                               MailCheckResult  *result)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));
  g_return_if_fail (result != NULL);

  g_ptr_array_add (self->results, result);
  notify (self, PROP_RESULTS);
}

GPtrArray *
mail_setup_journey_get_results (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->results;
}

const MailCheckResult *
mail_setup_journey_get_failed (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  for (guint i = 0; i < self->results->len; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (self->results, i);

      if (!result->ok)
        return result;
    }
  return NULL;
}

void
mail_setup_journey_take_diagnosis (MailSetupJourney *self,
                                   MailDiagnosis    *diagnosis)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  if (diagnosis == self->diagnosis)
    return;
  g_clear_pointer (&self->diagnosis, mail_diagnosis_free);
  self->diagnosis = diagnosis;
  notify (self, PROP_DIAGNOSIS);
}

const MailDiagnosis *
mail_setup_journey_get_diagnosis (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->diagnosis;
}

void
mail_setup_journey_clear_results (MailSetupJourney *self)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->results->len > 0)
    {
      g_ptr_array_set_size (self->results, 0);
      notify (self, PROP_RESULTS);
    }
  if (self->checked)
    {
      self->checked = FALSE;
      notify (self, PROP_CHECKED);
    }
  mail_setup_journey_take_diagnosis (self, NULL);
  mail_setup_journey_set_saved (self, NULL, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
mail_setup_journey_finish_check (MailSetupJourney *self)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  /* Notified even when already set: each check's outcome is shown. */
  self->checked = TRUE;
  notify (self, PROP_CHECKED);
}

gboolean
mail_setup_journey_get_checked (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), FALSE);

  return self->checked;
}

char *
mail_setup_journey_build_report (MailSetupJourney *self,
                                 gboolean          json)
{
  const char *email;
  const char *provider;

  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  email = self->settings ? self->settings->email : NULL;
  provider = self->settings ? self->settings->provider_id : NULL;
  if (json)
    return mail_setup_report_to_json (email, provider, self->results, self->diagnosis);
  return mail_setup_report_to_text (email, provider, self->results, self->diagnosis);
}

/* ------------------------------------------------------------------------------------------ */
/* What the pages show of the running work */

/* Sets *field to value (copied) and notifies prop if that changes it. */
static void
set_string (MailSetupJourney *self,
            char            **field,
            const char       *value,
            guint             prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  notify (self, prop);
}

static void
set_boolean (MailSetupJourney *self,
             gboolean         *field,
             gboolean          value,
             guint             prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  notify (self, prop);
}

void
mail_setup_journey_set_status (MailSetupJourney *self,
                               const char       *status)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  set_string (self, &self->status, status, PROP_STATUS);
}

const char *
mail_setup_journey_get_status (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->status;
}

void
mail_setup_journey_set_searching (MailSetupJourney *self,
                                  const char       *email)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  set_string (self, &self->searching, email, PROP_SEARCHING);
}

const char *
mail_setup_journey_get_searching (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->searching;
}

void
mail_setup_journey_set_saved (MailSetupJourney *self,
                              const char       *keyring_label,
                              const char       *error_message)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->saved_label, keyring_label, PROP_SAVED_LABEL);
  set_string (self, &self->save_error, error_message, PROP_SAVE_ERROR);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
mail_setup_journey_get_saved_label (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->saved_label;
}

const char *
mail_setup_journey_get_save_error (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->save_error;
}

void
mail_setup_journey_set_goa_available (MailSetupJourney *self,
                                      gboolean          available)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  set_boolean (self, &self->goa_available, available, PROP_GOA_AVAILABLE);
}

gboolean
mail_setup_journey_get_goa_available (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), FALSE);

  return self->goa_available;
}

void
mail_setup_journey_set_ca_file (MailSetupJourney *self,
                                const char       *ca_file)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  set_string (self, &self->ca_file, ca_file, PROP_CA_FILE);
}

const char *
mail_setup_journey_get_ca_file (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->ca_file;
}

void
mail_setup_journey_set_loading (MailSetupJourney *self,
                                gboolean          loading)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  set_boolean (self, &self->loading, loading, PROP_LOADING);
}

gboolean
mail_setup_journey_get_loading (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), FALSE);

  return self->loading;
}

void
mail_setup_journey_set_accounts_error (MailSetupJourney *self,
                                       const char       *message)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));

  set_string (self, &self->accounts_error, message, PROP_ACCOUNTS_ERROR);
}

const char *
mail_setup_journey_get_accounts_error (MailSetupJourney *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  return self->accounts_error;
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));
  return copy;
}

void
mail_setup_journey_set_accounts (MailSetupJourney *self,
                                 GPtrArray        *emails,
                                 GPtrArray        *descriptions)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));
  g_return_if_fail (emails != NULL && descriptions != NULL);
  g_return_if_fail (emails->len == descriptions->len);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->descriptions, g_ptr_array_unref);
  self->accounts = copy_strings (emails);
  self->descriptions = copy_strings (descriptions);
  notify (self, PROP_ACCOUNTS);
}

GPtrArray *
mail_setup_journey_get_accounts (MailSetupJourney  *self,
                                 GPtrArray        **descriptions)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  if (descriptions != NULL)
    *descriptions = self->descriptions;
  return self->accounts;
}

void
mail_setup_journey_set_other_apps (MailSetupJourney *self,
                                   GPtrArray        *titles,
                                   GPtrArray        *subtitles)
{
  g_return_if_fail (MAIL_SETUP_IS_JOURNEY (self));
  g_return_if_fail (titles != NULL && subtitles != NULL);
  g_return_if_fail (titles->len == subtitles->len);

  g_clear_pointer (&self->other_apps, g_ptr_array_unref);
  g_clear_pointer (&self->other_app_subtitles, g_ptr_array_unref);
  self->other_apps = copy_strings (titles);
  self->other_app_subtitles = copy_strings (subtitles);
  notify (self, PROP_OTHER_APPS);
}

GPtrArray *
mail_setup_journey_get_other_apps (MailSetupJourney  *self,
                                   GPtrArray        **subtitles)
{
  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY (self), NULL);

  if (subtitles != NULL)
    *subtitles = self->other_app_subtitles;
  return self->other_apps;
}
