/* mail-diagnosis.c: one failure explained for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine only reads the input, asks the provider registry which provider (and family) this
 * is, and walks the tables of mail-diagnosis-tables.h: which rule matches first
 * (mail-diagnosis-rules.c), which texts belong to the code (mail-diagnosis-texts.c,
 * mail-diagnosis-provider-texts.c). What any server word means lives in those tables and in the
 * provider files, not here.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-diagnosis.h"
#include "mail-json.h"
#include "mail-diagnosis-tables.h"
#include "mail-steps.h"

G_DEFINE_BOXED_TYPE (MailDiagnosis, mail_diagnosis, mail_diagnosis_copy, mail_diagnosis_free)

/* Bounds on what the server may make us process or show. */
#define MAX_BODY_PARSE   (64 * 1024)
#define MAX_LINE_SHOWN   1000
#define MAX_SERVER_TEXT  4000
#define MAX_EXCERPT      500
#define MAX_HAYSTACK     (16 * 1024)

/* What the engine reads from a context, prepared once. */
typedef struct
{
  const MailDiagnosisContext *context;
  const char *protocol;
  const char *stage;
  const char *provider_id;
  const char *family;
  char       *haystack;       /* lower case: server words, decoded challenges, error message */
  GPtrArray  *shown_lines;    /* the server's lines as shown to people */
  /* IMAP */
  char        imap_status[8]; /* "NO", "BAD", "OK" or "" */
  gboolean    imap_bye;
  /* SMTP */
  char        smtp_code[4];
  GPtrArray  *enhanced;       /* "5.7.139", ... */
  /* OAuth */
  char       *oauth_error;
  char       *oauth_suberror;
  char       *oauth_description;
  GPtrArray  *aadsts;         /* "50011", ... */
  char        http_status[4];
  gboolean    json_ok;
  char       *body_excerpt;
} Input;

static void
input_clear (Input *in)
{
  g_free (in->haystack);
  g_clear_pointer (&in->shown_lines, g_ptr_array_unref);
  g_clear_pointer (&in->enhanced, g_ptr_array_unref);
  g_free (in->oauth_error);
  g_free (in->oauth_suberror);
  g_free (in->oauth_description);
  g_clear_pointer (&in->aadsts, g_ptr_array_unref);
  g_free (in->body_excerpt);
}

static gboolean
contains_nocase (const char *haystack,
                 const char *needle)
{
  g_autofree char *lower = NULL;

  if (haystack == NULL || needle == NULL)
    return FALSE;
  lower = g_ascii_strdown (needle, -1);
  return strstr (haystack, lower) != NULL;
}

static gboolean
stage_in_list (const char *stage,
               const char *list)
{
  g_auto(GStrv) stages = NULL;

  if (stage == NULL)
    return FALSE;
  stages = g_strsplit (list, "|", -1);
  return g_strv_contains ((const char *const *) stages, stage);
}

static const char *
normalise_stage (const char *stage)
{
  /* The corpus and some callers say "auth" for the sign-in step. */
  if (g_strcmp0 (stage, "auth") == 0)
    return "authenticate";
  return stage;
}

/* Printable, valid UTF-8, bounded: what the server sent may be anything. */
static char *
sanitise (const char *text,
          gsize       max)
{
  /* Enough bytes for max characters of any script, and no more work than that. */
  gsize len = strnlen (text, max * 4 + 4);
  g_autofree char *valid = g_utf8_make_valid (text, len);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (out->len >= max)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == '\t' || c == '\r' || c == '\n')
        g_string_append_c (out, ' ');
      else if (g_unichar_iscntrl (c))
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
    }

  return g_strchomp (g_string_free (out, FALSE));
}

static char *
resanitise (char *text)
{
  char *result;

  if (text == NULL)
    return NULL;
  result = sanitise (text, MAX_LINE_SHOWN);
  g_free (text);
  return result;
}

/* Removes anything that looks like a credential. The probe never passes the client's own
 * lines, but servers echo things, and endpoints may return tokens next to an error. */
static char *
scrub_secrets (const char *text)
{
  static const struct { const char *pattern; const char *replacement; } scrubbers[] = {
    { "(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+", "\\1[removed]" },
    { "(?i)(\\b(?:access_token|refresh_token|id_token|client_secret|code_verifier|password|"
      "code)\"?\\s*[:=]\\s*\"?)[^\"&\\s,}\\x01]+", "\\1[removed]" },
    { "eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_.-]*", "[removed]" },
    { "ya29\\.[A-Za-z0-9_.-]+", "[removed]" },
    { "1//[A-Za-z0-9_-]{16,}", "[removed]" },
    { "[A-Za-z0-9+/_-]{64,}={0,2}", "[removed]" },
  };
  char *result = g_strdup (text);

  for (guint i = 0; i < G_N_ELEMENTS (scrubbers); i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (scrubbers[i].pattern, G_REGEX_OPTIMIZE, 0, NULL);
      char *replaced;

      g_assert (regex != NULL);
      replaced = g_regex_replace (regex, result, -1, 0, scrubbers[i].replacement, 0, NULL);
      if (replaced != NULL)
        {
          g_free (result);
          result = replaced;
        }
    }

  return result;
}

/* A server challenge ("+ <base64>" / "334 <base64>") carries the OAuth error as JSON. */
static char *
decode_challenge (const char *payload)
{
  g_autofree guchar *data = NULL;
  gsize len = 0;
  g_autofree char *text = NULL;

  while (*payload == ' ')
    payload++;
  if (*payload == '\0' || strlen (payload) > 4096)
    return NULL;
  for (const char *p = payload; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return NULL;

  data = g_base64_decode (payload, &len);
  if (data == NULL || len == 0)
    return NULL;
  text = g_strndup ((const char *) data, len);
  if (!g_utf8_validate (text, -1, NULL) || strlen (text) != len)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p) && *p != '\n' && *p != '\r' && *p != '\t')
      return NULL;

  return g_steal_pointer (&text);
}

static void
collect_aadsts (GPtrArray  *out,
                const char *text)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL)
    return;
  regex = g_regex_new ("AADSTS([0-9]{4,9})", 0, 0, NULL);
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_ptr_array_add (out, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }
}

static void
read_imap_line (Input      *in,
                const char *line,
                GString    *hay)
{
  g_auto(GStrv) words = NULL;
  guint n;

  if (g_ascii_strncasecmp (line, "+ ", 2) == 0 || strcmp (line, "+") == 0)
    {
      g_autofree char *decoded = decode_challenge (line + 1);

      if (decoded != NULL)
        {
          g_string_append_printf (hay, "%s\n", decoded);
          g_ptr_array_add (in->shown_lines, g_strdup_printf ("+ %s", decoded));
          return;
        }
    }
  else if (g_ascii_strncasecmp (line, "* BYE", 5) == 0)
    {
      in->imap_bye = TRUE;
    }
  else if (!g_str_has_prefix (line, "* "))
    {
      /* The final reply, with or without its tag. */
      words = g_strsplit (line, " ", 3);
      n = g_strv_length (words);
      for (guint i = 0; i < MIN (n, 2); i++)
        {
          if (g_ascii_strcasecmp (words[i], "NO") == 0 || g_ascii_strcasecmp (words[i],
              "BAD") == 0 ||
              g_ascii_strcasecmp (words[i], "OK") == 0 || g_ascii_strcasecmp (words[i], "BYE") == 0)
            {
              for (guint j = 0; j < sizeof in->imap_status - 1 && words[i][j] != '\0'; j++)
                in->imap_status[j] = g_ascii_toupper (words[i][j]);
              if (strcmp (in->imap_status, "BYE") == 0)
                in->imap_bye = TRUE;
              break;
            }
        }
    }

  g_string_append_printf (hay, "%s\n", line);
  g_ptr_array_add (in->shown_lines, g_strdup (line));
}

static void
read_smtp_line (Input      *in,
                const char *line,
                GString    *hay)
{
  g_auto(GStrv) words = NULL;

  if (strlen (line) < 3 || !g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) ||
      !g_ascii_isdigit (line[2]) || (line[3] != '\0' && line[3] != ' ' && line[3] != '-'))
    {
      g_string_append_printf (hay, "%s\n", line);
      g_ptr_array_add (in->shown_lines, g_strdup (line));
      return;
    }

  memcpy (in->smtp_code, line, 3);
  in->smtp_code[3] = '\0';

  if (strncmp (line, "334", 3) == 0 && line[3] == ' ')
    {
      g_autofree char *decoded = decode_challenge (line + 4);

      if (decoded != NULL)
        {
          g_string_append_printf (hay, "%s\n", decoded);
          g_ptr_array_add (in->shown_lines, g_strdup_printf ("334 %s", decoded));
          return;
        }
    }

  words = g_strsplit_set (line + 4 * (line[3] != '\0'), " ", 2);
  if (words[0] != NULL && g_regex_match_simple ("^[245]\\.[0-9]{1,3}\\.[0-9]{1,3}$", words[0], 0,
      0))
    g_ptr_array_add (in->enhanced, g_strdup (words[0]));

  g_string_append_printf (hay, "%s\n", line);
  g_ptr_array_add (in->shown_lines, g_strdup (line));
}

static const char *
json_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
read_oauth_body (Input      *in,
                 const char *body)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *error_node;
  JsonNode *codes;

  if (body == NULL || strlen (body) > MAX_BODY_PARSE)
    return;

  root = mail_json_parse_bounded (body, -1, "answer", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);

  error_node = json_object_get_member (object, "error");
  if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
    {
      /* Google API style: {"error": {"code": 400, "message": "...", "status": "..."}} */
      JsonObject *inner = json_node_get_object (error_node);

      in->oauth_error = g_strdup (json_string_member (inner, "status"));
      in->oauth_description = g_strdup (json_string_member (inner, "message"));
    }
  else
    {
      in->oauth_error = g_strdup (json_string_member (object, "error"));
      in->oauth_description = g_strdup (json_string_member (object, "error_description"));
    }
  in->oauth_suberror = g_strdup (json_string_member (object, "suberror"));

  codes = json_object_get_member (object, "error_codes");
  if (codes != NULL && JSON_NODE_HOLDS_ARRAY (codes))
    {
      JsonArray *array = json_node_get_array (codes);

      for (guint i = 0; i < json_array_get_length (array) && i < 16; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_INT64)
            g_ptr_array_add (in->aadsts, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                          json_node_get_int (element)));
        }
    }

  in->json_ok = in->oauth_error != NULL;
}

static void
read_oauth (Input   *in,
            GString *hay)
{
  const char *const *lines = in->context->lines;

  if (lines == NULL || lines[0] == NULL)
    return;

  if (g_strcmp0 (in->stage, "token") == 0 || g_strcmp0 (in->stage, "refresh") == 0)
    {
      const char *status = lines[0];
      const char *body = lines[1];

      if (g_ascii_isdigit (status[0]) && g_ascii_isdigit (status[1]) && g_ascii_isdigit (status[2]))
        g_strlcpy (in->http_status, status, sizeof in->http_status);
      read_oauth_body (in, body);
      if (!in->json_ok && body != NULL)
        {
          g_autofree char *clipped = g_strndup (body, MAX_EXCERPT * 4);
          g_autofree char *collapsed = sanitise (clipped, MAX_EXCERPT);

          in->body_excerpt = g_strdup_printf ("HTTP %s: %s",
                                              in->http_status[0] ? in->http_status : "?",
                                              collapsed);
          g_string_append_len (hay, body, MIN (strlen (body), 4096));
          g_string_append_c (hay, '\n');
        }
    }
  else
    {
      in->oauth_error = g_strndup (lines[0], MAX_EXCERPT * 4);
      if (lines[1] != NULL)
        in->oauth_description = g_strndup (lines[1], MAX_BODY_PARSE);
      in->json_ok = TRUE;
    }

  /* What people see must be printable, whatever the endpoint sent. */
  in->oauth_error = resanitise (in->oauth_error);
  in->oauth_suberror = resanitise (in->oauth_suberror);
  in->oauth_description = resanitise (in->oauth_description);

  collect_aadsts (in->aadsts, in->oauth_description);
  g_string_append_printf (hay, "%s\n%s\n%s\n", in->oauth_error ? in->oauth_error : "",
                          in->oauth_suberror ? in->oauth_suberror : "",
                          in->oauth_description ? in->oauth_description : "");
}

/* Who runs the server, from the provider files' [Recognition] keys: the family's words mean the
 * same thing on all its servers. */
static void
recognise_provider (const MailDiagnosisContext *context,
                    const char                **provider_id,
                    const char                **family)
{
  MailProviderRegistry *registry = context->registry;
  const MailProviderClues clues = {
    .provider_id = context->provider_id,
    .email = context->email,
    .host = context->host,
    .greeting = context->greeting,
    .lines = context->lines,
  };

  if (registry == NULL)
    registry = mail_provider_registry_get_default ();
  if (!mail_provider_registry_recognise (registry, &clues, provider_id, family))
    *family = MAIL_FAMILY_GENERIC;
}

static void
input_init (Input                      *in,
            const MailDiagnosisContext *context)
{
  g_autoptr(GString) hay = g_string_new (NULL);

  memset (in, 0, sizeof *in);
  in->context = context;
  in->protocol = context->protocol ? context->protocol : "";
  in->stage = normalise_stage (context->stage);
  in->shown_lines = g_ptr_array_new_with_free_func (g_free);
  in->enhanced = g_ptr_array_new_with_free_func (g_free);
  in->aadsts = g_ptr_array_new_with_free_func (g_free);
  recognise_provider (context, &in->provider_id, &in->family);

  if (strcmp (in->protocol, "oauth") == 0)
    {
      read_oauth (in, hay);
    }
  else
    {
      /* When the greeting itself failed, it is what the server said. */
      const char *greeting_only[] = { context->greeting, NULL };
      const char *const *lines = context->lines;

      if ((lines == NULL || lines[0] == NULL) && context->greeting != NULL &&
          g_strcmp0 (in->stage, "greeting") == 0)
        lines = greeting_only;

      for (guint i = 0; lines != NULL && lines[i] != NULL && i < 64; i++)
        {
          g_autofree char *line = sanitise (lines[i], MAX_LINE_SHOWN);

          if (strcmp (in->protocol, "smtp") == 0)
            read_smtp_line (in, line, hay);
          else
            read_imap_line (in, line, hay);
        }
      for (guint i = 0; i < in->shown_lines->len; i++)
        collect_aadsts (in->aadsts, g_ptr_array_index (in->shown_lines, i));
    }

  if (context->error != NULL && context->error->message != NULL)
    g_string_append_printf (hay, "%s\n", context->error->message);

  if (hay->len > MAX_HAYSTACK)
    g_string_truncate (hay, MAX_HAYSTACK);
  in->haystack = g_ascii_strdown (hay->str, -1);
}

static gboolean
auth_matches (MailAuthMatch match,
              MailAuthKind  auth)
{
  switch (match)
    {
    case MAIL_AUTH_MATCH_ANY:
      return TRUE;
    case MAIL_AUTH_MATCH_OAUTH2:
      return auth == MAIL_AUTH_OAUTH2;
    case MAIL_AUTH_MATCH_PASSWORD:
      return auth == MAIL_AUTH_PASSWORD;
    case MAIL_AUTH_MATCH_APP_PASSWORD:
      return auth == MAIL_AUTH_APP_PASSWORD;
    case MAIL_AUTH_MATCH_SECRET:
      return auth == MAIL_AUTH_PASSWORD || auth == MAIL_AUTH_APP_PASSWORD;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
strv_contains_nocase (GPtrArray  *array,
                      const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
imap_code_present (const char *haystack,
                   const char *code)
{
  g_autofree char *needle = g_strdup_printf ("[%s", code);
  g_autofree char *lower = g_ascii_strdown (needle, -1);
  gsize len = strlen (lower);

  for (const char *p = strstr (haystack, lower); p != NULL; p = strstr (p + 1, lower))
    if (p[len] == ']' || p[len] == ' ')
      return TRUE;
  return FALSE;
}

static gboolean
error_matches (const GError *error,
               const char   *domain,
               gint          code)
{
  return error != NULL && g_strcmp0 (g_quark_to_string (error->domain), domain) == 0 &&
         (code < 0 || error->code == code);
}

static gboolean
rule_matches (const MailDiagnosisRule *rule,
              const Input             *in)
{
  const MailDiagnosisContext *context = in->context;

  if (rule->protocol != NULL && strcmp (rule->protocol, in->protocol) != 0)
    return FALSE;
  if (rule->stages != NULL && !stage_in_list (in->stage, rule->stages))
    return FALSE;
  if (rule->family != NULL && g_strcmp0 (rule->family, in->family) != 0)
    return FALSE;
  if (!auth_matches (rule->auth, context->auth))
    return FALSE;
  if (rule->also != NULL && !contains_nocase (in->haystack, rule->also))
    return FALSE;

  switch (rule->kind)
    {
    case MAIL_MATCH_ALWAYS:
      return TRUE;
    case MAIL_MATCH_TEXT:
      return contains_nocase (in->haystack, rule->match);
    case MAIL_MATCH_IMAP_CODE:
      return imap_code_present (in->haystack, rule->match);
    case MAIL_MATCH_IMAP_STATUS:
      if (strcmp (rule->match, "BYE") == 0)
        return in->imap_bye;
      return strcmp (in->imap_status, rule->match) == 0;
    case MAIL_MATCH_SMTP_REPLY:
      return in->smtp_code[0] != '\0' && g_str_has_prefix (in->smtp_code, rule->match);
    case MAIL_MATCH_SMTP_ENHANCED:
      return strv_contains_nocase (in->enhanced, rule->match);
    case MAIL_MATCH_OAUTH_ERROR:
      return (in->oauth_error != NULL && g_ascii_strcasecmp (in->oauth_error, rule->match) == 0) ||
             (in->oauth_suberror != NULL && g_ascii_strcasecmp (in->oauth_suberror,
                 rule->match) == 0);
    case MAIL_MATCH_AADSTS:
      return strv_contains_nocase (in->aadsts, rule->match);
    case MAIL_MATCH_HTTP_STATUS:
      return in->http_status[0] != '\0' && g_str_has_prefix (in->http_status, rule->match);
    case MAIL_MATCH_NOT_JSON:
      return !in->json_ok && context->lines != NULL && context->lines[0] != NULL;
    case MAIL_MATCH_ERROR:
      return error_matches (context->error, rule->match, rule->number);
    case MAIL_MATCH_CERT_FLAGS:
      return error_matches (context->error, "g-tls-error-quark", G_TLS_ERROR_BAD_CERTIFICATE) &&
             context->certificate != NULL && (context->certificate->errors & rule->number) != 0;
    default:
      g_assert_not_reached ();
    }
}

static const char *
classify (const Input *in)
{
  for (guint i = 0; i < mail_diagnosis_n_rules; i++)
    if (rule_matches (&mail_diagnosis_rules[i], in))
      return mail_diagnosis_rules[i].code;
  return "unknown";
}

/* ---------------------------------------------------------------------------- texts */

typedef struct
{
  const char        *title;
  const char        *explanation;
  const char *const *fixes;
  const char *const *links;
} ChosenText;

static void
choose_text (const char *code,
             const char *protocol,
             const char *provider_id,
             const char *family,
             ChosenText *chosen)
{
  /* Generic first, then the family, the family for this protocol ("microsoft:smtp"), the
   * provider id and the provider id for this protocol: later ones override. */
  g_autofree char *family_protocol = NULL;
  g_autofree char *provider_protocol = NULL;
  const char *keys[5];

  if (protocol != NULL && *protocol != '\0')
    {
      family_protocol = family ? g_strdup_printf ("%s:%s", family, protocol) : NULL;
      provider_protocol = provider_id ? g_strdup_printf ("%s:%s", provider_id, protocol) : NULL;
    }
  keys[0] = NULL;
  keys[1] = family;
  keys[2] = family_protocol;
  keys[3] = provider_id;
  keys[4] = provider_protocol;

  memset (chosen, 0, sizeof *chosen);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      if (k > 0 && keys[k] == NULL)
        continue;
      /* The generic texts have no provider; the others are the provider texts. */
      const MailDiagnosisText *texts = k == 0 ? mail_diagnosis_texts
                                              : mail_diagnosis_provider_texts;
      guint n_texts = k == 0 ? mail_diagnosis_n_texts : mail_diagnosis_n_provider_texts;

      for (guint i = 0; i < n_texts; i++)
        {
          const MailDiagnosisText *text = &texts[i];

          if (strcmp (text->code, code) != 0 || g_strcmp0 (text->provider, keys[k]) != 0)
            continue;
          if (text->title != NULL)
            chosen->title = text->title;
          if (text->explanation != NULL)
            chosen->explanation = text->explanation;
          if (text->fixes[0] != NULL)
            chosen->fixes = text->fixes;
          if (text->links[0] != NULL)
            chosen->links = text->links;
        }
    }
}

static const char *
stage_words (const char *stage)
{
  const char *words = mail_step_words (stage);

  return words != NULL ? words : _("during the check");
}

#define PROVIDER_REFERENCE "provider:"

/* "provider:ID/Key": the SettingsUrl, AppPasswordUrl or Documentation of provider ID's file, or
 * NULL: a provider's own pages are in its file only. */
static const char *
provider_url (const MailDiagnosisContext *context,
              const char                 *reference)
{
  MailProviderRegistry *registry = context != NULL ? context->registry : NULL;
  const char *rest = reference + strlen (PROVIDER_REFERENCE);
  const char *slash = strchr (rest, '/');
  g_autofree char *id = NULL;
  MailProvider *provider;

  if (!g_str_has_prefix (reference, PROVIDER_REFERENCE) || slash == NULL)
    return NULL;
  if (registry == NULL)
    registry = mail_provider_registry_get_default ();
  id = g_strndup (rest, slash - rest);
  provider = mail_provider_registry_lookup (registry, id);
  if (provider == NULL)
    return NULL;
  if (strcmp (slash + 1, "SettingsUrl") == 0)
    return provider->settings_url;
  if (strcmp (slash + 1, "AppPasswordUrl") == 0)
    return provider->app_password_url;
  if (strcmp (slash + 1, "Documentation") == 0)
    return provider->documentation;
  return NULL;
}

static void
expand_provider_urls (GString                    *out,
                      const MailDiagnosisContext *context)
{
  const char *start;
  gsize from = 0;

  while ((start = strstr (out->str + from, "%" PROVIDER_REFERENCE)) != NULL)
    {
      const char *end = strchr (start + 1, '%');
      gsize position = start - out->str;
      g_autofree char *reference = NULL;
      const char *url;

      if (end == NULL)
        break;
      reference = g_strndup (start + 1, end - start - 1);
      url = provider_url (context, reference);
      g_string_erase (out, position, end - start + 1);
      g_string_insert (out, position, url ? url : _("the provider’s settings page"));
      from = position + strlen (url ? url : _("the provider’s settings page"));
    }
}

static char *
expand (const char                 *text,
        const MailDiagnosisContext *context,
        const char                 *stage)
{
  g_autoptr(GString) out = g_string_new (text);
  g_autofree char *port = NULL;

  if (context != NULL && context->port != 0)
    port = g_strdup_printf ("%u", context->port);

  g_string_replace (out, "%EMAIL%", context && context->email ? context->email :
                    _("<your address>"),
      0);
  g_string_replace (out, "%HOST%", context && context->host ? context->host : _("the server"), 0);
  g_string_replace (out, "%PORT%", port ? port : _("this port"), 0);
  g_string_replace (out, "%STAGE%", stage_words (stage), 0);
  expand_provider_urls (out, context);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
certificate_paragraph (const MailCertificateInfo *info)
{
  GString *out = g_string_new (_("The certificate the server showed:"));

  if (info->subject != NULL)
    g_string_append_printf (out, "\n%s %s", _("Issued to:"), info->subject);
  if (info->issuer != NULL && g_strcmp0 (info->issuer, info->subject) == 0)
    g_string_append_printf (out, "\n%s %s %s", _("Issued by:"), info->issuer,
                            _("(itself: a self-signed certificate)"));
  else if (info->issuer != NULL)
    g_string_append_printf (out, "\n%s %s", _("Issued by:"), info->issuer);
  if (info->not_before != NULL || info->not_after != NULL)
    g_string_append_printf (out, "\n%s %s – %s", _("Valid:"),
                            info->not_before ? info->not_before : "?",
                            info->not_after ? info->not_after : "?");
  if (info->names != NULL && info->names[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", info->names);
      g_string_append_printf (out, "\n%s %s", _("Names:"), names);
    }
  if (info->sha256 != NULL)
    g_string_append_printf (out, "\n%s %s", _("SHA-256 fingerprint:"), info->sha256);

  return g_string_free (out, FALSE);
}

static char *
build_server_text (const Input *in)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  if (strcmp (in->protocol, "oauth") == 0)
    {
      if (in->body_excerpt != NULL)
        g_string_append (joined, in->body_excerpt);
      else if (in->oauth_error != NULL && in->oauth_description != NULL)
        g_string_append_printf (joined, "%s: %s", in->oauth_error, in->oauth_description);
      else if (in->oauth_error != NULL)
        g_string_append (joined, in->oauth_error);
    }
  else
    {
      for (guint i = 0; i < in->shown_lines->len; i++)
        {
          if (joined->len > 0)
            g_string_append_c (joined, '\n');
          g_string_append (joined, g_ptr_array_index (in->shown_lines, i));
          if (joined->len > MAX_SERVER_TEXT)
            break;
        }
    }

  if (joined->len == 0)
    return NULL;

  {
    g_autofree char *valid = g_utf8_make_valid (joined->str, MIN (joined->len, MAX_SERVER_TEXT));
    return scrub_secrets (valid);
  }
}

static gboolean
is_tls_code (const char *code)
{
  return g_str_has_prefix (code, "tls-");
}

static MailDiagnosis *
build (const char                 *code,
       const MailDiagnosisContext *context,
       const char                 *provider_id,
       const char                 *family,
       char                       *server_text)
{
  MailDiagnosis *diagnosis = g_new0 (MailDiagnosis, 1);
  const char *stage = context ? normalise_stage (context->stage) : NULL;
  g_autoptr(GString) explanation = NULL;
  ChosenText text;

  choose_text (code, context ? context->protocol : NULL, provider_id, family, &text);
  g_assert (text.title != NULL && text.explanation != NULL);

  diagnosis->code = g_strdup (code);
  diagnosis->stage = g_strdup (stage ? stage : "");
  diagnosis->title = expand (_(text.title), context, stage);

  explanation = g_string_new (NULL);
  {
    g_autofree char *expanded = expand (_(text.explanation), context, stage);
    g_string_append (explanation, expanded);
  }
  if (context != NULL && context->certificate != NULL && is_tls_code (code))
    {
      g_autofree char *paragraph = certificate_paragraph (context->certificate);
      g_string_append_printf (explanation, "\n\n%s", paragraph);
    }
  if (context != NULL && context->error != NULL && context->error->message != NULL &&
      !g_error_matches (context->error, MAIL_ERROR, MAIL_ERROR_SERVER_REFUSED))
    {
      g_autofree char *message = sanitise (context->error->message, MAX_LINE_SHOWN);
      g_string_append_printf (explanation, "\n\n%s %s", _("Technical details:"), message);
    }
  diagnosis->explanation = g_string_free (g_steal_pointer (&explanation), FALSE);

  diagnosis->fixes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; text.fixes != NULL && i < MAIL_DIAGNOSIS_MAX_FIXES && text.fixes[i]; i++)
    g_ptr_array_add (diagnosis->fixes, expand (_(text.fixes[i]), context, stage));

  diagnosis->links = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; text.links != NULL && i < MAIL_DIAGNOSIS_MAX_LINKS && text.links[i]; i++)
    {
      const char *link = text.links[i];

      if (g_str_has_prefix (link, PROVIDER_REFERENCE) && !(link = provider_url (context, link)))
        continue;
      g_ptr_array_add (diagnosis->links, g_strdup (link));
    }

  diagnosis->server_text = server_text;
  if (context != NULL && context->certificate != NULL)
    diagnosis->certificate = mail_certificate_info_copy (context->certificate);

  return diagnosis;
}

/* ---------------------------------------------------------------------------- public */

MailDiagnosis *
mail_diagnose (const MailDiagnosisContext *context)
{
  Input in;
  const char *code;
  MailDiagnosis *diagnosis;

  g_return_val_if_fail (context != NULL, NULL);

  input_init (&in, context);
  code = classify (&in);
  diagnosis = build (code, context, in.provider_id, in.family, build_server_text (&in));
  input_clear (&in);

  return diagnosis;
}

MailDiagnosis *
mail_diagnosis_new_for_code (const char                 *code,
                             const MailDiagnosisContext *context)
{
  static const MailDiagnosisContext empty = { 0 };
  Input in;
  MailDiagnosis *diagnosis;

  g_return_val_if_fail (mail_diagnosis_code_is_known (code), NULL);

  input_init (&in, context ? context : &empty);
  diagnosis = build (code, context, in.provider_id, in.family, build_server_text (&in));
  input_clear (&in);

  return diagnosis;
}

gboolean
mail_diagnosis_code_is_known (const char *code)
{
  if (code == NULL)
    return FALSE;
  for (guint i = 0; i < mail_diagnosis_n_codes; i++)
    if (strcmp (mail_diagnosis_codes[i], code) == 0)
      return TRUE;
  return FALSE;
}

MailDiagnosis *
mail_diagnosis_copy (const MailDiagnosis *diagnosis)
{
  MailDiagnosis *copy;

  g_return_val_if_fail (diagnosis != NULL, NULL);

  copy = g_new0 (MailDiagnosis, 1);
  copy->code = g_strdup (diagnosis->code);
  copy->stage = g_strdup (diagnosis->stage);
  copy->title = g_strdup (diagnosis->title);
  copy->explanation = g_strdup (diagnosis->explanation);
  copy->fixes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; diagnosis->fixes != NULL && i < diagnosis->fixes->len; i++)
    g_ptr_array_add (copy->fixes, g_strdup (g_ptr_array_index (diagnosis->fixes, i)));
  copy->links = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; diagnosis->links != NULL && i < diagnosis->links->len; i++)
    g_ptr_array_add (copy->links, g_strdup (g_ptr_array_index (diagnosis->links, i)));
  copy->server_text = g_strdup (diagnosis->server_text);
  if (diagnosis->certificate != NULL)
    copy->certificate = mail_certificate_info_copy (diagnosis->certificate);

  return copy;
}

void
mail_diagnosis_free (MailDiagnosis *diagnosis)
{
  if (diagnosis == NULL)
    return;

  g_free (diagnosis->code);
  g_free (diagnosis->stage);
  g_free (diagnosis->title);
  g_free (diagnosis->explanation);
  g_clear_pointer (&diagnosis->fixes, g_ptr_array_unref);
  g_clear_pointer (&diagnosis->links, g_ptr_array_unref);
  g_free (diagnosis->server_text);
  g_clear_pointer (&diagnosis->certificate, mail_certificate_info_free);
  g_free (diagnosis);
}

MailDiagnosis *
mail_diagnosis_new_for_message (const char *protocol,
                                const char *stage,
                                const char *message)
{
  MailDiagnosisContext context = { .protocol = protocol, .stage = stage };
  MailDiagnosis *diagnosis = mail_diagnosis_new_for_code ("unknown", &context);
  const char *end = strstr (message, ". ");

  g_free (diagnosis->title);
  diagnosis->title = end != NULL ? g_strndup (message, end - message + 1) : g_strdup (message);
  g_free (diagnosis->explanation);
  diagnosis->explanation = g_strdup (message);
  g_ptr_array_set_size (diagnosis->fixes, 0);
  return diagnosis;
}
