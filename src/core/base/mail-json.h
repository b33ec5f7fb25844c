/* mail-json.h: JSON from outside, parsed with limits
 *
 * json-glib 1.6 has no limit on nesting (a text of "[[[[…" exhausts the stack) nor on size.
 * Every JSON that comes from outside the program (token endpoint answers, the keyring's
 * stored account, settings files) goes through mail_json_parse_bounded(), which checks both
 * before json-glib sees the text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any JSON Mail Setup reads or writes (the stored account is 4 levels). */
#define MAIL_JSON_MAX_DEPTH 64
/* Larger than any settings file or stored account (a few KB). */
#define MAIL_JSON_MAX_SIZE (1024 * 1024)

/* Checks that text (length bytes, or up to NUL when length is -1) is UTF-8, at most max_size
 * bytes and nests arrays/objects at most max_depth deep (brackets in strings do not count).
 * FALSE with MAIL_ERROR_PROTOCOL and a sentence naming what (e.g. "the token answer") when
 * not. Does not check that the text is JSON. */
gboolean  mail_json_check_bounds     (const char  *text,
                                      gssize       length,
                                      gsize        max_size,
                                      guint        max_depth,
                                      const char  *what,
                                      GError     **error);

/* mail_json_check_bounds() with MAIL_JSON_MAX_SIZE and MAIL_JSON_MAX_DEPTH, then parses.
 * what names the input for people ("the token answer", "the settings file"). Returns the
 * root node (never NULL on success), or NULL with MAIL_ERROR_PROTOCOL. */
JsonNode *mail_json_parse_bounded    (const char  *text,
                                      gssize       length,
                                      const char  *what,
                                      GError     **error);

/* Reads a file of at most max_size bytes (without reading more than that: /dev/zero ends at
 * once) and parses it like mail_json_parse_bounded(). NULL with a G_FILE_ERROR when it cannot be
 * read, MAIL_ERROR_INVALID_INPUT when too large, MAIL_ERROR_PROTOCOL when not valid. */
JsonNode *mail_json_parse_file       (const char  *path,
                                      gsize        max_size,
                                      const char  *what,
                                      GError     **error);

G_END_DECLS
