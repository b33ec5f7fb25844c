/* test-oauth-lab-keyring.c: no keyring, a locked keyring, a keyring locked after a restart:
 * every command says so, on a D-Bus session of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "oauth-lab.h"

#define BUS_FLAGS (G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | \
                   G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION)

/* A D-Bus session bus of our own, with no services to activate. */
typedef struct
{
  char        *dir;
  GSubprocess *bus;
  GSubprocess *keyring;
  char        *address;
  char        *env_bus;  /* "DBUS_SESSION_BUS_ADDRESS=…" */
  const char  *env[2];   /* for run_cli_full */
} PrivateBus;

static void
private_bus_free (PrivateBus *bus)
{
  if (bus->keyring != NULL)
    {
      g_subprocess_send_signal (bus->keyring, SIGTERM);
      g_subprocess_wait (bus->keyring, NULL, NULL);
    }
  if (bus->bus != NULL)
    {
      g_subprocess_send_signal (bus->bus, SIGTERM);
      g_subprocess_wait (bus->bus, NULL, NULL);
    }
  g_clear_object (&bus->keyring);
  g_clear_object (&bus->bus);
  g_free (bus->address);
  g_free (bus->env_bus);
  if (bus->dir != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", bus->dir);

      g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
    }
  g_free (bus->dir);
  g_free (bus);
}


G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrivateBus, private_bus_free)

static PrivateBus *
private_bus_new (void)
{
  PrivateBus *bus = g_new0 (PrivateBus, 1);
  g_autofree char *config = NULL;
  g_autofree char *config_text = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  bus->dir = g_dir_make_tmp ("mail-setup-bus-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (bus->dir, "bus.conf", NULL);
  config_text = g_strdup_printf (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig><type>session</type><listen>unix:dir=%s</listen><auth>EXTERNAL</auth>"
    "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
    "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n", bus->dir);
  g_assert_true (g_file_set_contents (config, config_text, -1, NULL));

  bus->bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error, "dbus-daemon",
                               "--nofork", "--print-address=1", "--config-file", config, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus->bus));
  bus->address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bus->address);
  g_strstrip (bus->address);
  bus->env_bus = g_strconcat ("DBUS_SESSION_BUS_ADDRESS=", bus->address, NULL);
  bus->env[0] = bus->env_bus;
  return bus;
}

static gboolean
name_has_owner (const char *address,
                const char *name)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  connection = g_dbus_connection_new_for_address_sync (address, BUS_FLAGS, NULL, NULL, NULL);
  g_assert_nonnull (connection);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Starts gnome-keyring on the bus. unlock: with a fresh, unlocked "login" keyring; else on the
 * data it left, without a password: "login" stays locked. */
static void
private_bus_start_keyring (PrivateBus *bus,
                           gboolean    unlock)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *data = g_build_filename (bus->dir, "data", NULL);
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new ((unlock ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0) |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus->address, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", bus->dir, TRUE);
  /* Its own warnings are not ours to make fatal. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  bus->keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon",
                                              "--foreground", "--components=secrets",
                                              unlock ? "--unlock" : NULL, NULL);
  g_assert_no_error (error);
  if (unlock)
    {
      GOutputStream *in = g_subprocess_get_stdin_pipe (bus->keyring);

      g_output_stream_write_all (in, "\n", 1, NULL, NULL, NULL);
      g_output_stream_close (in, NULL, NULL);
    }

  for (guint i = 0; i < 100 && !name_has_owner (bus->address, "org.freedesktop.secrets"); i++)
    g_usleep (G_USEC_PER_SEC / 10);
  g_assert_true (name_has_owner (bus->address, "org.freedesktop.secrets"));
}

/* `login BOB --password-stdin` on the bus, which must work. */
static void
login_bob (PrivateBus *bus,
           const char *password)
{
  const char *args[] = { "login", BOB, "--password-stdin", "--json", NULL };
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  g_autoptr(Run) run = run_cli_full (input, bus->env, NULL, FALSE, args);

  g_assert_cmpint (run->status, ==, 0);
  remember_secret (password);
}

static void
private_bus_lock_keyring (PrivateBus *bus)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { "/org/freedesktop/secrets/collection/login" };

  connection = g_dbus_connection_new_for_address_sync (bus->address, BUS_FLAGS, NULL, NULL,
                                                       &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.secrets",
                                       "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(@ao)",
                                                      g_variant_new_objv (paths, 1)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

void
test_keyring_unavailable (void)
{
  g_autoptr(PrivateBus) bus = NULL;
  const char *const *commands[] = {
    (const char *[]) { "accounts", "--json", NULL },
    (const char *[]) { "token", ALICE, "--json", NULL },
    (const char *[]) { "forget", ALICE, "--json", NULL },
    (const char *[]) { "login", BOB, "--password-stdin", "--json", NULL },
  };

  if (!lab_available ())
    return;

  bus = private_bus_new ();

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_cli_full ("a-password\n", bus->env, NULL, FALSE, commands[i]);

      assert_diagnosis (run, "keyring-unavailable");
    }

  /* A sign-in is not even started when it could not be saved: no browser, no listener. */
  {
    const char *args[] = { "login", ALICE, "--provider-file",
                           g_getenv ("MAIL_LAB_PROVIDER_FILE"), "--json", NULL };
    g_autoptr(Run) run = run_cli_full (NULL, bus->env, NULL, FALSE, args);

    assert_diagnosis (run, "keyring-unavailable");
    g_assert_null (strstr (run->err, "http://"));
  }
}

void
test_keyring_locked (void)
{
  g_autoptr(PrivateBus) bus = NULL;
  const char *const *commands[] = {
    (const char *[]) { "accounts", "--json", NULL },
    (const char *[]) { "token", BOB, "--json", NULL },
    (const char *[]) { "forget", BOB, "--json", NULL },
    (const char *[]) { "login", "carol@example.test", "--password-stdin", "--json", NULL },
  };

  if (!lab_available ())
    return;

  bus = private_bus_new ();
  private_bus_start_keyring (bus, TRUE);

  /* Works while unlocked... */
  login_bob (bus, "bobs-app-password-1");

  /* ...and once locked, with nobody to type the password, every command says so. */
  private_bus_lock_keyring (bus);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_cli_full ("a-password\n", bus->env, NULL, FALSE, commands[i]);

      assert_diagnosis (run, "keyring-locked");
    }
}

/* The keyring daemon restarted (after a crash, a new session): the login keyring is locked on
 * disk, and a locked collection shows no items at all. That is a locked keyring for every
 * command, never "no accounts saved" or "not saved". */
void
test_keyring_locked_after_restart (void)
{
  g_autoptr(PrivateBus) bus = NULL;
  const char *const *commands[] = {
    (const char *[]) { "accounts", "--json", NULL },
    (const char *[]) { "token", BOB, "--json", NULL },
    (const char *[]) { "forget", BOB, "--json", NULL },
    (const char *[]) { "export", BOB, "--format", "json", "--json", NULL },
  };

  if (!lab_available ())
    return;

  bus = private_bus_new ();
  private_bus_start_keyring (bus, TRUE);

  login_bob (bus, "bobs-app-password-2");

  /* The daemon restarts without anyone to unlock the keyring. */
  g_subprocess_send_signal (bus->keyring, SIGTERM);
  g_subprocess_wait (bus->keyring, NULL, NULL);
  g_clear_object (&bus->keyring);
  private_bus_start_keyring (bus, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_cli_full (NULL, bus->env, NULL, FALSE, commands[i]);

      assert_diagnosis (run, "keyring-locked");
      g_assert_null (strstr (run->out, "saved"));
    }

  /* In words too. */
  {
    const char *args[] = { "accounts", NULL };
    g_autoptr(Run) run = run_cli_full (NULL, bus->env, NULL, FALSE, args);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_null (strstr (run->out, "No accounts"));
    g_assert_nonnull (strstr (run->err, "locked"));
  }
}
