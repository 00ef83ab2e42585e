#!/usr/bin/env bash
# Crash safety and resource limits, as a user meets them: kills at random moments, Ctrl-C and SIGTERM,
# a disk that fills up, an output folder that can't be written, an input that vanishes, a run that
# would not fit in memory. Each ends in a clear error and exit 1 (or 128 + signal), with no file under
# the results' real name unless it is complete, and earlier results left as they were.
# Env: CDSIM (the executable), SCENARIOS (the bundled scenarios folder).
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
cleanup() { chattr -i "$tmp/locked" 2>/dev/null; rm -rf "$tmp"; }  # the immutable file first
run=(run "$SCENARIOS/baseline.yaml" --replicates 4 --set population.size=30000 --set years=2 --threads 2)
# Long enough (minutes) that every signal below lands mid-run, whatever the machine's speed.
long_run=(run "$SCENARIOS/baseline.yaml" --replicates 500 --set population.size=30000 --set years=2 --threads 2)

# Whether a writer's temporary file for $1 (NAME.XXXXXX.part) is there.
temporary() { compgen -G "$1.*.part" >/dev/null; }

# Waits until the run has started (its temporary file exists), then a little longer.
wait_started() {
  for _ in $(seq 100); do temporary "$1" && break; sleep 0.05; done
  sleep "$2"
}

# A file under its real name must be complete: every replicate readable.
complete() { "$CDSIM" compare "$1" "$1" >/dev/null 2>&1; }

# SIGKILL at several moments: the results' real name appears only when the run finished.
for delay in 0 0.1 0.4 0.9 1.6; do
  out="$tmp/kill-$delay.h5"
  "$CDSIM" "${long_run[@]}" -o "$out" >/dev/null 2>&1 &
  pid=$!
  wait_started "$out" "$delay"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  code=$?
  if [[ -e $out ]]; then
    complete "$out" && ok "killed at ${delay}s after finishing (exit $code): the file is complete" \
      || fail "killed at ${delay}s: '$out' exists but is incomplete"
  else
    [[ $code -eq 137 ]] && ok "killed at ${delay}s: no results file under its real name" \
      || fail "killed at ${delay}s: exit $code and no results file"
  fi
done

# SIGINT and SIGTERM: a clean stop, a message that says what to do, nothing left behind.
for sig in INT TERM; do
  out="$tmp/sig-$sig.h5"
  "$CDSIM" "${long_run[@]}" -o "$out" >/dev/null 2>"$tmp/err" &
  pid=$!
  wait_started "$out" 0.5
  kill -"$sig" "$pid"
  wait "$pid"
  code=$?
  expected=$((128 + $(kill -l "$sig")))
  if [[ $code -eq $expected ]] && grep -q "interrupted by SIG$sig" "$tmp/err" && grep -q "run the same command again" "$tmp/err" \
    && [[ ! -e $out ]] && ! temporary "$out"; then
    ok "SIG$sig: exit $code, says how to resume, leaves nothing"
  else
    fail "SIG$sig: exit $code (expected $expected), files: $(ls "$tmp" | tr '\n' ' '), stderr: $(cat "$tmp/err")"
  fi
done

# A disk that fills up (a file-size limit makes writes fail as a full disk does); earlier results survive.
out="$tmp/full.h5"
echo "earlier results" >"$out"
(ulimit -f 64; trap '' XFSZ; exec "$CDSIM" "${run[@]}" -o "$out") >/dev/null 2>"$tmp/err"
code=$?
if [[ $code -eq 1 ]] && grep -q "writing results file '$out': File too large" "$tmp/err" && [[ $(cat "$out") == "earlier results" ]] \
  && ! temporary "$out"; then
  ok "full disk: exit 1, names the file and the reason, earlier results untouched, no temporary file"
else
  fail "full disk: exit $code, $(cat "$tmp/err"), content '$(head -c 40 "$out")'"
fi

# An output folder that can't be written: refused before the run starts.
mkdir -p "$tmp/locked"
if chattr +i "$tmp/locked" 2>/dev/null; then
  start=$(date +%s)
  "$CDSIM" "${run[@]}" -o "$tmp/locked/out.h5" >/dev/null 2>"$tmp/err"
  code=$?
  [[ $code -eq 1 ]] && grep -q "cannot create results file '$tmp/locked/out.h5': Operation not permitted" "$tmp/err" && (($(date +%s) - start < 5)) \
    && ok "read-only folder: exit 1 at once, names the file" || fail "read-only folder: exit $code, $(cat "$tmp/err")"
  chattr -i "$tmp/locked"
elif [[ $(id -u) -ne 0 ]]; then
  chmod a-w "$tmp/locked"
  "$CDSIM" "${run[@]}" -o "$tmp/locked/out.h5" >/dev/null 2>"$tmp/err"
  [[ $? -eq 1 ]] && grep -q "cannot create results file" "$tmp/err" && ok "read-only folder: exit 1" || fail "read-only folder: $(cat "$tmp/err")"
  chmod u+w "$tmp/locked"
else
  echo "skip: read-only folder (root without chattr on this file system)"
fi
"$CDSIM" "${run[@]}" -o "$tmp/full.h5/out.h5" >/dev/null 2>"$tmp/err"
[[ $? -eq 1 ]] && grep -q "cannot create the folder" "$tmp/err" && ok "output under a file: exit 1, says why" \
  || fail "output under a file: $(cat "$tmp/err")"

# An input that vanishes: the scenario before the run, a results file before compare.
cp "$SCENARIOS/tests/tiny.yaml" "$tmp/gone.yaml"
rm "$tmp/gone.yaml"
"$CDSIM" run "$tmp/gone.yaml" -o "$tmp/gone.h5" >/dev/null 2>"$tmp/err"
[[ $? -eq 1 ]] && grep -q "gone.yaml" "$tmp/err" && [[ ! -e $tmp/gone.h5 ]] && ok "vanished scenario: exit 1 naming it" \
  || fail "vanished scenario: $(cat "$tmp/err")"
"$CDSIM" compare "$tmp/gone.h5" "$tmp/gone.h5" >/dev/null 2>"$tmp/err"
[[ $? -eq 1 ]] && grep -q "gone.h5" "$tmp/err" && ok "vanished results: exit 1 naming it" || fail "vanished results: $(cat "$tmp/err")"

# Memory that would be exceeded: refused before anything is allocated or written.
"$CDSIM" run "$SCENARIOS/tests/tiny.yaml" --set population.size=100000000000 -o "$tmp/huge.h5" >/dev/null 2>"$tmp/err"
[[ $? -eq 1 ]] && grep -q "available" "$tmp/err" && [[ ! -e $tmp/huge.h5 ]] && ! temporary "$tmp/huge.h5" \
  && ok "too big for memory: exit 1, says how much is needed" || fail "too big for memory: $(cat "$tmp/err")"

finish
