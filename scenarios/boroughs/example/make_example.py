#!/usr/bin/python3
"""Writes the synthetic example borough "Exampleton" in the published formats of the ONS population
estimates, the English Indices of Deprivation and ONS Open Geography boundaries. Made-up numbers:
see README.md. Run from anywhere; writes next to this script. Deterministic (fixed seed)."""
import csv
import json
import math
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
rng = random.Random(2025)

COLS, ROWS = 4, 3
LON0, LAT0, DLON, DLAT = -2.66, 53.53, 0.024, 0.015   # a cell about 1.6 km x 1.7 km
WARDS = [("E05990001", "Exampleton North"), ("E05990002", "Exampleton Central"),
         ("E05990003", "Millbrook"), ("E05990004", "Hollins Green")]
LAD = ("E08990001", "Exampleton")

# Grid corners, interior ones nudged so the areas are irregular; shared by neighbours, so they tile.
corner = {}
for j in range(ROWS + 1):
    for i in range(COLS + 1):
        inner = 0 < i < COLS and 0 < j < ROWS
        dx = rng.uniform(-0.25, 0.25) * DLON if inner else 0.0
        dy = rng.uniform(-0.25, 0.25) * DLAT if inner else 0.0
        corner[i, j] = (round(LON0 + i * DLON + dx, 6), round(LAT0 + j * DLAT + dy, 6))

areas = []
for j in range(ROWS):
    for i in range(COLS):
        k = len(areas)
        code = f"E0199{k + 1:04d}"
        name = f"Exampleton {k // 2 + 1:03d}{'AB'[k % 2]}"
        ring = [corner[i, j], corner[i + 1, j], corner[i + 1, j + 1], corner[i, j + 1]]
        # A bend in the southern edge of the bottom row: a pentagon, still simple.
        if j == 0:
            a, b = corner[i, j], corner[i + 1, j]
            ring.insert(1, (round((a[0] + b[0]) / 2, 6), round(a[1] - 0.2 * DLAT, 6)))
        ring.append(ring[0])  # closed, counter-clockwise (RFC 7946)
        ward = WARDS[(j * COLS + i) // 3]
        areas.append({"code": code, "name": name, "ring": ring, "ward": ward, "i": i, "j": j})

# Deprivation: the south-west is most deprived; deciles 1..9 across the borough.
for a in areas:
    score = a["i"] + 2 * a["j"] + rng.uniform(-0.8, 0.8)
    a["decile"] = max(1, min(10, 1 + round(score * 1.1)))
    a["rank"] = max(1, min(33755, int((a["decile"] - 1) * 3375.5 + rng.uniform(1, 3375))))
    a["score"] = round(60 - a["decile"] * 5.5 + rng.uniform(-2, 2), 3)

# Population by single year of age and sex: an ageing pyramid, younger where more deprived.
def counts(decile, size):
    young = 1.25 - 0.05 * decile
    weights = []
    for age in range(91):
        w = (1.0 if age < 60 else math.exp(-(age - 60) / 14.0)) * (young if age < 30 else 1.0)
        if age == 90:
            w *= 4.0  # the open 90+ column
        weights.append(w)
    total = sum(weights)
    return [max(0, round(size * w / total + rng.uniform(-1.5, 1.5))) for w in weights]

header = ["LAD 2021 Code", "LAD 2021 Name", "LSOA 2021 Code", "LSOA 2021 Name", "Total"]
header += [f"F{a}" for a in range(91)] + [f"M{a}" for a in range(91)]
with open(HERE / "population.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for a in areas:
        size = rng.randint(1400, 2100)
        fem, male = counts(a["decile"], size * 0.51), counts(a["decile"], size * 0.49)
        w.writerow([LAD[0], LAD[1], a["code"], a["name"], sum(fem) + sum(male)] + fem + male)

with open(HERE / "imd.csv", "w", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
    w.writerow(["LSOA code (2021)", "LSOA name (2021)", "Local Authority District code (2024)",
                "Local Authority District name (2024)", "Index of Multiple Deprivation (IMD) Score",
                "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
                "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
                "Income Decile (where 1 is most deprived 10% of LSOAs)"])
    for a in areas:
        w.writerow([a["code"], a["name"], LAD[0], LAD[1], a["score"], a["rank"], a["decile"], 11 - a["decile"]])
    # The real file covers all of England: rows for other areas are ignored.
    for k in range(3):
        w.writerow([f"E0199{9001 + k}", f"Elsewhere {k + 1:03d}A", "E08990002", "Elsewhere", 20.0, 16000 + k, 5, 5])

with open(HERE / "lookup.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["LSOA21CD", "LSOA21NM", "WD23CD", "WD23NM", "LAD23CD", "LAD23NM"])
    for a in areas:
        w.writerow([a["code"], a["name"], a["ward"][0], a["ward"][1], LAD[0], LAD[1]])

features = []
for k, a in enumerate(areas):
    features.append({"type": "Feature", "id": k + 1,
                     "properties": {"FID": k + 1, "LSOA21CD": a["code"], "LSOA21NM": a["name"], "LSOA21NMW": " ",
                                    "GlobalID": f"example-{k + 1}"},
                     "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in a["ring"]]]}})
collection = {"type": "FeatureCollection", "name": "LSOA_2021_EW_BGC_example",
              "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
              "features": features}
(HERE / "boundaries.geojson").write_text(json.dumps(collection, indent=1) + "\n")
print(f"wrote {len(areas)} areas to {HERE}")
