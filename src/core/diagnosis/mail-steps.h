/* mail-steps.h: the one vocabulary of check steps (stages) and their words for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stage names are docs/diagnosis-codes.md's ("connect", "authenticate", "select", ...);
 * the wizard labels a step with mail_step_label () and the diagnosis says when a failure
 * happened with mail_step_words ().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A step as a label ("Signing in"), translated; the name itself for a stage without a label
 * (the OAuth and keyring stages are not steps of a check). */
const char *mail_step_label (const char *name);
/* When it happened ("while signing in"), translated; NULL for an unknown stage. */
const char *mail_step_words (const char *name);

G_END_DECLS
