#!/usr/bin/env bash
# Fresh Debian 12 machine → the wizard: installs what is needed, builds, launches mail-setup.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build
exec build/src/ui/mail-setup "$@"
