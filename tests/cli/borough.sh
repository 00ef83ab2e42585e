#!/usr/bin/env bash
# `cdsim borough` as a council analyst runs it: the bundled synthetic borough becomes a scenario that
# `cdsim check` accepts; broken copies of its files (each a mistake met in real downloads) exit 1 with
# the file and the row or feature named on stderr, and write nothing (no scenario, no temporary .part file).
# Environment: CDSIM (the cdsim executable), EXAMPLE (scenarios/boroughs/example).
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

: "${CDSIM:?set CDSIM to the cdsim executable}"
: "${EXAMPLE:?set EXAMPLE to scenarios/boroughs/example}"

py=/usr/bin/python3

pop=$EXAMPLE/population.csv imd=$EXAMPLE/imd.csv geo=$EXAMPLE/boundaries.geojson

# The good path: a scenario the loader accepts, with a neighbourhood per area.
if "$CDSIM" borough --population "$pop" --deprivation "$imd" --boundaries "$geo" -o "$tmp/out/my-borough.yaml" \
  >"$tmp/stdout" 2>"$tmp/stderr"; then
  if "$CDSIM" check "$tmp/out/my-borough.yaml" >"$tmp/check" 2>&1 && grep -q "12 neighbourhoods" "$tmp/check"; then
    ok "borough -> check: $(cat "$tmp/check")"
  else
    fail "borough -> check" "$(cat "$tmp/check")"
  fi
  grep -q "code: E01990001" "$tmp/out/my-borough.yaml" && ok "codes in the scenario" || fail "codes" "no code: E01990001"
  ! compgen -G "$tmp/out/my-borough.yaml.*.part" >/dev/null && ok "no .part left" || fail ".part" "left behind"
else
  fail "borough" "exit $?: $(cat "$tmp/stderr")"
fi
if "$CDSIM" borough --population "$pop" --deprivation "$imd" --group-by "$EXAMPLE/lookup.csv" -o "$tmp/wards.yaml" \
  >/dev/null 2>"$tmp/stderr" && "$CDSIM" check "$tmp/wards.yaml" | grep -q "4 neighbourhoods"; then
  ok "group by a lookup file, no boundaries"
else
  fail "group by lookup" "$(cat "$tmp/stderr")"
fi

# edit SRC DEST PYTHON-EXPRESSION: DEST is SRC's text passed through the expression (on `t`).
edit() { $py -c "import sys; t=open(sys.argv[1]).read(); open(sys.argv[2],'w').write($3)" "$1" "$2"; }

# expect_refused NAME TEXT ARGS...: exit 1, TEXT on stderr, nothing written.
expect_refused() {
  local name=$1 text=$2 code
  shift 2
  rm -f "$tmp/bad.yaml" "$tmp"/bad.yaml.*.part
  "$CDSIM" borough "$@" -o "$tmp/bad.yaml" >"$tmp/stdout" 2>"$tmp/stderr"
  code=$?
  if [[ $code -ne 1 ]]; then
    fail "$name" "exit code $code, expected 1; stderr: $(head -c 300 "$tmp/stderr")"
  elif [[ -e $tmp/bad.yaml ]] || compgen -G "$tmp/bad.yaml.*.part" >/dev/null; then
    fail "$name" "wrote a scenario anyway"
  elif ! grep -qF -- "$text" "$tmp/stderr"; then
    fail "$name" "stderr lacks '$text': $(head -c 400 "$tmp/stderr")"
  else
    ok "$name: $(sed -n 2p "$tmp/stderr" | head -c 160)"
  fi
}

edit "$pop" "$tmp/nocode.csv" "t.replace('LSOA 2021 Code', 'Area', 1)"
expect_refused "missing code column" "nocode.csv: has no column of area codes" \
  --population "$tmp/nocode.csv" --deprivation "$imd"
edit "$imd" "$tmp/nodecile.csv" "t.replace('(IMD) Decile', '(IMD) Tenth', 1)"
expect_refused "missing decile column" "nodecile.csv: has no column of IMD deciles" \
  --population "$pop" --deprivation "$tmp/nodecile.csv"
expect_refused "named column absent" "has no column 'Ward' (--code-column Ward)" \
  --population "$pop" --deprivation "$imd" --code-column Ward
edit "$imd" "$tmp/imd2011.csv" "t.replace('\"E01990005\"', '\"E01000005\"', 1)"
expect_refused "unmatched code" "population.csv: row 6: area E01990005 (Exampleton 003A) has no row in" \
  --population "$pop" --deprivation "$tmp/imd2011.csv"
edit "$pop" "$tmp/dup.csv" "t.replace('E01990004', 'E01990003', 1)"
expect_refused "duplicate code" "dup.csv: row 5: area code E01990003 is listed twice (first at row 4)" \
  --population "$tmp/dup.csv" --deprivation "$imd"
edit "$pop" "$tmp/negative.csv" "t.replace('Exampleton 002B,', 'Exampleton 002B,-', 1)"
expect_refused "negative count" "negative.csv: row 5 (E01990004): column 'Total': expected a count of residents, got '-" \
  --population "$tmp/negative.csv" --deprivation "$imd"
edit "$pop" "$tmp/text.csv" "'\\n'.join(l if i != 6 else ','.join(f if k != 5 else 'n/a' for k, f in enumerate(l.split(','))) for i, l in enumerate(t.split('\\n')))"
expect_refused "non-numeric count" "text.csv: row 7 (E01990006): column 'F0': expected a count of residents (a whole number >= 0), got 'n/a'" --population "$tmp/text.csv" --deprivation "$imd"
edit "$pop" "$tmp/sum.csv" "t.replace('E01990001,Exampleton 001A,2005', 'E01990001,Exampleton 001A,2006', 1)"
expect_refused "total disagrees with ages" "sum.csv: row 2 (E01990001): column 'Total' says 2006 residents but the ages add up to 2005" \
  --population "$tmp/sum.csv" --deprivation "$imd"
printf 'a,b\n1,"open\n' >"$tmp/quote.csv"
expect_refused "unterminated quote" "quote.csv: line 2: not valid CSV" --population "$tmp/quote.csv" --deprivation "$imd"
expect_refused "missing file" "nope.csv: no such file" --population "$tmp/nope.csv" --deprivation "$imd"

# Boundaries.
edit "$geo" "$tmp/bowtie.geojson" "t.replace('-2.648,\n       53.527', '-2.648,\n       53.6', 1)"
expect_refused "self-intersecting polygon" "bowtie.geojson: feature 0 (LSOA21CD E01990001): ring 0 intersects itself" \
  --population "$pop" --deprivation "$imd" --boundaries "$tmp/bowtie.geojson"
$py - "$geo" "$tmp/malformed.geojson" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
g["features"][3]["geometry"]["coordinates"] = [[[-2.6, 53.5], [-2.59, 53.5]]]
json.dump(g, open(sys.argv[2], "w"))
PY
expect_refused "malformed polygon" "malformed.geojson: feature 3 (LSOA21CD E01990004): ring 0 is not closed" \
  --population "$pop" --deprivation "$imd" --boundaries "$tmp/malformed.geojson"
$py - "$geo" "$tmp/point.geojson" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
g["features"][5]["geometry"] = {"type": "Point", "coordinates": [-2.6, 53.5]}
json.dump(g, open(sys.argv[2], "w"))
PY
expect_refused "not a polygon" "point.geojson: feature 5 (LSOA21CD E01990006): has a Point geometry" \
  --population "$pop" --deprivation "$imd" --boundaries "$tmp/point.geojson"
$py - "$geo" "$tmp/bng.geojson" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
g["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}
json.dump(g, open(sys.argv[2], "w"))
PY
expect_refused "projected crs named" "bng.geojson: its crs is 'urn:ogc:def:crs:EPSG::27700'" \
  --population "$pop" --deprivation "$imd" --boundaries "$tmp/bng.geojson"
$py - "$geo" "$tmp/metres.geojson" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
del g["crs"]
for f in g["features"]:
    for ring in f["geometry"]["coordinates"]:
        for p in ring:
            p[0], p[1] = 358000 + (p[0] + 2.66) * 66000, 405000 + (p[1] - 53.53) * 111000
json.dump(g, open(sys.argv[2], "w"))
PY
expect_refused "projected coordinates, crs not said" "metres.geojson: feature 0 (LSOA21CD E01990001): ring 0 position 0 is [358000" \
  --population "$pop" --deprivation "$imd" --boundaries "$tmp/metres.geojson"
$py - "$geo" "$tmp/missing.geojson" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
del g["features"][7]
json.dump(g, open(sys.argv[2], "w"))
PY
expect_refused "area without a boundary" "missing.geojson: no feature has LSOA21CD E01990008" \
  --population "$pop" --deprivation "$imd" --boundaries "$tmp/missing.geojson"
echo '{"type": "FeatureCollection", "features": []}' >"$tmp/empty.geojson"
expect_refused "no features" "empty.geojson: has no features" --population "$pop" --deprivation "$imd" --boundaries "$tmp/empty.geojson"
echo '{"type": "FeatureCollection", "features": [' >"$tmp/cut.geojson"
expect_refused "not JSON" "cut.geojson: is not valid JSON" --population "$pop" --deprivation "$imd" --boundaries "$tmp/cut.geojson"

# Bad usage exits 2.
"$CDSIM" borough --population "$pop" >/dev/null 2>&1
code=$?
[[ $code -eq 2 ]] && ok "usage: missing --deprivation and -o exits 2" || fail "usage" "exit $code"

finish
