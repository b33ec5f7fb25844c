#!/usr/bin/env bash
# with-lab.sh CMD...: runs CMD inside the Mail Setup test lab.
#
# Starts, on free loopback ports and from a private temporary directory: a test CA and
# certificates, the lab identity provider (mail-lab-idp), an SMTP sink (mail-lab-smtp-sink),
# Dovecot (IMAP, submission), and a private D-Bus session bus (like dbus-run-session) with an
# unlocked gnome-keyring.
# Exports MAIL_LAB_* (see tests/lab/README.md), runs CMD, stops everything (also when CMD
# fails or the script is interrupted) and exits with CMD's status.
#
# The binaries come from MAIL_SETUP_BUILD_DIR or --build-dir DIR (default: build/, else the
# first build-*/ that has them).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)

usage() {
  echo "Usage: $0 [--build-dir DIR] CMD [ARGS...]" >&2
  echo "Example: $0 bash     (a shell with the lab running)" >&2
}

build_dir=${MAIL_SETUP_BUILD_DIR:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --build-dir=*) build_dir=${1#--build-dir=}; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  usage
  exit 2
fi

has_lab_binaries() {
  [ -x "$1/tests/lab/mail-lab-idp" ] && [ -x "$1/tests/lab/mail-lab-smtp-sink" ]
}
if [ -z "$build_dir" ]; then
  for d in "$top/build" "$top"/build-*; do
    if has_lab_binaries "$d"; then
      build_dir=$d
      break
    fi
  done
fi
if [ -z "$build_dir" ] || ! has_lab_binaries "$build_dir"; then
  echo "with-lab: mail-lab-idp and mail-lab-smtp-sink not found in ${build_dir:-build/}." >&2
  echo "with-lab: build them: ninja -C build tests/lab/mail-lab-idp tests/lab/mail-lab-smtp-sink" >&2
  exit 2
fi
build_dir=$(cd "$build_dir" && pwd)

for tool in openssl dovecot dbus-daemon gnome-keyring-daemon dbus-send; do
  if ! command -v "$tool" >/dev/null; then
    echo "with-lab: $tool is missing: run build-aux/install-deps.sh --tests" >&2
    exit 2
  fi
done

lab=$(mktemp -d "${TMPDIR:-/tmp}/mail-lab.XXXXXX")
# Dovecot's unprivileged processes must reach the sockets and files below.
chmod 0755 "$lab"

# Everything we start, stopped in reverse order: CMD first, the bus last.
pids=()
cleanup() {
  local status=$? i p
  trap - EXIT INT TERM HUP
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    p=${pids[i]}
    kill -TERM "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  if [ -n "${MAIL_LAB_KEEP:-}" ]; then
    echo "with-lab: kept $lab" >&2
  else
    rm -rf "$lab"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail() {
  local log
  echo "with-lab: $*" >&2
  for log in "$lab"/*.log; do
    if [ -s "$log" ]; then
      echo "with-lab: last lines of $(basename "$log"):" >&2
      tail -n 15 "$log" >&2
    fi
  done
  exit 2
}

# --- free ports ------------------------------------------------------------------------------
chosen=" "
port_in_use() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}
# Below the ephemeral range, so that no outgoing connection holds a port we picked.
read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || ephemeral_low=32768
if [ "$ephemeral_low" -le 12000 ]; then
  ephemeral_low=60000
fi
free_port() {
  # free_port VAR ADDRESS: sets VAR to a random port in 10000..ephemeral_low-1 that nobody
  # listens on and that we did not pick yet (no subshell, so that "chosen" remembers).
  local p
  while :; do
    p=$((10000 + (RANDOM * 32768 + RANDOM) % (ephemeral_low - 10000)))
    case "$chosen" in *" $p "*) continue ;; esac
    if ! port_in_use "$2" "$p" && ! port_in_use 127.0.0.1 "$p"; then
      chosen="$chosen$p "
      printf -v "$1" %s "$p"
      return
    fi
  done
}
wait_port() {
  # wait_port ADDRESS PORT NAME PID: up to 10 s, failing at once when PID died.
  local i
  for i in $(seq 1 100); do
    if port_in_use "$1" "$2"; then
      return 0
    fi
    kill -0 "$4" 2>/dev/null || fail "$3 exited at start-up"
    sleep 0.1
  done
  fail "$3 does not listen on $1:$2"
}

imaps_port='' imap_port='' submission_port='' submissions_port='' expired_port=''
idp_port='' sink_port='' closed_port=''
free_port imaps_port 127.0.0.1
free_port imap_port 127.0.0.1
free_port submission_port 127.0.0.1
free_port submissions_port 127.0.0.1
free_port expired_port 127.0.0.2
free_port idp_port 127.0.0.1
free_port sink_port 127.0.0.1
free_port closed_port 127.0.0.1

# --- certificates ----------------------------------------------------------------------------
certs="$lab/certs"
mkdir -p "$certs/ca-db"
touch "$certs/ca-db/index.txt"
echo 1000 >"$certs/ca-db/serial"
cat >"$certs/ca.cnf" <<EOF
[ca]
default_ca = lab_ca
[lab_ca]
dir = $certs/ca-db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $certs/ca.pem
private_key = $certs/ca.key
default_md = sha256
policy = lab_policy
unique_subject = no
copy_extensions = none
[lab_policy]
commonName = supplied
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = \${ENV::LAB_SAN}
EOF

gen() { openssl "$@" >>"$certs/openssl.log" 2>&1 || fail "openssl $1 failed (see $certs/openssl.log)"; }

gen req -x509 -newkey rsa:2048 -nodes -keyout "$certs/ca.key" -out "$certs/ca.pem" -days 30 \
  -subj "/O=Mail Setup Lab/CN=Mail Setup Lab CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

sign() {
  # $1 name, $2 SAN, $3.. extra `openssl ca` options (dates)
  local name=$1 san=$2
  shift 2
  gen req -newkey rsa:2048 -nodes -keyout "$certs/$name.key" -out "$certs/$name.csr" \
    -subj "/CN=localhost"
  LAB_SAN=$san gen ca -batch -notext -config "$certs/ca.cnf" -extensions server_ext \
    -in "$certs/$name.csr" -out "$certs/$name.pem" "$@"
}
# Valid for "localhost" only: connecting to 127.0.0.1 is a real host-name mismatch.
sign server "DNS:localhost" -days 30
# Expired, same CA; SAN also covers 127.0.0.2 so that only the dates are wrong there.
sign expired "DNS:localhost,IP:127.0.0.2" -startdate 20200101000000Z -enddate 20200201000000Z
# Self-signed: an issuer nobody trusts.
gen req -x509 -newkey rsa:2048 -nodes -keyout "$certs/selfsigned.key" \
  -out "$certs/selfsigned.pem" -days 30 -subj "/O=Unknown Issuer/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
chmod 0644 "$certs"/*.pem

# --- accounts and mail -----------------------------------------------------------------------
lab_password="lab-password-1"
lab_user="alice@example.test"
lab_user2="bob@example.test"
# A shared mailbox: opened with the token of a delegate (Dovecot master user "shared*alice"),
# allowed while the identity provider says the delegate has been granted access.
lab_shared="shared@example.test"

if [ "$(id -u)" -eq 0 ]; then
  # Dovecot refuses mail access as root: the mailboxes belong to an unprivileged user.
  mail_user=nobody
  mail_uid=$(id -u nobody)
  mail_gid=$(id -g nobody)
  internal_user=dovecot
  login_user=dovenull
  internal_group=dovecot
else
  mail_user=$(id -un)
  mail_uid=$(id -u)
  mail_gid=$(id -g)
  internal_user=$mail_user
  login_user=$mail_user
  internal_group=$(id -gn)
fi
first_valid_uid=$((mail_uid < 500 ? mail_uid : 500))

mkdir -p "$lab/dovecot" "$lab/mail" "$lab/sink"
for u in "$lab_user" "$lab_user2" "$lab_shared"; do
  mkdir -p "$lab/mail/$u/Maildir/cur" "$lab/mail/$u/Maildir/new" "$lab/mail/$u/Maildir/tmp"
done
cat >"$lab/mail/$lab_user/Maildir/new/1700000000.M1P1.lab" <<EOF
Return-Path: <postmaster@example.test>
From: Lab Postmaster <postmaster@example.test>
To: Alice <$lab_user>
Subject: Welcome to the lab
Date: Tue, 14 Nov 2023 22:13:20 +0000
Message-ID: <welcome@example.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

This mailbox belongs to the Mail Setup test lab.
EOF
if [ "$(id -u)" -eq 0 ]; then
  chown -R "$mail_uid:$mail_gid" "$lab/mail"
fi

printf '%s:{PLAIN}%s\n' "$lab_user" "$lab_password" "$lab_user2" "$lab_password" \
  >"$lab/dovecot/passwd"
chmod 0644 "$lab/dovecot/passwd"

# --- Dovecot ---------------------------------------------------------------------------------
cat >"$lab/dovecot/oauth2.conf.ext" <<EOF
introspection_mode = post
introspection_url = http://127.0.0.1:$idp_port/introspect
force_introspection = yes
username_attribute = email
active_attribute = active
active_value = true
timeout_msecs = 10000
EOF

cat >"$lab/dovecot/oauth2-delegate.conf.ext" <<EOF
introspection_mode = post
introspection_url = http://127.0.0.1:$idp_port/introspect-delegate
force_introspection = yes
username_attribute = email
active_attribute = active
active_value = true
timeout_msecs = 10000
EOF

cat >"$lab/dovecot.conf" <<EOF
# Generated by tests/lab/with-lab.sh
base_dir = $lab/dovecot/run
state_dir = $lab/dovecot/state
log_path = $lab/dovecot.log
instance_name = mail-lab-$$
protocols = imap submission
listen = 127.0.0.1
hostname = localhost
ssl = yes
ssl_cert = <$certs/server.pem
ssl_key = <$certs/server.key
# Loopback counts as secure, so the plain ports offer AUTH before STARTTLS.
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0
auth_verbose = yes
default_internal_user = $internal_user
default_internal_group = $internal_group
default_login_user = $login_user
first_valid_uid = $first_valid_uid
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%Lu $lab/dovecot/passwd
}
auth_master_user_separator = *
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  master = yes
  args = $lab/dovecot/oauth2-delegate.conf.ext
}
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $lab/dovecot/oauth2.conf.ext
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$lab/mail/%Lu
}
namespace inbox {
  inbox = yes
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    port = $imap_port
  }
  inet_listener imaps {
    port = $imaps_port
    ssl = yes
  }
  inet_listener imaps_expired {
    address = 127.0.0.2
    port = $expired_port
    ssl = yes
  }
}
service submission-login {
  chroot =
  inet_listener submission {
    port = $submission_port
  }
  inet_listener submissions {
    port = $submissions_port
    ssl = yes
  }
}
submission_relay_host = 127.0.0.1
submission_relay_port = $sink_port
submission_relay_trusted = yes
local 127.0.0.2 {
  ssl_cert = <$certs/expired.pem
  ssl_key = <$certs/expired.key
}
EOF

# --- start the servers -----------------------------------------------------------------------
"$build_dir/tests/lab/mail-lab-idp" --port "$idp_port" >"$lab/idp.log" 2>&1 &
idp_pid=$!
pids+=($!)
"$build_dir/tests/lab/mail-lab-smtp-sink" --port "$sink_port" --dir "$lab/sink" \
  --hold-port "$closed_port" >"$lab/sink.log" 2>&1 &
sink_pid=$!
pids+=($!)
dovecot -F -c "$lab/dovecot.conf" >>"$lab/dovecot.log" 2>&1 &
dovecot_pid=$!
pids+=($!)

wait_port 127.0.0.1 "$idp_port" "mail-lab-idp" "$idp_pid"
wait_port 127.0.0.1 "$sink_port" "mail-lab-smtp-sink" "$sink_pid"
for p in "$imaps_port" "$imap_port" "$submission_port" "$submissions_port"; do
  wait_port 127.0.0.1 "$p" "dovecot" "$dovecot_pid"
done
wait_port 127.0.0.2 "$expired_port" "dovecot (expired listener)" "$dovecot_pid"

# --- provider file ---------------------------------------------------------------------------
cat >"$lab/lab.provider" <<EOF
[Provider]
Id=lab
Name=Lab Mail
Domains=example.test

[IMAP]
Host=localhost
Port=$imaps_port
Security=tls
Authentication=oauth2;password
Username=%EMAIL%

[SMTP]
Host=localhost
Port=$submission_port
Security=starttls
Authentication=oauth2;password
Username=%EMAIL%

[OAuth2]
AuthorizeUrl=http://127.0.0.1:$idp_port/authorize
TokenUrl=http://127.0.0.1:$idp_port/token
DeviceAuthorizationUrl=http://127.0.0.1:$idp_port/devicecode
ClientId=lab-client
Scopes=imap smtp offline_access
RedirectHost=127.0.0.1
Mechanisms=XOAUTH2;OAUTHBEARER
SharedMailboxUsername=%MAILBOX%*%EMAIL%
RefreshTokenIdleDays=90
RefreshTokenTestingDays=7

[EnableIMAP]
Steps=Sign in at the Lab Mail settings page;Turn on "IMAP access" and save
SettingsUrl=http://127.0.0.1:$idp_port/settings
EOF

# --- environment -----------------------------------------------------------------------------
export MAIL_LAB_DIR=$lab
export MAIL_LAB_HOST=localhost
export MAIL_LAB_CA_FILE=$certs/ca.pem
export MAIL_LAB_SERVER_CERT=$certs/server.pem
export MAIL_LAB_SERVER_KEY=$certs/server.key
export MAIL_LAB_EXPIRED_CERT=$certs/expired.pem
export MAIL_LAB_EXPIRED_KEY=$certs/expired.key
export MAIL_LAB_SELFSIGNED_CERT=$certs/selfsigned.pem
export MAIL_LAB_SELFSIGNED_KEY=$certs/selfsigned.key
export MAIL_LAB_IMAPS_PORT=$imaps_port
export MAIL_LAB_IMAP_PORT=$imap_port
export MAIL_LAB_SUBMISSION_PORT=$submission_port
export MAIL_LAB_SUBMISSIONS_PORT=$submissions_port
export MAIL_LAB_EXPIRED_HOST=127.0.0.2
export MAIL_LAB_EXPIRED_PORT=$expired_port
export MAIL_LAB_CLOSED_PORT=$closed_port
export MAIL_LAB_IDP_URL=http://127.0.0.1:$idp_port
export MAIL_LAB_SINK_PORT=$sink_port
export MAIL_LAB_SINK_DIR=$lab/sink
export MAIL_LAB_PROVIDER_FILE=$lab/lab.provider
export MAIL_LAB_USER=$lab_user
export MAIL_LAB_USER2=$lab_user2
export MAIL_LAB_SHARED=$lab_shared
export MAIL_LAB_PASSWORD=$lab_password
export MAIL_LAB_BROWSER=$here/lab-browser
# A private home for the keyring and for settings, so tests never see a person's own.
mkdir -p "$lab/home/data" "$lab/home/config" "$lab/home/cache" "$lab/home/runtime"
chmod 0700 "$lab/home/runtime"
export XDG_DATA_HOME=$lab/home/data
export XDG_CONFIG_HOME=$lab/home/config
export XDG_CACHE_HOME=$lab/home/cache
export XDG_RUNTIME_DIR=$lab/home/runtime
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
# Loopback never goes through a proxy (curl, libsoup and GIO read these).
export no_proxy="127.0.0.1,127.0.0.2,localhost${no_proxy:+,$no_proxy}"
export NO_PROXY=$no_proxy

# --- session bus and keyring ----------------------------------------------------------------
# Our own dbus-daemon (what dbus-run-session does), so that we know its pid and stop it.
export DBUS_SESSION_BUS_ADDRESS="unix:path=$XDG_RUNTIME_DIR/bus"
dbus-daemon --session --nofork --nopidfile --address="$DBUS_SESSION_BUS_ADDRESS" \
  >"$lab/dbus.log" 2>&1 &
pids+=($!)
bus_has() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}
for _ in $(seq 1 100); do
  bus_has org.freedesktop.DBus && break
  sleep 0.1
done
bus_has org.freedesktop.DBus || fail "the session bus did not start (see $lab/dbus.log)"

# An empty password on stdin creates and unlocks the "login" keyring in XDG_DATA_HOME.
gnome-keyring-daemon --foreground --unlock --components=secrets <<<"" \
  >"$lab/keyring.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  bus_has org.freedesktop.secrets && break
  sleep 0.1
done
bus_has org.freedesktop.secrets || fail "gnome-keyring did not start (see $lab/keyring.log)"

# --- run CMD ---------------------------------------------------------------------------------
# In the background (stdin kept, Ctrl-C not ignored) so that a signal to this script stops the
# lab at once instead of after CMD.
env --default-signal=INT,QUIT "$@" 0<&0 &
pids+=($!)
status=0
wait "$!" || status=$?
exit "$status"
