#!/usr/bin/env bash
# `cdsim report` as a strategy lead runs it: two tiny runs that differ by a --set change, made into an
# HTML and a PDF board paper; the HTML is one file with inline SVG and nothing fetched, its key numbers
# are compare's exactly; the PDF is A4 with page numbers and its text holds the headline numbers; both
# render as a reader sees them (headless Chromium screenshots the HTML, pdftoppm renders each PDF page,
# none blank; chromium missing fails the test); bad input exits with a clear message and writes nothing.
# Env: CDSIM (the executable), SCENARIOS (the bundled scenarios folder).
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
py=/usr/bin/python3
tiny="$SCENARIOS/tests/tiny.yaml"

"$CDSIM" run "$tiny" -o "$tmp/base.h5" --replicates 3 >/dev/null 2>"$tmp/err" || fail "baseline run: $(cat "$tmp/err")"
# The policy: a place-based team in the two most deprived neighbourhoods, added with --set.
policy=(--set 'policies=[{type: place_based_team, start: 2025-06-01, target: {most_deprived: 2}}]' --set name=teams)
"$CDSIM" run "$tiny" -o "$tmp/teams.h5" --replicates 3 "${policy[@]}" >/dev/null 2>"$tmp/err" || fail "policy run: $(cat "$tmp/err")"
"$CDSIM" run "$tiny" -o "$tmp/worse.h5" --replicates 3 --set "policies=[{type: social_prescribing, start: 2025-05-01, link_workers: 2}]" --set name=prescribing >/dev/null 2>"$tmp/err" \
  || fail "second policy run: $(cat "$tmp/err")"
"$CDSIM" run "$tiny" -o "$tmp/other.h5" --replicates 3 --set population.neighbourhoods=3 --set name=other >/dev/null 2>"$tmp/err" \
  || fail "other borough run: $(cat "$tmp/err")"
"$CDSIM" compare "$tmp/base.h5" "$tmp/teams.h5" "$tmp/worse.h5" --format json >"$tmp/compare.json" 2>"$tmp/err" || fail "compare json: $(cat "$tmp/err")"
"$CDSIM" compare "$tmp/base.h5" "$tmp/teams.h5" "$tmp/worse.h5" >"$tmp/compare.txt" 2>"$tmp/err" || fail "compare table: $(cat "$tmp/err")"

# HTML: one self-contained file.
if "$CDSIM" report "$tmp/base.h5" "$tmp/teams.h5" "$tmp/worse.h5" -o "$tmp/board.html" >"$tmp/out" 2>"$tmp/err"; then
  ok "report -o board.html exits 0"
else
  fail "report html exited $?: $(cat "$tmp/err")"
fi
! compgen -G "$tmp/board.html.*.part" >/dev/null && ok "no temporary file left" || fail "a .part file was left"
$py - "$tmp/board.html" "$tmp/compare.json" "$tmp/compare.txt" >"$tmp/check" 2>&1 <<'PY'
import html.parser, json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
comparisons = json.load(open(sys.argv[2]))
table = open(sys.argv[3], encoding="utf-8").read()
problems = []

class Reader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.links, self.svgs, self.cell, self.in_key, self.depth = [], [], 0, None, False, 0
        self.tags = set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "svg": self.svgs += 1
        for name in ("src", "href", "xlink:href", "action", "data"):
            if name in a: self.links.append((tag, name, a[name]))
        if tag == "table" and a.get("id") == "key-numbers": self.in_key = True
        if self.in_key and tag in ("td", "th") and "data-scenario" in a:
            self.cell = dict(a, text="")
    def handle_endtag(self, tag):
        if tag == "table": self.in_key = False
        if tag in ("td", "th") and self.cell is not None:
            self.cells.append(self.cell); self.cell = None
    def handle_data(self, data):
        if self.cell is not None: self.cell["text"] += data

r = Reader(); r.feed(text)
if r.svgs < 3: problems.append(f"{r.svgs} inline svg elements, expected a chart each (3)")
for tag in ("script", "link", "img", "iframe", "object"):
    if tag in r.tags: problems.append(f"has a <{tag}> element")
if re.search(r"https?://", text): problems.append("mentions a http(s):// address")
ids = re.findall(r'\sid="([^"]*)"', text)
if len(ids) != len(set(ids)): problems.append("ids used twice: " + ", ".join(sorted({i for i in ids if ids.count(i) > 1})))
for tag, name, value in r.links:
    if value.startswith("#") and value[1:] not in ids: problems.append(f"<{tag} {name}={value!r}> points at no id")
for tag, name, value in r.links:
    if not value.startswith("#"): problems.append(f"<{tag} {name}={value!r}> points outside the file")
# Every measure of every comparison, exactly compare's value, and shown as compare's table shows it.
lines = {}
for line in table.splitlines():
    m = re.match(r"^  (.+?)\s{2,}(\S+)\s+\((.+) to (.+)\)$", line)
    if m: lines.setdefault(m.group(1), []).append(m.groups()[1:])
checked = 0
for k, c in enumerate(comparisons):
    for name, m in c["measures"].items():
        cells = [x for x in r.cells if x["data-measure"] == name and x["data-scenario"] == c["scenario"]]
        if len(cells) != 1: problems.append(f"{c['scenario']} {name}: {len(cells)} cells"); continue
        cell = cells[0]
        if m["mean"] is None:
            if "data-mean" in cell: problems.append(f"{name}: compare has no value, the report has {cell['data-mean']}")
            continue
        for part in ("mean", "low", "high"):
            if float(cell.get("data-" + part, "nan")) != m[part]:
                problems.append(f"{c['scenario']} {name} {part}: report {cell.get('data-' + part)} != compare {m[part]}")
        checked += 1
# The shown text: compare's table lines in order (one block per comparison). Measures are indented two
# spaces; the agency table's rows below them (four) are compare's own and not in the key numbers.
blocks = table.split("\n\n")
shown = 0
for c, block in zip(comparisons, blocks):
    for line in block.splitlines():
        m = re.match(r"^  (\S.+?)\s{2,}(\S+)\s+\((.+) to (.+)\)$", line)
        if not m: continue
        label, mean, low, high = m.groups()
        want = f"{mean} (90% interval {low} to {high})"
        rows = [x for x in r.cells if x["data-scenario"] == c["scenario"] and x["text"].startswith(want)]
        if not rows: problems.append(f"{c['scenario']}: no cell reads {want!r} ({label})")
        shown += 1
print(f"{checked} numbers and {shown} shown texts checked")
for p in problems: print("problem:", p)
sys.exit(1 if problems or checked == 0 or shown == 0 else 0)
PY
[[ $? -eq 0 ]] && ok "html: self-contained, inline svg, key numbers equal compare's ($(head -1 "$tmp/check"))" || fail "html: $(cat "$tmp/check")"
for part in "Summary" "Key numbers" "Over time" "Where the change falls" "The policies as scheduled" "The assumptions that drive the answer" \
  "Read it honestly" "place_based_team" "ASSUMPTION" "over chance|chance variation" "no uncertainty about the model"; do
  grep -qE "$part" "$tmp/board.html" && ok "html has '$part'" || fail "html lacks '$part'"
done
"$CDSIM" report "$tmp/base.h5" "$tmp/teams.h5" "$tmp/worse.h5" -o "$tmp/again.html" >/dev/null 2>&1 && cmp -s "$tmp/board.html" "$tmp/again.html" \
  && ok "html: the same files give the same bytes" || fail "html differs between two runs"

# PDF: A4, page numbers, the headline numbers as a reader's tools see them.
if SOURCE_DATE_EPOCH=1700000000 "$CDSIM" report "$tmp/base.h5" "$tmp/teams.h5" -o "$tmp/board.pdf" >/dev/null 2>"$tmp/err"; then
  ok "report -o board.pdf exits 0"
else
  fail "report pdf exited $?: $(cat "$tmp/err")"
fi
pdfinfo "$tmp/board.pdf" >"$tmp/info" 2>&1
grep -q "Page size: *595.276 x 841.89 pts (A4)" "$tmp/info" && ok "pdf is A4" || fail "pdf size: $(cat "$tmp/info")"
pages=$(sed -n 's/^Pages: *//p' "$tmp/info")
[[ ${pages:-0} -ge 2 ]] && ok "pdf has $pages pages" || fail "pdf pages: ${pages:-none}"
pdftotext "$tmp/board.pdf" "$tmp/board.txt" 2>"$tmp/err" || fail "pdftotext: $(cat "$tmp/err")"
for n in $(seq 1 "${pages:-1}"); do
  grep -q "Page $n of $pages" "$tmp/board.txt" || fail "no 'Page $n of $pages' in the pdf's text"
done
grep -q "Page $pages of $pages" "$tmp/board.txt" && ok "pdf pages numbered 'Page n of $pages'"
$py - "$tmp/board.txt" "$tmp/compare.txt" >"$tmp/check" 2>&1 <<'PY'
import re, sys
pdf = re.sub(r"\s+", " ", open(sys.argv[1], encoding="utf-8").read())
block = open(sys.argv[2], encoding="utf-8").read().split("\n\n")[0]
missing = []
for line in block.splitlines():
    m = re.match(r"^  (crisis entries avoided|net saving.*|net present value.*|policy spend.*)\s{2,}(\S+)\s+\((.+) to (.+)\)$", line)
    if m:
        for value in m.groups()[1:]:
            if value not in pdf: missing.append(f"{m.group(1)}: {value}")
print("missing: " + "; ".join(missing) if missing else "all found")
sys.exit(1 if missing else 0)
PY
[[ $? -eq 0 ]] && ok "pdftotext finds the headline numbers" || fail "pdf text: $(cat "$tmp/check")"
grep -q "Summary" "$tmp/board.txt" && grep -q "Read it honestly" "$tmp/board.txt" && ok "pdf text has the sections" || fail "pdf sections"
SOURCE_DATE_EPOCH=1700000000 "$CDSIM" report "$tmp/base.h5" "$tmp/teams.h5" -o "$tmp/again.pdf" >/dev/null 2>&1 && cmp -s "$tmp/board.pdf" "$tmp/again.pdf" \
  && ok "pdf: the same files give the same bytes (SOURCE_DATE_EPOCH)" || fail "pdf differs between two runs"

# Seen as a reader sees them. A real browser: headless Chromium (Debian's chromium, from setup.sh)
# opens the HTML and takes a screenshot, which must be a page: the window's size, many colours, ink
# on the background, and the first policy's line colour (#0072b2, sim/report/charts.cpp), so the
# inline SVG charts were drawn. Missing or failing to start is a failure, never a skip.
check_png="$(dirname "${BASH_SOURCE[0]}")/../viz/check_png.py"
started=$(date +%s.%N)
if ! command -v chromium >/dev/null; then
  fail "chromium is not installed (./setup.sh --install chromium): the HTML was not rendered in a browser"
else
  # Its profile, cache and config all under $tmp: nothing touches the user's home. As root it needs
  # --no-sandbox; it prints dbus and GPU warnings on stderr, which are fine.
  mkdir -p "$tmp/chromium/home"
  HOME="$tmp/chromium/home" XDG_CONFIG_HOME="$tmp/chromium/home" XDG_CACHE_HOME="$tmp/chromium/home" \
    timeout -k 10 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$tmp/chromium/profile" --window-size=1280,2000 --screenshot="$tmp/board-html.png" \
    "file://$tmp/board.html" >"$tmp/chromium.out" 2>&1
  code=$?
  if [[ $code -ne 0 || ! -s $tmp/board-html.png ]]; then
    fail "chromium exit $code, no screenshot: $(grep -v dbus "$tmp/chromium.out" | tail -5)"
  elif grep -q "Page load failed" "$tmp/chromium.out"; then
    fail "chromium could not load the html: $(grep "Page load failed" "$tmp/chromium.out")"
  elif $py "$check_png" "$tmp/board-html.png" 1280 2000 --min-ink 0.05 --colour 0072b2 >"$tmp/check" 2>&1; then
    ok "chromium renders the html: $(sed "s|$tmp/||" "$tmp/check")"
  else
    fail "chromium screenshot: $(cat "$tmp/check")"
  fi
fi
# pdftoppm renders every page (A4 at 50 dpi: 414 x 585 pixels), and none is blank: the sparsest page
# (the caveats) is about 4% ink.
rm -f "$tmp"/board-pdf-*.png
if pdftoppm -r 50 -png "$tmp/board.pdf" "$tmp/board-pdf" 2>"$tmp/err"; then
  rendered=0
  for n in $(seq 1 "${pages:-1}"); do
    page=$(printf "%s/board-pdf-%0${#pages}d.png" "$tmp" "$n")
    if $py "$check_png" "$page" 414 585 --min-colours 100 --min-ink 0.02 >"$tmp/check" 2>&1; then
      rendered=$((rendered + 1))
    else
      fail "pdf page $n of $pages: $(cat "$tmp/check")"
    fi
  done
  [[ $rendered -eq ${pages:-0} && $(compgen -G "$tmp/board-pdf-*.png" | wc -l) -eq ${pages:-0} ]] \
    && ok "pdftoppm renders all $pages pages, none blank" || fail "pdftoppm: $rendered of ${pages:-?} pages good"
else
  fail "pdftoppm: $(cat "$tmp/err")"
fi
awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "rendering checks took %.1f s\n", b - a }'

# A borough with real boundaries (cdsim borough --boundaries): the map draws its own outlines.
example="$SCENARIOS/boroughs/example"
"$CDSIM" borough --population "$example/population.csv" --deprivation "$example/imd.csv" --boundaries "$example/boundaries.geojson" \
  -o "$tmp/mine.yaml" --years 1 --replicates 2 >/dev/null 2>"$tmp/err" || fail "borough: $(cat "$tmp/err")"
"$CDSIM" run "$tmp/mine.yaml" -o "$tmp/mine.h5" --set population.size=4000 >/dev/null 2>"$tmp/err" || fail "borough run: $(cat "$tmp/err")"
"$CDSIM" run "$tmp/mine.yaml" -o "$tmp/mine-teams.h5" --set population.size=4000 --set name=mine-teams \
  --set 'policies=[{type: place_based_team, start: 2025-06-01, target: {most_deprived: 3}}]' >/dev/null 2>"$tmp/err" || fail "borough policy run: $(cat "$tmp/err")"
"$CDSIM" report "$tmp/mine.h5" "$tmp/mine-teams.h5" -o "$tmp/mine.html" >/dev/null 2>"$tmp/err" \
  && grep -q "the borough&#39;s own boundaries" "$tmp/mine.html" && ok "a borough with outlines: the map draws them" \
  || fail "outlines: $(cat "$tmp/err")"

# Bad input: a clear message naming the file and the reason, exit 1 (usage: 2), nothing written.
expect() {  # expect CODE PATTERN DESCRIPTION OUTPUT -- ARGS...
  local code=$1 pattern=$2 what=$3 output=$4
  shift 5
  "$CDSIM" report "$@" >/dev/null 2>"$tmp/err"
  local got=$?
  if [[ $got -eq $code ]] && grep -qE -- "$pattern" "$tmp/err" && { [[ -z $output ]] || [[ ! -f $output ]]; } \
     && ! compgen -G "$tmp/*.part" >/dev/null; then
    ok "$what: exit $code, $(head -1 "$tmp/err")"
  else
    fail "$what: exit $got (want $code), stderr: $(cat "$tmp/err")"
  fi
}
expect 1 "missing\.h5" "missing file" "$tmp/m.html" -- "$tmp/base.h5" "$tmp/missing.h5" -o "$tmp/m.html"
expect 1 "other\.h5.*different neighbourhoods" "two boroughs" "$tmp/b.pdf" -- "$tmp/base.h5" "$tmp/other.h5" -o "$tmp/b.pdf"
mkdir "$tmp/folder.html"
expect 1 "folder" "-o a folder" "" -- "$tmp/base.h5" "$tmp/teams.h5" -o "$tmp/folder.html"
expect 2 "\.html, \.htm or \.pdf" "-o a folder without a name" "" -- "$tmp/base.h5" "$tmp/teams.h5" -o "$tmp"
expect 1 "no such folder|does not exist|No such" "-o in a missing folder" "" -- "$tmp/base.h5" "$tmp/teams.h5" -o "$tmp/nowhere/board.html"
cp "$tmp/teams.h5" "$tmp/teams.html"
"$CDSIM" report "$tmp/base.h5" "$tmp/teams.html" -o "$tmp/teams.html" >/dev/null 2>"$tmp/err"
code=$?
[[ $code -eq 1 ]] && grep -q "teams.html" "$tmp/err" && cmp -s "$tmp/teams.h5" "$tmp/teams.html" \
  && ok "-o an input: exit 1, input untouched, $(head -1 "$tmp/err")" || fail "-o an input: exit $code, $(cat "$tmp/err")"
expect 2 "\.html, \.htm or \.pdf" "-o an input .h5" "" -- "$tmp/base.h5" "$tmp/teams.h5" -o "$tmp/base.h5"
expect 2 "files" "one file" "" -- "$tmp/base.h5" -o "$tmp/one.html"
expect 2 "output" "no -o" "" -- "$tmp/base.h5" "$tmp/teams.h5"
printf 'not hdf5\n' >"$tmp/junk.h5"
expect 1 "junk\.h5" "not a results file" "$tmp/j.html" -- "$tmp/base.h5" "$tmp/junk.h5" -o "$tmp/j.html"

finish
