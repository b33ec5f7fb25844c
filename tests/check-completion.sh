#!/usr/bin/env bash
# check-completion.sh [--lab]: bash completes mail-setup-cli's commands, options, --format and
# other values, and the stored account addresses, as a person pressing Tab gets them: it
# sources bash-completion and data/completions/mail-setup-cli, sets COMP_WORDS and COMP_CWORD,
# calls the function and reads COMPREPLY. The addresses come from `mail-setup-cli accounts`: a
# stand-in printing its format, or with --lab (inside tests/lab/with-lab.sh) the real CLI with
# an account signed in to the lab keyring. The zsh script is checked for syntax.
# TAP output. SPDX-License-Identifier: GPL-3.0-or-later
set -u
src=${MAIL_SETUP_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
script=$src/data/completions/mail-setup-cli
zsh_script=$src/data/completions/_mail-setup-cli
bash_completion=/usr/share/bash-completion/bash_completion
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }

if [ ! -f "$bash_completion" ]; then
  echo "1..0 # SKIP bash-completion is not installed"
  exit 0
fi

if [ "${1:-}" = --lab ]; then
  if [ -z "${MAIL_LAB_DIR:-}" ]; then
    echo "1..0 # SKIP not inside tests/lab/with-lab.sh"
    exit 0
  fi
  ln -s "$(realpath "$MAIL_SETUP_CLI")" "$tmp/mail-setup-cli"
  printf '%s\n' "$MAIL_LAB_PASSWORD" |
    "$tmp/mail-setup-cli" login "$MAIL_LAB_USER2" --auth password --password-stdin \
      --provider-file "$MAIL_LAB_PROVIDER_FILE" > "$tmp/login.log" 2>&1 ||
    { echo "Bail out! login failed: $(cat "$tmp/login.log")"; exit 1; }
  accounts=$MAIL_LAB_USER2
  lab=yes
else
  # A stand-in with the real output's shape (mail-cli-login.c print_accounts_text).
  cat > "$tmp/mail-setup-cli" <<'STUB'
#!/bin/sh
[ "$1" = accounts ] || exit 2
printf '%-32s %-16s %-12s %s\n' alice@example.test "Lab Mail" oauth2 "access token valid until 2026-12-07"
printf '%-32s %-16s %-12s %s\n' bob@example.test "Lab Mail" password ""
STUB
  chmod +x "$tmp/mail-setup-cli"
  accounts="alice@example.test bob@example.test"
fi
export PATH="$tmp:$PATH"

# shellcheck source=/dev/null
source "$bash_completion"
# shellcheck source=/dev/null
source "$script"

# complete_line WORD...: the completions of the last word (bash's split at "=" included).
complete_line() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_LINE=${COMP_LINE// = /=}
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _mail_setup_cli mail-setup-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}

expect() {
  local want=$1
  shift
  local got
  got=$(complete_line "$@")
  if [ "$got" = "$want" ]; then
    ok "'$*' completes to '$want'"
  else
    not_ok "'$*' completes to '$got', not '$want'"
  fi
}

expect "accounts" mail-setup-cli ac
expect "accounts discover export forget help login test token" mail-setup-cli ""
expect "--force --format" mail-setup-cli export --fo
expect "mbsync mobileconfig msmtp" mail-setup-cli export alice@example.test --format m
expect "mbsync mobileconfig msmtp" mail-setup-cli export -f m
expect "neomutt" mail-setup-cli export --format = ne
expect "starttls" mail-setup-cli test --imap-security s
expect "app-password" mail-setup-cli login --auth a
expect "microsoft365" mail-setup-cli test --provider mi
expect "--no-browser" mail-setup-cli login --no
expect "--no-imap --no-smtp" mail-setup-cli test --no
# In the lab, other tests' accounts may be stored too: the one signed in here must be offered.
expect_accounts() {
  local want=$1 got
  shift
  got=$(complete_line "$@")
  if [ "$got" = "$want" ] || { [ "${lab:-}" ] && [[ " $got " == *" $want "* ]]; }; then
    ok "'$*' completes to the stored accounts '$got'"
  else
    not_ok "'$*' completes to '$got', not '$want'"
  fi
}
expect_accounts "$accounts" mail-setup-cli forget ""
expect_accounts "$(echo "$accounts" | tr ' ' '\n' | grep '^b')" mail-setup-cli export --format msmtp b
expect "export" mail-setup-cli help exp

if command -v zsh > /dev/null; then
  if zsh -n "$zsh_script"; then ok "the zsh completion parses"; else not_ok "the zsh completion does not parse"; fi
else
  ok "# SKIP zsh is not installed"
fi
echo "1..$n"
