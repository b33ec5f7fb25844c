#!/usr/bin/env bash
# check-dbus-activation.sh SERVICE-FILE WIZARD: the desktop starts Mail Setup through D-Bus
# (DBusActivatable=true): a private session bus with the service file (its Exec pointed at the
# build's wizard) starts the wizard when something calls org.freedesktop.Application.Activate
# on io.github.mailsetup.MailSetup, the app answers, and its "quit" action ends it.
# Needs a display (the ui suite runs under Xvfb). TAP output.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
service=$1
wizard=$(realpath "$2")
app=io.github.mailsetup.MailSetup
object=/io/github/mailsetup/MailSetup

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "1..0 # SKIP no display (run under xvfb-run)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/services"
# The installed file with the build tree's wizard; anything else as installed.
sed "s|^Exec=[^ ]*|Exec=$wizard|" "$service" > "$tmp/services/$app.service"
cat > "$tmp/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$tmp</listen>
  <servicedir>$tmp/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

# The wizard's own warnings are its tests' business, not this one's.
env -u G_DEBUG GTK_A11Y=none XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
  dbus-run-session --config-file="$tmp/session.conf" -- bash -c '
    app=$1 object=$2
    n=0
    ok() { n=$((n + 1)); echo "ok $n - $*"; }
    not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
    if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
         --method org.freedesktop.DBus.NameHasOwner "$app" | grep -q false; then
      ok "nothing owns $app before activation"
    else
      not_ok "$app is owned before activation"
    fi
    if gdbus call --session --timeout 60 --dest "$app" --object-path "$object" \
         --method org.freedesktop.Application.Activate "{}" > /dev/null; then
      ok "org.freedesktop.Application.Activate started the wizard through D-Bus and it answered"
    else
      not_ok "D-Bus activation of $app failed"
    fi
    if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
         --method org.freedesktop.DBus.NameHasOwner "$app" | grep -q true; then
      ok "the wizard owns $app"
    else
      not_ok "nothing owns $app after activation"
    fi
    gdbus call --session --dest "$app" --object-path "$object" \
      --method org.freedesktop.Application.ActivateAction quit "[]" "{}" > /dev/null
    for _ in $(seq 100); do
      gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner "$app" | grep -q false && break
      sleep 0.1
    done
    if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
         --method org.freedesktop.DBus.NameHasOwner "$app" | grep -q false; then
      ok "the app.quit action ended it"
    else
      not_ok "the wizard did not quit"
    fi
    echo "1..$n"
  ' check "$app" "$object"
