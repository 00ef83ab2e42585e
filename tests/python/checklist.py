"""The checks' bookkeeping shared by the Python tests: one line per check, then "N passed, M failed",
and exit status 1 when anything failed (ctest reads the status)."""
import sys

_counts = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    """Records one check and prints it; returns ok so a caller can stop when a prerequisite fails."""
    _counts["passed" if ok else "failed"] += 1
    print(f"ok   - {name}" if ok else f"FAIL - {name}" + (f": {detail}" if detail else ""))
    return ok


def finish():
    print(f"{_counts['passed']} passed, {_counts['failed']} failed")
    sys.exit(1 if _counts["failed"] else 0)
