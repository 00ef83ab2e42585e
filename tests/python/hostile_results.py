#!/usr/bin/env python3
"""Writes a copy of a cdsim results file whose values no run can produce, for the tests that check the
viewer and `cdsim compare` refuse it naming the variable (docs/reliability.md).

usage: hostile_results.py KIND IN.h5 OUT.h5
KIND: nan-cost, infinite-cost, time-backwards, time-still, negative-residents, no-neighbourhoods
"""
import sys

import h5py
import numpy as np


def copy_without_neighbourhoods(src, dst):
    """Every variable with its neighbourhood axes cut to length 0, the dimension scales re-attached."""
    axes = {}
    for name, d in src.items():
        if not isinstance(d, h5py.Dataset):
            continue
        labels = [dim[0].name.lstrip("/") if len(dim) else None for dim in d.dims]
        if name == "neighbourhood":
            labels = ["neighbourhood"]
        index = tuple(slice(0, 0) if label == "neighbourhood" else slice(None) for label in labels)
        data = d[index] if d.shape else d[()]
        out = dst.create_dataset(name, data=data, dtype=d.dtype)
        for key, value in d.attrs.items():
            if key not in ("DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME"):
                out.attrs[key] = value
        axes[name] = labels
    for key, value in src.attrs.items():
        dst.attrs[key] = value
    for name in axes:
        if name in axes.get(name, []) or any(name in labels for labels in axes.values()):
            dst[name].make_scale(name)
    for name, labels in axes.items():
        for i, label in enumerate(labels):
            if label and label != name:
                dst[name].dims[i].attach_scale(dst[label])


def main():
    kind, source, target = sys.argv[1:4]
    with h5py.File(source, "r") as src:
        if kind == "no-neighbourhoods":
            with h5py.File(target, "w", track_order=True) as dst:
                copy_without_neighbourhoods(src, dst)
            return
    with open(source, "rb") as a, open(target, "wb") as b:
        b.write(a.read())
    with h5py.File(target, "r+") as f:
        if kind in ("nan-cost", "infinite-cost"):
            cost = f["cost"][...]
            cost[0, 1, 0] = np.nan if kind == "nan-cost" else np.inf
            f["cost"][...] = cost
        elif kind in ("time-backwards", "time-still"):
            time = f["time"][...]
            time[2] = time[1] - 7 if kind == "time-backwards" else time[1]
            f["time"][...] = time
        elif kind == "negative-residents":
            residents = f["residents"][...]
            residents.flat[5] = -1
            f["residents"][...] = residents
        else:
            sys.exit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
