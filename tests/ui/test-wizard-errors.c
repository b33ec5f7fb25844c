/* test-wizard-errors.c: what the wizard shows when a check fails: IMAP turned off, the
 * primary fix, cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mail-account-store.h"
#include "mail-lab-scripted-server.h"
#include "mail-setup-checking-page.h"
#include "mail-setup-enable-imap-page.h"
#include "mail-setup-export-page.h"
#include "mail-setup-result-page.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-sign-in-page.h"
#include "mail-setup-trust-store.h"
#include "mail-setup-util.h"
#include "mail-setup-welcome-page.h"
#include "mail-setup-window.h"
#include "mail-table-resolver.h"
#include "mail-test-lib.h"
#include "mail-test-wizard.h"
#include "test-wizard.h"

static void
clipboard_splice_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ClipboardWait *wait = user_data;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, NULL) >= 0)
    wait->text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (object)),
                            g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (object)));
  wait->done = TRUE;
}

static void
clipboard_json_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardWait *wait = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;

  stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (object), result, NULL, NULL);
  if (stream == NULL)
    {
      wait->done = TRUE;
      return;
    }
  /* The other end of the pipe is written from this main loop: read it asynchronously. */
  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                G_PRIORITY_DEFAULT, NULL, clipboard_splice_cb, wait);
}

static char *
clipboard_json (MailSetupWindow *window)
{
  static const char *mime_types[] = { "application/json", NULL };
  ClipboardWait wait = { NULL, FALSE };

  gdk_clipboard_read_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), mime_types,
                            G_PRIORITY_DEFAULT, NULL, clipboard_json_cb, &wait);
  wait_for (clipboard_done, &wait, 5, "the clipboard");
  return wait.text;
}

void
test_imap_disabled (void)
{
  g_autoptr(MailLabScriptedServer) imap = NULL;
  g_autoptr(MailLabScriptedServer) smtp = NULL;
  g_autofree char *provider = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  MailSetupEnableImapPage *enable;
  g_autofree char *copied = NULL;
  g_autofree char *copied_json = NULL;
  g_autofree char *command = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *check;
  guint connections;

  if (!have_lab ())
    return;

  /* Microsoft's words when IMAP is off for the mailbox, at SELECT after a good sign-in. */
  imap = start_scripted (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, NULL, NULL);
  mail_lab_scripted_server_set_greeting (imap, "* OK The Microsoft Exchange IMAP4 service is ready.");
  mail_lab_scripted_server_set_stage_lines (imap, "select", "BAD User is authenticated but not connected.", NULL);
  start_or_die (imap);
  smtp = start_scripted (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, NULL, NULL);
  start_or_die (smtp);
  provider = scripted_provider ("scripted", "scripted.test", mail_lab_scripted_server_get_port (imap),
                                mail_lab_scripted_server_get_port (smtp), TRUE);

  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "carol@scripted.test");
  g_assert_false (mail_setup_settings_page_get_editing (settings));
  result = sign_in_with_password (window, settings, "carol-password", FALSE);
  g_assert_false (mail_setup_result_page_get_success (result));
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "imap-disabled");
  /* The failed step in the same list as on success; help links with human titles. */
  g_assert_true (find_label (GTK_WIDGET (result), "Did not work: Opening the inbox"));
  /* A short title and two sentences; the core's long text folded away. */
  g_assert_true (find_label (GTK_WIDGET (result), "IMAP Is Turned Off"));
  g_assert_true (find_label (GTK_WIDGET (result), "More About This Problem"));
  /* Web addresses in the fixes become site names; the row opens the address. */
  g_assert_false (find_label (GTK_WIDGET (result), "https://"));
  g_assert_true (find_label (GTK_WIDGET (result), "Other Possible Causes"));
  assert_keyboard_ready (window, "result");
  screenshot (window, "result-failure");
  resize (window, 360, 640);
  assert_keyboard_ready (window, "result");
  screenshot (window, "result-failure-narrow");
  resize (window, 760, 680);
  /* Long fixes, commands and URLs still fit a phone. */
  assert_fits_narrow (GTK_WIDGET (result));

  /* The fix sends the person to the Enable IMAP page, with the administrator's command. */
  activate (window, "win.go-enable-imap", NULL);
  enable = MAIL_SETUP_ENABLE_IMAP_PAGE (wait_page (window, "enable-imap", 10));
  g_assert_cmpstr (mail_setup_enable_imap_page_get_command (enable), ==,
                   "Set-CASMailbox -Identity carol@scripted.test -ImapEnabled $true");
  screenshot (window, "enable-imap");
  assert_fits_narrow (GTK_WIDGET (enable));

  /* "For Administrators" shows the command; its Copy button copies exactly that. */
  mail_setup_enable_imap_page_set_admin_expanded (enable, TRUE);
  scroll_to_end (GTK_WIDGET (enable));
  screenshot (window, "enable-imap-admin");
  activate (enable, "enable-imap.copy-command", NULL);
  command = clipboard_text (window);
  g_assert_cmpstr (command, ==, "Set-CASMailbox -Identity carol@scripted.test -ImapEnabled $true");

  /* Back returns to the result; "I've done this" checks again with the same sign-in. */
  activate (window, "win.back", NULL);
  wait_page (window, "result", 5);

  /* "Copy Report" copies the redacted report with the server's words. */
  activate (window, "win.copy-report", NULL);
  copied = clipboard_text (window);
  g_assert_nonnull (copied);
  g_assert_nonnull (strstr (copied, "imap-disabled"));
  g_assert_nonnull (strstr (copied, "User is authenticated but not connected"));
  g_assert_null (strstr (copied, "carol-password"));
  /* ... and the CLI's JSON for programs that ask for it. */
  copied_json = clipboard_json (window);
  g_assert_nonnull (copied_json);
  g_assert_true (json_parser_load_from_data (parser, copied_json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  check = json_array_get_object_element (json_object_get_array_member (root, "checks"), 0);
  g_assert_cmpstr (json_object_get_string_member (check, "protocol"), ==, "imap");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (check, "diagnosis"), "code"),
                   ==, "imap-disabled");
  g_assert_null (strstr (copied_json, "carol-password"));

  activate (window, "win.go-enable-imap", NULL);
  wait_page (window, "enable-imap", 10);
  connections = mail_lab_scripted_server_get_connection_count (imap);
  activate (window, "win.enable-imap-done", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_cmpuint (mail_lab_scripted_server_get_connection_count (imap), >, connections);
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "imap-disabled");
  g_assert_false (mail_lab_scripted_server_received_contains (imap, "carol-password"));
  close_window (window);
}

/* An imap-disabled failure at provider id (named name) through the scripted server; the
 * result page's window default (the primary button) is returned in *primary. */
static MailSetupWindow *
imap_disabled_at (const char             *id,
                  const char             *name,
                  MailLabScriptedServer **imap,
                  MailLabScriptedServer **smtp,
                  GtkWidget             **primary)
{
  g_autofree char *provider = NULL;
  g_autofree char *domain = g_strdup_printf ("%s-lab.test", id);
  g_autofree char *email = g_strdup_printf ("dora@%s", domain);
  g_autofree char *contents = NULL;
  g_autofree char *file = g_strdup_printf ("%s.provider", id);
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  GString *text;

  *imap = start_scripted (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, NULL, NULL);
  mail_lab_scripted_server_set_greeting (*imap, "* OK The Microsoft Exchange IMAP4 service is ready.");
  mail_lab_scripted_server_set_stage_lines (*imap, "select", "BAD User is authenticated but not connected.", NULL);
  start_or_die (*imap);
  *smtp = start_scripted (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, NULL, NULL);
  start_or_die (*smtp);
  provider = scripted_provider (id, domain, mail_lab_scripted_server_get_port (*imap),
                                mail_lab_scripted_server_get_port (*smtp), TRUE);
  g_assert_true (g_file_get_contents (provider, &contents, NULL, NULL));
  text = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (text, "Name=Scripted Mail", name, 1), ==, 1);
  g_free (provider);
  provider = write_provider_file (file, text->str);
  g_string_free (text, TRUE);

  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, email);
  result = sign_in_with_password (window, settings, "dora-password", FALSE);
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "imap-disabled");
  *primary = gtk_window_get_default_widget (GTK_WINDOW (window));
  g_assert_true (GTK_IS_BUTTON (*primary));
  g_assert_true (gtk_widget_has_css_class (*primary, "suggested-action"));
  assert_keyboard_ready (window, "result");
  assert_fits_narrow (GTK_WIDGET (result));
  return window;
}

void
test_imap_disabled_audience (void)
{
  MailLabScriptedServer *imap = NULL;
  MailLabScriptedServer *smtp = NULL;
  MailSetupWindow *window;
  GtkWidget *primary;
  GVariant *target;
  g_autofree char *copied = NULL;

  if (!have_lab ())
    return;

  /* Outlook.com: a personal account; the person turns IMAP on in its own settings, and the
   * button opens exactly that page. */
  window = imap_disabled_at ("outlook", "Name=Outlook.com", &imap, &smtp, &primary);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (primary)), ==, "_Open Outlook.com Settings");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (primary)), ==, "win.open-url");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (primary));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "https://mail.scripted.test/settings/imap");
  g_assert_true (find_label (mail_setup_window_get_page (window, "result"), "IMAP Is Turned Off"));
  screenshot (window, "result-imap-disabled-person");
  close_window (window);
  g_clear_object (&imap);
  g_clear_object (&smtp);

  /* Microsoft 365: an organisation's account; only the administrator can, so the primary
   * button copies the report for them, and the words say so. */
  window = imap_disabled_at ("microsoft365", "Name=Microsoft 365", &imap, &smtp, &primary);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (primary)), ==, "Copy _Report for Your Administrator");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (primary)), ==, "win.copy-report");
  g_assert_true (find_label (mail_setup_window_get_page (window, "result"),
                             "Your Organisation Has Turned Off IMAP"));
  screenshot (window, "result-imap-disabled-administrator");
  g_signal_emit_by_name (primary, "clicked");
  copied = clipboard_text (window);
  g_assert_nonnull (strstr (copied, "imap-disabled"));
  g_assert_null (strstr (copied, "dora-password"));
  close_window (window);
  g_clear_object (&imap);
  g_clear_object (&smtp);
}

static GtkWidget *
find_suggested (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action")
      && gtk_widget_get_visible (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_suggested (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_button (GtkWidget  *widget,
            const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_button (child, label))
      return TRUE;
  return FALSE;
}

/* The primary fix of the built-in providers, by code and audience: the provider's own page
 * for a personal account (with Sign In Again beside it where signing in checks the fix),
 * the report for an organisation's administrator, the Enable IMAP steps where the provider
 * has no settings page. */
void
test_primary_fix_table (void)
{
  static const struct
  {
    const char *provider;
    const char *code;
    const char *label;
    const char *action;
    const char *url;
    gboolean    sign_in_again;
  } cases[] = {
    { "outlook", "imap-disabled", "_Open Outlook.com Settings", "win.open-url",
      "https://outlook.live.com/mail/0/options/mail/forwarding", FALSE },
    { "gmail", "imap-disabled", "_Open Gmail Settings", "win.open-url",
      "https://mail.google.com/mail/u/0/#settings/fwdandpop", FALSE },
    { "microsoft365", "imap-disabled", "Copy _Report for Your Administrator", "win.copy-report", NULL, FALSE },
    { "microsoft365", "smtp-auth-disabled", "Copy _Report for Your Administrator", "win.copy-report", NULL, FALSE },
    { "microsoft365", "oauth-admin-consent-required", "Copy _Report for Your Administrator",
      "win.copy-report", NULL, TRUE },
    { "gmail", "auth-app-password-required", "_Create an App Password", "win.open-url",
      "https://myaccount.google.com/apppasswords", TRUE },
    { "icloud", "auth-app-password-required", "_Create an App Password", "win.open-url",
      "https://appleid.apple.com/account/manage", TRUE },
    { "gmx", "imap-disabled", "_Open GMX Settings", "win.open-url",
      "https://hilfe.gmx.net/pop-imap/einschalten.html", FALSE },
    /* No settings page: the provider's steps. */
    { "yahoo", "imap-disabled", "_Show How to Turn On IMAP", "win.go-enable-imap", NULL, FALSE },
  };
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  MailSetupWindow *window;
  MailSetupResultPage *result;

  mail_provider_registry_load_defaults (registry);
  window = new_window (NULL, NULL);
  result = MAIL_SETUP_RESULT_PAGE (mail_setup_window_get_page (window, "result"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MailProvider *provider = mail_provider_registry_lookup (registry, cases[i].provider);
      MailDiagnosisContext context = { .protocol = "imap", .stage = "select",
                                       .provider_id = cases[i].provider,
                                       .email = "dora@example.org", .host = "imap.example.org",
                                       .port = 993 };
      g_autoptr(MailDiagnosis) diagnosis = mail_diagnosis_new_for_code (cases[i].code, &context);
      GtkWidget *primary;

      g_test_message ("%s %s", cases[i].provider, cases[i].code);
      g_assert_nonnull (provider);
      mail_setup_result_page_set_enable_imap_available (result,
                                                        mail_setup_enable_imap_page_has_guidance (provider));
      mail_setup_result_page_set_provider (result, provider);
      mail_setup_result_page_set_failure (result, NULL, diagnosis);
      primary = find_suggested (GTK_WIDGET (result));
      g_assert_nonnull (primary);
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (primary)), ==, cases[i].label);
      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (primary)), ==, cases[i].action);
      if (cases[i].url != NULL)
        g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (primary)), NULL),
                         ==, cases[i].url);
      g_assert_cmpint (has_button (GTK_WIDGET (result), "_Sign In Again"), ==, cases[i].sign_in_again);
    }
  close_window (window);
}

static gboolean
tls_started (gpointer data)
{
  /* resolve and connect done; the TLS handshake never gets an answer */
  return mail_setup_checking_page_count_steps (data, MAIL_PROTOCOL_IMAP, NULL) >= 3;
}

void
test_cancel_check (void)
{
  g_autoptr(MailLabScriptedServer) imap = NULL;
  g_autoptr(MailLabScriptedServer) smtp = NULL;
  g_autofree char *provider = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  MailSetupCheckingPage *checking;
  gint64 start;

  if (!have_lab ())
    return;

  /* A server that accepts and never says a word. */
  imap = start_scripted (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, NULL, NULL);
  mail_lab_scripted_server_set_behaviour (imap, MAIL_LAB_BEHAVIOUR_SILENT);
  start_or_die (imap);
  smtp = start_scripted (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, NULL, NULL);
  start_or_die (smtp);
  provider = scripted_provider ("silent", "silent.test", mail_lab_scripted_server_get_port (imap),
                                mail_lab_scripted_server_get_port (smtp), FALSE);

  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "erin@silent.test");
  g_assert_true (mail_setup_settings_page_select_auth (settings, MAIL_AUTH_PASSWORD));
  activate (settings, "settings.continue", NULL);
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  mail_setup_sign_in_page_set_password (sign_in, "erin-password");
  activate (sign_in, "sign-in.password-continue", NULL);

  checking = MAIL_SETUP_CHECKING_PAGE (mail_setup_window_get_page (window, "checking"));
  wait_for (tls_started, checking, 10, "the TLS step");
  g_assert_true (mail_setup_window_get_busy (window));
  screenshot (window, "checking");

  /* Escape cancels at once, long before the 10 s step timeout, and goes back. */
  start = g_get_monotonic_time ();
  activate (window, "win.cancel", NULL);
  wait_page (window, "sign-in", 5);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_false (mail_setup_window_get_busy (window));
  spin (300);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "sign-in");
  close_window (window);
}
