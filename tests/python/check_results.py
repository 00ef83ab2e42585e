#!/usr/bin/python3
"""Opens a cdsim results file the way users do: xarray (netCDF-4 engine, and h5netcdf when
installed) and h5py. Run with Debian's /usr/bin/python3 (python3-xarray, python3-h5py,
python3-netcdf4, python3-numpy).

Environment:
  CDSIM      path of the cdsim executable
  SCENARIOS  absolute path of scenarios/; runs `$CDSIM run $SCENARIOS/tests/tiny.yaml -o TMP/tiny.h5`
  CDSIM_RESULTS  (optional, for development) check this existing file instead of running cdsim;
                 expected population and start date then come from its scenario_yaml attribute.

Prints one line per check and ends with "N passed, M failed"; exits 1 when anything failed.
"""
import os
import pathlib
import re
import subprocess
import tempfile

import h5py
import numpy as np
import xarray as xr
from checklist import check, finish

HERE = pathlib.Path(__file__).resolve().parent
SCHEMA_HEADER = HERE.parent.parent / "sim" / "record" / "results_schema.hpp"

DIMS = ["replicate", "time", "neighbourhood", "age_group", "state", "from_state", "to_state",
        "request_outcome", "cost_category", "service", "care_home_age", "children_status", "incident_type"]
AGENCIES = ["council_adult_care", "council_children", "council_other", "nhs", "police"]
STATES = ["independent", "support", "crisis"]
AGE_GROUPS = ["0-17", "18-64", "65+"]
VARIABLES = {  # name -> dimensions, in order
    "residents": ("replicate", "time", "neighbourhood", "age_group", "state"),
    "transitions": ("replicate", "time", "from_state", "to_state"),
    "deaths": ("replicate", "time", "state"),
    "births": ("replicate", "time"),
    "requests": ("replicate", "time", "age_group", "request_outcome"),
    "cost": ("replicate", "time", "cost_category"),
    "engaged": ("replicate", "time", "neighbourhood"),
    "isolated": ("replicate", "time", "neighbourhood"),
    "informal_support": ("replicate", "time", "neighbourhood"),
    "waiting": ("replicate", "time", "service", "neighbourhood"),
    "served": ("replicate", "time", "service", "neighbourhood"),
    "care_home_residents": ("replicate", "time", "care_home_age"),
    "care_home_admissions": ("replicate", "time", "care_home_age"),
    "care_home_waiting": ("replicate", "time"),
    "children_services": ("replicate", "time", "neighbourhood", "children_status"),
    "child_crisis_entries": ("replicate", "time", "neighbourhood"),
    "care_starts": ("replicate", "time", "neighbourhood"),
    "police_incidents": ("replicate", "time", "neighbourhood", "incident_type"),
}
COUNTS = ["residents", "transitions", "deaths", "births", "requests", "engaged", "isolated", "informal_support", "waiting",
          "served", "care_home_residents", "care_home_admissions", "care_home_waiting", "child_crisis_entries"]
AUX_COORDS = {"neighbourhood_name": "neighbourhood", "x": "neighbourhood", "y": "neighbourhood",
              "deprivation_decile": "neighbourhood", "cost_agency": "cost_category"}

def guarded(name, fn, *args):
    """Runs a group of checks; an exception counts as one failure instead of stopping the script."""
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 - report anything a user would have hit
        check(f"{name} (raised)", False, f"{type(e).__name__}: {e}")


def expected_format_version():
    m = re.search(r"kFormatVersion\s*=\s*(\d+)", SCHEMA_HEADER.read_text())
    return int(m.group(1))


def scenario_facts(yaml_text):
    """Population size and start date from scenario YAML (block or flow style), without a YAML lib."""
    facts = {}
    block = re.search(r"^population:(.*?)(?=^\S|\Z)", yaml_text, re.M | re.S)
    if block:
        size = re.search(r"\bsize:\s*([0-9_]+)", block.group(1))
        if size:
            facts["population"] = int(size.group(1).replace("_", ""))
    start = re.search(r"^start:\s*['\"]?(\d{4}-\d{2}-\d{2})", yaml_text, re.M)
    if start:
        facts["start"] = start.group(1)
    return facts


def run_cdsim(tmp):
    cdsim, scenarios = os.environ.get("CDSIM"), os.environ.get("SCENARIOS")
    if not cdsim or not scenarios:
        check("CDSIM and SCENARIOS are set", False, "set CDSIM=path/to/cdsim SCENARIOS=path/to/scenarios")
        finish()
    scenario = pathlib.Path(scenarios) / "tests" / "tiny.yaml"
    out = pathlib.Path(tmp) / "tiny.h5"
    cmd = [cdsim, "run", str(scenario), "-o", str(out)]
    print("running:", " ".join(cmd))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if not check("cdsim run tiny.yaml exits 0", proc.returncode == 0,
                 f"exit {proc.returncode}; stderr:\n{proc.stderr[-2000:]}"):
        finish()
    check("the results file exists", out.is_file(), str(out))
    check("no temporary .part file remains", not list(pathlib.Path(tmp).glob("tiny.h5.*.part")))
    check("nothing else was written next to it",
          sorted(p.name for p in pathlib.Path(tmp).iterdir()) == ["tiny.h5"],
          str(sorted(p.name for p in pathlib.Path(tmp).iterdir())))
    if not out.is_file():
        finish()
    return out, scenario_facts(scenario.read_text())


def check_xarray(path, engine, facts):
    label = f"xarray[{engine or 'default'}]"
    with xr.open_dataset(path, engine=engine) as ds:
        check(f"{label}: opens", True)
        dims = list(ds.dims)
        check(f"{label}: dimensions are exactly {', '.join(DIMS)}", sorted(dims) == sorted(DIMS), str(dims))
        check(f"{label}: no phony_dim", not any("phony_dim" in d for d in dims), str(dims))
        for name, var_dims in VARIABLES.items():
            check(f"{label}: {name} has dims {var_dims}", name in ds and ds[name].dims == var_dims,
                  str(ds[name].dims) if name in ds else "missing")

        time = ds["time"].values
        check(f"{label}: time decodes to datetime64", np.issubdtype(time.dtype, np.datetime64), str(time.dtype))
        start = facts.get("start", "2025-04-01")
        check(f"{label}: time starts {start}", time[0] == np.datetime64(start), str(time[0]))
        steps = np.diff(time)
        check(f"{label}: time steps are 7 days", len(time) > 1 and bool(np.all(steps == np.timedelta64(7, "D"))),
              str(np.unique(steps)))

        check(f"{label}: state labels", list(ds["state"].values) == STATES, str(ds["state"].values))
        check(f"{label}: from_state/to_state labels",
              list(ds["from_state"].values) == STATES and list(ds["to_state"].values) == STATES)
        check(f"{label}: age_group labels", list(ds["age_group"].values) == AGE_GROUPS,
              str(ds["age_group"].values))
        for name, dim in AUX_COORDS.items():
            check(f"{label}: {name} is a coordinate along {dim}",
                  name in ds.coords and ds.coords[name].dims == (dim,))

        for name in COUNTS:
            var = ds[name]
            check(f"{label}: {name} is an integer ({var.dtype})", np.issubdtype(var.dtype, np.integer))
            check(f"{label}: {name} has no _FillValue",
                  "_FillValue" not in var.encoding and "_FillValue" not in var.attrs)
        check(f"{label}: cost is float64", ds["cost"].dtype == np.float64, str(ds["cost"].dtype))
        agencies = set(ds["cost_agency"].values)
        check(f"{label}: cost_agency lists council adult care, children's services, the NHS and the police",
              {"council_adult_care", "council_children", "nhs", "police"} <= agencies, str(agencies))
        check(f"{label}: cost_agency words are agencies", agencies <= set(AGENCIES), str(agencies))
        check(f"{label}: children_status labels",
              list(ds["children_status"].values) == ["child_in_need", "child_protection_plan", "looked_after"],
              str(ds["children_status"].values))
        kids = ds.children_services
        check(f"{label}: children in need include those on plans and in care",
              bool((kids.sel(children_status="child_in_need") + 1e-9 >=
                    kids.sel(children_status="child_protection_plan") + kids.sel(children_status="looked_after")).all()))
        check(f"{label}: children's services and police incidents are non-negative",
              bool((kids >= 0).all()) and bool((ds.police_incidents >= 0).all()))
        check(f"{label}: police incidents are zero at time 0", bool((ds.police_incidents.isel(time=0) == 0).all()))

        attrs = ds.attrs
        check(f"{label}: format attribute", attrs.get("format") == "cdsim-results", str(attrs.get("format")))
        version = attrs.get("format_version")
        check(f"{label}: format_version == {expected_format_version()}",
              version is not None and int(version) == expected_format_version(), str(version))
        for key in ("cdsim_version", "scenario_name", "seed", "scenario_yaml"):
            check(f"{label}: attribute {key} present", key in attrs and str(attrs[key]) != "")
        check(f"{label}: created_utc is ISO 8601 UTC",
              re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(attrs.get("created_utc", ""))) is not None,
              str(attrs.get("created_utc")))

        crisis = ds.residents.sel(state="crisis")
        check(f"{label}: residents.sel(state='crisis') works", "state" not in crisis.dims, str(crisis.dims))

        residents = ds.residents.values
        check(f"{label}: residents are non-negative", bool((residents >= 0).all()))
        initial = ds.residents.isel(time=0).sum(dim=["neighbourhood", "age_group", "state"]).values
        if "population" in facts:
            check(f"{label}: residents at time 0 sum to {facts['population']} in every replicate",
                  bool(np.all(initial == facts["population"])), str(initial))
        for name in ("transitions", "deaths", "births", "cost", "care_home_admissions"):
            check(f"{label}: {name} is zero at time 0 (the initial state)",
                  bool((ds[name].isel(time=0) == 0).all()))

        # The examples in docs/results-format.md, so the documentation keeps working.
        share = crisis.sum(["neighbourhood", "age_group"]) / ds.residents.sum(["neighbourhood", "age_group", "state"])
        mean_share = share.mean("replicate")
        check(f"{label}: doc example: crisis share over time",
              mean_share.dims == ("time",) and bool(((mean_share >= 0) & (mean_share <= 1)).all()))
        yearly = ds.cost.groupby("cost_agency").sum().resample(time="YS").sum()
        check(f"{label}: doc example: cost by agency per year",
              set(yearly.dims) == {"replicate", "time", "cost_agency"}, str(yearly.dims))


def check_h5py(path):
    with h5py.File(path, "r") as f:
        check("h5py: opens", True)
        sizes = {d: f[d].shape[0] for d in DIMS}
        check("h5py: format attribute", f.attrs.get("format") in ("cdsim-results", b"cdsim-results"))
        check("h5py: format_version", int(f.attrs["format_version"]) == expected_format_version())
        for name, var_dims in VARIABLES.items():
            dset = f[name]
            expected = tuple(sizes[d] for d in var_dims)
            check(f"h5py: {name} shape {expected}", dset.shape == expected, str(dset.shape))
            scales = [[s.name for s in dset.dims[i].values()] for i in range(dset.ndim)]
            check(f"h5py: {name} has one dimension scale per axis",
                  scales == [["/" + d] for d in var_dims], str(scales))
        check("h5py: state labels", list(f["state"].asstr()[:]) == STATES)
        check("h5py: request outcomes", list(f["request_outcome"].asstr()[:]) ==
              ["long_term", "short_term", "universal", "no_service"], str(list(f["request_outcome"].asstr()[:])))
        check("h5py: no requests from children", int(f["requests"][:, :, 0, :].sum()) == 0)
        check("h5py: care-home age bands", list(f["care_home_age"].asstr()[:]) == ["65-74", "75-84", "85+"],
              str(list(f["care_home_age"].asstr()[:])))
        # Care-home residents are residents aged 65+ in support or crisis: never more than those.
        in_homes = f["care_home_residents"][()].sum(axis=2)
        older_in_need = f["residents"][:, :, :, 2, 1:].sum(axis=(2, 3))
        check("h5py: care homes are not empty at time 0", bool((in_homes[:, 0] > 0).all()), str(in_homes[:, 0]))
        check("h5py: care-home residents are among residents aged 65+ in need",
              bool((in_homes <= older_in_need).all()))
        # tiny.yaml has no policies, so no policy or agency dimension; agencies name every cost category.
        check("h5py: no agency dimension without policies", "agency" not in f and "policy_paid_by" not in f)
        check("h5py: time units", f["time"].attrs["units"].startswith("days since "), str(f["time"].attrs["units"]))


def check_uncertainty(tmp):
    """A run with --uncertainty records each replicate's draw as parameter(replicate, parameter_name)."""
    cdsim, scenarios = os.environ["CDSIM"], os.environ["SCENARIOS"]
    out = pathlib.Path(tmp) / "drawn.h5"
    proc = subprocess.run([cdsim, "run", str(pathlib.Path(scenarios) / "tests" / "tiny.yaml"), "-o", str(out),
                           "--uncertainty", "--replicates", "3"], capture_output=True, text=True, timeout=900)
    if not check("cdsim run --uncertainty exits 0", proc.returncode == 0, proc.stderr[-2000:]):
        return
    with xr.open_dataset(out) as ds:
        check("uncertainty: parameter has dims (replicate, parameter_name)",
              "parameter" in ds and ds["parameter"].dims == ("replicate", "parameter_name"),
              str(ds["parameter"].dims) if "parameter" in ds else "missing")
        drawn = ds.parameter.sel(parameter_name="transitions.support_to_crisis").values
        check("uncertainty: each replicate has its own draw", len(set(drawn.tolist())) == 3, str(drawn))
        check("uncertainty: parameter is float64 without a fill value",
              ds["parameter"].dtype == np.float64 and "_FillValue" not in ds["parameter"].encoding)


def main():
    results = os.environ.get("CDSIM_RESULTS")
    with tempfile.TemporaryDirectory(prefix="cdsim-check-") as tmp:
        if results:
            path = pathlib.Path(results)
            with h5py.File(path, "r") as f:
                facts = scenario_facts(str(f.attrs.get("scenario_yaml", "")))
        else:
            path, facts = run_cdsim(tmp)
        print(f"checking {path} (expected population {facts.get('population', 'unknown')})")

        guarded("xarray[default]", check_xarray, path, None, facts)
        try:
            import h5netcdf  # noqa: F401
        except ImportError:
            print("skip - xarray[h5netcdf]: h5netcdf is not installed")
        else:
            guarded("xarray[h5netcdf]", check_xarray, path, "h5netcdf", facts)
        guarded("h5py", check_h5py, path)
        if not results:
            guarded("uncertainty", check_uncertainty, tmp)
    finish()


if __name__ == "__main__":
    main()
