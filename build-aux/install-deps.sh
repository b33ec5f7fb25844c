#!/usr/bin/env bash
# Installs every Debian 12 package Mail Setup needs to build, run and test.
# Run as root (or with sudo). Idempotent: it does nothing when all are present.
set -euo pipefail

build_packages=(
  build-essential meson ninja-build pkg-config gettext appstream desktop-file-utils
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libsecret-1-dev libjson-glib-dev libssl-dev
  scdoc bash-completion
)
runtime_packages=(
  gnome-keyring dbus dbus-x11 ca-certificates openssl
)
test_packages=(
  clang libclang-rt-14-dev
  dovecot-core dovecot-imapd dovecot-submissiond
  chromium xvfb xauth xdotool curl python3 libsecret-tools
  msmtp neomutt isync aerc libplist-utils libsasl2-modules libsasl2-modules-kdexoauth2
  man-db zsh
  gnome-online-accounts
  strace
)

packages=("${build_packages[@]}" "${runtime_packages[@]}")
if [ "${1:-}" = "--tests" ]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
fi

echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# Dovecot's package starts a system instance where it can; the lab runs its own copy on
# free ports, so that does not matter.
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
