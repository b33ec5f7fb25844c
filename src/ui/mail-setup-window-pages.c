/* mail-setup-window-pages.c: the window's page navigation and its running operation
 *
 * The bottom of the window's parts: the others call these, and these call none of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-setup-util.h"
#include "mail-setup-window-private.h"

/* "welcome", "settings", ...: the page shown. */
const char *
_mail_setup_window_get_page_name (MailSetupWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* ------------------------------------------------------------------------------------------ */
/* Pages */

void
_mail_setup_window_update_navigation (MailSetupWindow *self)
{
  const char *page = _mail_setup_window_get_page_name (self);
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", self->history->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", busy);
  /* The journey's address, once past Welcome. */
  adw_window_title_set_subtitle (self->window_title,
                                 g_strcmp0 (page, "welcome") != 0
                                 ? mail_setup_journey_get_email (self->journey) : NULL);
}

/* Keyboard users land on the new page, not on a widget that just went out of sight. */
void
_mail_setup_window_focus_page (MailSetupWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  /* Its first field, else its primary button, which Enter presses from anywhere. */
  if (page != NULL)
    mail_setup_page_present (page);
}

/* Shows page; push remembers the current one for Back. The checking page is never
 * remembered: going back from a result returns to where the check was started. */
void
_mail_setup_window_show_page (MailSetupWindow *self,
                              const char      *name,
                              gboolean         push)
{
  const char *current = _mail_setup_window_get_page_name (self);

  if (g_strcmp0 (current, name) == 0)
    {
      _mail_setup_window_update_navigation (self);
      return;
    }
  if (push && current != NULL && g_strcmp0 (current, "checking") != 0)
    g_ptr_array_add (self->history, (gpointer) g_intern_string (current));
  gtk_stack_set_visible_child_name (self->stack, name);
  _mail_setup_window_update_navigation (self);
  _mail_setup_window_focus_page (self);
}

void
_mail_setup_window_toast (MailSetupWindow *self,
                          const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ------------------------------------------------------------------------------------------ */
/* The running operation */

GCancellable *
_mail_setup_window_begin_work (MailSetupWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  self->cancellable = g_cancellable_new ();
  _mail_setup_window_update_navigation (self);
  return self->cancellable;
}

void
_mail_setup_window_end_work (MailSetupWindow *self)
{
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  _mail_setup_window_update_navigation (self);
}

/* TRUE once the window is closing: an answer arriving now has nothing left to show. */
gboolean
_mail_setup_window_is_gone (MailSetupWindow *self)
{
  return self->lifetime == NULL || g_cancellable_is_cancelled (self->lifetime);
}

