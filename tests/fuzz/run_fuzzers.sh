#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (in build-fuzz/) and runs each for a bounded time from the
# seed corpus. Any crash, hang, leak or sanitizer report fails the script and leaves the input in
# build-fuzz/findings/ to be fixed and then added to tests/fuzz/regressions/<kind>/.
# Usage: tests/fuzz/run_fuzzers.sh [SECONDS_EACH]   (default 45)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-45}

./setup.sh --install clang-14 libclang-rt-14-dev libomp-14-dev

CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCDSIM_FUZZ=ON \
  -DCDSIM_BUILD_VIEWER=OFF >/dev/null
cmake --build build-fuzz --parallel "$(nproc)" --target fuzz_scenario fuzz_results fuzz_sweep fuzz_sweep_results fuzz_borough_csv \
  fuzz_boundaries fuzz_calibration fuzz_calibration_data

export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
mkdir -p build-fuzz/findings
status=0
for kind in scenario results sweep sweep_results borough_csv boundaries calibration calibration_data; do
  work=build-fuzz/corpus-$kind
  rm -rf "$work" && mkdir -p "$work" && cp tests/fuzz/corpus/$kind/* "$work"/
  max_len=20000
  [[ $kind == *results ]] && max_len=120000
  echo "fuzz_$kind: $seconds s" >&2
  if ! build-fuzz/tests/fuzz_$kind "$work" -max_total_time="$seconds" -max_len=$max_len -timeout=10 \
      -rss_limit_mb=2048 -seed=1 -artifact_prefix=build-fuzz/findings/$kind- -print_final_stats=1 \
      >build-fuzz/fuzz_$kind.log 2>&1; then
    echo "fuzz_$kind FOUND A PROBLEM: see build-fuzz/fuzz_$kind.log and build-fuzz/findings/" >&2
    tail -40 build-fuzz/fuzz_$kind.log >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" build-fuzz/fuzz_$kind.log | tail -2 >&2 || true
    # The results readers read each file first in a forked child (sim/core/isolated.hpp). When libhdf5
    # crashes in that child on a damaged file, the sanitizer there still reports and libFuzzer still
    # saves the input, though the reader refused the file with a message and the fuzzer went on: the
    # run passed, so those inputs are not findings.
    handled=$(find build-fuzz/findings -name "$kind-crash-*" | wc -l)
    if ((handled)); then
      echo "  ($handled inputs crashed libhdf5 inside the isolated reading child and were refused: handled)" >&2
      find build-fuzz/findings -name "$kind-crash-*" -delete
    fi
  fi
done
exit $status
