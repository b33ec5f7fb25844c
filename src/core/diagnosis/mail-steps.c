/* mail-steps.c: the one vocabulary of check steps (stages) and their words for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-steps.h"

static const struct
{
  const char *name;
  const char *label;  /* N_()-marked, for a list of steps; NULL: not a step of a check */
  const char *words;  /* N_()-marked: when it happened */
} steps[] = {
  { "resolve", N_("Looking up the server"), N_("while looking up the server’s name") },
  { "connect", N_("Connecting"), N_("while connecting to the server") },
  { "tls", N_("Checking the server’s certificate"),
    N_("while setting up the encrypted connection") },
  { "greeting", N_("Waiting for the server to greet"),
    N_("while waiting for the server to say hello") },
  { "capability", N_("Asking what the server supports"),
    N_("while asking what the server supports") },
  { "starttls", N_("Switching to an encrypted connection"),
    N_("while switching the connection to encryption") },
  { "ehlo", N_("Introducing this computer"),
    N_("while introducing this computer to the server") },
  { "authenticate", N_("Signing in"), N_("while signing in") },
  { "select", N_("Opening the inbox"), N_("while opening the inbox") },
  { "sender", N_("Checking you may send as this address"),
    N_("while checking that you may send from this address") },
  { "logout", N_("Signing out"), N_("while signing out") },
  { "quit", N_("Closing the connection"), N_("while closing the connection") },
  { "authorize", NULL, N_("while you signed in in the browser") },
  { "token", NULL, N_("while finishing the sign-in") },
  { "refresh", NULL, N_("while renewing the saved sign-in") },
  { "keyring", NULL, N_("while using the keyring (the system’s password store)") },
};

const char *
mail_step_label (const char *name)
{
  g_return_val_if_fail (name != NULL, "");

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_str_equal (steps[i].name, name))
      return steps[i].label != NULL ? _(steps[i].label) : name;
  return name;
}

const char *
mail_step_words (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (steps); i++)
    if (g_str_equal (steps[i].name, name))
      return _(steps[i].words);
  return NULL;
}
