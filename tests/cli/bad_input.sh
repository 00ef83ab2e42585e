#!/usr/bin/env bash
# The command line on bad input, as users meet it: exit 1 with the file named on stderr and nothing
# on stdout for a bad scenario, no results file (not even a partial one), exit 2 for bad usage.
# Environment: CDSIM (the cdsim executable), DATA (tests/data).
set -u

: "${CDSIM:?set CDSIM to the cdsim executable}"
: "${DATA:?set DATA to the tests/data directory}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0

pass() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# expect_bad_input NAME FILE: `cdsim check` and `cdsim run` both refuse FILE.
expect_bad_input() {
  local name=$1 file=$2 code
  "$CDSIM" check "$file" >"$tmp/stdout" 2>"$tmp/stderr"
  code=$?
  if [[ $code -ne 1 ]]; then
    fail "check $name" "exit code $code, expected 1"
  elif [[ -s $tmp/stdout ]]; then
    fail "check $name" "wrote to stdout: $(head -c 200 "$tmp/stdout")"
  elif ! grep -qF -- "$file" "$tmp/stderr"; then
    fail "check $name" "stderr does not name the file: $(head -c 200 "$tmp/stderr")"
  else
    pass "check $name"
  fi

  rm -f "$tmp/out.h5" "$tmp"/out.h5.*.part
  "$CDSIM" run "$file" -o "$tmp/out.h5" >"$tmp/stdout" 2>"$tmp/stderr"
  code=$?
  if [[ $code -ne 1 ]]; then
    fail "run $name" "exit code $code, expected 1"
  elif [[ -e $tmp/out.h5 ]] || compgen -G "$tmp/out.h5.*.part" >/dev/null; then
    fail "run $name" "left a results file behind"
  elif ! grep -qF -- "$file" "$tmp/stderr"; then
    fail "run $name" "stderr does not name the file: $(head -c 200 "$tmp/stderr")"
  else
    pass "run $name"
  fi
}

# expect_bad_set NAME ARGS...: `cdsim check` refuses a bad --set value, naming --set on stderr.
expect_bad_set() {
  local name=$1 code
  shift
  "$CDSIM" check "$DATA/good/minimal.yaml" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  code=$?
  if [[ $code -ne 1 ]]; then
    fail "$name" "exit code $code, expected 1"
  elif [[ -s $tmp/stdout ]]; then
    fail "$name" "wrote to stdout: $(head -c 200 "$tmp/stdout")"
  elif ! grep -qF -- "--set: " "$tmp/stderr"; then
    fail "$name" "stderr does not name --set: $(head -c 200 "$tmp/stderr")"
  else
    pass "$name"
  fi
}

# expect_usage_error NAME ARGS...: bad usage exits 2.
expect_usage_error() {
  local name=$1 code
  shift
  "$CDSIM" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  code=$?
  if [[ $code -eq 2 ]]; then pass "$name"; else fail "$name" "exit code $code, expected 2"; fi
}

shopt -s nullglob
bad_files=("$DATA"/bad/*.yaml)
if [[ ${#bad_files[@]} -eq 0 ]]; then
  fail "bad scenarios" "none found in $DATA/bad"
fi
for file in "${bad_files[@]}"; do
  expect_bad_input "$(basename "$file")" "$file"
done

expect_bad_input "missing file" "$tmp/no_such_scenario.yaml"
mkdir "$tmp/a_directory.yaml"
expect_bad_input "directory" "$tmp/a_directory.yaml"
printf '\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe' >"$tmp/binary.yaml"
expect_bad_input "binary garbage" "$tmp/binary.yaml"
: >"$tmp/zero_bytes.yaml"
expect_bad_input "zero-byte file" "$tmp/zero_bytes.yaml"

# --set reaches the community sections, the default services list and the mechanisms.
if "$CDSIM" check "$DATA/good/minimal.yaml" --set network.friend_ties=2 --set services.0.capacity_per_10k=0 \
  --set mechanisms.acute=false >"$tmp/stdout" 2>"$tmp/stderr"; then
  pass "good --set on community keys"
else
  fail "good --set on community keys" "refused: $(head -c 200 "$tmp/stderr")"
fi
expect_bad_set "--set out of range" --set network.friend_ties=51
expect_bad_set "--set wrong type" --set mechanisms.acute=maybe
expect_bad_set "--set unknown key" --set netwrok.friend_ties=2
expect_bad_set "--set service value" --set services.0.capacity_per_10k=-1
expect_bad_set "--set service past the list" --set services.1.capacity_per_10k=0
expect_bad_set "--set reablement success 1" --set reablement.success=1

expect_usage_error "unknown subcommand" frobnicate
expect_usage_error "no subcommand"
expect_usage_error "unknown flag on check" check "$DATA/good/minimal.yaml" --no-such-flag
expect_usage_error "unknown flag on run" run "$DATA/good/minimal.yaml" --no-such-flag -o "$tmp/out.h5"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
