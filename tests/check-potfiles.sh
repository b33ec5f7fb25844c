#!/usr/bin/env bash
# check-potfiles.sh: po/POTFILES.in lists every source file with translatable strings, in
# sorted order, and the German translation covers every string those files hold.
#
# A file has translatable strings when it is a .c file with _( N_( C_( NC_( or a .ui file with
# translatable="yes"; the desktop file and metainfo templates (data/*.desktop.in,
# data/*.metainfo.xml.in) always have them. Provider files hold only names (not translated).
# TAP output. SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
src=${MAIL_SETUP_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$src" || exit 1
potfiles=po/POTFILES.in
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "1..4"

# The list without comments and blank lines.
grep -v -e '^#' -e '^[[:space:]]*$' "$potfiles" > "$tmp/listed"

missing_files=$(while read -r f; do [ -f "$f" ] || echo "$f"; done < "$tmp/listed")
if [ -z "$missing_files" ]; then
  echo "ok 1 - every file in $potfiles exists"
else
  echo "not ok 1 - $potfiles names files that do not exist"
  echo "$missing_files" | sed 's/^/# /'
fi

if LC_ALL=C sort -u -c "$tmp/listed" 2> "$tmp/sort-error"; then
  echo "ok 2 - $potfiles is sorted (LC_ALL=C sort -u)"
else
  echo "not ok 2 - $potfiles is not sorted or has a duplicate"
  sed 's/^/# /' "$tmp/sort-error"
fi

{
  grep -rlE --include='*.c' '(^|[^A-Za-z0-9_])N?C?_ ?\(' src data
  grep -rl --include='*.ui' 'translatable="yes"' src data
  find data -name '*.desktop.in' -o -name '*.metainfo.xml.in'
} | LC_ALL=C sort -u > "$tmp/translatable"
unlisted=$(LC_ALL=C comm -23 "$tmp/translatable" <(LC_ALL=C sort -u "$tmp/listed"))
if [ -z "$unlisted" ]; then
  echo "ok 3 - every source file with translatable strings is in $potfiles"
else
  echo "not ok 3 - files with translatable strings missing from $potfiles"
  echo "$unlisted" | sed 's/^/# /'
fi

# The strings as `ninja mail-setup-pot` extracts them (meson's glib preset), merged with de.po.
if ! command -v xgettext > /dev/null || ! command -v msgmerge > /dev/null; then
  echo "ok 4 # SKIP gettext tools not installed"
  exit 0
fi
if xgettext --package-name=mail-setup --from-code=UTF-8 --add-comments \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
     --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
     --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
     --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
     --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
     --files-from="$tmp/listed" -o "$tmp/mail-setup.pot" 2> "$tmp/xgettext-error" &&
   msgmerge --quiet --no-fuzzy-matching po/de.po "$tmp/mail-setup.pot" -o "$tmp/de.po" &&
   msgfmt -c --statistics -o /dev/null "$tmp/de.po" 2> "$tmp/statistics"; then
  if grep -q -e untranslated -e fuzzy "$tmp/statistics"; then
    echo "not ok 4 - German is incomplete: $(cat "$tmp/statistics")"
    msgattrib --untranslated "$tmp/de.po" | grep '^msgid ' | grep -v '^msgid ""$' | sed 's/^/# /'
  else
    echo "ok 4 - German translates every string ($(cat "$tmp/statistics"))"
  fi
else
  echo "not ok 4 - extracting or merging the strings failed"
  sed 's/^/# /' "$tmp/xgettext-error" "$tmp/statistics" 2> /dev/null
fi
