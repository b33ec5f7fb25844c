/* mail-setup-lookup-row.h: one lookup of the discovery, as "How Mail Setup searched" lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A row: the source and what it was asked ("MX record · example.org"), what came back, whether
 * it found settings and when it answered (ms). */
GtkWidget *mail_setup_lookup_row_new (const char *source,
                                      const char *query,
                                      const char *outcome,
                                      gboolean    found,
                                      double      ms);

G_END_DECLS
