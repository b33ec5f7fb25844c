/* mail-test-wizard.c: what the wizard tests share: windows, pages, waits, screenshots
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

AdwApplication *wizard_app;
char *wizard_tmp_dir;

gboolean
have_lab (void)
{
  /* The lab, and its browser for the sign-ins. */
  return mail_test_lab_available () &&
         mail_test_need_program (mail_test_env ("MAIL_LAB_BROWSER"), "tests/lab/lab-browser");
}

void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

void
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

gboolean
page_is_shown (gpointer data)
{
  PageWait *wait = data;
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (mail_setup_window_get_page (wait->window, wait->page)));

  return g_strcmp0 (mail_setup_window_get_page_name (wait->window), wait->page) == 0
         && !mail_setup_window_get_busy (wait->window)
         && !gtk_stack_get_transition_running (stack);
}

GtkWidget *
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

static char *
screenshot_dir (void)
{
  const char *build_dir = g_getenv ("MAIL_SETUP_BUILD_DIR");
  char *dir = g_build_filename (build_dir ? build_dir : ".", "screenshots", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

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

void
assert_fits_narrow (GtkWidget *page)
{
  int minimum = 0;

  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("%s: minimum width %d", G_OBJECT_TYPE_NAME (page), minimum);
  if (minimum > 360)
    report_too_wide (page);
  g_assert_cmpint (minimum, <=, 360);
}

GtkScrolledWindow *
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

void
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

void
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

MailSetupWindow *
new_window (const char *provider_files,
            const char *ca_file)
{
  MailSetupWindow *window;
  g_autofree char *trust_file = g_build_filename (wizard_tmp_dir, "trusted-certificates.ini", NULL);

  if (provider_files)
    g_setenv ("MAIL_SETUP_PROVIDER_FILES", provider_files, TRUE);
  else
    g_unsetenv ("MAIL_SETUP_PROVIDER_FILES");
  if (ca_file)
    g_setenv ("MAIL_SETUP_CA_FILE", ca_file, TRUE);
  else
    g_unsetenv ("MAIL_SETUP_CA_FILE");
  g_setenv ("MAIL_SETUP_TRUST_FILE", trust_file, TRUE);

  window = mail_setup_window_new (GTK_APPLICATION (wizard_app));
  gtk_window_present (GTK_WINDOW (window));
  wait_for (window_is_mapped, window, 10, "the window to map");
  wait_page (window, "welcome", 10);
  return window;
}

void
close_window (MailSetupWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

void
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

MailSetupSettingsPage *
add_account (MailSetupWindow *window,
             const char      *email)
{
  MailSetupWelcomePage *welcome = MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));

  mail_setup_welcome_page_set_email (welcome, email);
  activate (welcome, "welcome.continue", NULL);
  return MAIL_SETUP_SETTINGS_PAGE (wait_page (window, "settings", 30));
}

char *
write_provider_file (const char *name,
                     const char *contents)
{
  char *path = g_build_filename (wizard_tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

MailLabScriptedServer *
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

void
start_or_die (MailLabScriptedServer *server)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_assert_no_error (error);
}

/* A provider for domain whose IMAP and SMTP are the given local ports, with password
 * sign-in and, when guidance is TRUE, IMAP guidance for people and administrators. */
char *
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

MailSetupResultPage *
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

gboolean
saved (gpointer data)
{
  return mail_setup_result_page_get_save_state (data) != MAIL_SETUP_SAVE_PENDING;
}

gboolean
accounts_listed (gpointer data)
{
  return mail_setup_welcome_page_get_n_accounts (data) > 0;
}

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

MailStoredAccount *
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

GtkWindow *
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

gboolean
dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardWait *wait = user_data;

  wait->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  wait->done = TRUE;
}

gboolean
clipboard_done (gpointer data)
{
  return ((ClipboardWait *) data)->done;
}

char *
clipboard_text (MailSetupWindow *window)
{
  ClipboardWait wait = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_read_cb, &wait);
  wait_for (clipboard_done, &wait, 5, "the clipboard");
  return wait.text;
}

gboolean
have_keyboard (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool != NULL && g_getenv ("DISPLAY") != NULL)
    return TRUE;
  g_test_skip ("needs xdotool and an X display (xvfb-run)");
  return FALSE;
}

/* xdotool key KEYS / xdotool type TEXT: XTEST events to the focused window. */
void
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

gboolean
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

gboolean
keep_waking_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* What a keyboard user finds on page: the focus in the page (not in the header bar), on its
 * first field or on its primary button; that button the window's default, so Enter presses
 * it; and that button in sight in a bar outside the scrolled content. */
void
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

void
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

GtkWidget *
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

/* The window as it is drawn now (waiting for a frame when a resize is pending). */
GdkTexture *
render_window (GtkWidget *window)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  for (guint attempt = 0; node == NULL && attempt < 40; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* <build>/screenshots/NAME.png of the window as it is. */
void
save_png (GtkWidget  *window,
          const char *name)
{
  g_autofree char *dir = screenshot_dir ();
  g_autofree char *path = g_strconcat (dir, "/", name, ".png", NULL);
  g_autoptr(GdkTexture) texture = render_window (window);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s (%d×%d)", path, gdk_texture_get_width (texture),
                  gdk_texture_get_height (texture));
}
