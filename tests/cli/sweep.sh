#!/usr/bin/env bash
# `cdsim sweep`, `merge` and `analyse` as researchers drive them: the same bits from one process, job-array
# shards merged, and 1, 2 and 3 MPI ranks; a sweep killed with SIGKILL again and again, then finished,
# equals an uninterrupted one; SIGINT stops cleanly and says how to resume; bad input is refused before
# any run, naming what is wrong, with nothing written.
# Env: CDSIM (the executable), SCENARIOS (the bundled scenarios folder).
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
sweeps="$SCENARIOS/tests/sweeps"
lhs="$sweeps/tiny-lhs.yaml"

"$CDSIM" sweep "$lhs" -o "$tmp/full.h5" >"$tmp/out" 2>"$tmp/err" && grep -q "24 runs (12 points x 2 replicates" "$tmp/out" \
  && [[ ! -e $tmp/full.h5.journal ]] && ! compgen -G "$tmp/full.h5.*.part" >/dev/null \
  && ok "sweep runs 24 runs and leaves no journal or .part" || fail "sweep: $(cat "$tmp/out" "$tmp/err")"
"$CDSIM" sweep "$lhs" -o "$tmp/full.h5" >"$tmp/out" 2>&1 && grep -q "nothing to run" "$tmp/out" \
  && ok "the same command again has nothing to run" || fail "rerun: $(cat "$tmp/out")"
"$CDSIM" sweep "$lhs" -o "$tmp/one-thread.h5" --threads 1 >/dev/null 2>&1 && cmp -s "$tmp/full.h5" "$tmp/one-thread.h5" \
  && ok "1 thread: identical file" || fail "1 thread differs"

# Job array: three shards, merged, give the same bytes.
for s in 0 1 2; do "$CDSIM" sweep "$lhs" -o "$tmp/shard$s.h5" --shard $s/3 >/dev/null 2>"$tmp/err" || fail "shard $s: $(cat "$tmp/err")"; done
"$CDSIM" merge "$tmp/shard0.h5" "$tmp/shard1.h5" "$tmp/shard2.h5" -o "$tmp/merged.h5" >/dev/null 2>"$tmp/err" \
  && cmp -s "$tmp/full.h5" "$tmp/merged.h5" && ok "3 shards merged: identical file" || fail "merge: $(cat "$tmp/err")"
"$CDSIM" merge "$tmp/shard0.h5" "$tmp/shard2.h5" -o "$tmp/partial.h5" >/dev/null 2>"$tmp/err"
code=$?
[[ $code -eq 1 ]] && grep -q "missing" "$tmp/err" && [[ ! -e $tmp/partial.h5 ]] \
  && ok "a missing shard: exit 1, says runs are missing, writes nothing" || fail "missing shard: exit $code $(cat "$tmp/err")"
"$CDSIM" sweep "$lhs" -o "$tmp/bad.h5" --shard 3/3 >/dev/null 2>"$tmp/err"
[[ $? -eq 2 ]] && grep -q "expected i/n" "$tmp/err" && ok "--shard 3/3 refused (usage, exit 2)" || fail "--shard 3/3: $(cat "$tmp/err")"

# MPI: 1, 2 and 3 ranks (more than the cores), rank 0 handing out runs.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
# Under the sanitizer build, leak checking is off for the ranks alone: Open MPI dlcloses its components
# at MPI_Finalize, so LeakSanitizer reports their allocations as "<unknown module>" and no suppression can
# name them. The sweep code the ranks run is leak-checked by the single-process runs above.
rank_asan="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
if command -v mpirun >/dev/null; then
  for n in 1 2 3; do
    ASAN_OPTIONS=$rank_asan mpirun --oversubscribe -n $n "$CDSIM" sweep "$lhs" -o "$tmp/mpi$n.h5" >"$tmp/out" 2>&1 \
      && cmp -s "$tmp/full.h5" "$tmp/mpi$n.h5" && ok "mpirun -n $n: identical file" || fail "mpirun -n $n: $(cat "$tmp/out")"
  done
else
  fail "mpirun not found (setup.sh installs openmpi-bin)"
fi

# Killed with SIGKILL at several moments, restarted each time with the same command, then finished.
sed -e "s|base: ../tiny.yaml|base: $SCENARIOS/tests/tiny.yaml|" -e "s|years: 0.5|years: 30|" "$lhs" >"$tmp/slow.yaml"
"$CDSIM" sweep "$tmp/slow.yaml" -o "$tmp/slow-full.h5" >/dev/null 2>&1 || fail "slow sweep"
landed=0
for delay in 0.3 0.5 0.7 0.4 0.6 0.9; do
  "$CDSIM" sweep "$tmp/slow.yaml" -o "$tmp/slow.h5" >/dev/null 2>&1 &
  pid=$!
  sleep $delay
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  if [[ -e $tmp/slow.h5 ]]; then  # it finished before this kill: then the file must be whole
    cmp -s "$tmp/slow-full.h5" "$tmp/slow.h5" || fail "a file under the results name is not the whole sweep"
    break
  fi
  [[ -e $tmp/slow.h5.journal ]] && landed=$((landed + 1))
done
[[ $landed -ge 2 ]] && ok "$landed kills mid-sweep left a journal and no results file" || fail "only $landed kills landed mid-sweep"
"$CDSIM" sweep "$tmp/slow.yaml" -o "$tmp/slow.h5" >"$tmp/out" 2>&1
cmp -s "$tmp/slow-full.h5" "$tmp/slow.h5" && [[ ! -e $tmp/slow.h5.journal ]] \
  && ok "resumed after the kills: identical to an uninterrupted sweep" || fail "resume: $(cat "$tmp/out")"
# A torn journal record (killed mid-append) is cut off, not trusted.
"$CDSIM" sweep "$tmp/slow.yaml" -o "$tmp/torn.h5" >/dev/null 2>&1 &
pid=$!
sleep 0.6
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
if [[ -e $tmp/torn.h5.journal ]]; then
  printf 'CSSR\x01\x02' >>"$tmp/torn.h5.journal"
  "$CDSIM" sweep "$tmp/slow.yaml" -o "$tmp/torn.h5" >/dev/null 2>&1 && cmp -s "$tmp/slow-full.h5" "$tmp/torn.h5" \
    && ok "a torn last record is dropped and the run redone" || fail "torn journal"
else
  ok "torn-record check skipped (the sweep finished before the kill)"
fi
# A disk that fills up mid-sweep (a file-size limit fails writes as a full disk does): a clear error naming
# the journal, the runs before it kept, and the same command on a roomier disk finishes the same sweep.
(ulimit -f 1; trap '' XFSZ; exec "$CDSIM" sweep "$lhs" -o "$tmp/full-disk.h5") >/dev/null 2>"$tmp/err"
code=$?
[[ $code -eq 1 ]] && grep -q "full-disk.h5.journal" "$tmp/err" && [[ ! -e $tmp/full-disk.h5 ]] \
  && ok "full disk: exit 1, names the journal, no results file" || fail "full disk: exit $code $(cat "$tmp/err")"
"$CDSIM" sweep "$lhs" -o "$tmp/full-disk.h5" >"$tmp/out" 2>&1 && grep -q "resum" "$tmp/out" \
  && cmp -s "$tmp/full.h5" "$tmp/full-disk.h5" && ok "after a full disk the same command resumes to the same file" \
  || fail "resume after full disk: $(cat "$tmp/out")"
# SIGINT: stops between runs, keeps them, says how to resume.
"$CDSIM" sweep "$tmp/slow.yaml" -o "$tmp/int.h5" >/dev/null 2>"$tmp/err" &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
code=$?
if [[ $code -eq 130 ]]; then
  grep -q "run the same command again to resume" "$tmp/err" && [[ ! -e $tmp/int.h5 ]] \
    && ok "SIGINT: exit 130, says how to resume, no results file" || fail "SIGINT message: $(cat "$tmp/err")"
else
  [[ $code -eq 0 ]] && ok "SIGINT check skipped (finished first)" || fail "SIGINT: exit $code $(cat "$tmp/err")"
fi

# Sensitivity.
"$CDSIM" sweep "$sweeps/tiny-sobol.yaml" -o "$tmp/sobol.h5" >/dev/null 2>&1 || fail "sobol sweep"
"$CDSIM" analyse "$tmp/sobol.h5" >"$tmp/out" 2>"$tmp/err" && grep -q "S1 \[95% interval\]" "$tmp/out" \
  && grep -q "transitions.support_to_crisis" "$tmp/out" && ok "analyse prints Sobol indices" || fail "analyse sobol: $(cat "$tmp/err")"
"$CDSIM" analyse "$tmp/sobol.h5" --format csv -o "$tmp/sobol.csv" 2>"$tmp/err" \
  && head -1 "$tmp/sobol.csv" | grep -q "^kpi,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high$" \
  && [[ $(wc -l <"$tmp/sobol.csv") -eq 5 ]] && ok "analyse csv: a row per kpi and parameter" || fail "csv: $(cat "$tmp/err")"
"$CDSIM" sweep "$sweeps/tiny-morris.yaml" -o "$tmp/morris.h5" >/dev/null 2>&1 || fail "morris sweep"
"$CDSIM" analyse "$tmp/morris.h5" --format json >"$tmp/out" 2>"$tmp/err" \
  && /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['method']=='morris' and len(d['indices'])==28" "$tmp/out" \
  && ok "analyse json: Morris mu*, mu, sigma" || fail "analyse morris: $(cat "$tmp/out" "$tmp/err")"
"$CDSIM" analyse "$tmp/full.h5" >/dev/null 2>"$tmp/err"
[[ $? -eq 1 ]] && grep -q "latin_hypercube" "$tmp/err" && ok "analyse refuses a Latin hypercube with a reason" \
  || fail "analyse lhs: $(cat "$tmp/err")"
"$CDSIM" analyse "$tmp/shard0.h5" >/dev/null 2>"$tmp/err"
[[ $? -eq 1 ]] && ok "analyse refuses a shard" || fail "analyse shard"
# -o naming a folder, or a file in a missing folder: the path and the reason, nothing left behind.
mkdir "$tmp/a-folder"
for args in "analyse $tmp/morris.h5" "merge $tmp/shard0.h5 $tmp/shard1.h5 $tmp/shard2.h5"; do
  for out in "$tmp/a-folder:is a folder" "$tmp/nowhere/x.out:no such folder"; do
    # shellcheck disable=SC2086 # the command's words are meant to split
    "$CDSIM" $args -o "${out%%:*}" >/dev/null 2>"$tmp/err"
    code=$?
    [[ $code -eq 1 ]] && grep -qF "'${out%%:*}'" "$tmp/err" && grep -qF "${out#*:}" "$tmp/err" && ! compgen -G "$tmp/a-folder/*" >/dev/null \
      && [[ ! -e $tmp/nowhere ]] && ok "${args%% *} -o: ${out#*:}" || fail "${args%% *} -o ${out%%:*}: exit $code, $(cat "$tmp/err")"
  done
done

# Bad input: refused before any run, nothing written.
refused() {  # name, expected text, sweep file
  "$CDSIM" sweep "$3" -o "$tmp/refused.h5" >/dev/null 2>"$tmp/err"
  local code=$?
  if [[ $code -eq 1 ]] && grep -q -- "$2" "$tmp/err" && [[ ! -e $tmp/refused.h5 && ! -e $tmp/refused.h5.journal ]]; then
    ok "$1: exit 1, '$2'"
  else
    fail "$1: exit $code, $(cat "$tmp/err")"
  fi
}
sed "s|base: ../tiny.yaml|base: $SCENARIOS/tests/tiny.yaml|" "$lhs" >"$tmp/base.yaml"
sed 's|key: network.friend_ties|key: network.friend_tie|' "$tmp/base.yaml" >"$tmp/key.yaml"
refused "a key path not in the scenario" "friend_tie" "$tmp/key.yaml"
sed 's|range: \[0.004, 0.011\]|range: [-0.01, 0.01]|' "$tmp/base.yaml" >"$tmp/range.yaml"
refused "a range giving invalid scenarios" "point 0 (.*) is not a valid scenario" "$tmp/range.yaml"
sed 's|range: \[0.004, 0.011\]|range: [0.011, 0.004]|' "$tmp/base.yaml" >"$tmp/order.yaml"
refused "low above high" "must be below high" "$tmp/order.yaml"
sed 's|type: latin_hypercube|type: fractional|' "$tmp/base.yaml" >"$tmp/design.yaml"
refused "an unknown design" "design.type" "$tmp/design.yaml"
printf 'transitions.support_to_crisis,transitions.crisis_to_support,network.friend_ties,network.neighbour_ties\n0.005,0.05,2,3\n' >"$tmp/points.csv"
sed -e 's|type: latin_hypercube|type: points|' -e 's|samples: 12|file: points.csv|' -e '/seed: 3/d' "$tmp/base.yaml" >"$tmp/points.yaml"
refused "a CSV without a swept key's column" "no column 'population.size'" "$tmp/points.yaml"
printf 'transitions.support_to_crisis,transitions.crisis_to_support,network.friend_ties,network.neighbour_ties,population.size\n0.005,0.05,2,3,2000\n0.005,abc,2,3,2000\n' >"$tmp/points.csv"
refused "a CSV with a non-number" "points.csv:3:2" "$tmp/points.yaml"
printf 'transitions.support_to_crisis,transitions.crisis_to_support,network.friend_ties,network.neighbour_ties,population.size\n0.005,0.05,2,3,2000\n0.006,0.06,1,2,1800\n' >"$tmp/points.csv"
"$CDSIM" sweep "$tmp/points.yaml" -o "$tmp/points.h5" >/dev/null 2>"$tmp/err" && ok "a points CSV runs" || fail "points: $(cat "$tmp/err")"
"$CDSIM" merge "$tmp/shard0.h5" "$tmp/points.h5" -o "$tmp/mixed.h5" >/dev/null 2>"$tmp/err"
[[ $? -eq 1 ]] && grep -q "different sweeps" "$tmp/err" && [[ ! -e $tmp/mixed.h5 ]] \
  && ok "merging shards of different sweeps: refused" || fail "mixed merge: $(cat "$tmp/err")"
cp "$tmp/slow.yaml" "$tmp/changed.yaml"
"$CDSIM" sweep "$tmp/slow.yaml" -o "$tmp/changed.h5" >/dev/null 2>&1 &
pid=$!; sleep 0.4; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
if [[ -e $tmp/changed.h5.journal ]]; then
  sed 's|replicates: 2|replicates: 3|' "$tmp/slow.yaml" >"$tmp/changed.yaml"
  "$CDSIM" sweep "$tmp/changed.yaml" -o "$tmp/changed.h5" >/dev/null 2>"$tmp/err"
  [[ $? -eq 1 ]] && grep -q "journal of a different sweep" "$tmp/err" && ok "a changed sweep does not resume another's journal" \
    || fail "changed sweep: $(cat "$tmp/err")"
fi

finish
