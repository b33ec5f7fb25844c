/* mail-setup-util.c: words for people, shared by the wizard's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-setup-util.h"
#include "mail-steps.h"

const char *
mail_setup_security_label (MailSecurity security)
{
  switch (security)
    {
    case MAIL_SECURITY_TLS:
      return _("TLS, encrypted from the start");
    case MAIL_SECURITY_STARTTLS:
      return _("STARTTLS, encrypted after connecting");
    case MAIL_SECURITY_NONE:
      return _("None, not encrypted");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
mail_setup_auth_label (MailAuthKind auth)
{
  switch (auth)
    {
    case MAIL_AUTH_OAUTH2:
      return _("Sign in with the browser");
    case MAIL_AUTH_PASSWORD:
      return _("Password");
    case MAIL_AUTH_APP_PASSWORD:
      return _("App password");
    case MAIL_AUTH_NONE:
      return _("No sign-in");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
mail_setup_protocol_label (MailProtocol protocol)
{
  return protocol == MAIL_PROTOCOL_IMAP ? _("Receiving (IMAP)") : _("Sending (SMTP)");
}

const char *
mail_setup_step_label (const char *step_name)
{
  return mail_step_label (step_name);
}

char *
mail_setup_format_duration (double ms)
{
  if (ms < 1000.0)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.0f ms"), ms);
  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.1f s"), ms / 1000.0);
}

gboolean
mail_setup_is_web_url (const char *url)
{
  return url != NULL
         && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

void
mail_setup_box_remove_all (GtkBox *box)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_BOX (box));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* TRUE when widget would be on screen whenever page is: it and every parent up to page are
 * visible, and no stack in between has another child showing. */
static gboolean
shown_within (GtkWidget *widget,
              GtkWidget *page)
{
  for (GtkWidget *w = widget; w != NULL && w != page; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w) || !gtk_widget_get_child_visible (w))
      return FALSE;
  return TRUE;
}

static GQuark
optional_quark (void)
{
  return g_quark_from_static_string ("mail-setup-page-optional");
}

void
mail_setup_page_set_optional (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_object_set_qdata (G_OBJECT (widget), optional_quark (), GINT_TO_POINTER (TRUE));
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GtkWidget *page,
             gboolean   field)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child))
        continue;
      if (field && g_object_get_qdata (G_OBJECT (child), optional_quark ()) != NULL)
        continue;
      if (field && GTK_IS_TEXT (child) && gtk_widget_is_sensitive (child)
          && gtk_editable_get_editable (GTK_EDITABLE (child)))
        return child;
      /* Insensitive too: a button waiting for a field to be filled is still the default. */
      if (!field && GTK_IS_BUTTON (child) && gtk_widget_has_css_class (child, "suggested-action"))
        return child;
      found = find_widget (child, page, field);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
mail_setup_page_find_primary (GtkWidget *page)
{
  GtkWidget *button;

  g_return_val_if_fail (GTK_IS_WIDGET (page), NULL);

  button = find_widget (page, page, FALSE);
  return button != NULL && shown_within (button, page) ? button : NULL;
}

static gboolean
scroll_to_top_after_layout (GtkWidget     *widget,
                            GdkFrameClock *clock,
                            gpointer       data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  /* A focused field inside keeps GTK's scrolling it into view. */
  if (focus == NULL || !gtk_widget_is_ancestor (focus, widget))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  return G_SOURCE_REMOVE;
}

static void
scroll_to_top (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
      /* The new content is laid out on the next frame, which may move the view again. */
      gtk_widget_add_tick_callback (widget, scroll_to_top_after_layout, NULL, NULL);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    scroll_to_top (child);
}

void
mail_setup_page_present (GtkWidget *page)
{
  GtkRoot *root;
  GtkWidget *button;
  GtkWidget *field;

  g_return_if_fail (GTK_IS_WIDGET (page));

  root = gtk_widget_get_root (page);
  if (!GTK_IS_WINDOW (root) || !shown_within (page, GTK_WIDGET (root)))
    return;

  /* A page shown again (a new result, Try Again) starts at its top, not where the last one
   * was scrolled to; a field below the fold still scrolls into view when it takes the focus. */
  scroll_to_top (page);
  button = mail_setup_page_find_primary (page);
  gtk_window_set_default_widget (GTK_WINDOW (root), button);
  field = find_widget (page, page, TRUE);
  if (field != NULL)
    gtk_widget_grab_focus (field);
  else if (button != NULL && gtk_widget_is_sensitive (button))
    gtk_widget_grab_focus (button);
  else
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

char *
mail_setup_format_date (const char *iso8601)
{
  g_autoptr(GDateTime) time = iso8601 ? g_date_time_new_from_iso8601 (iso8601, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (iso8601 ? iso8601 : "?");
  local = g_date_time_to_local (time);
  /* Translators: a date, strftime format: "3 December 2026" */
  return g_date_time_format (local, _("%-d %B %Y"));
}
