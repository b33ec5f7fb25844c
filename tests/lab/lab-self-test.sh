#!/usr/bin/env bash
# lab-self-test.sh: checks that the running test lab behaves as tests/lab/README.md says.
# Run inside the lab: tests/lab/with-lab.sh tests/lab/lab-self-test.sh (TAP output).
# Tokens go to curl through a config on stdin, never on the command line.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

if [ -z "${MAIL_LAB_DIR:-}" ]; then
  echo "1..0 # SKIP not inside tests/lab/with-lab.sh"
  exit 0
fi

n=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() {
  # check DESCRIPTION COMMAND...: one TAP line; the command's output goes to $work/out.
  local description=$1
  shift
  n=$((n + 1))
  if "$@" >"$work/out" 2>&1; then
    echo "ok $n - $description"
  else
    echo "not ok $n - $description"
    sed 's/^/# /' "$work/out" | tail -n 15
    failed=$((failed + 1))
  fi
}

ca=$MAIL_LAB_CA_FILE
idp=$MAIL_LAB_IDP_URL
redirect="http://127.0.0.1:$MAIL_LAB_CLOSED_PORT/callback"

not() {
  ! "$@"
}

pkce_challenge() {
  printf %s "$1" | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '='
}

authorize() {
  # authorize VERIFIER [EXTRA]: prints the redirect location.
  local challenge
  challenge=$(pkce_challenge "$1")
  curl -sS -o /dev/null -w '%{redirect_url}' \
    "$idp/authorize?response_type=code&client_id=lab-client&redirect_uri=$redirect&scope=imap%20smtp%20offline_access&state=st4te&code_challenge=$challenge&code_challenge_method=S256${2:-}"
}

query_value() {
  # query_value URL NAME
  local v=${1#*[?&]"$2"=}
  [ "$v" != "$1" ] || return 1
  printf %s "${v%%&*}"
}

json_value() {
  # json_value NAME < JSON (flat string values only)
  sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"
}

get_tokens() {
  # get_tokens [LOGIN_HINT]: full code flow, prints the token JSON
  local verifier code location
  verifier=$(openssl rand -hex 32)
  location=$(authorize "$verifier" "${1:+&login_hint=$1}")
  code=$(query_value "$location" code) || return 1
  curl -sS -d grant_type=authorization_code -d client_id=lab-client -d "code=$code" \
    --data-urlencode "redirect_uri=$redirect" -d "code_verifier=$verifier" "$idp/token"
}

imap_bearer() {
  # imap_bearer USER TOKEN [PORT]: lists INBOX with OAUTHBEARER
  printf 'oauth2-bearer = "%s"\n' "$2" |
    curl -sS -K - --ssl-reqd --cacert "$ca" -u "$1:" \
      "imaps://localhost:${3:-$MAIL_LAB_IMAPS_PORT}/INBOX?ALL"
}

# --- Dovecot with passwords ------------------------------------------------------------------
check "IMAPS login with password, INBOX has the welcome message" \
  bash -c 'curl -sS --ssl-reqd --cacert "$0" "imaps://localhost:$MAIL_LAB_IMAPS_PORT/INBOX;UID=1" \
           -u "$MAIL_LAB_USER:$MAIL_LAB_PASSWORD" | grep -q "Welcome to the lab"' "$ca"
check "IMAP STARTTLS login" \
  curl -sS --ssl-reqd --cacert "$ca" "imap://localhost:$MAIL_LAB_IMAP_PORT/INBOX?ALL" \
    -u "$MAIL_LAB_USER2:$MAIL_LAB_PASSWORD"
check "wrong password is refused" \
  bash -c '! curl -sS --ssl-reqd --cacert "$0" "imaps://localhost:$MAIL_LAB_IMAPS_PORT/INBOX" \
             -u "$MAIL_LAB_USER:wrong"' "$ca"
check "127.0.0.1 is a host-name mismatch (exit 60)" \
  bash -c 'curl -sS --cacert "$0" "imaps://127.0.0.1:$MAIL_LAB_IMAPS_PORT/"; [ $? -eq 60 ]' "$ca"
check "the expired listener presents the expired certificate" \
  bash -c 'echo | openssl s_client -connect "$MAIL_LAB_EXPIRED_HOST:$MAIL_LAB_EXPIRED_PORT" \
             -CAfile "$0" -verify_return_error 2>&1 | grep -q "certificate has expired"' "$ca"
check "the self-signed certificate is not trusted by the lab CA" \
  bash -c '! openssl verify -CAfile "$0" "$MAIL_LAB_SELFSIGNED_CERT"' "$ca"
check "the server certificate is trusted by the lab CA" \
  openssl verify -CAfile "$ca" "$MAIL_LAB_SERVER_CERT"
check "nobody listens on MAIL_LAB_CLOSED_PORT" \
  bash -c '! (exec 3<>"/dev/tcp/127.0.0.1/$MAIL_LAB_CLOSED_PORT")'

# --- submission and the sink -----------------------------------------------------------------
printf 'From: %s\r\nTo: %s\r\nSubject: lab self-test\r\n\r\n.hello\r\n' \
  "$MAIL_LAB_USER" "$MAIL_LAB_USER2" >"$work/msg.eml"
count_eml() {
  find "$MAIL_LAB_SINK_DIR" -name '*.eml' | wc -l
}
before=$(count_eml)
check "submission STARTTLS with password relays to the sink" \
  curl -sS --ssl-reqd --cacert "$ca" "smtp://localhost:$MAIL_LAB_SUBMISSION_PORT" \
    -u "$MAIL_LAB_USER:$MAIL_LAB_PASSWORD" --mail-from "$MAIL_LAB_USER" \
    --mail-rcpt "$MAIL_LAB_USER2" -T "$work/msg.eml"
check "submissions (implicit TLS) with password" \
  curl -sS --cacert "$ca" "smtps://localhost:$MAIL_LAB_SUBMISSIONS_PORT" \
    -u "$MAIL_LAB_USER:$MAIL_LAB_PASSWORD" --mail-from "$MAIL_LAB_USER" \
    --mail-rcpt "$MAIL_LAB_USER2" -T "$work/msg.eml"
check "the sink stored both messages as .eml files" \
  bash -c '[ "$0" -eq $(($1 + 2)) ] && grep -q "^Subject: lab self-test" "$MAIL_LAB_SINK_DIR"/*.eml' \
    "$(count_eml)" "$before"

# --- identity provider -----------------------------------------------------------------------
tokens=$(get_tokens)
access=$(json_value access_token <<<"$tokens")
refresh=$(json_value refresh_token <<<"$tokens")
check "code flow with PKCE gives access and refresh tokens" \
  bash -c '[ -n "$0" ] && [ -n "$1" ] && grep -q "\"token_type\":\"Bearer\"" <<<"$2"' \
    "$access" "$refresh" "$tokens"
check "IMAPS OAUTHBEARER with the access token" imap_bearer "$MAIL_LAB_USER" "$access"
check "submission XOAUTH2/OAUTHBEARER with the access token" \
  bash -c 'printf "oauth2-bearer = \"%s\"\n" "$0" |
           curl -sS -K - --ssl-reqd --cacert "$1" "smtp://localhost:$MAIL_LAB_SUBMISSION_PORT" \
             -u "$MAIL_LAB_USER:" --mail-from "$MAIL_LAB_USER" --mail-rcpt "$MAIL_LAB_USER2" \
             -T "$2"' "$access" "$ca" "$work/msg.eml"
check "a token for alice does not sign in bob" not imap_bearer "$MAIL_LAB_USER2" "$access"
rotated=$(curl -sS -d grant_type=refresh_token -d client_id=lab-client \
  --data-urlencode "refresh_token=$refresh" "$idp/token")
check "refresh gives a new refresh token" \
  bash -c 'r=$(sed -n "s/.*\"refresh_token\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$0"); [ -n "$r" ] && [ "$r" != "$1" ]' \
    "$rotated" "$refresh"
check "the old refresh token is refused after rotation (invalid_grant)" \
  bash -c 'curl -sS -w "%{http_code}" -d grant_type=refresh_token -d client_id=lab-client \
             --data-urlencode "refresh_token=$0" "$1/token" | grep -q "invalid_grant.*400$"' \
    "$refresh" "$idp"
check "a code cannot be redeemed with a wrong PKCE verifier" \
  bash -c 'loc=$(curl -sS -o /dev/null -w "%{redirect_url}" "$0/authorize?response_type=code&client_id=lab-client&redirect_uri=$1&state=s&code_challenge=abc&code_challenge_method=S256");
           code=${loc#*code=}; code=${code%%&*};
           curl -sS -d grant_type=authorization_code -d client_id=lab-client -d "code=$code" \
             --data-urlencode "redirect_uri=$1" -d code_verifier=wrong "$0/token" | grep -q AADSTS501481' \
    "$idp" "$redirect"
check "authorize=deny redirects with access_denied AADSTS65004" \
  bash -c 'curl -sS -d authorize=deny "$0/control" >/dev/null &&
           loc=$(curl -sS -o /dev/null -w "%{redirect_url}" "$0/authorize?response_type=code&client_id=lab-client&redirect_uri=$1&state=s&code_challenge=abc&code_challenge_method=S256");
           curl -sS -X POST "$0/control/reset" >/dev/null;
           grep -q "error=access_denied.*AADSTS65004.*state=s" <<<"$loc"' "$idp" "$redirect"
check "authorize=redirect_mismatch shows an AADSTS50011 page, no redirect" \
  bash -c 'curl -sS -d authorize=redirect_mismatch "$0/control" >/dev/null &&
           out=$(curl -sS -w "%{http_code}" "$0/authorize?response_type=code&client_id=lab-client&redirect_uri=$1&state=s&code_challenge=abc&code_challenge_method=S256");
           curl -sS -X POST "$0/control/reset" >/dev/null;
           grep -q AADSTS50011 <<<"$out" && grep -q "400$" <<<"$out"' "$idp" "$redirect"
check "single_tenant with authorize=tenant_redirect redirects common with AADSTS50194" \
  bash -c 'curl -sS -d single_tenant=contoso.test -d authorize=tenant_redirect "$0/control" >/dev/null &&
           loc=$(curl -sS -o /dev/null -w "%{redirect_url}" "$0/common/oauth2/v2.0/authorize?response_type=code&client_id=lab-client&redirect_uri=$1&state=s&code_challenge=abc&code_challenge_method=S256");
           curl -sS -X POST "$0/control/reset" >/dev/null;
           grep -q "error=invalid_request.*AADSTS50194.*state=s" <<<"$loc"' "$idp" "$redirect"
check "token=malformed answers 200 with broken JSON" \
  bash -c 'curl -sS -d token=malformed "$0/control" >/dev/null &&
           out=$(curl -sS -w "%{http_code}" -d grant_type=refresh_token -d client_id=lab-client -d refresh_token=x "$0/token");
           curl -sS -X POST "$0/control/reset" >/dev/null;
           ! python3 -c "import json,sys; json.loads(sys.argv[1][:-3])" "$out" 2>/dev/null &&
           grep -q "200$" <<<"$out"' "$idp"
tokens2=$(get_tokens "$MAIL_LAB_USER2")
access2=$(json_value access_token <<<"$tokens2")
check "login_hint signs in bob" imap_bearer "$MAIL_LAB_USER2" "$access2"
curl -sS -d "revoke=$MAIL_LAB_USER2" "$idp/control" >/dev/null
check "revoke makes bob's access token inactive" \
  bash -c 'curl -sS -d "token=$0" "$1/introspect" | grep -q "\"active\":false"' "$access2" "$idp"
check "a revoked token no longer signs in" \
  bash -c '! printf "oauth2-bearer = \"%s\"\n" "$0" |
             curl -sS -K - --ssl-reqd --cacert "$1" -u "$MAIL_LAB_USER2:" \
               "imaps://localhost:$MAIL_LAB_IMAPS_PORT/INBOX?ALL"' "$access2" "$ca"
check "/settings is an HTML page" \
  bash -c 'curl -sS "$0/settings" | grep -q "IMAP settings"' "$idp"

# --- keyring ---------------------------------------------------------------------------------
check "secret-tool store and lookup in the lab keyring" \
  bash -c 'printf "s3cret" | secret-tool store --label="lab self-test" lab-self-test yes &&
           [ "$(secret-tool lookup lab-self-test yes)" = "s3cret" ] &&
           secret-tool clear lab-self-test yes'

# --- no secret in logs -----------------------------------------------------------------------
check "no token or password in the lab logs" \
  bash -c '! grep -r -l -F -e "$0" -e "$1" -e "$MAIL_LAB_PASSWORD" "$MAIL_LAB_DIR"/*.log' \
    "$access" "$refresh"

echo "1..$n"
[ "$failed" -eq 0 ]
