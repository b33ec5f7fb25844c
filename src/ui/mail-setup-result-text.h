/* mail-setup-result-text.h: the result page's words, shortened and made plain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first paragraph of text, at most its first two sentences; NULL for NULL. */
char *mail_setup_result_first_sentences (const char  *text);
/* A fix in plain words: a web address in it becomes its site's name; *url receives the
 * address (or NULL). */
char *mail_setup_result_plain_fix       (const char  *fix,
                                         char       **url);

G_END_DECLS
