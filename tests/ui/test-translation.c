/* test-translation.c: the wizard speaks German when asked to
 *
 * Proves the chain: _() and translatable="yes" → po/de.po → the .mo built in <build>/po →
 * the labels on screen. Renders <build>/screenshots/welcome-de.png, and another app's settings
 * beside those that work in German at 360 px (other-app-differences-de.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "mail-account-settings.h"
#include "mail-check-result.h"
#include "mail-diagnosis.h"
#include "mail-provider.h"
#include "mail-server.h"
#include "mail-setup-enable-imap-page.h"
#include "mail-setup-result-page.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-sign-in-page.h"
#include "mail-setup-settings-diff.h"
#include "mail-setup-welcome-page.h"
#include "mail-setup-window.h"
#include "mail-test-wizard.h"

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_german (void)
{
  MailSetupWindow *window;
  gint64 end;

  /* What GtkApplication does for the app: the icons in the GResource. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/mailsetup/MailSetup/icons");
  window = mail_setup_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  /* From the template (translatable="yes") and from C (_()). */
  g_assert_true (has_label (GTK_WIDGET (window), "E-Mail einrichten"));
  g_assert_true (has_label (GTK_WIDGET (window), "Konto hinzufügen"));
  g_assert_cmpstr (_("Check cancelled"), ==, "Prüfung abgebrochen");
  save_png (GTK_WIDGET (window), "welcome-de");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Names the innermost widgets wider than 360 px, to say what to fix. */
static gboolean
report_too_wide (GtkWidget *widget)
{
  gboolean child_reported = FALSE;
  int minimum = 0;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return FALSE;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum <= 360)
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    child_reported |= report_too_wide (child);
  if (!child_reported)
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        int child_minimum = 0;

        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, NULL, NULL, NULL);
        g_test_message ("  in it: %s (%s) %d px", G_OBJECT_TYPE_NAME (child),
                        GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child))
                        ? gtk_button_get_label (GTK_BUTTON (child)) : "", child_minimum);
      }
  if (!child_reported)
    g_test_message ("too wide: %s (%s) %d px", G_OBJECT_TYPE_NAME (widget),
                    GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget))
                    : GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget))
                    ? gtk_button_get_label (GTK_BUTTON (widget)) : "", minimum);
  return TRUE;
}

static void
assert_page_fits_narrow (MailSetupWindow *window,
                         const char      *page,
                         const char      *state)
{
  GtkWidget *widget = mail_setup_window_get_page (window, page);
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("%s (%s): minimum width %d", page, state, minimum);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); minimum > 360 && child != NULL;
       child = gtk_widget_get_next_sibling (child))
    report_too_wide (child);
  g_assert_cmpint (minimum, <=, 360);
}

/* Shows page (already filled) in a 360×640 window and saves <name>.png. */
static void
save_narrow (MailSetupWindow *window,
             const char      *page,
             const char      *name)
{
  GtkWidget *widget = mail_setup_window_get_page (window, page);
  gint64 end;

  gtk_stack_set_transition_type (GTK_STACK (gtk_widget_get_parent (widget)), GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (widget)), widget);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  /* The page is rendered with its scroller at rest and at its top. */
  {
    GtkScrolledWindow *scrolled = find_scrolled (widget);

    if (scrolled != NULL)
      {
        GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
        double last;

        do
          {
            last = gtk_adjustment_get_value (adjustment);
            end = g_get_monotonic_time () + G_USEC_PER_SEC / 10;
            while (g_get_monotonic_time () < end)
              g_main_context_iteration (NULL, FALSE);
          }
        while (gtk_adjustment_get_value (adjustment) != last);
        g_test_message ("%s: scrolled to %g (focus %s)", name, last,
                        gtk_root_get_focus (GTK_ROOT (window))
                        ? G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (window))) : "none");
        g_assert_cmpfloat (last, ==, gtk_adjustment_get_lower (adjustment));
      }
  }
  save_png (GTK_WIDGET (window), name);
}

static MailCheckResult *
check_result (MailProtocol  protocol,
              gboolean      ok,
              const char   *last_step)
{
  MailCheckResult *result = mail_check_result_new (protocol);

  result->host = g_strdup (protocol == MAIL_PROTOCOL_IMAP ? "imap.gmx.net" : "mail.gmx.net");
  result->port = protocol == MAIL_PROTOCOL_IMAP ? 993 : 465;
  result->ok = ok;
  g_ptr_array_add (result->steps, mail_check_step_new ("connect", TRUE, 12, NULL));
  g_ptr_array_add (result->steps, mail_check_step_new (last_step, ok, 40, NULL));
  return result;
}

/* Every page and sign-in mode fits a 360 px phone in German too, the longer language. */
static void
test_german_narrow (void)
{
  static const char *pages[] = { "welcome", "settings", "enable-imap", "sign-in", "checking", "result", "export" };
  static const char *codes[] = { "imap-disabled", "tls-untrusted", "tls-expired", "auth-invalid-credentials",
                                 "auth-app-password-required", "oauth-client-id-missing", "smtp-auth-disabled",
                                 "connect-timeout", "unknown" };
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_check_result_free);
  g_autoptr(GPtrArray) emails = g_ptr_array_new ();
  g_autoptr(GPtrArray) descriptions = g_ptr_array_new ();
  MailAccountSettings *settings;
  MailSetupWindow *window;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  const char *providers[] = { "gmx", "outlook", "gmail", "microsoft365" };

  mail_provider_registry_load_defaults (registry);
  window = mail_setup_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    assert_page_fits_narrow (window, pages[i], "empty");

  g_ptr_array_add (emails, (gpointer) "maria.mustermann@gmx.de");
  g_ptr_array_add (descriptions, (gpointer) "GMX · Passwort · zuletzt geprüft am 3. Dezember 2026");
  mail_setup_welcome_page_set_accounts (MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome")),
                                        emails, descriptions);
  assert_page_fits_narrow (window, "welcome", "saved accounts");
  save_narrow (window, "welcome", "welcome-narrow-de");

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      MailProvider *provider = mail_provider_registry_lookup (registry, providers[i]);
      g_autofree char *email = g_strdup_printf ("maria.mustermann@%s", provider->domains[0]);

      settings = mail_account_settings_new_from_provider (provider, email);
      mail_setup_settings_page_set_settings (MAIL_SETUP_SETTINGS_PAGE (mail_setup_window_get_page (window, "settings")),
                                             settings);
      assert_page_fits_narrow (window, "settings", providers[i]);
      if (i == 2)
        save_narrow (window, "settings", "settings-narrow-de");
      mail_setup_settings_page_set_editing (MAIL_SETUP_SETTINGS_PAGE (mail_setup_window_get_page (window, "settings")),
                                            TRUE);
      assert_page_fits_narrow (window, "settings", "editing");
      mail_setup_enable_imap_page_set_provider (MAIL_SETUP_ENABLE_IMAP_PAGE (mail_setup_window_get_page (window, "enable-imap")),
                                                provider, email);
      assert_page_fits_narrow (window, "enable-imap", providers[i]);

      sign_in = MAIL_SETUP_SIGN_IN_PAGE (mail_setup_window_get_page (window, "sign-in"));
      for (MailAuthKind auth = MAIL_AUTH_PASSWORD; auth <= MAIL_AUTH_APP_PASSWORD; auth++)
        {
          mail_setup_sign_in_page_set_account (sign_in, email, provider->name, auth, provider->app_password_url);
          for (MailSetupSignInMode mode = MAIL_SETUP_SIGN_IN_OAUTH; mode <= MAIL_SETUP_SIGN_IN_CLIENT_ID; mode++)
            {
              mail_setup_sign_in_page_set_mode (sign_in, mode);
              assert_page_fits_narrow (window, "sign-in", providers[i]);
              if (i == 1 && mode == MAIL_SETUP_SIGN_IN_CLIENT_ID && auth == MAIL_AUTH_PASSWORD)
                save_narrow (window, "sign-in", "sign-in-no-client-id-narrow-de");
              if (i == 2 && mode == MAIL_SETUP_SIGN_IN_PASSWORD && auth == MAIL_AUTH_APP_PASSWORD)
                save_narrow (window, "sign-in", "sign-in-app-password-narrow-de");
            }
        }
      mail_account_settings_free (settings);
    }

  result = MAIL_SETUP_RESULT_PAGE (mail_setup_window_get_page (window, "result"));
  g_ptr_array_add (results, check_result (MAIL_PROTOCOL_IMAP, TRUE, "select"));
  g_ptr_array_add (results, check_result (MAIL_PROTOCOL_SMTP, TRUE, "auth"));
  mail_setup_result_page_set_success (result, "maria.mustermann@gmx.de", results);
  mail_setup_result_page_set_goa_available (result, TRUE);
  mail_setup_result_page_set_export_available (result, TRUE);
  assert_page_fits_narrow (window, "result", "success");
  save_narrow (window, "result", "result-success-narrow-de");
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      MailDiagnosisContext context = { .protocol = "imap", .stage = "select", .provider_id = "outlook",
                                       .email = "maria.mustermann@outlook.de", .host = "outlook.office365.com",
                                       .port = 993 };
      g_autoptr(MailDiagnosis) diagnosis = mail_diagnosis_new_for_code (codes[i], &context);
      MailCheckResult *failed = g_ptr_array_index (results, 0);

      failed->ok = FALSE;
      mail_setup_result_page_set_failure (result, failed, diagnosis);
      mail_setup_result_page_show_checks (result, results);
      assert_page_fits_narrow (window, "result", codes[i]);
      /* With the settings that work offered as the primary action. */
      failed->suggestion = mail_server_new (MAIL_PROTOCOL_IMAP, "outlook.office365.com", 993,
                                            MAIL_SECURITY_TLS);
      mail_setup_result_page_set_failure (result, failed, diagnosis);
      assert_page_fits_narrow (window, "result", "suggestion");
      if (i == 0)
        save_narrow (window, "result", "result-suggestion-narrow-de");
      g_clear_pointer (&failed->suggestion, mail_server_free);
      if (i < 3)
        {
          g_autofree char *name = g_strdup_printf ("result-%s-narrow-de", codes[i]);

          save_narrow (window, "result", name);
        }
    }
  /* The primary fix and the words chosen by provider and audience: a personal account's own
   * settings page, an organisation's administrator; and the short texts of the other codes. */
  {
    static const char *fix_providers[] = { "outlook", "microsoft365", "gmail", "yahoo" };
    static const char *more_codes[] = { "imap-disabled", "smtp-auth-disabled", "auth-basic-disabled",
                                        "auth-app-password-required", "dns-failed",
                                        "network-unreachable", "connection-closed",
                                        "wrong-security-mode", "not-a-mail-server",
                                        "starttls-unavailable", "auth-web-login-required",
                                        "auth-oauth-token-rejected", "auth-too-many-attempts",
                                        "auth-temporary-failure", "too-many-connections",
                                        "server-unavailable", "server-timeout",
                                        "oauth-consent-declined", "oauth-admin-consent-required",
                                        "oauth-conditional-access", "oauth-refresh-expired",
                                        "oauth-timeout", "keyring-locked" };

    for (guint p = 0; p < G_N_ELEMENTS (fix_providers); p++)
      {
        MailProvider *provider = mail_provider_registry_lookup (registry, fix_providers[p]);

        mail_setup_result_page_set_provider (result, provider);
        for (guint i = 0; i < G_N_ELEMENTS (more_codes); i++)
          {
            MailDiagnosisContext context = { .protocol = "imap", .stage = "select",
                                             .provider_id = fix_providers[p],
                                             .email = "maria.mustermann@example.de",
                                             .host = "imap.example.de", .port = 993 };
            g_autoptr(MailDiagnosis) diagnosis = mail_diagnosis_new_for_code (more_codes[i], &context);
            MailCheckResult *failed = g_ptr_array_index (results, 0);
            g_autofree char *what = g_strdup_printf ("%s %s", fix_providers[p], more_codes[i]);

            mail_setup_result_page_set_failure (result, failed, diagnosis);
            mail_setup_result_page_show_checks (result, results);
            assert_page_fits_narrow (window, "result", what);
            if (i == 0 && p < 2)
              {
                g_autofree char *name = g_strdup_printf ("result-imap-disabled-%s-narrow-de",
                                                         fix_providers[p]);

                save_narrow (window, "result", name);
              }
          }
      }
    mail_setup_result_page_set_provider (result, NULL);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
deselect (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    gtk_label_select_region (GTK_LABEL (widget), 0, 0);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    deselect (child);
}

/* Evolution's words are the longest (Verschlüsselungsmethode, TLS auf einem eigenen Port): its
 * IMAP settings beside those that work, in a window 360 px wide. */
static void
test_german_differences (void)
{
  g_autoptr(MailOtherAppAccount) account = mail_other_app_account_new ("evolution",
                                                                       "~/.config/evolution/sources/a.source");
  g_autoptr(MailServer) works = mail_server_new (MAIL_PROTOCOL_IMAP, "imap.example-provider.org",
                                                 993, MAIL_SECURITY_TLS);
  g_autoptr(GPtrArray) differences = NULL;
  GtkWidget *window;
  GtkWidget *scrolled;
  GtkWidget *diff;
  int minimum = 0;
  gint64 end;

  /* The app's style (what GtkApplication loads from its resource base path). */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/mailsetup/MailSetup/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  window = gtk_window_new ();
  scrolled = gtk_scrolled_window_new ();
  diff = mail_setup_settings_diff_new ();

  account->label = g_strdup ("Arbeit");
  account->email = g_strdup ("vorname.nachname@example-provider.org");
  account->imap = mail_other_app_server_new ();
  account->imap->host = g_strdup ("mail.example-provider.org");
  account->imap->port = 143;
  account->imap->security = MAIL_SECURITY_STARTTLS;
  account->imap->username = g_strdup ("vorname.nachname@example-provider.org");
  works->username = g_strdup ("vorname.nachname@example-provider.org");
  differences = mail_other_apps_differences (account, MAIL_PROTOCOL_IMAP, works);
  g_assert_nonnull (differences);
  mail_setup_settings_diff_set (MAIL_SETUP_SETTINGS_DIFF (diff), _("Incoming Mail (IMAP)"),
                                mail_other_app_display_name ("evolution"), differences);

  g_assert_cmpstr (mail_setup_settings_diff_get_title (MAIL_SETUP_SETTINGS_DIFF (diff)), ==,
                   "Eingehende E-Mails (IMAP)");
  g_assert_cmpstr (mail_setup_settings_diff_get_header (MAIL_SETUP_SETTINGS_DIFF (diff),
                                                        MAIL_SETUP_SETTINGS_DIFF_HAS), ==,
                   "Evolution hat");
  g_assert_cmpstr (mail_setup_settings_diff_get_header (MAIL_SETUP_SETTINGS_DIFF (diff),
                                                        MAIL_SETUP_SETTINGS_DIFF_WORKS), ==,
                   "Funktioniert");
  g_assert_cmpstr (mail_setup_settings_diff_get_text (MAIL_SETUP_SETTINGS_DIFF (diff), 0,
                                                      MAIL_SETUP_SETTINGS_DIFF_FIELD), ==,
                   "Verschlüsselungsmethode");
  g_assert_cmpstr (mail_setup_settings_diff_get_text (MAIL_SETUP_SETTINGS_DIFF (diff), 0,
                                                      MAIL_SETUP_SETTINGS_DIFF_WORKS), ==,
                   "TLS auf einem eigenen Port");

  /* The result page's margins are 12 px each side. */
  gtk_widget_set_margin_start (diff, 12);
  gtk_widget_set_margin_end (diff, 12);
  gtk_widget_set_margin_top (diff, 12);
  gtk_widget_set_margin_bottom (diff, 12);
  /* In a scrolled window, as on the result page. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), diff);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_widget_measure (diff, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("differences in German: minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, 360);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 340);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (window), ==, 360);
  /* Alone in its window the first value has the focus, and a focused selectable label
   * selects its text; on the result page a button has it. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  deselect (diff);
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  save_png (window, "other-app-differences-de");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The provider's steps (data/providers, merged with po/de.po at build time) on the wizard's
 * "Turn On IMAP" page. */
static void
test_german_provider_steps (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  MailProvider *provider;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (MAIL_SETUP_TYPE_ENABLE_IMAP_PAGE, NULL);
  gint64 end;

  mail_provider_registry_load_defaults (registry);
  provider = mail_provider_registry_lookup (registry, "outlook");
  mail_setup_enable_imap_page_set_provider (MAIL_SETUP_ENABLE_IMAP_PAGE (page), provider,
                                            "someone@outlook.com");
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 700);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  g_assert_true (has_label (window, "Melden Sie sich bei outlook.com an"));
  g_assert_true (has_label (window, "Öffnen Sie Einstellungen > E-Mail > Weiterleitung und IMAP"));
  g_assert_false (has_label (window, "Sign in at outlook.com"));
  save_png (window, "enable-imap-de");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* WCAG relative luminance of an sRGB colour. */
static double
luminance (const guint8 *rgb)
{
  double channel[3];

  for (guint i = 0; i < 3; i++)
    {
      double c = rgb[i] / 255.0;

      channel[i] = c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
    }
  return 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2];
}

static gboolean
is_secondary_or_paragraph (GtkWidget *label)
{
  return gtk_widget_has_css_class (label, "dim-label") || gtk_widget_has_css_class (label, "subtitle")
         || gtk_widget_has_css_class (label, "description") || gtk_label_get_wrap (GTK_LABEL (label));
}

/* How many dim labels and row subtitles assert_contrast () measured. */
static guint secondary_measured;

/* The labels a person reads on the page: secondary (dim, row subtitles, group descriptions)
 * and paragraphs; not those on buttons or in the header bar. */
static void
collect_text (GtkWidget *widget,
              GPtrArray *labels)
{
  if (!gtk_widget_get_mapped (widget) || GTK_IS_BUTTON (widget) || ADW_IS_HEADER_BAR (widget))
    return;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), "") != 0
      && is_secondary_or_paragraph (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, labels);
}

/* Renders the window in the light style and measures, from the pixels, each label's text
 * against its own background: the commonest colour in the label's box is the background, the
 * one that differs most from it the text (full-coverage pixels of the glyphs' stems; the
 * anti-aliased edges only lower the value, so the measure errs on the strict side). */
static guint
assert_contrast (GtkWidget  *window,
                 const char *page_name)
{
  GtkWidget *page = mail_setup_window_get_page (MAIL_SETUP_WINDOW (window), page_name);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  GtkScrolledWindow *scrolled;
  graphene_rect_t visible;
  int width, height;
  gint64 end;
  guint measured = 0;

  gtk_stack_set_transition_type (GTK_STACK (gtk_widget_get_parent (page)), GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (page)), page);
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (adw_style_manager_get_dark (adw_style_manager_get_default ()));

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  texture = render_window (window);
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);  /* cairo ARGB32: B G R A */

  /* Only what is in sight: inside the page's scroller. */
  scrolled = find_scrolled (page);
  if (scrolled == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (scrolled), window, &visible))
    g_assert_true (gtk_widget_compute_bounds (page, window, &visible));

  collect_text (page, labels);
  g_test_message ("%s: %u labels to measure, in sight %g+%g", page_name, labels->len,
                  visible.origin.y, visible.size.height);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
      graphene_rect_t bounds;
      guint32 background = 0;
      guint best = 0;
      guint8 background_rgb[3];
      double background_l;
      double contrast = 1.0;
      int x0, y0, x1, y1;

      if (!gtk_widget_compute_bounds (label, window, &bounds)
          || !graphene_rect_contains_rect (&visible, &bounds))
        continue;
      x0 = MAX (0, (int) bounds.origin.x);
      y0 = MAX (0, (int) bounds.origin.y);
      x1 = MIN (width, (int) (bounds.origin.x + bounds.size.width));
      y1 = MIN (height, (int) (bounds.origin.y + bounds.size.height));
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          {
            const guint8 *p = pixels + ((gsize) y * width + x) * 4;
            guint32 key = (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (key))) + 1;

            g_hash_table_insert (counts, GUINT_TO_POINTER (key), GUINT_TO_POINTER (n));
            if (n > best)
              {
                best = n;
                background = key;
              }
          }
      if (best == 0)
        continue;
      background_rgb[0] = background >> 16;
      background_rgb[1] = (background >> 8) & 0xff;
      background_rgb[2] = background & 0xff;
      background_l = luminance (background_rgb);
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          {
            const guint8 *p = pixels + ((gsize) y * width + x) * 4;
            guint8 rgb[3] = { p[2], p[1], p[0] };
            double l = luminance (rgb);
            double c = (MAX (l, background_l) + 0.05) / (MIN (l, background_l) + 0.05);

            contrast = MAX (contrast, c);
          }
      g_test_message ("%s: “%.40s”%s: %.2f:1 on #%06x", page_name,
                      gtk_label_get_text (GTK_LABEL (label)),
                      gtk_widget_has_css_class (label, "dim-label") ? " (dim)" : "", contrast, background);
      if (contrast < 4.5)
        g_error ("%s: “%s” has a contrast of %.2f:1 on #%06x, below WCAG AA (4.5:1)", page_name,
                 gtk_label_get_text (GTK_LABEL (label)), contrast, background);
      measured++;
      if (!gtk_label_get_wrap (GTK_LABEL (label)) || gtk_widget_has_css_class (label, "dim-label")
          || gtk_widget_has_css_class (label, "subtitle"))
        secondary_measured++;
    }
  return measured;
}

/* Secondary text (dim labels, row subtitles, group descriptions) and paragraphs read at WCAG
 * AA contrast, at least 4.5:1, in the light style: measured from the rendered pixels. */
static void
test_contrast (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_check_result_free);
  g_autoptr(GPtrArray) emails = g_ptr_array_new ();
  g_autoptr(GPtrArray) descriptions = g_ptr_array_new ();
  MailSetupWindow *window;
  MailSetupResultPage *result;
  MailSetupSignInPage *sign_in;
  MailProvider *provider;
  MailAccountSettings *settings;
  MailDiagnosisContext context = { .protocol = "imap", .stage = "select", .provider_id = "gmail",
                                   .email = "maria.mustermann@gmail.com", .host = "imap.gmail.com",
                                   .port = 993 };
  g_autoptr(MailDiagnosis) diagnosis = NULL;
  guint measured = 0;

  /* The app's style, as AdwApplication loads it from its resource base path. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/mailsetup/MailSetup/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  mail_provider_registry_load_defaults (registry);
  window = mail_setup_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 680);
  gtk_window_present (GTK_WINDOW (window));

  g_ptr_array_add (emails, (gpointer) "maria.mustermann@gmx.de");
  g_ptr_array_add (descriptions, (gpointer) "GMX · Passwort · zuletzt geprüft am 3. Dezember 2026");
  mail_setup_welcome_page_set_accounts (MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome")),
                                        emails, descriptions);
  measured += assert_contrast (GTK_WIDGET (window), "welcome");

  provider = mail_provider_registry_lookup (registry, "gmail");
  settings = mail_account_settings_new_from_provider (provider, "maria.mustermann@gmail.com");
  mail_setup_settings_page_set_settings (MAIL_SETUP_SETTINGS_PAGE (mail_setup_window_get_page (window, "settings")),
                                         settings);
  mail_setup_settings_page_set_editing (MAIL_SETUP_SETTINGS_PAGE (mail_setup_window_get_page (window, "settings")),
                                        TRUE);
  measured += assert_contrast (GTK_WIDGET (window), "settings");
  mail_setup_enable_imap_page_set_provider (MAIL_SETUP_ENABLE_IMAP_PAGE (mail_setup_window_get_page (window, "enable-imap")),
                                            mail_provider_registry_lookup (registry, "gmx"),
                                            "maria.mustermann@gmx.de");
  measured += assert_contrast (GTK_WIDGET (window), "enable-imap");
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (mail_setup_window_get_page (window, "sign-in"));
  mail_setup_sign_in_page_set_account (sign_in, "maria.mustermann@gmail.com", provider->name,
                                       MAIL_AUTH_APP_PASSWORD, provider->app_password_url);
  mail_setup_sign_in_page_set_mode (sign_in, MAIL_SETUP_SIGN_IN_PASSWORD);
  measured += assert_contrast (GTK_WIDGET (window), "sign-in");
  mail_account_settings_free (settings);

  result = MAIL_SETUP_RESULT_PAGE (mail_setup_window_get_page (window, "result"));
  g_ptr_array_add (results, check_result (MAIL_PROTOCOL_IMAP, TRUE, "select"));
  g_ptr_array_add (results, check_result (MAIL_PROTOCOL_SMTP, TRUE, "auth"));
  mail_setup_result_page_set_success (result, "maria.mustermann@gmail.com", results);
  mail_setup_result_page_set_saved (result, "maria.mustermann@gmail.com (Mail Setup)", NULL);
  measured += assert_contrast (GTK_WIDGET (window), "result");

  diagnosis = mail_diagnosis_new_for_code ("imap-disabled", &context);
  ((MailCheckResult *) g_ptr_array_index (results, 0))->ok = FALSE;
  mail_setup_result_page_set_provider (result, provider);
  mail_setup_result_page_set_failure (result, g_ptr_array_index (results, 0), diagnosis);
  mail_setup_result_page_show_checks (result, results);
  measured += assert_contrast (GTK_WIDGET (window), "result");
  measured += assert_contrast (GTK_WIDGET (window), "export");

  /* The test measured something, secondary text among it. */
  g_test_message ("%u labels measured", measured);
  g_assert_cmpuint (measured, >=, 10);
  g_assert_cmpuint (secondary_measured, >=, 5);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  const char *build_dir = g_getenv ("MAIL_SETUP_BUILD_DIR");
  g_autofree char *localedir = g_build_filename (build_dir ? build_dir : ".", "po", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("mail-setup-de-XXXXXX", NULL);

  /* German from the .mo files of this build, whatever locales the machine has. */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (g_getenv ("MAIL_LAB_DIR") == NULL)
    g_setenv ("XDG_CONFIG_HOME", tmp, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/translation/german", test_german);
  g_test_add_func ("/translation/german-narrow", test_german_narrow);
  g_test_add_func ("/translation/german-differences", test_german_differences);
  g_test_add_func ("/translation/german-provider-steps", test_german_provider_steps);
  g_test_add_func ("/translation/contrast", test_contrast);
  return g_test_run ();
}
