#!/usr/bin/env bash
# `cdsim compare` as a strategy lead drives it: a bundled policy scenario against the baseline, in every
# format, and the refusals: files that are not a pair, missing files, nothing written on error.
# Env: CDSIM (the executable), SCENARIOS (the bundled scenarios folder).
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

small=(--replicates 3 --set population.size=8000 --set years=2.5)
"$CDSIM" run "$SCENARIOS/baseline.yaml" -o "$tmp/base.h5" "${small[@]}" >/dev/null 2>"$tmp/err" || fail "baseline run: $(cat "$tmp/err")"
"$CDSIM" run "$SCENARIOS/wigan-deal.yaml" -o "$tmp/deal.h5" "${small[@]}" >/dev/null 2>"$tmp/err" || fail "policy run: $(cat "$tmp/err")"
"$CDSIM" run "$SCENARIOS/baseline.yaml" -o "$tmp/seed.h5" "${small[@]}" --seed 99 >/dev/null 2>&1 || fail "seed run"

if "$CDSIM" compare "$tmp/base.h5" "$tmp/deal.h5" --by-neighbourhood >"$tmp/table" 2>"$tmp/err"; then
  ok "compare exits 0"
else
  fail "compare exited $?: $(cat "$tmp/err")"
fi
for line in "wigan-deal against baseline: 3 paired replicates" "crisis entries avoided" "net present value at 3.5% a year" \
  "policy spend" "benefit-cost ratio" "by neighbourhood"; do
  grep -q "$line" "$tmp/table" && ok "table shows '$line'" || fail "no '$line' in: $(cat "$tmp/table")"
done
"$CDSIM" compare "$tmp/base.h5" "$tmp/deal.h5" --format csv -o "$tmp/out.csv" 2>"$tmp/err" \
  && head -1 "$tmp/out.csv" | grep -q "^scenario,baseline,measure,neighbourhood,unit,mean,low,high$" && ! compgen -G "$tmp/out.csv.*.part" >/dev/null \
  && ok "csv written to -o" || fail "csv: $(cat "$tmp/err")"
"$CDSIM" compare "$tmp/base.h5" "$tmp/deal.h5" --format json >"$tmp/out.json" 2>"$tmp/err" \
  && /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); m=d[0]['measures']; assert m['policy_spend']['mean'] > 0 and m['npv']['unit'] == 'pounds'" "$tmp/out.json" \
  && ok "json parses with spend and npv" || fail "json: $(cat "$tmp/out.json" "$tmp/err")"
# The wrong-pocket table: savings and spend for each agency, the four the model prices among them, and
# the spend by agency adding up to the policy spend.
/usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))[0]
a = d['by_agency']
assert {'council_adult_care', 'council_children', 'nhs', 'police'} <= set(a), sorted(a)
for v in a.values():
    assert set(v) == {'cost_saved', 'policy_spend', 'net_saving'} and v['policy_spend']['unit'] == 'pounds', v
spend = sum(v['policy_spend']['mean'] for v in a.values())
assert abs(spend - d['measures']['policy_spend']['mean']) <= 1e-6 * abs(spend) + 1e-6, spend
" "$tmp/out.json" && ok "json gives savings and spend by agency" || fail "json by agency: $(cat "$tmp/out.json")"
/usr/bin/python3 -c "
import sys, xarray as xr
with xr.open_dataset(sys.argv[1]) as ds:
    paid = ds.policy_paid_by
    assert paid.dims == ('policy', 'agency'), paid.dims
    assert abs(paid.sum('agency') - 1).max() < 1e-12, paid.values
    team = paid.sel(policy='place_based_team')
    assert float(team.sel(agency='police')) == 0.1 and float(team.sel(agency='nhs')) == 0.3, team.values
    assert float(paid.sel(policy='social_prescribing', agency='nhs')) == 1, paid.values
    staff = dict(zip(ds.policy.values, ds.policy_staffed_by.values))
    assert staff['place_based_team'] == 'council_adult_care council_children nhs police', staff
    assert staff['social_prescribing'] == '', staff
" "$tmp/deal.h5" && ok "policy_paid_by: the team's shares as the scenario says, prescribing paid by the NHS" || fail "policy_paid_by"
grep -q "by agency (who saves and who pays" "$tmp/table" && ok "table shows the wrong-pocket table" || fail "no agency table in: $(cat "$tmp/table")"

"$CDSIM" compare "$tmp/base.h5" "$tmp/seed.h5" -o "$tmp/bad.csv" >/dev/null 2>"$tmp/err"
code=$?
[[ $code -eq 1 ]] && grep -q "different seeds" "$tmp/err" && [[ ! -e $tmp/bad.csv ]] && ! compgen -G "$tmp/bad.csv.*.part" >/dev/null \
  && ok "different seeds: exit 1, says why, writes nothing" || fail "different seeds: exit $code, $(cat "$tmp/err")"
"$CDSIM" compare "$tmp/base.h5" "$tmp/missing.h5" >/dev/null 2>"$tmp/err"
code=$?
[[ $code -eq 1 ]] && grep -q "missing.h5" "$tmp/err" && ok "missing file: exit 1 naming it" || fail "missing file: exit $code, $(cat "$tmp/err")"
# Files whose values no run can produce: refused naming the file and the variable, nothing written.
hostile="$(dirname "$0")/../python/hostile_results.py"
for kind in nan-cost time-backwards negative-residents no-neighbourhoods; do
  /usr/bin/python3 "$hostile" "$kind" "$tmp/deal.h5" "$tmp/$kind.h5" || fail "$kind: could not write the hostile file"
  "$CDSIM" compare "$tmp/base.h5" "$tmp/$kind.h5" -o "$tmp/$kind.csv" >/dev/null 2>"$tmp/err"
  code=$?
  [[ $code -eq 1 ]] && grep -qF "$tmp/$kind.h5: " "$tmp/err" && [[ ! -e $tmp/$kind.csv ]] && ! compgen -G "$tmp/$kind.csv.*.part" >/dev/null \
    && ok "$kind: exit 1, $(cat "$tmp/err")" || fail "$kind: exit $code, $(cat "$tmp/err")"
done
# With parameter uncertainty: each replicate its own draw, shared by the pair; compare adds the chance of
# paying back and the drivers, and refuses a pair of which only one drew.
few=(--replicates 8 --set population.size=3000 --set years=1.5 --uncertainty)
"$CDSIM" run "$SCENARIOS/baseline.yaml" -o "$tmp/ubase.h5" "${few[@]}" >/dev/null 2>"$tmp/err" || fail "baseline --uncertainty: $(cat "$tmp/err")"
"$CDSIM" run "$SCENARIOS/place-teams.yaml" -o "$tmp/uteams.h5" "${few[@]}" >/dev/null 2>"$tmp/err" || fail "teams --uncertainty: $(cat "$tmp/err")"
"$CDSIM" compare "$tmp/ubase.h5" "$tmp/uteams.h5" >"$tmp/table" 2>"$tmp/err" && grep -q "probability that the net present value is positive" "$tmp/table" \
  && ok "uncertainty: the table gives the probability of payback" || fail "uncertainty table: $(cat "$tmp/table" "$tmp/err")"
"$CDSIM" compare "$tmp/ubase.h5" "$tmp/uteams.h5" --format json >"$tmp/u.json" 2>"$tmp/err" \
  && /usr/bin/python3 -c "
import json, sys
u = json.load(open(sys.argv[1]))[0]['uncertainty']
assert u['draws'] == 8 and 0 <= u['probability_npv_positive'] <= 1, u
assert 'transitions.support_to_crisis' in u['parameters'] and 'drivers_method' in u, u
assert u['drivers'] == [] and 'at least' in u['drivers_note'], u  # 8 draws are too few for 13 parameters
" "$tmp/u.json" && ok "uncertainty: json has the draws, the probability and why there are no drivers" \
  || fail "uncertainty json: $(cat "$tmp/u.json" "$tmp/err")"
"$CDSIM" run "$SCENARIOS/place-teams.yaml" -o "$tmp/plain.h5" --replicates 8 --set population.size=3000 --set years=1.5 >/dev/null 2>&1
"$CDSIM" compare "$tmp/ubase.h5" "$tmp/plain.h5" >/dev/null 2>"$tmp/err"
code=$?
[[ $code -eq 1 ]] && grep -q "only .* was run with --uncertainty" "$tmp/err" && ok "uncertainty: a pair of which one drew is refused" \
  || fail "uncertainty pairing: exit $code, $(cat "$tmp/err")"

# --break-even KEY: the pair re-run at values of KEY until the mean NPV changes sign. Teams that prevent
# most escalation pay back at a low enough cost per worker: found, in every format.
strong=(--replicates 1 --set population.size=3000 --set years=4)
"$CDSIM" run "$SCENARIOS/baseline.yaml" -o "$tmp/sbase.h5" "${strong[@]}" >/dev/null 2>"$tmp/err" || fail "baseline for --break-even: $(cat "$tmp/err")"
"$CDSIM" run "$SCENARIOS/place-teams.yaml" -o "$tmp/steams.h5" "${strong[@]}" --set policies.0.escalation_multiplier=0.05 \
  --set policies.0.surfacing_multiplier=1 >/dev/null 2>"$tmp/err" || fail "teams for --break-even: $(cat "$tmp/err")"
even=(--break-even policies.0.cost_per_fte --break-even-range 0 75000 --threads 1)
"$CDSIM" compare "$tmp/sbase.h5" "$tmp/steams.h5" "${even[@]}" >"$tmp/table" 2>"$tmp/err" \
  && grep -q "break-even of policies.0.cost_per_fte by a bisection of runs (1 replicates a run" "$tmp/table" \
  && grep -q "pays back if at most [0-9.]* (the mean NPV changes sign between" "$tmp/table" \
  && ok "break-even: the table gives the value, its bracket and the range searched" || fail "break-even table: $(cat "$tmp/table" "$tmp/err")"
"$CDSIM" compare "$tmp/sbase.h5" "$tmp/steams.h5" "${even[@]}" --format json >"$tmp/be.json" 2>"$tmp/err" \
  && /usr/bin/python3 -c "
import json, sys
e = json.load(open(sys.argv[1]))[0]['break_even_bisection']
assert e['parameter'] == 'policies.0.cost_per_fte' and e['pays_back_if'] == 'at_most', e
assert e['low'] <= e['value'] <= e['high'] and e['high'] - e['low'] <= e['tolerance'] == 750, e
assert e['range'] == {'low': 0, 'high': 75000, 'from': 'given'}, e
assert e['npv_at_range']['low'] > 0 > e['npv_at_range']['high'], e
assert e['replicates'] == 1 and e['runs'] == e['steps'] + 3, e
" "$tmp/be.json" && ok "break-even: json under break_even_bisection" || fail "break-even json: $(cat "$tmp/be.json" "$tmp/err")"
"$CDSIM" compare "$tmp/sbase.h5" "$tmp/steams.h5" "${even[@]}" --format csv >"$tmp/be.csv" 2>"$tmp/err" \
  && grep -q "^place-teams,baseline,break_even_bisection:policies.0.cost_per_fte,,at_most," "$tmp/be.csv" \
  && grep -q "^place-teams,baseline,break_even_bisection_range:policies.0.cost_per_fte,,value,,0,75000$" "$tmp/be.csv" \
  && grep -q "^place-teams,baseline,break_even_bisection_npv:policies.0.cost_per_fte,,pounds,," "$tmp/be.csv" \
  && ok "break-even: csv rows" || fail "break-even csv: $(cat "$tmp/be.csv" "$tmp/err")"
# Refusals: exit 1 naming the key, nothing written.
refuse_even() {
  local name=$1 text=$2
  shift 2
  "$CDSIM" compare "$@" -o "$tmp/never.csv" >/dev/null 2>"$tmp/err"
  local code=$?
  [[ $code -eq 1 ]] && grep -qF -- "$text" "$tmp/err" && [[ ! -e $tmp/never.csv ]] && ok "break-even $name: $(cat "$tmp/err")" \
    || fail "break-even $name: exit $code, $(cat "$tmp/err")"
}
refuse_even "not a key" "--break-even policies.0.nothing: not a number of the scenario" \
  "$tmp/sbase.h5" "$tmp/steams.h5" --break-even policies.0.nothing --threads 1
refuse_even "no range" "--break-even policies.0.fte: the files drew no values of it" \
  "$tmp/sbase.h5" "$tmp/steams.h5" --break-even policies.0.fte --threads 1
refuse_even "pays back everywhere" "--break-even policies.0.cost_per_fte: place-teams pays back across the whole range searched" \
  "$tmp/sbase.h5" "$tmp/steams.h5" --break-even policies.0.cost_per_fte --break-even-range 0 100 --threads 1
# The range from the values the files drew: the teams pay back at no plausible escalation.
refuse_even "pays back nowhere" "--break-even policies.0.escalation_multiplier: place-teams does not pay back anywhere in the range searched" \
  "$tmp/ubase.h5" "$tmp/uteams.h5" --break-even policies.0.escalation_multiplier --replicates 1 --threads 1
"$CDSIM" compare "$tmp/sbase.h5" "$tmp/steams.h5" --replicates 2 >/dev/null 2>"$tmp/err"
[[ $? -eq 2 ]] && grep -q "requires --break-even" "$tmp/err" && ok "--replicates without --break-even: usage error (exit 2)" \
  || fail "--replicates without --break-even: $(cat "$tmp/err")"

"$CDSIM" compare "$tmp/base.h5" >/dev/null 2>&1
[[ $? -eq 2 ]] && ok "one file: usage error (exit 2)" || fail "one file did not exit 2"

finish
