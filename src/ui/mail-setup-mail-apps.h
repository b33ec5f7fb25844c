/* mail-setup-mail-apps.h: the mail apps installed here, each with what to do in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* One AdwActionRow per mail app installed (from its desktop file): its name, icon, how to add
 * an account in it and an "Open" button; or one row saying none was found. */
GPtrArray *mail_setup_mail_app_rows_new (void);

G_END_DECLS
