/* mail-account-check.c: the live check of one account (stub: the header comes first)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-account-check.h"

struct _MailAccountCheck
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (MailAccountCheck, mail_account_check, G_TYPE_OBJECT)

static void
mail_account_check_class_init (MailAccountCheckClass *klass)
{
}

static void
mail_account_check_init (MailAccountCheck *self)
{
}
