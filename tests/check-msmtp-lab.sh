#!/usr/bin/env bash
# check-msmtp-lab.sh [CLI]: an msmtp export works as ~/.msmtprc with plain `msmtp RECIPIENT`
# and no further step: no -a, no mail-setup-cli in PATH. Runs inside tests/lab/with-lab.sh.
#
# CLI (default $MAIL_SETUP_CLI, the build tree's) signs Bob in with the lab password, checks
# the account (which records it as verified), exports msmtp into a fresh HOME's ~/.msmtprc, and
# msmtp sends a message to Alice through the lab's Dovecot submission service, calling the
# exported passwordeval command for the password. The export must name CLI by its absolute
# path. TAP output. SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
cli=${1:-${MAIL_SETUP_CLI:-}}

echo "1..4"
if [ -z "${MAIL_LAB_DIR:-}" ]; then
  echo "ok 1 # SKIP not inside tests/lab/with-lab.sh"
  echo "ok 2 # SKIP"
  echo "ok 3 # SKIP"
  echo "ok 4 # SKIP"
  exit 0
fi
cli=$(realpath "$cli")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
home=$tmp/home
mkdir -m 700 "$home"
bob=$MAIL_LAB_USER2
alice=$MAIL_LAB_USER
lab=(--provider-file "$MAIL_LAB_PROVIDER_FILE" --ca-file "$MAIL_LAB_CA_FILE")

# No secret in the log: the password goes only to standard input.
if printf '%s\n' "$MAIL_LAB_PASSWORD" |
     "$cli" login "$bob" --auth password --password-stdin "${lab[@]}" > "$tmp/login.log" 2>&1 &&
   "$cli" test "$bob" "${lab[@]}" > "$tmp/test.log" 2>&1; then
  echo "ok 1 - $cli signs $bob in and verifies the account"
else
  echo "not ok 1 - $cli could not sign $bob in or verify the account"
  sed 's/^/# /' "$tmp/login.log" "$tmp/test.log"
fi

if "$cli" export "$bob" --format msmtp "${lab[@]}" -o "$home/.msmtprc" > "$tmp/export.log" 2>&1 &&
   grep -q "^account default : $bob\$" "$home/.msmtprc" &&
   grep -q "^passwordeval \"$cli token $bob\"\$" "$home/.msmtprc"; then
  echo "ok 2 - the export names $cli and has a default account"
else
  echo "not ok 2 - the export does not name $cli or has no default account"
  sed 's/^/# /' "$tmp/export.log" "$home/.msmtprc" 2> /dev/null
fi

cmd=$(sed -n 's/^passwordeval "\(.*\) token .*"$/\1/p' "$home/.msmtprc")
if [ -n "$cmd" ] && [ -x "${cmd%% *}" ] && env PATH=/usr/bin:/bin $cmd --version > /dev/null; then
  echo "ok 3 - the exported command exists and runs without PATH: $cmd"
else
  echo "not ok 3 - the exported command \"$cmd\" does not exist or does not run"
fi

subject="check-msmtp-lab $RANDOM$RANDOM"
printf 'From: %s\nTo: %s\nSubject: %s\n\nSent with plain msmtp.\n' "$bob" "$alice" "$subject" |
  env -i HOME="$home" PATH=/usr/bin:/bin DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" \
    XDG_DATA_HOME="$XDG_DATA_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
    XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" msmtp "$alice" > "$tmp/msmtp.log" 2>&1
msmtp_status=$?
received=
for _ in $(seq 50); do
  if grep -l -r -F "$subject" "$MAIL_LAB_SINK_DIR" > /dev/null 2>&1; then
    received=yes
    break
  fi
  sleep 0.1
done
if [ "$msmtp_status" -eq 0 ] && [ -n "$received" ]; then
  echo "ok 4 - \`msmtp $alice\` with the export as ~/.msmtprc delivered the message"
else
  echo "not ok 4 - \`msmtp $alice\` failed (exit $msmtp_status) or nothing arrived"
  sed 's/^/# /' "$tmp/msmtp.log"
fi
