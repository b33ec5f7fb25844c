/* mail-other-apps-wording.c: a setting that works, said in the words of the app that has it
 *
 * One row per app and protocol: where the setting is (the app's menus, or its file) and the
 * app's names for server, port, security and user name, with its words for each security.
 * Apps whose settings are one URL (GOA's "host:port", NeoMutt, aerc) get the whole value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-other-apps-wording.h"

typedef enum
{
  FORM_FIELDS,      /* separate fields: "Server Name: x, Port: 993, Connection security: SSL/TLS" */
  FORM_HOST_PORT,   /* server and port in one field "host:port" (GOA, Geary) */
  FORM_NEOMUTT,     /* set folder/smtp_url = "scheme://user@host:port/" */
  FORM_AERC,        /* source/outgoing = scheme://user@host:port */
} Form;

typedef struct
{
  const char   *app;
  MailProtocol  protocol;
  Form          form;
  const char   *where;     /* translatable; %s: the account's label or file */
  const char   *host;      /* the app's names for the fields */
  const char   *port;
  const char   *security;
  const char   *user;
  const char   *tls;       /* the app's words for each security */
  const char   *starttls;
  const char   *none;
} Wording;

static const Wording wordings[] = {
  { "thunderbird", MAIL_PROTOCOL_IMAP, FORM_FIELDS,
    N_("In Thunderbird: Account Settings → Server Settings"),
    N_("Server Name"), N_("Port"), N_("Connection security"), N_("User Name"),
    "SSL/TLS", "STARTTLS", N_("None") },
  { "thunderbird", MAIL_PROTOCOL_SMTP, FORM_FIELDS,
    N_("In Thunderbird: Account Settings → Outgoing Server (SMTP) → Edit…"),
    N_("Server Name"), N_("Port"), N_("Connection security"), N_("User Name"),
    "SSL/TLS", "STARTTLS", N_("None") },
  { "evolution", MAIL_PROTOCOL_IMAP, FORM_FIELDS,
    N_("In Evolution: Edit → Accounts → %s → Edit → Receiving Email"),
    N_("Server"), N_("Port"), N_("Encryption method"), N_("Username"),
    N_("TLS on a dedicated port"), N_("STARTTLS after connecting"), N_("No encryption") },
  { "evolution", MAIL_PROTOCOL_SMTP, FORM_FIELDS,
    N_("In Evolution: Edit → Accounts → %s → Edit → Sending Email"),
    N_("Server"), N_("Port"), N_("Encryption method"), N_("Username"),
    N_("TLS on a dedicated port"), N_("STARTTLS after connecting"), N_("No encryption") },
  { "goa", MAIL_PROTOCOL_IMAP, FORM_HOST_PORT,
    N_("In Settings → Online Accounts → %s → IMAP"),
    N_("IMAP Server"), NULL, N_("Encryption"), N_("Username"),
    N_("SSL on a dedicated port"), N_("STARTTLS after connecting"), N_("None") },
  { "goa", MAIL_PROTOCOL_SMTP, FORM_HOST_PORT,
    N_("In Settings → Online Accounts → %s → SMTP"),
    N_("SMTP Server"), NULL, N_("Encryption"), N_("Username"),
    N_("SSL on a dedicated port"), N_("STARTTLS after connecting"), N_("None") },
  { "geary", MAIL_PROTOCOL_IMAP, FORM_FIELDS,
    N_("In Geary: Accounts → %s → Server Settings → Receiving"),
    N_("Server"), N_("Port"), N_("Connection security"), N_("Login name"),
    N_("TLS"), N_("StartTLS"), N_("None") },
  { "geary", MAIL_PROTOCOL_SMTP, FORM_FIELDS,
    N_("In Geary: Accounts → %s → Server Settings → Sending"),
    N_("Server"), N_("Port"), N_("Connection security"), N_("Login name"),
    N_("TLS"), N_("StartTLS"), N_("None") },
  { "msmtp", MAIL_PROTOCOL_SMTP, FORM_FIELDS, N_("In %s"),
    "host", "port", NULL, "user",
    "tls on\ntls_starttls off", "tls on\ntls_starttls on", "tls off" },
  { "mbsync", MAIL_PROTOCOL_IMAP, FORM_FIELDS, N_("In %s"),
    "Host", "Port", "TLSType", "User", "IMAPS", "STARTTLS", "None" },
  { "neomutt", MAIL_PROTOCOL_IMAP, FORM_NEOMUTT, N_("In %s"),
    "folder", NULL, NULL, NULL, "imaps", "imap", "imap" },
  { "neomutt", MAIL_PROTOCOL_SMTP, FORM_NEOMUTT, N_("In %s"),
    "smtp_url", NULL, NULL, NULL, "smtps", "smtp", "smtp" },
  { "aerc", MAIL_PROTOCOL_IMAP, FORM_AERC, N_("In %s"),
    "source", NULL, NULL, NULL, "imaps", "imap", "imap+insecure" },
  { "aerc", MAIL_PROTOCOL_SMTP, FORM_AERC, N_("In %s"),
    "outgoing", NULL, NULL, NULL, "smtps", "smtp", "smtp+insecure" },
};

static const char *
security_word (const Wording *w,
               MailSecurity   security)
{
  switch (security)
    {
    case MAIL_SECURITY_TLS:
      return w->tls;
    case MAIL_SECURITY_STARTTLS:
      return w->starttls;
    case MAIL_SECURITY_NONE:
    default:
      return w->none;
    }
}

static const char *
maybe_translate (const Wording *w,
                 const char    *text)
{
  /* The files' own keywords and values stay as they are written. */
  if (w->form == FORM_NEOMUTT || w->form == FORM_AERC ||
      strcmp (w->app, "msmtp") == 0 || strcmp (w->app, "mbsync") == 0)
    return text;
  return _(text);
}

/* The translated template with its one "%s" replaced (not a printf format: it comes from a
 * table). */
static char *
fill (const char *template,
      const char *value)
{
  g_auto(GStrv) halves = g_strsplit (_(template), "%s", 2);

  if (halves[0] == NULL || halves[1] == NULL)
    return g_strdup (_(template));
  return g_strconcat (halves[0], value ? value : "", halves[1], NULL);
}

static char *
host_port (const char *host,
           guint16     port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

static char *
url_for (const Wording    *w,
         const MailServer *works,
         const char       *username)
{
  g_autofree char *address = host_port (works->host, works->port);
  const char *scheme = security_word (w, works->security);

  if (username != NULL)
    {
      g_autofree char *user = g_uri_escape_string (username, NULL, FALSE);

      return g_strdup_printf ("%s://%s@%s%s", scheme, user, address,
                              w->form == FORM_NEOMUTT ? "/" : "");
    }
  return g_strdup_printf ("%s://%s%s", scheme, address, w->form == FORM_NEOMUTT ? "/" : "");
}

static void
add_part (GString    *parts,
          const char *separator,
          const char *name,
          const char *value)
{
  if (parts->len > 0)
    g_string_append (parts, separator);
  if (name != NULL)
    g_string_append_printf (parts, "%s%s", name, value);
  else
    g_string_append (parts, value);
}

char *
mail_other_apps_fix_text (const MailOtherAppAccount *account,
                          MailProtocol               protocol,
                          const MailServer          *works)
{
  const MailOtherAppServer *has;
  const Wording *w = NULL;
  g_autoptr(GString) parts = g_string_new (NULL);
  g_autofree char *where = NULL;
  gboolean host_differs, port_differs, security_differs, user_differs;
  const char *file_like;
  const char *separator;
  const char *colon;

  g_return_val_if_fail (account != NULL && works != NULL, NULL);

  has = protocol == MAIL_PROTOCOL_IMAP ? account->imap : account->smtp;
  if (has == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (wordings); i++)
    if (strcmp (wordings[i].app, account->app) == 0 && wordings[i].protocol == protocol)
      w = &wordings[i];
  if (w == NULL)
    return NULL;

  host_differs = g_ascii_strcasecmp (has->host, works->host) != 0;
  port_differs = has->port != works->port;
  security_differs = has->security != works->security;
  user_differs = works->username != NULL && g_strcmp0 (has->username, works->username) != 0;
  if (!host_differs && !port_differs && !security_differs && !user_differs)
    return NULL;

  /* Where: the account's name in the app's menus, or its file (and section) for text files. */
  if (strcmp (w->app, "msmtp") == 0)
    file_like = NULL;
  else
    file_like = account->label ? account->label : account->file;
  if (w->form == FORM_FIELDS && (strcmp (w->app, "msmtp") == 0 || strcmp (w->app, "mbsync") == 0))
    {
      g_autofree char *place = g_strdup_printf ("%s, %s %s", account->file,
                                                strcmp (w->app, "msmtp") == 0 ? "account"
                                                                              : "IMAPAccount",
                                                account->label ? account->label : "?");
      where = fill (w->where, place);
    }
  else if (w->form == FORM_NEOMUTT || w->form == FORM_AERC)
    {
      g_autofree char *place = w->form == FORM_AERC
                               ? g_strdup_printf ("%s [%s]", account->file,
                                                  account->label ? account->label : "?")
                               : g_strdup (account->file);
      where = fill (w->where, place);
    }
  else
    where = fill (w->where, file_like);

  /* Text files take "key value" lines; dialogs take "Field: value". */
  separator = (strcmp (w->app, "msmtp") == 0 || strcmp (w->app, "mbsync") == 0) ? "; " : ", ";
  colon = separator[0] == ';' ? " " : ": ";

  if (w->form == FORM_NEOMUTT || w->form == FORM_AERC)
    {
      g_autofree char *url = url_for (w, works, works->username ? works->username
                                                                : has->username);

      if (w->form == FORM_NEOMUTT)
        {
          g_autofree char *line = g_strdup_printf ("set %s = \"%s\"", w->host, url);

          add_part (parts, separator, NULL, line);
        }
      else
        {
          g_autofree char *line = g_strdup_printf ("%s = %s", w->host, url);

          add_part (parts, separator, NULL, line);
        }
    }
  else
    {
      g_autofree char *name_colon = NULL;

      if (security_differs && w->security != NULL)
        {
          name_colon = g_strconcat (maybe_translate (w, w->security), colon, NULL);
          add_part (parts, separator, name_colon,
                    maybe_translate (w, security_word (w, works->security)));
          g_clear_pointer (&name_colon, g_free);
        }
      else if (security_differs)
        {
          /* msmtp: security is two lines of its own. */
          g_auto(GStrv) lines = g_strsplit (security_word (w, works->security), "\n", -1);

          for (guint i = 0; lines[i]; i++)
            add_part (parts, separator, NULL, lines[i]);
        }
      if (w->form == FORM_HOST_PORT && (host_differs || port_differs))
        {
          g_autofree char *value = host_port (works->host, works->port);

          name_colon = g_strconcat (maybe_translate (w, w->host), colon, NULL);
          add_part (parts, separator, name_colon, value);
          g_clear_pointer (&name_colon, g_free);
        }
      else
        {
          if (host_differs)
            {
              name_colon = g_strconcat (maybe_translate (w, w->host), colon, NULL);
              add_part (parts, separator, name_colon, works->host);
              g_clear_pointer (&name_colon, g_free);
            }
          if (port_differs)
            {
              g_autofree char *value = g_strdup_printf ("%u", works->port);

              name_colon = g_strconcat (maybe_translate (w, w->port), colon, NULL);
              add_part (parts, separator, name_colon, value);
              g_clear_pointer (&name_colon, g_free);
            }
        }
      if (user_differs)
        {
          name_colon = g_strconcat (maybe_translate (w, w->user), colon, NULL);
          add_part (parts, separator, name_colon, works->username);
        }
    }

  /* Translators: "In Thunderbird: Account Settings → Server Settings" → "Port: 993" */
  return g_strdup_printf (_("%s → %s"), where, parts->str);
}

void
mail_other_apps_difference_free (MailOtherAppsDifference *difference)
{
  if (difference == NULL)
    return;
  g_free (difference->field);
  g_free (difference->has);
  g_free (difference->works);
  g_free (difference);
}

static void
add_difference (GPtrArray  *out,
                const char *field,
                char       *has,
                char       *works,
                gboolean    differs)
{
  MailOtherAppsDifference *difference = g_new0 (MailOtherAppsDifference, 1);

  difference->field = g_strdup (field);
  difference->has = has;
  difference->works = works;
  difference->differs = differs;
  g_ptr_array_add (out, difference);
}

/* msmtp's security is two lines of its own: one value, "tls on; tls_starttls off". */
static char *
security_value (const Wording *w,
                MailSecurity   security)
{
  g_auto(GStrv) lines = g_strsplit (maybe_translate (w, security_word (w, security)), "\n", -1);

  return g_strjoinv ("; ", lines);
}

GPtrArray *
mail_other_apps_differences (const MailOtherAppAccount *account,
                             MailProtocol               protocol,
                             const MailServer          *works)
{
  const MailOtherAppServer *has;
  const Wording *w = NULL;
  g_autoptr(GPtrArray) out = NULL;
  const char *works_user;

  g_return_val_if_fail (account != NULL && works != NULL, NULL);

  has = protocol == MAIL_PROTOCOL_IMAP ? account->imap : account->smtp;
  if (has == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (wordings); i++)
    if (strcmp (wordings[i].app, account->app) == 0 && wordings[i].protocol == protocol)
      w = &wordings[i];
  if (w == NULL)
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_other_apps_difference_free);
  /* As in the fix: without a user name of its own the check signed in as the app does. */
  works_user = works->username ? works->username : has->username;

  if (w->form == FORM_NEOMUTT || w->form == FORM_AERC)
    {
      MailServer app_server = { .protocol = protocol, .host = has->host, .port = has->port,
                                .security = has->security };

      add_difference (out, w->host, url_for (w, &app_server, has->username),
                      url_for (w, works, works_user),
                      g_ascii_strcasecmp (has->host, works->host) != 0 ||
                      has->port != works->port || has->security != works->security ||
                      g_strcmp0 (has->username, works_user) != 0);
      return g_steal_pointer (&out);
    }

  /* The order of the fix: security first, then server (and port), then user name. */
  add_difference (out, w->security ? maybe_translate (w, w->security) : "tls, tls_starttls",
                  security_value (w, has->security), security_value (w, works->security),
                  has->security != works->security);
  if (w->form == FORM_HOST_PORT)
    add_difference (out, maybe_translate (w, w->host), host_port (has->host, has->port),
                    host_port (works->host, works->port),
                    g_ascii_strcasecmp (has->host, works->host) != 0 || has->port != works->port);
  else
    {
      add_difference (out, maybe_translate (w, w->host), g_strdup (has->host),
                      g_strdup (works->host), g_ascii_strcasecmp (has->host, works->host) != 0);
      add_difference (out, maybe_translate (w, w->port), g_strdup_printf ("%u", has->port),
                      g_strdup_printf ("%u", works->port), has->port != works->port);
    }
  if (has->username != NULL || works_user != NULL)
    add_difference (out, maybe_translate (w, w->user), g_strdup (has->username ? has->username : ""),
                    g_strdup (works_user ? works_user : ""),
                    g_strcmp0 (has->username, works_user) != 0);
  return g_steal_pointer (&out);
}
