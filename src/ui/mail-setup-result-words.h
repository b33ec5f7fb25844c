/* mail-setup-result-words.h: the wizard's short words for the failures people meet most
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-provider.h"

G_BEGIN_DECLS

/* The wizard's title (*title) and two sentences for code, for an account whose settings are
 * changed by audience (its provider file's Audience; UNKNOWN matches only the rows for anyone);
 * NULL when the wizard has no words of its own for code. Translated. */
const char *mail_setup_result_words (const char           *code,
                                     MailProviderAudience  audience,
                                     const char          **title);

G_END_DECLS
