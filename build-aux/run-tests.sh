#!/usr/bin/env bash
# Fresh Debian 12 machine → the whole test suite: installs what is needed, builds, starts the
# test lab (Dovecot, identity provider, SMTP sink, keyring, all on loopback), runs the unit, lab
# and ui suites, runs them again under AddressSanitizer + UBSan, runs the fuzzers for a bounded
# time and prints the benchmarks. Exit status 0 only when everything passed.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

bash build-aux/install-deps.sh --tests || exit 1

status=0
passed=0
failed=0

count_results() {
  # Adds the results of one meson test run (its testlog.json) to the totals.
  local log="$1/meson-logs/testlog.json"
  [ -f "$log" ] || return 0
  local p f
  p=$(grep -c '"result": "OK"' "$log" || true)
  f=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
  passed=$((passed + p))
  failed=$((failed + f))
}

run_suites() {
  # $1: build dir. Runs every suite inside the lab and under Xvfb.
  local dir="$1"
  shift
  tests/lab/with-lab.sh xvfb-run -a -s "-screen 0 1366x768x24" \
    meson test -C "$dir" --print-errorlogs --no-rebuild "$@"
}

setup_test_build() {
  # $1: build dir, then meson options. The test suite needs the test hooks
  # (src/core/base/mail-test-hooks.h); a build dir made without them is switched over. CI treats
  # warnings as errors (not a project default: distributions build with newer compilers).
  local dir="$1"
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" -Dtest_hooks=true -Dwerror=true "$@" || exit 1
  else
    meson configure "$dir" -Dtest_hooks=true -Dwerror=true || exit 1
  fi
}

echo "=== build (debugoptimized)"
setup_test_build build
ninja -C build || exit 1

echo "=== release build: no test hooks in the program"
# Only the CLI of a default build (-Dtest_hooks=false): the hooks' names must not be in it, and
# a DNS table in MAIL_SETUP_TEST_DNS_FILE must not change what discovery finds.
if [ ! -f build-release/build.ninja ]; then
  meson setup build-release -Dtest_hooks=false -Dui=false -Dwerror=true || exit 1
fi
ninja -C build-release src/cli/mail-setup-cli || exit 1
release_cli=build-release/src/cli/mail-setup-cli
hooks_dir=$(mktemp -d)
printf '[contoso.example]\nMX=0 contoso-example.mail.protection.outlook.com\n' >"$hooks_dir/dns.ini"
if strings "$release_cli" | grep -E 'MAIL_SETUP_(TEST_|AUTOCONFIG_BASE|ISPDB_BASE|PROVIDERS_DIR)'; then
  echo "FAIL: test hook names in $release_cli"
  failed=$((failed + 1))
elif MAIL_SETUP_TEST_DNS_FILE="$hooks_dir/dns.ini" MAIL_SETUP_AUTOCONFIG_BASE=http://127.0.0.1:9 \
     MAIL_SETUP_ISPDB_BASE=http://127.0.0.1:9/ XDG_CONFIG_HOME="$hooks_dir" \
     "$release_cli" discover someone@contoso.example --json --timeout 5 | grep -q microsoft365; then
  echo "FAIL: MAIL_SETUP_TEST_DNS_FILE redirected discovery in $release_cli"
  failed=$((failed + 1))
else
  echo "OK: no test hooks in $release_cli"
  passed=$((passed + 1))
fi
rm -rf "$hooks_dir"

echo "=== tests"
run_suites build || status=1
count_results build

echo "=== tests under AddressSanitizer + UBSan"
setup_test_build build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
ninja -C build-asan || exit 1
# GTK, fontconfig and the GLib type system keep allocations until exit by design.
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suites build-asan --timeout-multiplier 3 || status=1
count_results build-asan

echo "=== fuzzers (bounded time)"
# Everything instrumented for coverage; the fuzz targets add the libFuzzer main.
CC=clang CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
  LDFLAGS="-fsanitize=address,undefined" \
  setup_test_build build-fuzz -Dfuzzing=true -Dui=false -Db_lundef=false
ninja -C build-fuzz || exit 1
meson test -C build-fuzz --suite fuzz --print-errorlogs --no-rebuild || status=1
count_results build-fuzz

echo "=== install into a temporary prefix: the files, and an export from the installed CLI"
# As the README's first command does for ~/.local (build-aux/run-wizard.sh), into a temp prefix;
# without the tests (-Dtests=false, the option distributions use).
install_tmp=$(mktemp -d)
rm -rf build-install
if meson setup build-install --prefix "$install_tmp/prefix" -Dtests=false --werror > /dev/null &&
   ninja -C build-install install > /dev/null; then
  tests/lab/with-lab.sh tests/check-install.sh "$install_tmp/prefix" | tee "$install_tmp/tap"
  p=$(grep -c '^ok ' "$install_tmp/tap" || true)
  f=$(grep -c '^not ok ' "$install_tmp/tap" || true)
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$f" -eq 0 ] || status=1
  # The README's uninstall leaves none of the installed files.
  if ninja -C build-install uninstall > /dev/null &&
     [ -z "$(find "$install_tmp/prefix" -type f 2> /dev/null)" ]; then
    passed=$((passed + 1))
  else
    echo "ninja -C build-install uninstall left: $(find "$install_tmp/prefix" -type f)"
    failed=$((failed + 1))
    status=1
  fi
else
  status=1
  failed=$((failed + 1))
fi
rm -rf "$install_tmp"

echo "=== meson dist: the release tarball builds and passes the unit suite in an empty directory"
# meson dist packs the committed files (git); --allow-dirty: CI's checkout may carry build dirs.
dist_tmp=$(mktemp -d)
if meson dist -C build --no-tests --allow-dirty --formats xztar; then
  tar -xJf build/meson-dist/mail-setup-*.tar.xz -C "$dist_tmp" &&
    dist_src=$(echo "$dist_tmp"/mail-setup-*) &&
    meson setup "$dist_tmp/build" "$dist_src" --werror &&
    ninja -C "$dist_tmp/build" &&
    meson test -C "$dist_tmp/build" --suite unit --print-errorlogs --no-rebuild || status=1
  count_results "$dist_tmp/build"
else
  status=1
  failed=$((failed + 1))
fi
rm -rf "$dist_tmp"

echo "=== benchmarks"
# Under Xvfb: the wizard's time to first frame needs a display.
tests/lab/with-lab.sh xvfb-run -a -s "-screen 0 1366x768x24" \
  meson test -C build --benchmark --verbose --no-rebuild || status=1

echo
echo "Test suites (normal, sanitizers, fuzz):"
echo "${passed} passed, ${failed} failed"
if [ "$failed" -ne 0 ]; then
  status=1
fi
exit $status
