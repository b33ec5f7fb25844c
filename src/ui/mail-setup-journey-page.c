/* mail-setup-journey-page.c: a wizard page that follows the journey
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-setup-journey-page.h"

typedef struct
{
  MailSetupJourney *journey;
} MailSetupJourneyPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (MailSetupJourneyPage, mail_setup_journey_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_JOURNEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mail_setup_journey_page_dispose (GObject *object)
{
  mail_setup_journey_page_set_journey (MAIL_SETUP_JOURNEY_PAGE (object), NULL);

  G_OBJECT_CLASS (mail_setup_journey_page_parent_class)->dispose (object);
}

static void
mail_setup_journey_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  MailSetupJourneyPage *self = MAIL_SETUP_JOURNEY_PAGE (object);

  if (prop_id == PROP_JOURNEY)
    g_value_set_object (value, mail_setup_journey_page_get_journey (self));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mail_setup_journey_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  MailSetupJourneyPage *self = MAIL_SETUP_JOURNEY_PAGE (object);

  if (prop_id == PROP_JOURNEY)
    mail_setup_journey_page_set_journey (self, g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mail_setup_journey_page_class_init (MailSetupJourneyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mail_setup_journey_page_dispose;
  object_class->get_property = mail_setup_journey_page_get_property;
  object_class->set_property = mail_setup_journey_page_set_property;

  properties[PROP_JOURNEY] = g_param_spec_object ("journey", NULL, NULL, MAIL_SETUP_TYPE_JOURNEY,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                                  | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mail_setup_journey_page_init (MailSetupJourneyPage *self)
{
}

void
mail_setup_journey_page_set_journey (MailSetupJourneyPage *self,
                                     MailSetupJourney     *journey)
{
  MailSetupJourneyPagePrivate *priv;

  g_return_if_fail (MAIL_SETUP_IS_JOURNEY_PAGE (self));
  g_return_if_fail (journey == NULL || MAIL_SETUP_IS_JOURNEY (journey));

  priv = mail_setup_journey_page_get_instance_private (self);
  if (priv->journey == journey)
    return;
  if (priv->journey != NULL)
    g_signal_handlers_disconnect_by_data (priv->journey, self);
  g_set_object (&priv->journey, journey);
  if (journey != NULL && MAIL_SETUP_JOURNEY_PAGE_GET_CLASS (self)->follow != NULL)
    MAIL_SETUP_JOURNEY_PAGE_GET_CLASS (self)->follow (self, journey);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNEY]);
}

MailSetupJourney *
mail_setup_journey_page_get_journey (MailSetupJourneyPage *self)
{
  MailSetupJourneyPagePrivate *priv;

  g_return_val_if_fail (MAIL_SETUP_IS_JOURNEY_PAGE (self), NULL);

  priv = mail_setup_journey_page_get_instance_private (self);
  return priv->journey;
}
