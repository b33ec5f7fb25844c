#!/usr/bin/env bash
# check-install.sh PREFIX: what `ninja -C build install` put into PREFIX (a build configured
# with --prefix PREFIX) is complete, and an export from the installed CLI works. Run inside
# tests/lab/with-lab.sh (build-aux/run-tests.sh does); the lab parts are skipped outside it.
# TAP output. SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
prefix=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
app=io.github.mailsetup.MailSetup
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }

expected=(
  bin/mail-setup
  bin/mail-setup-cli
  share/applications/$app.desktop
  share/metainfo/$app.metainfo.xml
  share/icons/hicolor/scalable/apps/$app.svg
  share/icons/hicolor/symbolic/apps/$app-symbolic.svg
  share/locale/de/LC_MESSAGES/mail-setup.mo
  share/mail-setup/providers/outlook.provider
  share/man/man1/mail-setup-cli.1
  share/man/man1/mail-setup.1
  share/bash-completion/completions/mail-setup-cli
  share/zsh/site-functions/_mail-setup-cli
  share/dbus-1/services/$app.service
)
for f in "${expected[@]}"; do
  if [ -e "$prefix/$f" ]; then ok "installed: $f"; else not_ok "missing: $prefix/$f"; fi
done

# The app grid launches PREFIX/bin/mail-setup, whether or not PREFIX/bin is in PATH.
desktop=$prefix/share/applications/$app.desktop
if grep -qx "Exec=$prefix/bin/mail-setup" "$desktop" 2> /dev/null &&
   { ! command -v desktop-file-validate > /dev/null || desktop-file-validate "$desktop"; }; then
  ok "the desktop file is valid and runs $prefix/bin/mail-setup"
else
  not_ok "the desktop file does not run $prefix/bin/mail-setup: $(grep ^Exec "$desktop")"
fi

if version=$(env PATH=/usr/bin:/bin "$prefix/bin/mail-setup-cli" --version) &&
   [ "${version%% *}" = mail-setup-cli ]; then
  ok "the installed mail-setup-cli runs: $version"
else
  not_ok "the installed mail-setup-cli does not run"
fi

# The installed CLI exports its own absolute path, with no build-tree warning, and msmtp
# sends through the lab with the export as ~/.msmtprc and nothing else.
if [ -z "${MAIL_LAB_DIR:-}" ]; then
  ok "# SKIP exports through the lab: not inside tests/lab/with-lab.sh"
else
  tmp=$(mktemp -d)
  while IFS= read -r line; do
    case "$line" in
      "1.."*) ;;
      "ok "*) ok "installed CLI: ${line#ok [0-9]* - }" ;;
      "not ok "*) not_ok "installed CLI: ${line#not ok [0-9]* - }" ;;
      *) echo "$line" ;;
    esac
  done < <("$here/check-msmtp-lab.sh" "$prefix/bin/mail-setup-cli")
  if "$prefix/bin/mail-setup-cli" export "$MAIL_LAB_USER2" --format msmtp \
       --provider-file "$MAIL_LAB_PROVIDER_FILE" > "$tmp/msmtprc" 2> "$tmp/stderr" &&
     ! grep -q "build tree" "$tmp/stderr" "$tmp/msmtprc"; then
    ok "an export from the installed CLI has no build-tree warning"
  else
    not_ok "an export from the installed CLI warns about a build tree"
    sed 's/^/# /' "$tmp/stderr"
  fi
  rm -rf "$tmp"
fi
echo "1..$n"
