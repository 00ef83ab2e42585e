#!/usr/bin/env python3
"""How example-council.csv was made: a made-up council whose returns are one run of the bundled
baseline at known values (TRUTH below, not the defaults), with 2% recording noise, rounded as councils
publish them. Calibrating it (example.yaml) should find TRUTH again: docs/calibration.md shows it does.

    CDSIM=build/cdsim python3 scenarios/calibration/make_example_data.py > scenarios/calibration/example-council.csv

The measures follow docs/calibration.md: flows summed over each council year (April to March), a week
that straddles the year's end counted for its days inside it.
"""
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

TRUTH = {
    "requests.ask_working_age": 0.11,
    "requests.ask_older": 0.27,
    "transitions.independent_to_support": 0.0016,
}
START = dt.date(2021, 4, 1)
YEARS = [(dt.date(y, 4, 1), dt.date(y + 1, 3, 31)) for y in (2021, 2022, 2023)]


def flow(series, first, last):
    """Sum of a weekly flow (index t: the week ending at day 7t) over the days first..last inclusive."""
    lo, hi = (first - START).days, (last - START).days + 1
    total = 0.0
    for t in range(1, len(series)):
        inside = min(7 * t, hi) - max(7 * (t - 1), lo)
        if inside > 0:
            total += series[t] * inside / 7
    return total


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    cdsim = os.environ.get("CDSIM", "build/cdsim")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "truth.h5")
        sets = [f"--set={k}={v}" for k, v in TRUTH.items()]
        subprocess.run([cdsim, "run", os.path.join(here, "..", "baseline.yaml"), "-o", out, "--replicates", "1",
                        "--seed", "2024", "--set=start=2021-04-01", "--set=years=4", *sets],
                       check=True, stdout=subprocess.DEVNULL)
        with h5py.File(out) as f:
            requests = f["requests"][0]  # time, age_group, request_outcome
            ages = [a.decode() if isinstance(a, bytes) else a for a in f["age_group"][:]]
            deaths = f["deaths"][0].sum(axis=1)
            admissions = f["care_home_admissions"][0].sum(axis=1)
            yaml = f.attrs["scenario_yaml"]
            yaml = yaml.decode() if isinstance(yaml, bytes) else yaml
    share = float(re.search(r"council_funded_share:\s*([0-9.eE+-]+)", yaml).group(1))
    noise = np.random.default_rng(7)
    rows = []
    for first, last in YEARS:
        def add(measure, value, age=""):
            value *= 1 + 0.02 * noise.standard_normal()
            rows.append(f"{measure},{first},{last},{round(value)},,{age}")
        for a, age in enumerate(ages):
            if age != "0-17":
                add("requests", flow(requests[:, a, :].sum(axis=1), first, last), age)
        add("new_long_term_clients", flow(requests[:, :, 0].sum(axis=1), first, last))
        add("care_home_admissions_65", share * flow(admissions, first, last))
        add("deaths", flow(deaths, first, last))
    sys.stdout.write("# A made-up council's returns (scenarios/calibration/make_example_data.py): not real data\n")
    sys.stdout.write("measure,period_start,period_end,value,sd,age_group\n")
    sys.stdout.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
