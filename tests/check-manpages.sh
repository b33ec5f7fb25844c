#!/usr/bin/env bash
# check-manpages.sh CLI-PAGE [WIZARD-PAGE]: the manual pages render with man(1) without
# warnings, name every command of `mail-setup-cli --help`, and hold every option that
# `mail-setup-cli --help`, `mail-setup-cli COMMAND --help` and `mail-setup --help-all` print.
# Uses $MAIL_SETUP_CLI and $MAIL_SETUP_BUILD_DIR/src/ui/mail-setup. TAP output.
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
cli_page=$1
wizard_page=${2:-}
cli=$MAIL_SETUP_CLI
wizard=${MAIL_SETUP_BUILD_DIR:-}/src/ui/mail-setup
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failures=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $*"; }

if ! command -v man > /dev/null; then
  echo "1..0 # SKIP man (man-db) is not installed"
  exit 0
fi
export LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=

# Rendered as plain ASCII, wide, without hyphenation: the option names stay whole.
render() {
  MANWIDTH=200 man --nh --nj -E ascii -l "$1" 2> /dev/null | col -b
}

for page in "$cli_page" $wizard_page; do
  name=$(basename "$page")
  warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 > "$tmp/$name.utf8")
  if [ -z "$warnings" ] && grep -q '^NAME' "$tmp/$name.utf8" && grep -q '^EXAMPLES' "$tmp/$name.utf8"; then
    ok "man -l $name renders without warnings (NAME ... EXAMPLES)"
  else
    not_ok "man -l $name: $(echo "$warnings" | head -5)"
  fi
  render "$page" > "$tmp/$name.txt"
done

# Every option of a --help text is in the manual page.
check_options() {
  local what=$1 help=$2 page=$3 missing=
  for option in $(grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z-]*' <<< "$help" | tr -d ' ,' | sort -u); do
    if ! grep -qE -- "(^|[^A-Za-z-])$option([^A-Za-z-]|$)" "$page"; then
      missing="$missing $option"
    fi
  done
  if [ -z "$missing" ]; then
    ok "every option of $what is in $(basename "$page" .txt)"
  else
    not_ok "options of $what missing from $(basename "$page" .txt):$missing"
  fi
}

cli_txt=$tmp/$(basename "$cli_page").txt
main_help=$("$cli" --help)
commands=$(sed -n '/^Commands:/,/^$/p' <<< "$main_help" | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
if [ -z "$commands" ]; then
  not_ok "mail-setup-cli --help lists no commands"
fi
check_options "mail-setup-cli --help" "$main_help" "$cli_txt"
for command in $(printf '%s\n' $commands help | sort -u); do
  if grep -qE "^ {7}\*?$command( |$)" "$cli_txt"; then
    ok "the command $command has its entry in the manual"
  else
    not_ok "the command $command has no entry in the manual"
  fi
  [ "$command" = help ] && continue
  check_options "mail-setup-cli $command --help" "$("$cli" "$command" --help)" "$cli_txt"
done

if [ -n "$wizard_page" ]; then
  if [ -x "$wizard" ]; then
    check_options "mail-setup --help-all" "$("$wizard" --help-all)" \
      "$tmp/$(basename "$wizard_page").txt"
  else
    ok "# SKIP the wizard is not built"
  fi
fi
echo "1..$n"
