#!/usr/bin/env bash
# The command line on bad input, as users meet it: exit 1 with the file named on stderr and nothing
# on stdout for a bad scenario, no results file (not even a partial one), exit 2 for bad usage.
# Environment: CDSIM (the cdsim executable), DATA (tests/data).
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

: "${CDSIM:?set CDSIM to the cdsim executable}"
: "${DATA:?set DATA to the tests/data directory}"


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
    ok "check $name"
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
    ok "run $name"
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
    ok "$name"
  fi
}

# expect_usage_error NAME ARGS...: bad usage exits 2.
expect_usage_error() {
  local name=$1 code
  shift
  "$CDSIM" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  code=$?
  if [[ $code -eq 2 ]]; then ok "$name"; else fail "$name" "exit code $code, expected 2"; fi
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
  ok "good --set on community keys"
else
  fail "good --set on community keys" "refused: $(head -c 200 "$tmp/stderr")"
fi
expect_bad_set "--set out of range" --set network.friend_ties=51
expect_bad_set "--set wrong type" --set mechanisms.acute=maybe
expect_bad_set "--set unknown key" --set netwrok.friend_ties=2
expect_bad_set "--set service value" --set services.0.capacity_per_10k=-1
expect_bad_set "--set service past the list" --set services.1.capacity_per_10k=0
expect_bad_set "--set reablement success 1" --set reablement.success=1

expect_bad_set "--set empty value" --set population.size=

# Integers are taken as written: a seed that would wrap, overflow, read as octal or hex, or carry a
# space is bad usage naming the option, never silently another run.
expect_usage_named() {
  local name=$1 option=$2 code
  shift 2
  rm -f "$tmp/out.h5"
  "$CDSIM" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  code=$?
  if [[ $code -ne 2 ]]; then
    fail "$name" "exit code $code, expected 2"
  elif ! grep -qF -- "$option" "$tmp/stderr"; then
    fail "$name" "stderr does not name $option: $(head -c 200 "$tmp/stderr")"
  elif [[ -e $tmp/out.h5 ]] || compgen -G "$tmp/out.h5.*.part" >/dev/null; then
    fail "$name" "left a results file behind"
  else
    ok "$name"
  fi
}
good="$DATA/good/minimal.yaml"
for seed in -1 18446744073709551616 99999999999999999999999 0x10 010 " 5" "5 " 1e3 ""; do
  expect_usage_named "--seed '$seed'" --seed run "$good" -o "$tmp/out.h5" --seed "$seed"
done
expect_usage_named "--replicates 0" --replicates run "$good" -o "$tmp/out.h5" --replicates 0
expect_usage_named "--replicates -3" --replicates run "$good" -o "$tmp/out.h5" --replicates -3
expect_usage_named "--threads 2147483648" --threads run "$good" -o "$tmp/out.h5" --threads 2147483648
expect_usage_named "--record-residents -1" --record-residents run "$good" -o "$tmp/out.h5" --record-residents -1
expect_usage_named "bench --residents 1e6" --residents bench --residents 1e6
expect_usage_named "compare --discount-rate nan" --discount-rate compare "$tmp/a.h5" "$tmp/b.h5" --discount-rate nan
expect_usage_named "analyse --resamples -1" --resamples analyse "$tmp/a.h5" --resamples -1
expect_usage_named "sweep --shard -1/3" --shard sweep "$tmp/s.yaml" -o "$tmp/out.h5" --shard -1/3
expect_usage_named "sweep --shard 1/+3" --shard sweep "$tmp/s.yaml" -o "$tmp/out.h5" --shard 1/+3
if "$CDSIM" run "$good" -o "$tmp/seed.h5" --seed 18446744073709551615 --replicates 1 >/dev/null 2>"$tmp/stderr"; then
  ok "--seed 18446744073709551615 (the largest) runs"
else
  fail "--seed 18446744073709551615" "refused: $(head -c 200 "$tmp/stderr")"
fi

# Every -o names the path the user gave and the reason, and leaves nothing behind.
# expect_bad_output NAME PATH TEXT ARGS...: exit 1, stderr names PATH and says TEXT, no PATH.*.part.
expect_bad_output() {
  local name=$1 path=$2 text=$3 code
  shift 3
  "$CDSIM" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  code=$?
  if [[ $code -ne 1 ]]; then
    fail "$name" "exit code $code, expected 1: $(head -c 200 "$tmp/stderr")"
  elif ! grep -qF -- "'$path'" "$tmp/stderr" || ! grep -qF -- "$text" "$tmp/stderr"; then
    fail "$name" "stderr does not name '$path' and say '$text': $(head -c 300 "$tmp/stderr")"
  elif compgen -G "$path.*.part" >/dev/null || compgen -G "$tmp/*.part" >/dev/null; then
    fail "$name" "left a temporary file behind"
  else
    ok "$name"
  fi
}
"$CDSIM" run "$good" -o "$tmp/a.h5" --replicates 2 >/dev/null 2>&1 && cp "$tmp/a.h5" "$tmp/b.h5"
mkdir -p "$tmp/folder"
expect_bad_output "run -o a folder" "$tmp/folder" "is a folder" run "$good" -o "$tmp/folder"
expect_bad_output "compare -o a folder" "$tmp/folder" "is a folder" compare "$tmp/a.h5" "$tmp/b.h5" -o "$tmp/folder"
expect_bad_output "compare -o in a missing folder" "$tmp/missing/x.csv" "no such folder" compare "$tmp/a.h5" "$tmp/b.h5" -o "$tmp/missing/x.csv"
# Results files are the exception: run makes their folder (the default is output/NAME.h5).
if "$CDSIM" run "$good" -o "$tmp/new/folder/x.h5" --replicates 1 >/dev/null 2>"$tmp/stderr" && [[ -f $tmp/new/folder/x.h5 ]]; then
  ok "run -o in a missing folder makes the folder"
else
  fail "run -o in a missing folder" "$(head -c 200 "$tmp/stderr")"
fi
# A full disk: a file-size limit makes the write fail as a full disk does.
(
  ulimit -f 1
  trap '' XFSZ
  "$CDSIM" compare "$tmp/a.h5" "$tmp/b.h5" --by-neighbourhood --format csv -o "$tmp/full.csv" >"$tmp/stdout" 2>"$tmp/stderr"
  echo $? >"$tmp/code"
)
if [[ $(cat "$tmp/code") -eq 1 ]] && grep -qF "'$tmp/full.csv'" "$tmp/stderr" && grep -qiE "too large|no space" "$tmp/stderr" &&
   [[ ! -e $tmp/full.csv ]] && ! compgen -G "$tmp/full.csv.*.part" >/dev/null; then
  ok "compare -o on a full disk: $(head -c 200 "$tmp/stderr")"
else
  fail "compare -o on a full disk" "exit $(cat "$tmp/code"): $(head -c 300 "$tmp/stderr")"
fi

expect_usage_error "unknown subcommand" frobnicate
expect_usage_error "no subcommand"
expect_usage_error "unknown flag on check" check "$DATA/good/minimal.yaml" --no-such-flag
expect_usage_error "unknown flag on run" run "$DATA/good/minimal.yaml" --no-such-flag -o "$tmp/out.h5"

finish
