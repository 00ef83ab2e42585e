#!/usr/bin/env bash
# The command line as a user drives it: run a small scenario, check one, benchmark briefly.
# Env: CDSIM (the executable), SCENARIOS (the bundled scenarios folder).
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

if "$CDSIM" run "$SCENARIOS/tests/tiny.yaml" -o "$tmp/tiny.h5" >"$tmp/out" 2>"$tmp/err"; then
  ok "run exits 0"
else
  fail "run exited $?: $(cat "$tmp/err")"
fi
[[ -f $tmp/tiny.h5 ]] && ! compgen -G "$tmp/tiny.h5.*.part" >/dev/null && ok "results file complete, no .part left" || fail "results file missing or .part left"
grep -q "results: $tmp/tiny.h5" "$tmp/out" && ok "summary names the results file" || fail "no results path in: $(cat "$tmp/out")"
grep -q "crisis entries per year" "$tmp/out" && ok "summary shows crisis entries" || fail "no crisis entries in summary"
grep -q "total cost" "$tmp/out" && ok "summary shows cost" || fail "no cost in summary"

"$CDSIM" run "$SCENARIOS/tests/tiny.yaml" -o "$tmp/s.h5" --replicates 1 --seed 9 --threads 1 \
  --set population.size=500 --executor serial >"$tmp/out2" 2>&1 && ok "run with every option" || fail "run with options: $(cat "$tmp/out2")"

(cd "$tmp" && "$CDSIM" run "$SCENARIOS/tests/tiny.yaml" >/dev/null 2>&1) && [[ -f $tmp/output/tiny.h5 ]] \
  && ok "default output is output/<name>.h5" || fail "default output path"

"$CDSIM" check "$SCENARIOS/baseline.yaml" >"$tmp/check" 2>&1 && grep -q valid "$tmp/check" \
  && ok "check accepts the baseline" || fail "check baseline: $(cat "$tmp/check")"

if "$CDSIM" bench --residents 2000 --weeks 4 --repeats 1 >"$tmp/bench.json" 2>"$tmp/err"; then
  /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['runs'][0]['resident_steps_per_second'] > 0 and d['runs'][0]['simulated_resident_steps_per_second'] >= d['runs'][0]['resident_steps_per_second'] and d['burn_in_weeks'] >= 0 and d['simd_target'] in ('scalar', 'emu128', 'neon', 'sve', 'sve2', 'sse4', 'avx2', 'avx512')" \
    "$tmp/bench.json" && ok "bench prints JSON" || fail "bench JSON: $(cat "$tmp/bench.json")"
else
  fail "bench exited non-zero: $(cat "$tmp/err")"
fi

# OpenMP waits passively unless the user chose (libgomp reads the policy before main: cdsim starts
# itself again with it set); the benchmark says which policy ran.
wait_policy() {
  /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['omp_wait_policy'])" "$1"
}
env -u OMP_WAIT_POLICY "$CDSIM" bench --residents 2000 --weeks 4 --repeats 1 >"$tmp/passive.json" 2>/dev/null \
  && [ "$(wait_policy "$tmp/passive.json")" = passive ] \
  && ok "OpenMP waits passively by default" || fail "wait policy by default: $(cat "$tmp/passive.json")"
OMP_WAIT_POLICY=active "$CDSIM" bench --residents 2000 --weeks 4 --repeats 1 >"$tmp/active.json" 2>/dev/null \
  && [ "$(wait_policy "$tmp/active.json")" = active ] \
  && ok "a user's OMP_WAIT_POLICY stands" || fail "wait policy chosen: $(cat "$tmp/active.json")"

finish
