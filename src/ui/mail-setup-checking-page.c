/* mail-setup-checking-page.c: the IMAP and SMTP checks, step by step, as they happen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-setup-checking-page.h"
#include "mail-setup-util.h"

typedef struct
{
  GtkWidget *row;
  GtkWidget *spinner;
  GtkWidget *icon;
  GtkWidget *time_label;
  gboolean   finished;
  gboolean   ok;
} StepRow;

struct _MailSetupCheckingPage
{
  MailSetupJourneyPage parent_instance;

  GtkLabel            *title_label;
  GtkLabel            *status_label;
  AdwPreferencesGroup *groups[2];
  AdwPreferencesGroup *imap_group;
  AdwPreferencesGroup *smtp_group;

  GPtrArray           *steps[2];   /* StepRow * */
};

G_DEFINE_FINAL_TYPE (MailSetupCheckingPage, mail_setup_checking_page, MAIL_SETUP_TYPE_JOURNEY_PAGE)

static void mail_setup_checking_page_follow (MailSetupJourneyPage *page,
                                             MailSetupJourney     *journey);

static StepRow *
add_step (MailSetupCheckingPage *self,
          MailProtocol           protocol,
          const char            *name)
{
  StepRow *step = g_new0 (StepRow, 1);
  GtkWidget *prefix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  step->row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (step->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (step->row), mail_setup_step_label (name));

  step->spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (step->spinner), TRUE);
  step->icon = gtk_image_new ();
  gtk_widget_set_visible (step->icon, FALSE);
  gtk_widget_set_size_request (prefix, 16, 16);
  gtk_widget_set_valign (prefix, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (prefix), step->spinner);
  gtk_box_append (GTK_BOX (prefix), step->icon);
  adw_action_row_add_prefix (ADW_ACTION_ROW (step->row), prefix);

  step->time_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (step->time_label, "dim-label");
  gtk_widget_add_css_class (step->time_label, "numeric");
  gtk_widget_set_visible (step->time_label, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (step->row), step->time_label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (step->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("In progress"), -1);
  adw_preferences_group_add (self->groups[protocol], step->row);
  adw_preferences_group_set_description (self->groups[protocol], NULL);
  g_ptr_array_add (self->steps[protocol], step);
  return step;
}

static void
mail_setup_checking_page_dispose (GObject *object)
{
  MailSetupCheckingPage *self = MAIL_SETUP_CHECKING_PAGE (object);

  g_clear_pointer (&self->steps[0], g_ptr_array_unref);
  g_clear_pointer (&self->steps[1], g_ptr_array_unref);

  G_OBJECT_CLASS (mail_setup_checking_page_parent_class)->dispose (object);
}

static void
mail_setup_checking_page_class_init (MailSetupCheckingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_checking_page_dispose;
  MAIL_SETUP_JOURNEY_PAGE_CLASS (klass)->follow = mail_setup_checking_page_follow;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-checking-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupCheckingPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupCheckingPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupCheckingPage, imap_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupCheckingPage, smtp_group);
}

static void
mail_setup_checking_page_init (MailSetupCheckingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups[MAIL_PROTOCOL_IMAP] = self->imap_group;
  self->groups[MAIL_PROTOCOL_SMTP] = self->smtp_group;
  self->steps[0] = g_ptr_array_new_with_free_func (g_free);
  self->steps[1] = g_ptr_array_new_with_free_func (g_free);
}

static void
reset_group (MailSetupCheckingPage *self,
             MailProtocol           protocol,
             const MailServer      *server)
{
  GPtrArray *steps = self->steps[protocol];
  g_autofree char *title = NULL;

  for (guint i = 0; i < steps->len; i++)
    adw_preferences_group_remove (self->groups[protocol], ((StepRow *) g_ptr_array_index (steps, i))->row);
  g_ptr_array_set_size (steps, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->groups[protocol]), server != NULL);
  if (server == NULL)
    return;
  title = g_strdup (protocol == MAIL_PROTOCOL_IMAP ? _("Receiving mail") : _("Sending mail"));
  adw_preferences_group_set_title (self->groups[protocol], title);
  adw_preferences_group_set_description (self->groups[protocol], _("Waiting to start…"));
}

void
mail_setup_checking_page_reset (MailSetupCheckingPage *self,
                                const char            *email,
                                const MailServer      *imap,
                                const MailServer      *smtp)
{
  g_autofree char *title = NULL;
  MailSetupJourney *journey;

  g_return_if_fail (MAIL_SETUP_IS_CHECKING_PAGE (self));

  /* Translators: %s is an email address */
  title = g_strdup_printf (_("Checking %s"), email);
  gtk_label_set_label (self->title_label, title);
  reset_group (self, MAIL_PROTOCOL_IMAP, imap);
  reset_group (self, MAIL_PROTOCOL_SMTP, smtp);
  journey = MAIL_SETUP_PAGE_JOURNEY (self);
  mail_setup_checking_page_set_status (self,
                                       journey ? mail_setup_journey_get_status (journey) : NULL);
}

void
mail_setup_checking_page_set_status (MailSetupCheckingPage *self,
                                     const char            *status)
{
  g_return_if_fail (MAIL_SETUP_IS_CHECKING_PAGE (self));

  gtk_label_set_label (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
}

void
mail_setup_checking_page_step_started (MailSetupCheckingPage *self,
                                       MailProtocol           protocol,
                                       const char            *name)
{
  g_return_if_fail (MAIL_SETUP_IS_CHECKING_PAGE (self));
  g_return_if_fail (name != NULL);

  add_step (self, protocol, name);
}

void
mail_setup_checking_page_step_finished (MailSetupCheckingPage *self,
                                        MailProtocol           protocol,
                                        const MailCheckStep   *check_step)
{
  GPtrArray *steps;
  StepRow *step = NULL;
  g_autofree char *duration = NULL;

  g_return_if_fail (MAIL_SETUP_IS_CHECKING_PAGE (self));
  g_return_if_fail (check_step != NULL);

  /* The row of the last unfinished step of that name; a step that never said it started gets
   * its own row. */
  steps = self->steps[protocol];
  for (guint i = steps->len; i > 0; i--)
    {
      StepRow *candidate = g_ptr_array_index (steps, i - 1);

      if (!candidate->finished
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (candidate->row)),
                        mail_setup_step_label (check_step->name)) == 0)
        {
          step = candidate;
          break;
        }
    }
  if (step == NULL)
    step = add_step (self, protocol, check_step->name);

  step->finished = TRUE;
  step->ok = check_step->ok;
  gtk_spinner_set_spinning (GTK_SPINNER (step->spinner), FALSE);
  gtk_widget_set_visible (step->spinner, FALSE);
  gtk_image_set_from_icon_name (GTK_IMAGE (step->icon),
                                check_step->ok ? "object-select-symbolic" : "dialog-error-symbolic");
  gtk_widget_add_css_class (step->icon, check_step->ok ? "success" : "error");
  gtk_widget_set_visible (step->icon, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (step->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  check_step->ok ? _("Succeeded") : _("Failed"), -1);
  /* Addresses, TLS versions and times are for Technical Details on the result page; here
   * only a tooltip for whoever wonders. */
  duration = mail_setup_format_duration (check_step->ms);
  {
    g_autofree char *tooltip = g_strjoin (" · ", duration, check_step->detail, NULL);

    gtk_widget_set_tooltip_text (step->row, tooltip);
  }
}

guint
mail_setup_checking_page_count_steps (MailSetupCheckingPage *self,
                                      MailProtocol           protocol,
                                      guint                 *n_ok)
{
  GPtrArray *steps;
  guint ok = 0;

  g_return_val_if_fail (MAIL_SETUP_IS_CHECKING_PAGE (self), 0);

  steps = self->steps[protocol];
  for (guint i = 0; i < steps->len; i++)
    if (((StepRow *) g_ptr_array_index (steps, i))->ok)
      ok++;
  if (n_ok)
    *n_ok = ok;
  return steps->len;
}

/* ------------------------------------------------------------------------------------------ */
/* Following the journey */

static void
journey_status_cb (MailSetupCheckingPage *self)
{
  MailSetupJourney *journey = MAIL_SETUP_PAGE_JOURNEY (self);

  mail_setup_checking_page_set_status (self, mail_setup_journey_get_status (journey));
}

static void
mail_setup_checking_page_follow (MailSetupJourneyPage *page,
                                 MailSetupJourney     *journey)
{
  MailSetupCheckingPage *self = MAIL_SETUP_CHECKING_PAGE (page);

  g_signal_connect_swapped (journey, "notify::status", G_CALLBACK (journey_status_cb), self);
  journey_status_cb (self);
}
