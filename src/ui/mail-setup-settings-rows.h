/* mail-setup-settings-rows.h: the settings page's rows: view rows, edit rows and their errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A port typed in (1 to 65535). */
gboolean   mail_setup_parse_port         (const char          *text,
                                          guint16             *port);
/* Marks row invalid (red, and so for screen readers) or valid. */
void       mail_setup_row_set_error      (GtkWidget           *row,
                                          gboolean             error);
/* A row that shows a value (title; its subtitle set by the caller) at the end of group. */
GtkWidget *mail_setup_add_view_row       (AdwPreferencesGroup *group,
                                          const char          *title);
/* The text of row without surrounding spaces, or NULL when empty. */
char      *mail_setup_entry_row_dup_text (AdwEntryRow         *row);

G_END_DECLS
