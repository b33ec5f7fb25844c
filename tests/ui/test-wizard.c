/* test-wizard.c: the wizard driven in process, page by page, against the test lab
 *
 * Every test builds a real MailSetupWindow, types into its fields, activates its actions and
 * spins the main loop until the page changes (with a deadline). Journeys that need servers
 * run inside tests/lab/with-lab.sh and are skipped outside it. Every page is rendered to
 * <build>/screenshots/<page>-light.png and -dark.png on the way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

static AdwApplication *app;

static void assert_keyboard_ready (MailSetupWindow *window,
                                   const char      *name);
static gboolean find_label (GtkWidget  *widget,
                            const char *text);
static void resize (MailSetupWindow *window,
                    int              width,
                    int              height);
static char *tmp_dir;

/* ------------------------------------------------------------------------------------------ */
/* Helpers */

static gboolean
have_lab (void)
{
  if (g_getenv ("MAIL_LAB_PROVIDER_FILE") != NULL && g_getenv ("MAIL_LAB_BROWSER") != NULL)
    return TRUE;
  g_test_skip ("needs the test lab (tests/lab/with-lab.sh)");
  return FALSE;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Check) (gpointer data);

/* Spins the main loop until check passes; fails the test at the deadline. */
static void
wait_for (Check        check,
          gpointer     data,
          guint        timeout_s,
          const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!check (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u s waiting for %s", timeout_s, what);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  MailSetupWindow *window;
  const char      *page;
} PageWait;

static gboolean
page_is_shown (gpointer data)
{
  PageWait *wait = data;
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (mail_setup_window_get_page (wait->window, wait->page)));

  return g_strcmp0 (mail_setup_window_get_page_name (wait->window), wait->page) == 0
         && !mail_setup_window_get_busy (wait->window)
         && !gtk_stack_get_transition_running (stack);
}

/* Waits until page is shown and nothing runs any more. */
static GtkWidget *
wait_page (MailSetupWindow *window,
           const char      *page,
           guint            timeout_s)
{
  PageWait wait = { window, page };
  g_autofree char *what = g_strdup_printf ("the page “%s” (now “%s”)", page,
                                           mail_setup_window_get_page_name (window));

  wait_for (page_is_shown, &wait, timeout_s, what);
  return mail_setup_window_get_page (window, page);
}

static gboolean
page_is_visible (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (mail_setup_window_get_page_name (wait->window), wait->page) == 0;
}

static char *
screenshot_dir (void)
{
  const char *build_dir = g_getenv ("MAIL_SETUP_BUILD_DIR");
  char *dir = g_build_filename (build_dir ? build_dir : ".", "screenshots", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

/* Names the innermost widgets wider than 360 px, to say what to fix. */
static gboolean
report_too_wide (GtkWidget *widget)
{
  gboolean child_reported = FALSE;
  int minimum = 0;

  if (!gtk_widget_get_visible (widget))
    return FALSE;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum <= 360)
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    child_reported |= report_too_wide (child);
  if (!child_reported)
    g_test_message ("too wide: %s (%s) %d px", G_OBJECT_TYPE_NAME (widget),
                    GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget))
                    : GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget))
                    ? gtk_button_get_label (GTK_BUTTON (widget)) : "", minimum);
  return TRUE;
}

static void
assert_fits_narrow (GtkWidget *page)
{
  int minimum = 0;

  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("%s: minimum width %d", G_OBJECT_TYPE_NAME (page), minimum);
  if (minimum > 360)
    report_too_wide (page);
  g_assert_cmpint (minimum, <=, 360);
}

static GtkScrolledWindow *
find_scrolled (GtkWidget *widget)
{
  /* The page's own scroller, not a hidden or empty one. */
  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_height (widget) == 0)
    return NULL;
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scrolled (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* scroll_to_end () was asked for: the next screenshot shows the end of the page. */
static gboolean scrolled_on_purpose;

/* Scrolls a page to its end, for a screenshot of what is below the fold. */
static void
scroll_to_end (GtkWidget *page)
{
  GtkScrolledWindow *scrolled = find_scrolled (page);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  spin (400);  /* let the expander's revealer finish */
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                        - gtk_adjustment_get_page_size (adjustment));
  spin (100);
  scrolled_on_purpose = TRUE;
}

static gboolean
transitions_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (transitions_running (child))
      return TRUE;
  return FALSE;
}

static gboolean
transitions_done (gpointer data)
{
  return !transitions_running (data);
}

/* The shown page's scroller has not moved for two frames (no kinetic scrolling, no
 * scroll-to-focus animation). */
static gboolean
scroller_at_rest (gpointer data)
{
  MailSetupWindow *window = data;
  GtkWidget *page = mail_setup_window_get_page (window, mail_setup_window_get_page_name (window));
  GtkScrolledWindow *scrolled = page ? find_scrolled (page) : NULL;
  static double last = -1;
  double value;

  if (scrolled == NULL)
    return TRUE;
  value = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scrolled));
  if (value != last)
    {
      last = value;
      spin (50);
      return FALSE;
    }
  last = -1;
  return TRUE;
}

/* Renders the whole window in light and in dark style to <name>-light.png / -dark.png. */
static void
screenshot (MailSetupWindow *window,
            const char      *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dir = screenshot_dir ();

  /* Not in the middle of a page turning or a crossfade; the page's scroller at rest, and at
   * its top unless the test scrolled on purpose. */
  wait_for (transitions_done, window, 5, "the transitions to end");
  wait_for (scroller_at_rest, window, 5, "the scroller to stop");
  {
    GtkWidget *page = mail_setup_window_get_page (window, mail_setup_window_get_page_name (window));
    GtkScrolledWindow *scrolled = page ? find_scrolled (page) : NULL;

    if (scrolled != NULL && !scrolled_on_purpose)
      {
        GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

        g_test_message ("%s: scrolled to %g", name, gtk_adjustment_get_value (adjustment));
        g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));
      }
    scrolled_on_purpose = FALSE;
  }
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GtkSnapshot) snapshot = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *file = g_strdup_printf ("%s-%s.png", name, dark ? "dark" : "light");
      g_autofree char *path = g_build_filename (dir, file, NULL);
      GskRenderer *renderer;
      int width, height;

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      spin (150);
      g_assert_cmpint (adw_style_manager_get_dark (style), ==, dark);

      width = gtk_widget_get_width (GTK_WIDGET (window));
      height = gtk_widget_get_height (GTK_WIDGET (window));
      g_assert_cmpint (width, >, 0);
      paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
      /* Nothing to draw while a resize is pending: wait for the next frame. */
      for (guint attempt = 0; node == NULL && attempt < 40; attempt++)
        {
          snapshot = gtk_snapshot_new ();
          gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
          if (node == NULL)
            spin (50);
        }
      g_assert_nonnull (node);
      renderer = gtk_native_get_renderer (GTK_NATIVE (window));
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
      g_assert_true (gdk_texture_save_to_png (texture, path));
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  spin (50);
}

static gboolean
window_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* A new window reading the test hooks: extra provider files and a CA file (NULL: none). */
static MailSetupWindow *
new_window (const char *provider_files,
            const char *ca_file)
{
  MailSetupWindow *window;
  g_autofree char *trust_file = g_build_filename (tmp_dir, "trusted-certificates.ini", NULL);

  if (provider_files)
    g_setenv ("MAIL_SETUP_PROVIDER_FILES", provider_files, TRUE);
  else
    g_unsetenv ("MAIL_SETUP_PROVIDER_FILES");
  if (ca_file)
    g_setenv ("MAIL_SETUP_CA_FILE", ca_file, TRUE);
  else
    g_unsetenv ("MAIL_SETUP_CA_FILE");
  g_setenv ("MAIL_SETUP_TRUST_FILE", trust_file, TRUE);

  window = mail_setup_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  wait_for (window_is_mapped, window, 10, "the window to map");
  wait_page (window, "welcome", 10);
  return window;
}

static void
close_window (MailSetupWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static void
activate (gpointer    widget,
          const char *action,
          const char *string_param)
{
  gboolean found;

  if (string_param != NULL)
    found = gtk_widget_activate_action (GTK_WIDGET (widget), action, "s", string_param);
  else
    found = gtk_widget_activate_action (GTK_WIDGET (widget), action, NULL);
  g_assert_true (found);
}

/* Welcome → settings found, for email. */
static MailSetupSettingsPage *
add_account (MailSetupWindow *window,
             const char      *email)
{
  MailSetupWelcomePage *welcome = MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));

  mail_setup_welcome_page_set_email (welcome, email);
  activate (welcome, "welcome.continue", NULL);
  return MAIL_SETUP_SETTINGS_PAGE (wait_page (window, "settings", 30));
}

static char *
write_provider_file (const char *name,
                     const char *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static MailLabScriptedServer *
start_scripted (MailLabProtocol protocol,
                MailLabTls      tls,
                const char     *cert,
                const char     *key)
{
  MailLabScriptedServer *server = mail_lab_scripted_server_new (protocol, tls);

  if (cert != NULL)
    mail_lab_scripted_server_set_certificate (server, cert, key);
  return server;
}

static void
start_or_die (MailLabScriptedServer *server)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_assert_no_error (error);
}

/* A provider for domain whose IMAP and SMTP are the given local ports, with password
 * sign-in and, when guidance is TRUE, IMAP guidance for people and administrators. */
static char *
scripted_provider (const char *id,
                   const char *domain,
                   guint16     imap_port,
                   guint16     smtp_port,
                   gboolean    guidance)
{
  g_autofree char *file = g_strdup_printf ("%s.provider", id);
  g_autofree char *contents = NULL;

  contents = g_strdup_printf ("[Provider]\nId=%s\nName=Scripted Mail\nDomains=%s\n\n"
                              "[IMAP]\nHost=localhost\nPort=%u\nSecurity=tls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n\n"
                              "[SMTP]\nHost=localhost\nPort=%u\nSecurity=starttls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n%s",
                              id, domain, imap_port, smtp_port,
                              guidance
                              ? "\n[EnableIMAP]\nSteps=Sign in to the Scripted Mail website;"
                                "Open Settings, then Mail apps;Turn on “Let mail apps use IMAP”;Save\n"
                                "SettingsUrl=https://mail.scripted.test/settings/imap\n"
                                "AdminSteps=Open the admin centre;Choose the mailbox;Turn on IMAP under Mail apps\n"
                                "AdminCommand=Set-CASMailbox -Identity %EMAIL% -ImapEnabled $true\n"
                              : "");
  return write_provider_file (file, contents);
}

/* Settings → (Enable IMAP →) Sign in with a password → result. */
static MailSetupResultPage *
sign_in_with_password (MailSetupWindow       *window,
                       MailSetupSettingsPage *settings,
                       const char            *password,
                       gboolean               expect_enable_imap)
{
  MailSetupSignInPage *sign_in;

  g_assert_true (mail_setup_settings_page_select_auth (settings, MAIL_AUTH_PASSWORD));
  activate (settings, "settings.continue", NULL);
  if (expect_enable_imap)
    {
      wait_page (window, "enable-imap", 10);
      activate (window, "win.enable-imap-done", NULL);
    }
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_PASSWORD);
  mail_setup_sign_in_page_set_password (sign_in, password);
  activate (sign_in, "sign-in.password-continue", NULL);
  return MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
}

static gboolean
saved (gpointer data)
{
  return mail_setup_result_page_get_save_state (data) != MAIL_SETUP_SAVE_PENDING;
}

static gboolean
accounts_listed (gpointer data)
{
  return mail_setup_welcome_page_get_n_accounts (data) > 0;
}

/* Loads email's item from the lab keyring, in the test. */
typedef struct
{
  MailStoredAccount *account;
  gboolean           done;
} LoadWait;

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  LoadWait *wait = user_data;

  wait->account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, NULL);
  wait->done = TRUE;
}

static gboolean
load_done (gpointer data)
{
  return ((LoadWait *) data)->done;
}

static MailStoredAccount *
load_stored (const char *email)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailAccountStore) store = NULL;
  LoadWait wait = { NULL, FALSE };

  mail_provider_registry_load_defaults (registry);
  mail_provider_registry_load_file (registry, g_getenv ("MAIL_LAB_PROVIDER_FILE"), NULL);
  store = mail_account_store_new (registry);
  mail_account_store_load_async (store, email, NULL, load_cb, &wait);
  wait_for (load_done, &wait, 20, "the keyring");
  return wait.account;
}

/* Other lab tests may leave the identity provider refusing or revoking: start from "ok". */
static void
reset_idp (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (g_getenv ("MAIL_LAB_IDP_URL"), "/control/reset", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

static GtkWindow *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}


typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardWait;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardWait *wait = user_data;

  wait->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  wait->done = TRUE;
}

static gboolean
clipboard_done (gpointer data)
{
  return ((ClipboardWait *) data)->done;
}

/* What "Copy Report" (or any copy button) put on the clipboard. */
static char *
clipboard_text (MailSetupWindow *window)
{
  ClipboardWait wait = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_read_cb, &wait);
  wait_for (clipboard_done, &wait, 5, "the clipboard");
  return wait.text;
}

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

/* The application/json flavour of what was copied. */
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

/* ------------------------------------------------------------------------------------------ */
/* Without servers */

/* ------------------------------------------------------------------------------------------ */
/* The keyboard journey: real key presses through the X server, as a person types them */

static gboolean
have_keyboard (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool != NULL && g_getenv ("DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("needs xdotool and an X display (xvfb-run)");
  return FALSE;
}

/* xdotool key KEYS / xdotool type TEXT: XTEST events to the focused window. */
static void
keyboard (const char *command,
          const char *what)
{
  const char *argv[] = { "xdotool", command, "--delay", "30", what, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  spin (100);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  spin (200);
}

static void
test_welcome_validation (void)
{
  MailSetupWindow *window = new_window (NULL, NULL);
  MailSetupWelcomePage *welcome = MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));
  GtkWidget *continue_button = mail_setup_page_find_primary (GTK_WIDGET (welcome));

  screenshot (window, "welcome");

  /* Nothing typed: Continue waits for an address. */
  g_assert_nonnull (continue_button);
  g_assert_false (gtk_widget_is_sensitive (continue_button));

  /* An address without a domain does not continue: the page stays and says why. */
  mail_setup_welcome_page_set_email (welcome, "alice");
  g_assert_false (gtk_widget_is_sensitive (continue_button));
  gtk_widget_activate_action (GTK_WIDGET (welcome), "welcome.continue", NULL);
  spin (100);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");

  if (have_keyboard ())
    {
      /* While typing, no complaint, not even where it could look finished (“john.s”)... */
      mail_setup_welcome_page_set_email (welcome, "");
      mail_setup_welcome_page_focus_email (welcome);
      keyboard ("type", "john.s");
      g_assert_null (mail_setup_welcome_page_get_error (welcome));
      g_assert_false (gtk_widget_is_sensitive (continue_button));
      /* ... Enter says why it does not continue ... */
      keyboard ("key", "Return");
      g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
      g_assert_nonnull (mail_setup_welcome_page_get_error (welcome));
      g_assert_nonnull (strstr (mail_setup_welcome_page_get_error (welcome), "john.s"));
      screenshot (window, "welcome-invalid");
      /* ... and finishing the address clears it at once. */
      keyboard ("type", "@example.org");
      g_assert_null (mail_setup_welcome_page_get_error (welcome));
      g_assert_true (gtk_widget_is_sensitive (continue_button));

      /* Leaving the field checks it too. */
      mail_setup_welcome_page_set_email (welcome, "bob");
      g_assert_null (mail_setup_welcome_page_get_error (welcome));
      keyboard ("key", "Tab");
      g_assert_nonnull (mail_setup_welcome_page_get_error (welcome));
      g_assert_nonnull (strstr (mail_setup_welcome_page_get_error (welcome), "bob"));
    }

  /* Fixing it clears the message and Continue can be pressed. */
  mail_setup_welcome_page_set_email (welcome, "alice@example.org");
  g_assert_null (mail_setup_welcome_page_get_error (welcome));
  g_assert_true (gtk_widget_is_sensitive (continue_button));
  close_window (window);
}

static void
test_settings_validation (void)
{
  MailSetupWindow *window = new_window (NULL, NULL);
  MailSetupSettingsPage *settings;
  GtkEditable *host;
  GtkEditable *port;

  /* A domain no provider file and no DNS knows: the editor opens for manual settings. */
  settings = add_account (window, "someone@unknown-domain.invalid");
  g_assert_true (mail_setup_settings_page_get_editing (settings));

  host = mail_setup_settings_page_get_host_editable (settings, MAIL_PROTOCOL_IMAP);
  port = mail_setup_settings_page_get_port_editable (settings, MAIL_PROTOCOL_IMAP);
  gtk_editable_set_text (mail_setup_settings_page_get_host_editable (settings, MAIL_PROTOCOL_SMTP),
                         "smtp.example.org");
  gtk_editable_set_text (mail_setup_settings_page_get_port_editable (settings, MAIL_PROTOCOL_SMTP), "587");

  gtk_editable_set_text (host, "imap example org");
  gtk_editable_set_text (port, "993");
  g_assert_nonnull (mail_setup_settings_page_get_problem (settings));

  gtk_editable_set_text (host, "imap.example.org");
  gtk_editable_set_text (port, "70000");
  g_assert_nonnull (mail_setup_settings_page_get_problem (settings));
  /* Continue is refused while a field is wrong. */
  gtk_widget_activate_action (GTK_WIDGET (settings), "settings.continue", NULL);
  spin (50);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "settings");

  gtk_editable_set_text (port, "0");
  g_assert_nonnull (mail_setup_settings_page_get_problem (settings));
  gtk_editable_set_text (port, "993");
  g_assert_null (mail_setup_settings_page_get_problem (settings));
  screenshot (window, "settings-edit");

  /* Back always works and returns to the address. */
  activate (window, "win.back", NULL);
  wait_page (window, "welcome", 5);
  close_window (window);
}

static void
test_narrow_and_dark (void)
{
  static const char *pages[] = { "welcome", "settings", "enable-imap", "sign-in", "checking", "result", "export" };
  MailSetupWindow *window = new_window (NULL, NULL);
  AdwStyleManager *style = adw_style_manager_get_default ();

  /* Every page fits a 360 px wide phone screen. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      int minimum = 0;

      gtk_widget_measure (mail_setup_window_get_page (window, pages[i]), GTK_ORIENTATION_HORIZONTAL,
                          -1, &minimum, NULL, NULL, NULL);
      g_test_message ("%s: minimum width %d", pages[i], minimum);
      g_assert_cmpint (minimum, <=, 360);
    }

  /* The style follows the request: dark when forced dark. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  spin (300);
  screenshot (window, "welcome-narrow");
  close_window (window);
}


static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
about_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  return find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

static void
test_about_and_shortcuts (void)
{
  MailSetupWindow *window = new_window (NULL, NULL);

  activate (window, "win.about", NULL);
  wait_for (about_shown, NULL, 5, "the About window");
  gtk_window_destroy (find_toplevel (ADW_TYPE_ABOUT_WINDOW));

  /* The shortcuts window comes from the GResource (gtk/help-overlay.ui). */
  activate (window, "win.show-help-overlay", NULL);
  wait_for (shortcuts_shown, NULL, 5, "the Keyboard Shortcuts window");
  gtk_window_destroy (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  spin (50);

  /* Back is not offered on the first page; Escape with nothing running changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
  close_window (window);
}

/* ------------------------------------------------------------------------------------------ */
/* Journeys in the lab */

static void
test_password_account (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  MailSetupCheckingPage *checking;
  MailSetupExportPage *export_page;
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autofree char *report = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  const char *password = g_getenv ("MAIL_LAB_PASSWORD");
  guint n_ok = 0;

  if (!have_lab ())
    return;

  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER"));
  g_assert_false (mail_setup_settings_page_get_editing (settings));
  /* A known provider with nothing to decide: one row instead of seven. */
  g_assert_cmpstr (mail_setup_settings_page_get_summary (settings), ==, "Lab Mail settings found");
  /* The page says how the settings were found, lookup by lookup. */
  g_assert_cmpuint (mail_setup_settings_page_get_n_lookups (settings), >, 0);
  assert_fits_narrow (GTK_WIDGET (settings));
  screenshot (window, "settings");

  g_assert_true (mail_setup_settings_page_select_auth (settings, MAIL_AUTH_PASSWORD));
  activate (settings, "settings.continue", NULL);
  /* IMAP is not off by default at this provider: no Enable IMAP page before sign-in. */
  wait_page (window, "sign-in", 10);
  /* The keyboard follows the page: focus is on the sign-in page, not left behind. */
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (window)));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         mail_setup_window_get_page (window, "sign-in")));
  screenshot (window, "sign-in");
  mail_setup_sign_in_page_set_password (MAIL_SETUP_SIGN_IN_PAGE (mail_setup_window_get_page (window, "sign-in")),
                                        password);
  activate (mail_setup_window_get_page (window, "sign-in"), "sign-in.password-continue", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, NULL);
  g_assert_true (mail_setup_result_page_get_success (result));

  /* Both checks ran live, step by step, and every step passed. */
  checking = MAIL_SETUP_CHECKING_PAGE (mail_setup_window_get_page (window, "checking"));
  g_assert_cmpuint (mail_setup_checking_page_count_steps (checking, MAIL_PROTOCOL_IMAP, &n_ok), >=, 5);
  g_assert_cmpuint (mail_setup_checking_page_count_steps (checking, MAIL_PROTOCOL_IMAP, NULL), ==, n_ok);
  g_assert_cmpuint (mail_setup_checking_page_count_steps (checking, MAIL_PROTOCOL_SMTP, &n_ok), >=, 5);
  g_assert_cmpuint (mail_setup_checking_page_count_steps (checking, MAIL_PROTOCOL_SMTP, NULL), ==, n_ok);

  wait_for (saved, result, 20, "the account to be saved");
  g_assert_cmpint (mail_setup_result_page_get_save_state (result), ==, MAIL_SETUP_SAVE_DONE);
  /* Success says what now: the mail apps installed here (from their desktop files), each
   * with what to do in it; plain words, no host names or times. */
  g_assert_true (find_label (GTK_WIDGET (result), "Geary"));
  g_assert_true (find_label (GTK_WIDGET (result), "Choose Accounts › Add Account"));
  g_assert_true (find_label (GTK_WIDGET (result), "Receiving mail"));
  g_assert_false (find_label (GTK_WIDGET (result), " ms"));
  assert_fits_narrow (GTK_WIDGET (result));
  screenshot (window, "result-success");
  screenshot (window, "result");

  /* The keyring item holds the password and the verified settings. */
  stored = load_stored (g_getenv ("MAIL_LAB_USER"));
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->password, ==, password);
  g_assert_nonnull (stored->settings->verified_at);

  /* The report is redacted and the JSON has the CLI's shape. */
  report = mail_setup_window_dup_report (window, FALSE);
  g_assert_nonnull (strstr (report, g_getenv ("MAIL_LAB_USER")));
  g_assert_null (strstr (report, password));
  json = mail_setup_window_dup_report (window, TRUE);
  g_assert_null (strstr (json, password));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpstr (json_object_get_string_member (root, "provider"), ==, "lab");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "checks")), ==, 2);

  /* Export: the msmtp file names the account and runs mail-setup-cli, never the password. */
  activate (window, "win.show-export", NULL);
  export_page = MAIL_SETUP_EXPORT_PAGE (wait_page (window, "export", 10));
  /* Save… is the default and in sight, at the default size and on a phone. */
  assert_keyboard_ready (window, "export");
  resize (window, 360, 640);
  assert_keyboard_ready (window, "export");
  resize (window, 760, 680);
  /* A client installed here by default, not autoconfig XML for domain administrators. */
  g_assert_nonnull (mail_setup_export_page_get_preview (export_page));
  g_assert_null (strstr (mail_setup_export_page_get_preview (export_page), "clientConfig"));
  g_assert_true (mail_setup_export_page_select_format (export_page, "msmtp"));
  g_assert_nonnull (mail_setup_export_page_get_preview (export_page));
  g_assert_nonnull (strstr (mail_setup_export_page_get_preview (export_page), g_getenv ("MAIL_LAB_USER")));
  g_assert_nonnull (strstr (mail_setup_export_page_get_preview (export_page), "mail-setup-cli"));
  /* Run from the build tree: the file (and the page) say it points into a build tree. */
  g_assert_nonnull (strstr (mail_setup_export_page_get_preview (export_page), "is in a build tree"));
  g_assert_null (strstr (mail_setup_export_page_get_preview (export_page), password));
  assert_fits_narrow (GTK_WIDGET (export_page));
  screenshot (window, "export");

  activate (window, "win.back", NULL);
  wait_page (window, "result", 5);
  /* Done closes the window: the account works, there is nothing left to do here. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  activate (window, "win.done", NULL);
  spin (200);
  g_assert_null (window);
}

static void
test_troubleshoot_stored (void)
{
  MailSetupWindow *window;
  MailSetupWelcomePage *welcome;
  MailSetupResultPage *result;

  if (!have_lab ())
    return;

  /* The password journey saved alice; the welcome page lists her. */
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  welcome = MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));
  wait_for (accounts_listed, welcome, 20, "the saved accounts");
  screenshot (window, "welcome-accounts");

  /* Checking it again takes the sign-in from the keyring: no password asked. */
  activate (window, "win.troubleshoot", g_getenv ("MAIL_LAB_USER"));
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_true (mail_setup_result_page_get_success (result));
  wait_for (saved, result, 20, "the verification time to be saved");
  g_assert_cmpint (mail_setup_result_page_get_save_state (result), ==, MAIL_SETUP_SAVE_DONE);
  close_window (window);
}

static void
test_oauth_account (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autofree char *report = NULL;

  if (!have_lab ())
    return;
  reset_idp ();

  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER2"));
  activate (settings, "settings.continue", NULL);
  /* IMAP is not off by default at this provider: no Enable IMAP page before sign-in. */
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_OAUTH);
  screenshot (window, "sign-in-oauth");

  /* Headless Chromium follows the lab's sign-in to the loopback redirect. */
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("OAuth journey failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");
  g_assert_cmpint (mail_setup_result_page_get_save_state (result), ==, MAIL_SETUP_SAVE_DONE);

  stored = load_stored (g_getenv ("MAIL_LAB_USER2"));
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->settings->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_nonnull (stored->refresh_token);
  g_assert_true (g_str_has_prefix (stored->refresh_token, "lab-rt-"));
  g_assert_null (stored->password);

  /* No token in the report. */
  report = mail_setup_window_dup_report (window, TRUE);
  g_assert_null (strstr (report, "lab-at-"));
  g_assert_null (strstr (report, "lab-rt-"));
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");

  /* Checking the saved OAuth2 account again uses its tokens from the keyring, no browser. */
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  activate (window, "win.troubleshoot", g_getenv ("MAIL_LAB_USER2"));
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  if (!mail_setup_result_page_get_success (result))
    g_error ("The saved OAuth2 account failed: %s", mail_setup_result_page_get_code (result));
  close_window (window);
}

/* TRUE when a label below widget shows text containing needle. */
static gboolean
label_contains (GtkWidget  *widget,
                const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, needle))
      return TRUE;
  return FALSE;
}

typedef struct
{
  MailSetupWindow     *window;
  MailSetupSignInPage *sign_in;
  char                *user_code;
} DeviceWait;

/* "Copy Link" offers the device page with the code once the device sign-in has begun. */
static gboolean
device_code_shown (gpointer data)
{
  DeviceWait *wait = data;
  g_autofree char *link = NULL;
  const char *code;

  activate (wait->sign_in, "sign-in.copy-link", NULL);
  link = clipboard_text (wait->window);
  code = link != NULL ? strstr (link, "/device?user_code=") : NULL;
  if (code == NULL)
    return FALSE;
  wait->user_code = g_strdup (code + strlen ("/device?user_code="));
  return TRUE;
}

/* No browser can be opened: the wizard offers sign-in with a code on another device, and the
 * account works once the code is entered there. */
static void
test_oauth_device_code (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  DeviceWait wait = { 0 };
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) approve = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (!have_lab ())
    return;
  reset_idp ();

  g_setenv ("MAIL_SETUP_BROWSER", "/nonexistent/browser", TRUE);
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER2"));
  activate (settings, "settings.continue", NULL);
  /* The lab provider's IMAP is on by default: no Turn On IMAP before sign-in. */
  wait.window = window;
  wait.sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  activate (window, "win.oauth-start", NULL);
  wait_for (device_code_shown, &wait, 30, "the device code");
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (wait.sign_in), ==,
                   MAIL_SETUP_SIGN_IN_WAITING);
  screenshot (window, "sign-in-device-code");

  /* On "another device": the person enters the code. */
  url = g_strdup_printf ("%s/device/approve?user_code=%s&user=%s", g_getenv ("MAIL_LAB_IDP_URL"),
                         wait.user_code, g_getenv ("MAIL_LAB_USER2"));
  approve = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, approve, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (approve), ==, SOUP_STATUS_OK);

  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("Device-code journey failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");

  stored = load_stored (g_getenv ("MAIL_LAB_USER2"));
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->settings->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_true (g_str_has_prefix (stored->refresh_token, "lab-rt-"));
  g_assert_cmpint (stored->signed_in_at, >, 0);
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");
  g_free (wait.user_code);

  /* The account list shows the sign-in's health (the lab provider: Google's "Testing" rule). */
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  {
    MailSetupWelcomePage *welcome =
      MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));

    wait_for (accounts_listed, welcome, 20, "the saved accounts");
    spin (200);
    g_assert_true (label_contains (GTK_WIDGET (welcome), "signed in or renewed"));
    g_assert_true (label_contains (GTK_WIDGET (welcome), "sign-in may end"));
    screenshot (window, "welcome-sign-in-health");
  }
  close_window (window);
}

static void
idp_control (const char *form)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (g_getenv ("MAIL_LAB_IDP_URL"), "/control", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                            request);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

/* Advanced → "Open a Shared Mailbox: Sign In As": Alice signs in and the wizard checks and
 * saves shared@ with her tokens (the lab's Dovecot lets delegates in as "shared*alice"). */
static void
test_shared_mailbox (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autofree char *delegate_user = NULL;

  if (!have_lab ())
    return;
  reset_idp ();
  idp_control ("delegate=alice@example.test");

  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_SHARED"));
  /* The lab's sign-in has no tenant: only the shared mailbox is offered. */
  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "tenant"),
                         "contoso.test");
  g_assert_null (mail_setup_settings_page_dup_tenant (settings));

  /* Its own address is no delegate. */
  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "shared"),
                         g_getenv ("MAIL_LAB_SHARED"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.continue", NULL) &&
                  g_strcmp0 (mail_setup_window_get_page_name (window), "settings") != 0);
  g_assert_true (label_contains (GTK_WIDGET (settings), "your own, other address"));

  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "shared"),
                         g_getenv ("MAIL_LAB_USER"));
  screenshot (window, "settings-shared-mailbox");
  activate (settings, "settings.continue", NULL);
  /* The lab provider's IMAP is on by default: no Turn On IMAP before sign-in. */
  wait_page (window, "sign-in", 10);
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("Shared mailbox journey failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");

  stored = load_stored (g_getenv ("MAIL_LAB_SHARED"));
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->signed_in_as, ==, g_getenv ("MAIL_LAB_USER"));
  delegate_user = g_strconcat (g_getenv ("MAIL_LAB_SHARED"), "*", g_getenv ("MAIL_LAB_USER"),
                               NULL);
  g_assert_cmpstr (stored->settings->imap->username, ==, delegate_user);
  g_assert_cmpstr (stored->settings->smtp->username, ==, delegate_user);
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");
  reset_idp ();
}

/* Advanced → "Microsoft Tenant": an app registered in one tenant (the lab refuses "common" with
 * AADSTS50194); the wizard signs in through the tenant and stores its token address. */
static void
test_tenant (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *text = NULL;
  const char *idp = g_getenv ("MAIL_LAB_IDP_URL");

  if (!have_lab ())
    return;
  reset_idp ();
  idp_control ("single_tenant=contoso.test");

  /* Id=lab: replaces any other lab provider file (other tests leave one in the person's
   * provider directory), so example.test is this one's. */
  text = g_strdup_printf (
    "[Provider]\nId=lab\nName=Lab Microsoft\nDomains=example.test\n\n"
    "[IMAP]\nHost=%s\nPort=%s\nSecurity=tls\nAuthentication=oauth2\nUsername=%%EMAIL%%\n\n"
    "[SMTP]\nHost=%s\nPort=%s\nSecurity=starttls\nAuthentication=oauth2\nUsername=%%EMAIL%%\n\n"
    "[OAuth2]\nAuthorizeUrl=%s/common/oauth2/v2.0/authorize\n"
    "TokenUrl=%s/common/oauth2/v2.0/token\nClientId=lab-client\n"
    "Scopes=imap smtp offline_access\nMechanisms=XOAUTH2\n",
    g_getenv ("MAIL_LAB_HOST"), g_getenv ("MAIL_LAB_IMAPS_PORT"), g_getenv ("MAIL_LAB_HOST"),
    g_getenv ("MAIL_LAB_SUBMISSION_PORT"), idp, idp);
  provider = write_provider_file ("lab-ms.provider", text);

  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER2"));
  g_assert_true (gtk_widget_get_visible (
    GTK_WIDGET (mail_setup_settings_page_get_advanced_editable (settings, "tenant"))));
  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "tenant"),
                         "../evil");
  g_assert_true (label_contains (GTK_WIDGET (settings), "is not a tenant"));
  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "tenant"),
                         "contoso.test");
  g_assert_false (label_contains (GTK_WIDGET (settings), "is not a tenant"));
  activate (settings, "settings.continue", NULL);
  wait_page (window, "sign-in", 10);
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("Tenant journey failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");

  stored = load_stored (g_getenv ("MAIL_LAB_USER2"));
  g_assert_nonnull (stored);
  g_assert_nonnull (stored->token_url);
  g_assert_nonnull (strstr (stored->token_url, "/contoso.test/oauth2/v2.0/token"));
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");
  reset_idp ();
}

static void
test_oauth_cancel (void)
{
  g_autofree char *link = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;

  if (!have_lab ())
    return;
  reset_idp ();

  /* A browser that opens and never comes back: the page waits, Escape cancels. */
  g_setenv ("MAIL_SETUP_BROWSER", "/bin/true", TRUE);
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER2"));
  activate (settings, "settings.continue", NULL);
  /* IMAP is not off by default at this provider: no Enable IMAP page before sign-in. */
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  activate (window, "win.oauth-start", NULL);
  spin (500);
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_WAITING);
  g_assert_true (mail_setup_window_get_busy (window));
  screenshot (window, "sign-in-waiting");

  /* "Copy Link" hands out the sign-in address for another browser. */
  activate (sign_in, "sign-in.copy-link", NULL);
  link = clipboard_text (window);
  g_assert_nonnull (link);
  g_assert_true (g_str_has_prefix (link, g_getenv ("MAIL_LAB_IDP_URL")));
  g_assert_nonnull (strstr (link, "code_challenge="));
  g_assert_nonnull (strstr (link, "state="));

  activate (window, "win.cancel", NULL);
  spin (100);
  g_assert_false (mail_setup_window_get_busy (window));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_OAUTH);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "sign-in");
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");
}


/* TRUE when a label shown in widget contains text. */
static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;
  return FALSE;
}

/* No client ID in the build, at a provider that takes app passwords (Gmail): straight to the
 * app password, with its steps, never to registration instructions. */
static void
test_no_client_id_app_password (void)
{
  g_autofree char *lab = NULL;
  g_autofree char *provider = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  GString *contents;

  if (!have_lab ())
    return;

  g_assert_true (g_file_get_contents (g_getenv ("MAIL_LAB_PROVIDER_FILE"), &lab, NULL, NULL));
  contents = g_string_new (lab);
  g_string_replace (contents, "Id=lab\n", "Id=appmail\nDocumentation=https://appmail.test/help\n", 1);
  g_string_replace (contents, "Name=Lab Mail", "Name=App Mail", 1);
  g_string_replace (contents, "Domains=example.test", "Domains=appmail.test", 1);
  g_string_replace (contents, "ClientId=lab-client", "ClientId=", 1);
  g_assert_cmpuint (g_string_replace (contents, "Authentication=oauth2;password",
                                      "Authentication=oauth2;app-password", 0), ==, 2);
  g_string_append (contents, "AppPasswordUrl=https://appmail.test/app-passwords\n");
  provider = write_provider_file ("appmail.provider", contents->str);
  g_string_free (contents, TRUE);

  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "gina@appmail.test");
  /* A known provider with nothing to decide: one summary row. */
  g_assert_cmpstr (mail_setup_settings_page_get_summary (settings), ==, "App Mail settings found");
  activate (settings, "settings.continue", NULL);
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_PASSWORD);
  g_assert_true (find_label (GTK_WIDGET (sign_in), "Enter an App Password"));
  g_assert_true (find_label (GTK_WIDGET (sign_in), "Create an app password"));
  g_assert_false (find_label (GTK_WIDGET (sign_in), "client ID"));
  assert_keyboard_ready (window, "sign-in");
  screenshot (window, "sign-in-app-password");
  close_window (window);
}

static void
test_oauth_client_id_missing (void)
{
  g_autofree char *lab = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *settings_ini = NULL;
  g_autofree char *saved_ini = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  GString *contents;

  if (!have_lab ())
    return;
  reset_idp ();

  /* The lab provider without a client ID anywhere. */
  g_assert_true (g_file_get_contents (g_getenv ("MAIL_LAB_PROVIDER_FILE"), &lab, NULL, NULL));
  contents = g_string_new (lab);
  g_string_replace (contents, "Id=lab\n", "Id=noclient\n", 1);
  g_string_replace (contents, "Domains=example.test", "Domains=noclient.test", 1);
  g_string_replace (contents, "ClientId=lab-client", "ClientId=", 1);
  /* Browser sign-in only, like Outlook.com: no password to fall back on. */
  g_assert_cmpuint (g_string_replace (contents, "Authentication=oauth2;password", "Authentication=oauth2", 0), ==, 2);
  g_assert_null (strstr (contents->str, "lab-client"));
  provider = write_provider_file ("noclient.provider", contents->str);
  g_string_free (contents, TRUE);

  g_setenv ("MAIL_SETUP_BROWSER", "/bin/true", TRUE);
  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "frank@noclient.test");
  activate (settings, "settings.continue", NULL);
  /* IMAP is not off by default at this provider: no Enable IMAP page before sign-in. */
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));

  /* A plain page says this copy cannot sign in there and what to do; the client ID waits
   * under "Advanced", and is kept in the settings file. */
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_CLIENT_ID);
  g_assert_true (find_label (GTK_WIDGET (sign_in), "This Copy of Mail Setup Cannot Sign In to Lab Mail"));
  g_assert_true (find_label (GTK_WIDGET (sign_in), "Flathub"));
  assert_fits_narrow (GTK_WIDGET (sign_in));
  screenshot (window, "sign-in-client-id");
  mail_setup_sign_in_page_set_client_id (sign_in, "my-own-client");
  activate (sign_in, "sign-in.save-client-id", NULL);
  spin (300);
  settings_ini = g_build_filename (g_get_user_config_dir (), "mail-setup", "settings.ini", NULL);
  g_assert_true (g_file_get_contents (settings_ini, &saved_ini, NULL, NULL));
  g_assert_nonnull (strstr (saved_ini, "noclient-client-id=my-own-client"));

  /* With the client ID the browser sign-in starts. */
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_WAITING);
  activate (window, "win.cancel", NULL);
  spin (100);
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_OAUTH);
  close_window (window);
  g_unlink (settings_ini);
  g_unsetenv ("MAIL_SETUP_BROWSER");
}

static void
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

static void
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

/* The suggested button of a result page and whether a button with label is there. */
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
static void
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

static void
test_certificate_trust (void)
{
  g_autoptr(MailLabScriptedServer) imap = NULL;
  g_autoptr(MailLabScriptedServer) smtp = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *trust_file = g_build_filename (tmp_dir, "trusted-certificates.ini", NULL);
  g_autofree char *trusted = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  GtkWindow *dialog;
  const char *cert = g_getenv ("MAIL_LAB_SELFSIGNED_CERT");
  const char *key = g_getenv ("MAIL_LAB_SELFSIGNED_KEY");

  if (!have_lab ())
    return;

  /* A self-signed certificate no CA vouches for. */
  g_unlink (trust_file);
  imap = start_scripted (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, cert, key);
  start_or_die (imap);
  smtp = start_scripted (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, cert, key);
  start_or_die (smtp);
  provider = scripted_provider ("selfsigned", "selfsigned.test", mail_lab_scripted_server_get_port (imap),
                                mail_lab_scripted_server_get_port (smtp), FALSE);

  window = new_window (provider, NULL);
  settings = add_account (window, "dave@selfsigned.test");
  result = sign_in_with_password (window, settings, "dave-password", FALSE);
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "tls-untrusted");
  g_assert_true (mail_setup_result_page_get_shows_certificate (result));
  assert_fits_narrow (GTK_WIDGET (result));
  /* The password never went to a server that was not trusted. */
  g_assert_false (mail_lab_scripted_server_received_contains (imap, "dave-password"));
  /* Trusting is the primary action here (an unknown issuer), in the bar, after a question. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_window_get_default_widget (GTK_WINDOW (window)))),
                   ==, "_Trust This Server…");
  assert_keyboard_ready (window, "result");
  screenshot (window, "result-certificate");

  /* Trust needs an explicit confirmation: cancelling it trusts nothing. */
  activate (window, "win.trust-certificate", NULL);
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  spin (200);
  g_assert_false (g_file_test (trust_file, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "result");

  activate (window, "win.trust-certificate", NULL);
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "trust");
  PageWait checking = { window, "checking" };
  wait_for (page_is_visible, &checking, 10, "the check to start again");
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_true (mail_setup_result_page_get_success (result));

  /* Remembered for that host and fingerprint only. */
  g_assert_true (g_file_get_contents (trust_file, &trusted, NULL, NULL));
  g_assert_nonnull (strstr (trusted, "localhost="));
  g_assert_nonnull (strstr (trusted, ":"));
  close_window (window);
  g_unlink (trust_file);
}

/* The trusted-certificates file is the person's alone (0600), also when an older one was not;
 * a file that never ends is read no further than its bound. */
/* TRUE when a shown button in widget has label. */
static gboolean
find_button (GtkWidget  *widget,
             const char *label)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return FALSE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_button (child, label))
      return TRUE;
  return FALSE;
}

static GtkWidget *find_action_button (GtkWidget  *widget,
                                      const char *action);

/* An expired certificate is never offered for trust (not even through the action): the
 * primary action is the report for the server's administrator. */
static void
test_certificate_expired (void)
{
  g_autofree char *contents = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *trust_file = g_build_filename (tmp_dir, "trusted-certificates.ini", NULL);
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;

  if (!have_lab ())
    return;

  g_unlink (trust_file);
  contents = g_strdup_printf ("[Provider]\nId=expired\nName=Expired Mail\nDomains=expired.test\n\n"
                              "[IMAP]\nHost=%s\nPort=%s\nSecurity=tls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n\n"
                              "[SMTP]\nHost=localhost\nPort=%s\nSecurity=starttls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n",
                              g_getenv ("MAIL_LAB_EXPIRED_HOST"), g_getenv ("MAIL_LAB_EXPIRED_PORT"),
                              g_getenv ("MAIL_LAB_SUBMISSION_PORT"));
  provider = write_provider_file ("expired.provider", contents);

  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "erin@expired.test");
  result = sign_in_with_password (window, settings, "erin-password", FALSE);
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "tls-expired");
  g_assert_true (find_label (GTK_WIDGET (result), "The Server’s Certificate Has Expired"));
  g_assert_false (find_button (GTK_WIDGET (result), "_Trust This Server…"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_window_get_default_widget (GTK_WINDOW (window)))),
                   ==, "Copy _Report for the Administrator");
  /* Checking again at once would only fail again: no "Try Again" and nothing that trusts;
   * the other choices are editing the settings or checking later. */
  g_assert_false (find_button (GTK_WIDGET (result), "T_ry Again"));
  g_assert_null (find_action_button (GTK_WIDGET (result), "win.retry"));
  g_assert_null (find_action_button (GTK_WIDGET (result), "win.trust-certificate"));
  g_assert_true (find_button (GTK_WIDGET (result), "_Edit Settings"));
  g_assert_true (find_button (GTK_WIDGET (result), "Check Again _Later"));
  assert_keyboard_ready (window, "result");
  assert_fits_narrow (GTK_WIDGET (result));
  screenshot (window, "result-certificate-expired");

  /* Not even the action trusts it. */
  activate (window, "win.trust-certificate", NULL);
  spin (300);
  g_assert_null (find_message_dialog ());
  g_assert_false (g_file_test (trust_file, G_FILE_TEST_EXISTS));
  close_window (window);
}

static void
test_trust_file_private (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "trust-private", "trusted.ini", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(MailSetupTrustStore) store = NULL;
  g_autoptr(MailSetupTrustStore) again = NULL;
  g_autoptr(MailSetupTrustStore) endless = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  store = mail_setup_trust_store_new (path);
  g_assert_true (mail_setup_trust_store_add (store, "mail.example.test", "ab:cd", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* An existing world-readable file becomes private when it is written again. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  again = mail_setup_trust_store_new (path);
  g_assert_cmpstr (mail_setup_trust_store_lookup (again, "MAIL.example.test"), ==, "AB:CD");
  g_assert_true (mail_setup_trust_store_add (again, "other.example.test", "01:02", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  endless = mail_setup_trust_store_new ("/dev/zero");
  g_assert_null (mail_setup_trust_store_lookup (endless, "mail.example.test"));

  g_unlink (path);
  g_rmdir (dir);
}

/* MAIL_SETUP_PROVIDER_FILES and MAIL_SETUP_CA_FILE that never end, or are huge: the wizard
 * reads them no further than their bound, skips them and starts. */
static void
test_endless_files (void)
{
  g_autofree char *huge = g_build_filename (tmp_dir, "huge.provider", NULL);
  g_autofree char *files = g_strconcat ("/dev/zero:", huge, NULL);
  MailSetupWindow *window;

  g_assert_true (g_file_set_contents (huge, "", 0, NULL));
  g_assert_cmpint (truncate (huge, (off_t) 64 << 30), ==, 0);

  window = new_window (files, "/dev/zero");
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
  close_window (window);

  window = new_window (NULL, huge);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
  close_window (window);
  g_unlink (huge);
}

static gboolean
sign_in_or_guidance (gpointer data)
{
  const char *page = mail_setup_window_get_page_name (data);

  return g_strcmp0 (page, "sign-in") == 0 || g_strcmp0 (page, "enable-imap") == 0;
}

/* SRV records pointing outside the address's domain: the page says which servers and why, and
 * nothing is sent before the person chooses “Use These Settings”. */
static void
test_untrusted_settings (void)
{
  g_autoptr(MailLabScriptedServer) imap = NULL;
  g_autoptr(MailLabScriptedServer) smtp = NULL;
  g_autoptr(GResolver) original = g_resolver_get_default ();
  g_autoptr(MailTableResolver) resolver = mail_table_resolver_new ();
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  GtkWindow *dialog;
  const char *password = "frank-password-1414";

  if (!have_lab ())
    return;

  imap = start_scripted (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, NULL, NULL);
  start_or_die (imap);
  smtp = start_scripted (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, NULL, NULL);
  start_or_die (smtp);
  /* DNS from a table: nothing leaves the machine, the SRV targets are this computer. */
  mail_table_resolver_add_srv (resolver, "_imaps._tcp.srv-trust.test", 0, 1,
                               mail_lab_scripted_server_get_port (imap), "localhost");
  mail_table_resolver_add_srv (resolver, "_submission._tcp.srv-trust.test", 0, 1,
                               mail_lab_scripted_server_get_port (smtp), "localhost");
  g_resolver_set_default (G_RESOLVER (resolver));

  window = new_window (NULL, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "frank@srv-trust.test");
  g_assert_false (mail_setup_settings_page_get_editing (settings));
  /* Both servers listed, with the reason. */
  g_assert_cmpuint (mail_setup_settings_page_get_n_untrusted (settings), ==, 2);
  /* Something to decide: the details, not a summary. */
  g_assert_null (mail_setup_settings_page_get_summary (settings));
  assert_fits_narrow (GTK_WIDGET (settings));
  screenshot (window, "settings-untrusted");

  /* Continue asks first. */
  activate (settings, "settings.continue", NULL);
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "outside srv-trust.test"));
  /* The safe answer is the default one: Enter takes it. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "edit");
  screenshot (window, "settings-untrusted-confirm");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "edit");
  spin (200);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "settings");
  g_assert_true (mail_setup_settings_page_get_editing (settings));

  /* The editor still holds the servers that were found: asked again. (Password sign-in: the
   * host may belong to a provider file that other tests left, with OAuth2 first.) */
  g_assert_true (mail_setup_settings_page_select_auth (settings, MAIL_AUTH_PASSWORD));
  activate (settings, "settings.continue", NULL);
  wait_for (dialog_shown, NULL, 5, "the confirmation again");
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "settings");
  /* Nothing was sent so far: no connection spoke to either server. */
  g_assert_false (mail_lab_scripted_server_received_contains (imap, "CAPABILITY"));
  g_assert_false (mail_lab_scripted_server_received_contains (smtp, "EHLO"));

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_message_dialog ()), "use");
  wait_for (sign_in_or_guidance, window, 10, "the sign-in page");
  if (g_strcmp0 (mail_setup_window_get_page_name (window), "enable-imap") == 0)
    {
      wait_page (window, "enable-imap", 10);
      activate (window, "win.enable-imap-done", NULL);
    }
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_PASSWORD);
  g_assert_false (mail_lab_scripted_server_received_contains (imap, password));
  mail_setup_sign_in_page_set_password (sign_in, password);
  activate (sign_in, "sign-in.password-continue", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_true (mail_setup_result_page_get_success (result));
  /* Confirmed: the servers that were found got the sign-in. */
  g_assert_true (mail_lab_scripted_server_received_contains (imap, "AUTH"));

  wait_for (saved, result, 20, "the account to be saved");
  close_window (window);
  g_resolver_set_default (original);
}

static gboolean
tls_started (gpointer data)
{
  /* resolve and connect done; the TLS handshake never gets an answer */
  return mail_setup_checking_page_count_steps (data, MAIL_PROTOCOL_IMAP, NULL) >= 3;
}

static void
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

static gboolean
keep_waking_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* What a keyboard user finds on page: the focus in the page (not in the header bar), on its
 * first field or on its primary button; that button the window's default, so Enter presses
 * it; and that button in sight in a bar outside the scrolled content. */
static void
assert_keyboard_ready (MailSetupWindow *window,
                       const char      *name)
{
  GtkWidget *page = mail_setup_window_get_page (window, name);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *button = gtk_window_get_default_widget (GTK_WINDOW (window));
  graphene_rect_t bounds;

  g_test_message ("%s: focus %s, default %s", name, focus ? G_OBJECT_TYPE_NAME (focus) : "none",
                  button && GTK_IS_BUTTON (button) ? gtk_button_get_label (GTK_BUTTON (button)) : "none");
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, page));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  g_assert_true (gtk_widget_is_ancestor (button, page));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (focus == button || GTK_IS_TEXT (focus));
  /* Never below the fold: outside the scroller, inside the window. */
  g_assert_null (gtk_widget_get_ancestor (button, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
}

typedef struct
{
  GtkWidget *window;
  int        width;
  int        height;
} SizeWait;

static gboolean
has_size (gpointer data)
{
  SizeWait *wait = data;

  /* Without a window manager, the window's shadow may take a few pixels of the size. */
  return gtk_widget_get_width (wait->window) <= wait->width
         && gtk_widget_get_width (wait->window) >= wait->width - 20
         && gtk_widget_get_height (wait->window) <= wait->height
         && gtk_widget_get_height (wait->window) >= wait->height - 20;
}

static void
resize (MailSetupWindow *window,
        int              width,
        int              height)
{
  SizeWait wait = { GTK_WIDGET (window), width, height };

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  spin (500);
  g_test_message ("window size %d×%d", gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));
  wait_for (has_size, &wait, 10, "the window to take its new size");
  spin (200);
}

/* Launch → “Your Account Works” with key presses only: the address, Enter on every page,
 * the password where one is asked (browser: the lab's headless Chromium). */
static void
keyboard_journey (const char *provider_file,
                  const char *email,
                  const char *password,
                  int         width,
                  int         height,
                  const char *expected_pages)
{
  g_autoptr(GString) pages = g_string_new ("welcome");
  MailSetupWindow *window = new_window (provider_file, g_getenv ("MAIL_LAB_CA_FILE"));
  MailSetupResultPage *result;
  GtkWidget *focus;
  const char *page;

  if (width > 0)
    resize (window, width, height);

  /* At launch, the address field has the focus: typing goes there. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_TEXT (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, mail_setup_window_get_page (window, "welcome")));
  keyboard ("type", email);
  g_assert_cmpstr (mail_setup_welcome_page_get_email (MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"))),
                   ==, email);
  assert_keyboard_ready (window, "welcome");
  keyboard ("key", "Return");
  wait_page (window, "settings", 30);

  for (guint i = 0; i < 6; i++)
    {
      PageWait any = { window, NULL };

      page = mail_setup_window_get_page_name (window);
      g_string_append_printf (pages, ",%s", page);
      if (g_strcmp0 (page, "result") == 0)
        break;
      assert_keyboard_ready (window, page);
      if (g_strcmp0 (page, "sign-in") == 0 && password != NULL)
        keyboard ("type", password);
      keyboard ("key", "Return");
      /* Wait for the next page that asks something (the checks run on their own). */
      any.page = page;
      for (guint tries = 0; tries < 1200 && (page_is_shown (&any) || mail_setup_window_get_busy (window)
                                             || g_strcmp0 (mail_setup_window_get_page_name (window), "checking") == 0);
           tries++)
        spin (100);
      wait_page (window, mail_setup_window_get_page_name (window), 60);
    }

  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  if (!mail_setup_result_page_get_success (result))
    g_error ("The keyboard journey failed: %s", mail_setup_result_page_get_code (result));
  g_assert_cmpstr (pages->str, ==, expected_pages);
  assert_keyboard_ready (window, "result");
  wait_for (saved, result, 20, "the account to be saved");
  close_window (window);
}

static void
test_keyboard_password (void)
{
  g_autofree char *contents = NULL;
  g_autofree char *provider = NULL;

  if (!have_lab () || !have_keyboard ())
    return;

  /* The lab's servers with password sign-in only. */
  contents = g_strdup_printf ("[Provider]\nId=lab-password\nName=Lab Mail\nDomains=example.test\n\n"
                              "[IMAP]\nHost=localhost\nPort=%s\nSecurity=tls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n\n"
                              "[SMTP]\nHost=localhost\nPort=%s\nSecurity=starttls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n\n"
                              "[EnableIMAP]\nOffByDefault=true\n"
                              "Steps=Sign in at the Lab Mail website;Turn on IMAP and save\n",
                              g_getenv ("MAIL_LAB_IMAPS_PORT"), g_getenv ("MAIL_LAB_SUBMISSION_PORT"));
  provider = write_provider_file ("lab-password.provider", contents);
  /* IMAP off by default at this provider (like GMX): its steps come before sign-in. */
  keyboard_journey (provider, g_getenv ("MAIL_LAB_USER"), g_getenv ("MAIL_LAB_PASSWORD"), 0, 0,
                    "welcome,settings,enable-imap,sign-in,result");
}

static void
test_keyboard_oauth_narrow (void)
{
  if (!have_lab () || !have_keyboard ())
    return;
  reset_idp ();

  /* The lab's OAuth account, on a 360×640 phone screen. */
  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  /* IMAP on by default: no Enable IMAP page on the way. */
  keyboard_journey (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_USER2"), NULL, 360, 640,
                    "welcome,settings,sign-in,result");
  g_unsetenv ("MAIL_SETUP_BROWSER");
}

typedef struct
{
  MailSetupWelcomePage *welcome;
  guint                 n_accounts;
} AccountsWait;

static gboolean
accounts_down_to (gpointer data)
{
  AccountsWait *wait = data;

  return mail_setup_welcome_page_get_n_accounts (wait->welcome) == wait->n_accounts;
}

static void
test_remove_account (void)
{
  MailSetupWindow *window;
  MailSetupWelcomePage *welcome;
  g_autoptr(MailStoredAccount) kept = NULL;
  g_autoptr(MailStoredAccount) gone = NULL;
  GtkWindow *dialog;
  AccountsWait wait;

  if (!have_lab ())
    return;

  /* Saved by the journeys before. */
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  welcome = MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));
  wait_for (accounts_listed, welcome, 20, "the saved accounts");
  screenshot (window, "welcome-accounts");
  wait.welcome = welcome;
  wait.n_accounts = mail_setup_welcome_page_get_n_accounts (welcome);
  g_assert_cmpuint (wait.n_accounts, >=, 2);
  wait.n_accounts -= 2;

  /* Remove asks first; Cancel keeps the account. */
  activate (welcome, "welcome.remove", g_getenv ("MAIL_LAB_USER"));
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  screenshot (window, "welcome-remove");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  spin (300);
  kept = load_stored (g_getenv ("MAIL_LAB_USER"));
  g_assert_nonnull (kept);

  /* Remove takes it out of the keyring (through the core) and off the page. */
  activate (welcome, "welcome.remove", g_getenv ("MAIL_LAB_USER"));
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  gtk_window_destroy (dialog);
  activate (welcome, "welcome.remove", g_getenv ("MAIL_LAB_USER2"));
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  gtk_window_destroy (dialog);
  wait_for (accounts_down_to, &wait, 20, "the accounts to leave the list");
  gone = load_stored (g_getenv ("MAIL_LAB_USER"));
  g_assert_null (gone);
  close_window (window);
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
check_succeeded (gpointer data)
{
  return mail_setup_result_page_get_success (data);
}

/* STARTTLS configured for Dovecot's implicit-TLS port: the failure page offers the settings
 * that work, and its button applies them and checks again, successfully. */
static void
test_suggested_settings (void)
{
  g_autofree char *provider = NULL;
  g_autofree char *contents = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  GtkWidget *button;
  g_autofree char *label = NULL;

  if (!have_lab ())
    return;

  /* A domain of its own: example.test is the lab provider's too, and which of two providers
   * claiming one domain wins is not for this test to decide. The lab's user signs in. */
  contents = g_strdup_printf ("[Provider]\nId=wrongmode\nName=Wrong Mode Mail\n"
                              "Domains=wrongmode.test\n\n"
                              "[IMAP]\nHost=localhost\nPort=%s\nSecurity=starttls\n"
                              "Authentication=password\nUsername=%s\n\n"
                              "[SMTP]\nHost=localhost\nPort=%s\nSecurity=starttls\n"
                              "Authentication=password\nUsername=%s\n",
                              g_getenv ("MAIL_LAB_IMAPS_PORT"), g_getenv ("MAIL_LAB_USER"),
                              g_getenv ("MAIL_LAB_SUBMISSION_PORT"), g_getenv ("MAIL_LAB_USER"));
  provider = write_provider_file ("wrongmode.provider", contents);
  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "alice@wrongmode.test");
  result = sign_in_with_password (window, settings, g_getenv ("MAIL_LAB_PASSWORD"), FALSE);
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "wrong-security-mode");

  button = find_action_button (GTK_WIDGET (result), "win.use-suggested-settings");
  g_assert_nonnull (button);
  /* Keyboard-operable: focusable, with a mnemonic naming the port and the mode. */
  g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_can_focus (button));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (button)));
  label = g_strdup_printf ("_Use Port %s with TLS and Check Again", g_getenv ("MAIL_LAB_IMAPS_PORT"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, label);
  screenshot (window, "result-suggested-settings");

  gtk_widget_activate (button);
  wait_for (check_succeeded, result, 60, "the check with the suggested settings");
  g_assert_null (mail_setup_result_page_get_code (result));
  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("mail-setup-ui-XXXXXX", &error);
  g_assert_no_error (error);
  /* Outside the lab, keep the person's own settings and keyring out of it. */
  if (g_getenv ("MAIL_LAB_DIR") == NULL)
    g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  /* A mail app "installed" for the success page to find. */
  {
    g_autofree char *apps = g_build_filename (tmp_dir, "data", "applications", NULL);
    g_autofree char *desktop = g_build_filename (apps, "org.gnome.Geary.desktop", NULL);
    const char *system = g_getenv ("XDG_DATA_DIRS");
    g_autofree char *data_dirs = g_strconcat (tmp_dir, "/data:", system && *system ? system
                                              : "/usr/local/share:/usr/share", NULL);
    g_assert_cmpint (g_mkdir_with_parents (apps, 0755), ==, 0);
    g_assert_true (g_file_set_contents (desktop, "[Desktop Entry]\nType=Application\nName=Geary\n"
                                        "Exec=true\nIcon=mail-send\n", -1, NULL));
    g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
  }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  app = adw_application_new ("io.github.mailsetup.MailSetup.Tests", G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/mailsetup/MailSetup");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  /* Keep the main loop waking up so waits notice the deadline. */
  g_timeout_add (50, keep_waking_cb, NULL);

  g_test_add_func ("/wizard/welcome-validation", test_welcome_validation);
  g_test_add_func ("/wizard/settings-validation", test_settings_validation);
  g_test_add_func ("/wizard/narrow-and-dark", test_narrow_and_dark);
  g_test_add_func ("/wizard/about-and-shortcuts", test_about_and_shortcuts);
  g_test_add_func ("/wizard/password-account", test_password_account);
  g_test_add_func ("/wizard/troubleshoot-stored", test_troubleshoot_stored);
  g_test_add_func ("/wizard/oauth-account", test_oauth_account);
  g_test_add_func ("/wizard/oauth-cancel", test_oauth_cancel);
  g_test_add_func ("/wizard/oauth-device-code", test_oauth_device_code);
  g_test_add_func ("/wizard/shared-mailbox", test_shared_mailbox);
  g_test_add_func ("/wizard/tenant", test_tenant);
  g_test_add_func ("/wizard/oauth-client-id-missing", test_oauth_client_id_missing);
  g_test_add_func ("/wizard/no-client-id-app-password", test_no_client_id_app_password);
  g_test_add_func ("/wizard/imap-disabled", test_imap_disabled);
  g_test_add_func ("/wizard/imap-disabled-audience", test_imap_disabled_audience);
  g_test_add_func ("/wizard/primary-fix-table", test_primary_fix_table);
  g_test_add_func ("/wizard/certificate-trust", test_certificate_trust);
  g_test_add_func ("/wizard/certificate-expired", test_certificate_expired);
  g_test_add_func ("/wizard/cancel-check", test_cancel_check);
  g_test_add_func ("/wizard/trust-file-private", test_trust_file_private);
  g_test_add_func ("/wizard/endless-files", test_endless_files);
  g_test_add_func ("/wizard/untrusted-settings", test_untrusted_settings);
  g_test_add_func ("/wizard/keyboard-password", test_keyboard_password);
  g_test_add_func ("/wizard/keyboard-oauth-narrow", test_keyboard_oauth_narrow);
  g_test_add_func ("/wizard/suggested-settings", test_suggested_settings);
  g_test_add_func ("/wizard/remove-account", test_remove_account);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
