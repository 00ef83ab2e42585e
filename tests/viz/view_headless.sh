#!/usr/bin/env bash
# cdsim-view as a facilitator and a board-paper author run it: headless screenshots of one and two
# files (checked for size and content), and a clear message with exit 1 for every file it cannot show.
# Env: CDSIM and VIEW (the executables), SCENARIOS (the bundled scenarios folder).
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAILED: $1"; failed=$((failed + 1)); }
py=/usr/bin/python3

"$CDSIM" run "$SCENARIOS/tests/tiny.yaml" -o "$tmp/a.h5" >/dev/null 2>"$tmp/err" || { echo "cdsim run failed: $(cat "$tmp/err")"; exit 1; }
"$CDSIM" run "$SCENARIOS/tests/tiny.yaml" -o "$tmp/b.h5" --set transitions.support_to_crisis=0.005 >/dev/null 2>"$tmp/err" \
  || { echo "cdsim run (b) failed: $(cat "$tmp/err")"; exit 1; }

# shot NAME EXPECTED_SIZE ARGS...: a screenshot that must exit 0 and look like a frame.
shot() {
  local name=$1 w=$2 h=$3
  shift 3
  if xvfb-run -a "$VIEW" "$@" --screenshot "$tmp/$name.png" >"$tmp/out" 2>"$tmp/err"; then
    if $py "$here/check_png.py" "$tmp/$name.png" "$w" "$h" >"$tmp/check" 2>&1; then
      ok "$name: $(cat "$tmp/check")"
    else
      fail "$name: $(cat "$tmp/check")"
    fi
  else
    fail "$name exited $?: $(cat "$tmp/err")"
  fi
}
shot week30 1600 900 "$tmp/a.h5" --week 30
shot small 800 600 "$tmp/a.h5" --week 10 --size 800x600 --metric support
shot compare 1280 720 "$tmp/a.h5" "$tmp/b.h5" --size 1280x720 --metric crisis-change --chart net
# The chance of payback and the tornado of its drivers: a policy and its baseline run with --uncertainty
# (enough draws for the drivers: more than the parameters drawn plus three); and the one line instead for
# files that drew nothing. The numbers themselves are compare's (tests/viz/test_payback.cpp).
for s in baseline place-teams; do
  "$CDSIM" run "$SCENARIOS/$s.yaml" -o "$tmp/u-$s.h5" --set population.size=3000 --set years=2 --replicates 24 \
    --uncertainty >/dev/null 2>"$tmp/err" || fail "cdsim run $s --uncertainty: $(cat "$tmp/err")"
done
shot uncertainty 1280 720 "$tmp/u-baseline.h5" "$tmp/u-place-teams.h5" --size 1280x720 --chart uncertainty
shot uncertainty-light 1600 900 "$tmp/u-baseline.h5" "$tmp/u-place-teams.h5" --chart uncertainty --light --zoom 2
shot uncertainty-no-draws 1280 720 "$tmp/a.h5" "$tmp/b.h5" --size 1280x720 --chart uncertainty
# A borough made from public data (the synthetic example): the real outlines instead of tiles.
example="$SCENARIOS/boroughs/example"
if "$CDSIM" borough --population "$example/population.csv" --deprivation "$example/imd.csv" \
     --boundaries "$example/boundaries.geojson" -o "$tmp/exampleton.yaml" >/dev/null 2>"$tmp/err" &&
   "$CDSIM" run "$tmp/exampleton.yaml" -o "$tmp/exampleton.h5" --replicates 2 --set years=0.5 >/dev/null 2>"$tmp/err"; then
  shot outlines 1280 720 "$tmp/exampleton.h5" --size 1280x720 --week 20
else
  fail "borough for the outline map: $(cat "$tmp/err")"
fi
shot light 1024 768 "$tmp/a.h5" --size 1024x768 --light --metric cost --chart cost --panel whatif

# refused NAME FILE TEXT: cdsim-view must exit 1, name the file and say TEXT on stderr, and not crash.
refused() {
  local name=$1 file=$2 text=$3
  env -u DISPLAY "$VIEW" "$file" --screenshot "$tmp/never.png" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [[ $rc -eq 1 ]] && grep -qF "$file" "$tmp/err" && grep -qF "$text" "$tmp/err" && [[ ! -e $tmp/never.png ]]; then
    ok "$name refused: $(head -c 200 "$tmp/err")"
  else
    fail "$name: exit $rc (want 1), stderr: $(cat "$tmp/err")"
  fi
}
refused missing "$tmp/nope.h5" "no such file"
mkdir "$tmp/folder.h5"
refused folder "$tmp/folder.h5" "is a folder"
cp "$tmp/a.h5" "$tmp/run.h5.a1B2c3.part"
refused part "$tmp/run.h5.a1B2c3.part" "still being written"
refused part-pending "$tmp/run.h5" "still being written"
echo "not a results file" >"$tmp/text.h5"
refused not-hdf5 "$tmp/text.h5" "not an HDF5 file"
head -c 20000 "$tmp/a.h5" >"$tmp/cut.h5"
refused truncated "$tmp/cut.h5" "cut.h5:"
cp "$tmp/a.h5" "$tmp/v99.h5"
$py -c "import h5py,sys; f=h5py.File(sys.argv[1],'r+'); f.attrs['format_version']=99; f.close()" "$tmp/v99.h5"
refused newer-version "$tmp/v99.h5" "version 99"
cp "$tmp/a.h5" "$tmp/other.h5"
$py -c "import h5py,sys; f=h5py.File(sys.argv[1],'r+'); f.attrs['format']='something-else'; f.close()" "$tmp/other.h5"
refused other-format "$tmp/other.h5" "not a cdsim results file"
# Values no run can produce: an error naming the variable, not an empty map or "£nan".
hostile="$here/../python/hostile_results.py"
for case in "nan-cost:cost holds a value that is not a finite number" "infinite-cost:cost holds a value that is not a finite number" \
  "time-backwards:time does not increase" "time-still:time does not increase" "negative-residents:residents holds a negative count" \
  "no-neighbourhoods:has no neighbourhoods"; do
  kind=${case%%:*}
  $py "$hostile" "$kind" "$tmp/a.h5" "$tmp/$kind.h5" || fail "$kind: could not write the hostile file"
  refused "$kind" "$tmp/$kind.h5" "${case#*:}"
done

# Bad usage exits 2.
usage() {
  local name=$1
  shift
  env -u DISPLAY "$VIEW" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [[ $rc -eq 2 ]] && ok "usage: $name exits 2" || fail "usage: $name exited $rc: $(cat "$tmp/err")"
}
usage "no file"
usage "bad size" "$tmp/a.h5" --screenshot "$tmp/x.png" --size big
usage "unknown metric" "$tmp/a.h5" --screenshot "$tmp/x.png" --metric nonsense
usage "unknown chart" "$tmp/a.h5" --screenshot "$tmp/x.png" --chart tornado
usage "unknown option" "$tmp/a.h5" --frobnicate

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
