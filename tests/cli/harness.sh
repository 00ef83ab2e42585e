# Sourced by the command-line tests (tests/cli/*.sh): a scratch folder `$tmp`, removed on exit
# (a script with more to undo redefines `cleanup`), and the tally of checks. `ok NAME` and
# `fail NAME [WHY]` count one; `finish`, last, prints the tally and fails the script if any failed.
set -u
tmp=$(mktemp -d)
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
passed=0 failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAILED: $1${2:+: $2}"; failed=$((failed + 1)); }
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
