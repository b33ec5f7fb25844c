/* fuzz-other-apps.c: the readers of other mail apps' files must never crash, leak or overrun
 *
 * The first byte picks the file, the rest is its content, written into a scratch home.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <glib/gstdio.h>

#include "mail-other-apps.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const struct
{
  const char *app;
  const char *path;
} targets[] = {
  { "goa", ".config/goa-1.0/accounts.conf" },
  { "evolution", ".config/evolution/sources/a.source" },
  { "geary", ".config/geary/account_01/geary.ini" },
  { "geary", ".local/share/geary/a@example.com/geary.ini" },
  { "thunderbird", ".thunderbird/p.default/prefs.js" },
  { "thunderbird", ".thunderbird/profiles.ini" },
  { "msmtp", ".msmtprc" },
  { "mbsync", ".mbsyncrc" },
  { "neomutt", ".neomuttrc" },
  { "aerc", ".config/aerc/accounts.conf" },
};

static char *home;

static void
write_file (const char   *relative,
            const uint8_t *data,
            size_t         size)
{
  g_autofree char *path = g_build_filename (home, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, (const char *) data, size, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MailOtherAppsDirs) dirs = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  guint target;

  if (size < 1)
    return 0;
  if (home == NULL)
    {
      home = g_dir_make_tmp ("fuzz-other-apps-XXXXXX", NULL);
      g_assert (home != NULL);
    }

  target = data[0] % G_N_ELEMENTS (targets);
  /* A fixed profiles.ini for prefs.js; a fixed prefs.js for profiles.ini. */
  {
    const char *ini = "[Profile0]\nPath=p.default\nIsRelative=1\nDefault=1\n";
    const char *prefs = "user_pref(\"a\", 1);\n";

    write_file (".thunderbird/profiles.ini", (const uint8_t *) ini, strlen (ini));
    write_file (".thunderbird/p.default/prefs.js", (const uint8_t *) prefs, strlen (prefs));
  }
  write_file (targets[target].path, data + 1, size - 1);

  dirs = mail_other_apps_dirs_new (home, NULL, NULL);
  accounts = mail_other_apps_read (dirs, targets[target].app);
  for (guint i = 0; i < accounts->len; i++)
    {
      const MailOtherAppAccount *account = g_ptr_array_index (accounts, i);

      g_assert (account->error != NULL || account->imap != NULL || account->smtp != NULL);
      g_assert (account->imap == NULL || account->imap->port != 0);
      g_assert (account->smtp == NULL || account->smtp->port != 0);
    }

  {
    g_autofree char *path = g_build_filename (home, targets[target].path, NULL);

    g_unlink (path);
  }
  return 0;
}
