#!/usr/bin/python3
"""Pins the model's results: a small wigan-deal run (every mechanism, four policies, resident stories)
must give exactly the numbers recorded in tests/data/golden/wigan-deal-small.json, a SHA-256 digest of
every dataset. Optimisations must leave them unchanged; a deliberate change to the model updates the
record in the same commit, with the reason in its message:

    CDSIM=build/cdsim SCENARIOS=scenarios /usr/bin/python3 tests/python/check_golden.py --update

Prints one line per dataset and ends with "N passed, M failed"; exits 1 when anything failed, and 77
(ctest's SKIP_RETURN_CODE) when CDSIM_SIMD_TARGET forces a target this build or processor cannot run,
which cdsim refuses with exit code 2 (sim/core/simd_target.hpp).
"""
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import h5py
import numpy as np
from checklist import check, finish

RECORD = pathlib.Path(__file__).resolve().parent.parent / "data" / "golden" / "wigan-deal-small.json"
SKIPPED = 77
RUN = ["--replicates", "2", "--set", "population.size=6000", "--set", "years=3", "--record-residents", "20"]


def digest(dataset):
    """SHA-256 of a dataset's shape, type and values (strings as UTF-8, each ended by a NUL)."""
    h = hashlib.sha256(f"{dataset.shape}".encode())
    if h5py.check_string_dtype(dataset.dtype):
        h.update(b"str")
        for s in dataset.asstr()[()].ravel():
            h.update(s.encode() + b"\0")
    else:
        values = np.ascontiguousarray(dataset[()])
        h.update(values.dtype.str.encode())
        h.update(values.tobytes())
    return h.hexdigest()


def digests(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, digest(obj)) if isinstance(obj, h5py.Dataset) else None)
    return out


def main():
    cdsim, scenarios = os.environ["CDSIM"], pathlib.Path(os.environ["SCENARIOS"])
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "golden.h5"
        proc = subprocess.run([cdsim, "run", str(scenarios / "wigan-deal.yaml"), "-o", str(path), *RUN],
                              capture_output=True, text=True, timeout=600)
        forced = os.environ.get("CDSIM_SIMD_TARGET")
        if forced and proc.returncode == 2 and f"CDSIM_SIMD_TARGET={forced}" in proc.stderr:
            print(f"skipped: {proc.stderr.strip()}")
            sys.exit(SKIPPED)
        if not check("the run exits 0", proc.returncode == 0, proc.stderr[-2000:]):
            finish()
        now = digests(path)
    if "--update" in sys.argv:
        RECORD.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        print(f"wrote {RECORD} ({len(now)} datasets)")
        return
    recorded = json.loads(RECORD.read_text())
    check("the same datasets as recorded", sorted(now) == sorted(recorded),
          f"new: {sorted(set(now) - set(recorded))}, gone: {sorted(set(recorded) - set(now))}")
    for name in sorted(recorded):
        if name in now:
            check(f"{name} unchanged", now[name] == recorded[name],
                  "the results changed; if the model was meant to change, update the record (see the docstring)")


if __name__ == "__main__":
    main()
    finish()
