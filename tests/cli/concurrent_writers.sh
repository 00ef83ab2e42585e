#!/usr/bin/env bash
# Writers that meet (docs/reliability.md, "Concurrent writers"): two runs writing one path at once,
# one of them killed while the other finishes, two sweeps of one results file, and every command asked
# to write over one of its own inputs. The promise: the file at a path is always one whole run, each
# exit code is true to what its command did, and no command replaces what it reads.
# Env: CDSIM (the executable), SCENARIOS (the bundled scenarios folder).
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
# Results files carry their creation time; pinned, two runs of one command are the same bytes.
export SOURCE_DATE_EPOCH=1764806400
no_temporary() { ! compgen -G "$1.*.part" >/dev/null; }

small=(run "$SCENARIOS/baseline.yaml" --set population.size=5000 --set years=2 --replicates 2 --seed 1 --threads 1
  --record-residents 3000)
large=(run "$SCENARIOS/community-fund.yaml" --set population.size=30000 --set years=2 --replicates 2 --seed 2
  --threads 1)
"$CDSIM" "${small[@]}" -o "$tmp/small.h5" >/dev/null 2>&1 && "$CDSIM" "${large[@]}" -o "$tmp/large.h5" >/dev/null 2>&1 \
  || { echo "FAILED: the reference runs"; exit 1; }

# Two runs to one path, started together, many times to meet the race: both finish (each wrote its
# own temporary file), and the file is byte for byte one of the two runs, never a mixture.
mixed=0 lost=0
for i in $(seq 12); do
  rm -f "$tmp/same.h5"
  "$CDSIM" "${small[@]}" -o "$tmp/same.h5" >"$tmp/out1" 2>&1 &
  p1=$!
  (($(( i % 3 )) == 0)) && sleep 0.0$i
  "$CDSIM" "${large[@]}" -o "$tmp/same.h5" >"$tmp/out2" 2>&1 &
  p2=$!
  wait $p1; c1=$?
  wait $p2; c2=$?
  if [[ $c1 -ne 0 || $c2 -ne 0 ]]; then
    lost=$((lost + 1))
    echo "  round $i: exits $c1 and $c2: $(cat "$tmp/out1" "$tmp/out2")"
  elif ! cmp -s "$tmp/same.h5" "$tmp/small.h5" && ! cmp -s "$tmp/same.h5" "$tmp/large.h5"; then
    mixed=$((mixed + 1))
  fi
  no_temporary "$tmp/same.h5" || mixed=$((mixed + 1))
done
[[ $mixed -eq 0 && $lost -eq 0 ]] && ok "two runs to one path, 12 rounds: both exit 0, the file is one whole run" \
  || fail "two runs to one path: $mixed rounds left a mixed file or a temporary, $lost rounds had a failed run"

# One writer killed while the other finishes: the survivor's file, whole; the killed one's exit says so.
rm -f "$tmp/same.h5"
long=(run "$SCENARIOS/baseline.yaml" --set population.size=30000 --set years=2 --replicates 400 --threads 1)
"$CDSIM" "${long[@]}" -o "$tmp/same.h5" >/dev/null 2>&1 &
victim=$!
sleep 0.3
"$CDSIM" "${small[@]}" -o "$tmp/same.h5" >/dev/null 2>&1
survivor=$?
kill -KILL $victim 2>/dev/null
wait $victim
killed=$?
[[ $survivor -eq 0 && $killed -eq 137 ]] && cmp -s "$tmp/same.h5" "$tmp/small.h5" \
  && ok "a writer killed while another finishes: the finished run's file, whole (exits 0 and 137)" \
  || fail "kill while another finishes: exits $survivor and $killed, file $(cmp "$tmp/same.h5" "$tmp/small.h5" 2>&1)"
rm -f "$tmp"/same.h5.*.part  # what SIGKILL leaves: the killed writer's own temporary file

# Two sweeps of one results file at once: the second is refused at start (the journal is locked).
"$CDSIM" sweep "$SCENARIOS/tests/sweeps/tiny-lhs.yaml" -o "$tmp/sweep.h5" --threads 1 >/dev/null 2>&1 &
first=$!
for _ in $(seq 100); do [[ -e $tmp/sweep.h5.journal ]] && break; sleep 0.02; done
"$CDSIM" sweep "$SCENARIOS/tests/sweeps/tiny-lhs.yaml" -o "$tmp/sweep.h5" --threads 1 >/dev/null 2>"$tmp/err"
second=$?
wait $first
first_code=$?
if [[ ! -e $tmp/sweep.h5.journal && -e $tmp/sweep.h5 && $first_code -eq 0 ]] && { [[ $second -eq 1 ]] && grep -q "another sweep is writing" "$tmp/err" || [[ $second -eq 0 ]]; }; then
  ok "two sweeps of one file: the first completes; the second is refused while it runs (exit $second)"
else
  fail "two sweeps of one file: exits $first_code and $second, $(cat "$tmp/err")"
fi

# No command writes over its own input: exit 1, the input unchanged, nothing left behind.
cp "$SCENARIOS/tests/tiny.yaml" "$tmp/s.yaml"
cp "$tmp/small.h5" "$tmp/a.h5"
cp "$tmp/small.h5" "$tmp/b.h5"
cp "$SCENARIOS/tests/sweeps/tiny-lhs.yaml" "$tmp/grid.yaml"
sed -i "s|^base: .*|base: $SCENARIOS/tests/tiny.yaml|" "$tmp/grid.yaml"
"$CDSIM" sweep "$tmp/grid.yaml" -o "$tmp/x.h5" >/dev/null 2>&1 || fail "the sweep for merge's input"
cp -r "$SCENARIOS/boroughs/example" "$tmp/example"
ln -s "$tmp/b.h5" "$tmp/link-to-b.h5"
refuses() {  # refuses NAME INPUT COMMAND...
  local name=$1 input=$2
  shift 2
  local before
  before=$(sha256sum <"$input")
  "$CDSIM" "$@" >/dev/null 2>"$tmp/err"
  local code=$?
  if [[ $code -eq 1 ]] && grep -q "is the input" "$tmp/err" && [[ $(sha256sum <"$input") == "$before" ]] && no_temporary "$input"; then
    ok "$name: refused (exit 1), the input unchanged"
  else
    fail "$name: exit $code, $(cat "$tmp/err")"
  fi
}
refuses "run s.yaml -o s.yaml" "$tmp/s.yaml" run "$tmp/s.yaml" -o "$tmp/s.yaml"
refuses "compare a.h5 b.h5 -o b.h5" "$tmp/b.h5" compare "$tmp/a.h5" "$tmp/b.h5" -o "$tmp/b.h5"
refuses "compare through a link to an input" "$tmp/b.h5" compare "$tmp/a.h5" "$tmp/b.h5" -o "$tmp/link-to-b.h5"
refuses "compare -o ./a.h5 spelled differently" "$tmp/a.h5" compare "$tmp/a.h5" "$tmp/b.h5" -o "$tmp/./a.h5"
refuses "merge x.h5 -o x.h5" "$tmp/x.h5" merge "$tmp/x.h5" -o "$tmp/x.h5"
refuses "analyse x.h5 -o x.h5" "$tmp/x.h5" analyse "$tmp/x.h5" -o "$tmp/x.h5"
refuses "sweep grid.yaml -o grid.yaml" "$tmp/grid.yaml" sweep "$tmp/grid.yaml" -o "$tmp/grid.yaml"
refuses "sweep -o its base scenario" "$SCENARIOS/tests/tiny.yaml" sweep "$tmp/grid.yaml" -o "$SCENARIOS/tests/tiny.yaml"
e="$tmp/example"
refuses "borough -o its population file" "$e/population.csv" borough --population "$e/population.csv" \
  --deprivation "$e/imd.csv" -o "$e/population.csv"

finish
