#!/usr/bin/env bash
# `cdsim calibrate` as users drive it: the same posterior bytes with 1 or 2 threads and after kills and
# --resume; a journal left behind is not silently reused; contradictory data exit 3 with the waves kept
# and no calibrated scenario; bad input exits 1 before any run with nothing written; the calibrated
# scenario runs with --uncertainty and records the posterior's draws; JSON for scripts.
# Env: CDSIM (the executable), SCENARIOS (the bundled scenarios folder).
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
tiny="$(cd "$SCENARIOS" && pwd)/tests/tiny.yaml"

cat >"$tmp/data.csv" <<'CSV'
measure,period_start,period_end,value,sd
entries_to_crisis,2025-04-01,2026-03-30,1330,
entries_to_crisis,2026-03-31,2027-03-29,1310,
residents_support,2025-04-01,2026-03-30,1250,
residents_support,2026-03-31,2027-03-29,1240,
deaths,2025-04-01,2026-03-30,60,
CSV
cat >"$tmp/cal.yaml" <<YAML
scenario: $tiny
data: data.csv
set: {years: 2, population.size: 6000}
parameters:
  transitions.support_to_crisis: {prior: uniform, low: 0.003, high: 0.015}
  transitions.independent_to_support: {prior: uniform, low: 0.0007, high: 0.0028}
budget: {runs: 120}
YAML

"$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/one.h5" -s "$tmp/calibrated.yaml" --threads 1 >"$tmp/out" 2>"$tmp/err"
code=$?
[[ $code -eq 0 ]] && grep -q "posterior median (90%)" "$tmp/out" && [[ -s $tmp/calibrated.yaml ]] \
  && [[ ! -e $tmp/one.h5.journal ]] && ok "calibrate writes the posterior, the table and the calibrated scenario" \
  || fail "calibrate: exit $code $(cat "$tmp/out" "$tmp/err")"
"$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/two.h5" --threads 2 >/dev/null 2>&1
cmp -s "$tmp/one.h5" "$tmp/two.h5" && ok "1 and 2 threads give the same posterior bytes" || fail "threads change the posterior"

# MPI ranks share each wave's runs: the same bytes again (see tests/cli/sweep.sh for the settings).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
rank_asan="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
if command -v mpirun >/dev/null; then
  for n in 2 3; do
    ASAN_OPTIONS=$rank_asan mpirun --oversubscribe -n $n "$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/mpi$n.h5" \
      >"$tmp/out" 2>&1 && cmp -s "$tmp/one.h5" "$tmp/mpi$n.h5" && grep -q "$n MPI ranks shared the runs" "$tmp/out" \
      && ok "mpirun -n $n: the same posterior bytes" || fail "mpirun -n $n: $(cat "$tmp/out")"
  done
  ASAN_OPTIONS=$rank_asan mpirun --oversubscribe -n 2 "$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/data.csv" >"$tmp/out" 2>&1
  code=$?
  [[ $code -ne 0 ]] && [[ $(grep -c "would overwrite\|refus\|input" "$tmp/out") -ge 1 ]] \
    && ok "mpirun: a refusal on rank 0 ends every rank" || fail "mpirun refusal: exit $code $(cat "$tmp/out")"
else
  fail "mpirun not found (setup.sh installs openmpi-bin)"
fi

# Killed again and again, then resumed: the same bytes as the uninterrupted calibration. A journal left
# behind is refused without --resume.
"$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/killed.h5" --threads 1 >/dev/null 2>&1 &
pid=$!
sleep 0.5
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
if [[ -e $tmp/killed.h5.journal ]]; then
  "$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/killed.h5" --threads 1 >/dev/null 2>"$tmp/err"
  code=$?
  [[ $code -eq 1 ]] && grep -q -- "--resume" "$tmp/err" && ok "a journal left behind needs --resume" \
    || fail "journal without --resume: exit $code $(cat "$tmp/err")"
else
  fail "the first kill did not land mid-calibration"
fi
for delay in 0.4 0.8; do
  "$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/killed.h5" --threads 1 --resume >/dev/null 2>&1 &
  pid=$!
  sleep $delay
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
done
"$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/killed.h5" --threads 1 --resume >/dev/null 2>&1
cmp -s "$tmp/one.h5" "$tmp/killed.h5" && [[ ! -e $tmp/killed.h5.journal ]] \
  && ok "resumed after kills: identical to an uninterrupted calibration" || fail "resume changed the posterior"

# The calibrated scenario carries the posterior into --uncertainty.
"$CDSIM" run "$tmp/calibrated.yaml" --uncertainty --replicates 3 --set years=1 -o "$tmp/run.h5" >/dev/null 2>"$tmp/err" \
  && /usr/bin/python3 - "$tmp/run.h5" "$tmp/one.h5" <<'PY' && ok "run --uncertainty takes the posterior's draws" || fail "posterior draws in run: $(cat "$tmp/err")"
import sys, h5py
run, post = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
names = [n.decode() if isinstance(n, bytes) else n for n in run["parameter_name"][:]]
fitted = [n.decode() if isinstance(n, bytes) else n for n in post["parameter_name"][:]]
assert names[: len(fitted)] == fitted, (names, fitted)
assert (run["parameter"][:, : len(fitted)] == post["draw_value"][:3, :]).all()
assert post.attrs["status"] == "fitted"
PY

# JSON for scripts.
"$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/json.h5" --format json --threads 1 >"$tmp/out.json" 2>/dev/null \
  && /usr/bin/python3 -c "
import json, sys
j = json.load(open(sys.argv[1]))
assert j['calibration']['status'] == 'fitted'
assert [p['key'] for p in j['parameters']] == ['transitions.support_to_crisis', 'transitions.independent_to_support']
assert len(j['observations']) == 5 and 'predicted' in j['observations'][0]
" "$tmp/out.json" && ok "--format json" || fail "json: $(head -c 400 "$tmp/out.json")"

# Contradictory data: nothing plausible is said, not fitted.
sed -e 's/^entries_to_crisis,2025-04-01,2026-03-30,1330,/entries_to_crisis,2025-04-01,2026-03-30,100,1/' \
  -e 's/^entries_to_crisis,2026-03-31,2027-03-29,1310,/entries_to_crisis,2026-03-31,2027-03-29,5000,1/' \
  "$tmp/data.csv" >"$tmp/contradiction.csv"
sed 's/data: data.csv/data: contradiction.csv/' "$tmp/cal.yaml" >"$tmp/contradiction.yaml"
"$CDSIM" calibrate "$tmp/contradiction.yaml" -o "$tmp/none.h5" -s "$tmp/none.yaml" --threads 1 >"$tmp/out" 2>"$tmp/err"
code=$?
[[ $code -eq 3 ]] && grep -q "no parameter set within the plausibility bound" "$tmp/err" && [[ -e $tmp/none.h5 ]] \
  && [[ ! -e $tmp/none.yaml ]] && ok "contradictory data: exit 3, said plainly, waves kept, no calibrated scenario" \
  || fail "contradiction: exit $code $(cat "$tmp/err")"

# Bad input: before any run, nothing written.
printf 'measure,period_start,period_end,value\nentries_to_crisis,2025-04-01,2026-03-30,lots\n' >"$tmp/bad.csv"
sed 's/data: data.csv/data: bad.csv/' "$tmp/cal.yaml" >"$tmp/bad.yaml"
"$CDSIM" calibrate "$tmp/bad.yaml" -o "$tmp/bad.h5" >/dev/null 2>"$tmp/err"
code=$?
[[ $code -eq 1 ]] && grep -q "bad.csv:2: column 'value': 'lots' is not a number" "$tmp/err" && [[ ! -e $tmp/bad.h5 ]] \
  && [[ ! -e $tmp/bad.h5.journal ]] && ok "a bad data file: exit 1, file:line and column, nothing written" \
  || fail "bad data: exit $code $(cat "$tmp/err")"
sed 's/transitions.independent_to_support:/transitions.indepedent_to_support:/' "$tmp/cal.yaml" >"$tmp/badkey.yaml"
"$CDSIM" calibrate "$tmp/badkey.yaml" -o "$tmp/bad.h5" >/dev/null 2>"$tmp/err"
code=$?
[[ $code -eq 1 ]] && grep -q "parameters.transitions.indepedent_to_support: at its prior's median" "$tmp/err" && [[ ! -e $tmp/bad.h5 ]] \
  && ok "an unknown scenario key: exit 1, named" || fail "bad key: exit $code $(cat "$tmp/err")"
"$CDSIM" calibrate "$tmp/cal.yaml" -o "$tmp/data.csv" >/dev/null 2>"$tmp/err"
code=$?
[[ $code -eq 1 ]] && head -1 "$tmp/data.csv" | grep -q "^measure" && ok "-o naming the data file is refused" \
  || fail "-o = input: exit $code $(cat "$tmp/err")"

finish
