#!/usr/bin/python3
"""Opens a sweep results file the way researchers do: xarray (netCDF-4 engine) and h5py.
Runs `$CDSIM sweep $SCENARIOS/tests/sweeps/tiny-lhs.yaml -o TMP/sweep.h5`, then checks the point
dimension, parameter(point, parameter_name), seeds, KPIs and series, and selections by name.
Prints one line per check and ends with "N passed, M failed"; exits 1 when anything failed.
"""
import os
import pathlib
import subprocess
import tempfile

import h5py
import numpy as np
import xarray as xr
from checklist import check, finish

def main():
    cdsim, scenarios = os.environ["CDSIM"], pathlib.Path(os.environ["SCENARIOS"])
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "sweep.h5"
        proc = subprocess.run([cdsim, "sweep", str(scenarios / "tests/sweeps/tiny-lhs.yaml"), "-o", str(path)],
                              capture_output=True, text=True, timeout=600)
        check("cdsim sweep exits 0", proc.returncode == 0, proc.stderr)
        if proc.returncode != 0:
            return
        with xr.open_dataset(path, engine="netcdf4") as ds:
            check("dimensions", dict(ds.sizes) == {"point": 12, "replicate": 2, "parameter_name": 5, "kpi": 14,
                                                    "series": 3, "time": ds.sizes["time"]}, dict(ds.sizes))
            check("parameter(point, parameter_name)", ds.parameter.dims == ("point", "parameter_name"))
            check("kpis(point, replicate, kpi)", ds.kpis.dims == ("point", "replicate", "kpi"))
            size = ds.parameter.sel(parameter_name="population.size").values
            check("integer parameters are whole numbers in range",
                  np.all(size == np.round(size)) and size.min() >= 1500 and size.max() <= 2500, size)
            friends = ds.parameter.sel(parameter_name="network.friend_ties").values
            check("listed values only", set(np.unique(friends)) <= {1.0, 2.0, 3.0}, friends)
            check("every run completed", int(ds.completed.sum()) == 24)
            entries = ds.kpis.sel(kpi="crisis_entries")
            check("KPIs are finite and positive", bool(np.isfinite(entries).all() and (entries > 0).all()))
            check("seed recorded per run", ds.seed.dims == ("point", "replicate") and int(ds.seed[0, 0]) == 7)
            check("time decodes to dates", np.issubdtype(ds.time.dtype, np.datetime64))
            crisis = ds.series_value.sel(series="in_crisis").isel(time=-1)
            check("series end equals in_crisis_end",
                  bool((crisis == ds.kpis.sel(kpi="in_crisis_end")).all()))
            # The everyday use: a KPI against a parameter, averaged over replicates.
            frame = ds.kpis.sel(kpi="cost_total").mean("replicate").to_dataframe()
            check("to_dataframe works", len(frame) == 12)
        with h5py.File(path, "r") as f:
            check("h5py reads the format attribute", f.attrs["format"] == "cdsim-sweep")


if __name__ == "__main__":
    main()
    finish()
