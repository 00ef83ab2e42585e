#!/usr/bin/python3
"""From public data to xarray, as a council analyst does it: `cdsim borough` on the bundled synthetic
borough (scenarios/boroughs/example), a short `cdsim run`, then the results opened with xarray and
h5py and joined to the public files on the area codes. Run with Debian's /usr/bin/python3.

Environment:
  CDSIM    path of the cdsim executable
  EXAMPLE  absolute path of scenarios/boroughs/example

Prints one line per check and ends with "N passed, M failed"; exits 1 when anything failed.
"""
import csv
import json
import os
import pathlib
import subprocess
import tempfile

import h5py
import numpy as np
import pandas as pd
import xarray as xr
from checklist import check, finish

def run(cmd):
    print("running:", " ".join(cmd))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if not check(f"{cmd[1]} exits 0", proc.returncode == 0, f"exit {proc.returncode}; stderr:\n{proc.stderr[-2000:]}"):
        finish()


def main():
    cdsim, example = os.environ.get("CDSIM"), os.environ.get("EXAMPLE")
    if not cdsim or not example:
        check("CDSIM and EXAMPLE are set", False)
        finish()
    example = pathlib.Path(example)
    with open(example / "population.csv", newline="") as f:
        population = list(csv.DictReader(f))
    imd = pd.read_csv(example / "imd.csv")
    geo = json.loads((example / "boundaries.geojson").read_text())

    with tempfile.TemporaryDirectory(prefix="cdsim-borough-") as tmp:
        scenario, results = pathlib.Path(tmp) / "exampleton.yaml", pathlib.Path(tmp) / "exampleton.h5"
        run([cdsim, "borough", "--population", str(example / "population.csv"), "--deprivation",
             str(example / "imd.csv"), "--boundaries", str(example / "boundaries.geojson"), "-o", str(scenario)])
        run([cdsim, "run", str(scenario), "-o", str(results), "--replicates", "2", "--set", "years=0.25"])

        with xr.open_dataset(results) as ds:
            codes = [row["LSOA 2021 Code"] for row in population]
            check("neighbourhood_code is a coordinate along neighbourhood",
                  "neighbourhood_code" in ds.coords and ds.neighbourhood_code.dims == ("neighbourhood",))
            check("the codes are the population file's, in order", list(ds.neighbourhood_code.values) == codes,
                  str(ds.neighbourhood_code.values))
            at_start = (ds.residents.isel(time=0, replicate=0).sum(["age_group", "state"])
                        .swap_dims(neighbourhood="neighbourhood_code").to_series())
            totals = pd.Series({row["LSOA 2021 Code"]: int(row["Total"]) for row in population})
            check("residents at the start are the population file's totals, joined on codes",
                  bool((at_start.reindex(totals.index) == totals).all()), str(at_start.head()))
            decile = ds.deprivation_decile.swap_dims(neighbourhood="neighbourhood_code").to_series()
            joined = imd.merge(decile.rename("cdsim").reset_index(), left_on="LSOA code (2021)",
                               right_on="neighbourhood_code")
            check("deprivation deciles join to the IMD file on codes", len(joined) == 12 and bool(
                (joined["cdsim"] == joined["Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"]).all()),
                str(joined.head()))

            counts = ds.outline_node_count.values
            check("outline node counts add up to the positions", int(counts.sum()) == ds.sizes["outline_node"])
            check("one ring per area, no holes", ds.sizes["outline_part"] == 12 and int(ds.outline_interior_ring.sum()) == 0)
            first = np.column_stack([ds.outline_lon.values[:counts[0]], ds.outline_lat.values[:counts[0]]])
            expected = np.array(geo["features"][0]["geometry"]["coordinates"][0])
            check("the first outline is the first feature's ring", first.shape == expected.shape and np.allclose(first, expected),
                  f"{first[:2]} vs {expected[:2]}")
            container = ds["neighbourhood_outline"].attrs
            check("CF-1.8 geometry container", container.get("geometry_type") == "polygon"
                  and container.get("node_count") == "outline_node_count"
                  and container.get("part_node_count") == "outline_part_node_count", str(container))
            lon, lat = ds.centroid_lon.values, ds.centroid_lat.values
            check("centroids within the outlines' extent",
                  bool(((lon > ds.outline_lon.min().item()) & (lon < ds.outline_lon.max().item())
                        & (lat > ds.outline_lat.min().item()) & (lat < ds.outline_lat.max().item())).all()))

        with h5py.File(results, "r") as f:
            for name, dim in (("neighbourhood_code", "neighbourhood"), ("outline_lon", "outline_node"),
                              ("outline_part_node_count", "outline_part"), ("outline_node_count", "neighbourhood")):
                scales = [s.name for s in f[name].dims[0].values()]
                check(f"h5py: {name} has the dimension scale {dim}", scales == ["/" + dim], str(scales))
    finish()


if __name__ == "__main__":
    main()
