#!/usr/bin/env bash
# Fresh Debian 12 machine → Mail Setup installed for you, then the wizard: installs the Debian
# packages needed (build-aux/install-deps.sh), builds into build/, installs into a prefix you
# own (default ~/.local; MAIL_SETUP_PREFIX=DIR for another) with the desktop file, icon and
# metainfo, so the app appears in the desktop's app grid, and mail-setup-cli, its manual pages
# and shell completion; then launches the installed wizard.
# Uninstall: ninja -C build uninstall
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${MAIL_SETUP_PREFIX:-$HOME/.local}

bash build-aux/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build --prefix "$prefix"
else
  meson configure build --prefix "$prefix"
fi
ninja -C build
ninja -C build install    # no sudo: the prefix is yours

# The desktop's menu and icon caches, where it has the tools.
if command -v update-desktop-database > /dev/null; then
  update-desktop-database -q "$prefix/share/applications" || true
fi
if command -v gtk-update-icon-cache > /dev/null; then
  gtk-update-icon-cache -q -f -t "$prefix/share/icons/hicolor" || true
fi

echo "Mail Setup is installed in $prefix (uninstall: ninja -C build uninstall)."
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add $prefix/bin to PATH to run mail-setup-cli by name." ;;
esac
exec "$prefix/bin/mail-setup" "$@"
