#!/usr/bin/env bash
# One-step set-up on a fresh Debian 12 machine: install the build and test dependencies from Debian's
# packages, then configure and build cdsim in ./build. Safe to run again: it installs only what is
# missing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# `./setup.sh --install PKG...` installs just those (when missing) and stops: the fuzzers' clang uses it.
install_only=false
if [[ ${1:-} == --install ]]; then
  install_only=true
  shift
fi

packages=(
  build-essential cmake ninja-build pkg-config
  libhdf5-dev hdf5-tools libyaml-cpp-dev libyaml-dev librandom123-dev libhwy-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev catch2 libboost-dev libopenmpi-dev openmpi-bin libcsv-dev
  python3 python3-h5py python3-xarray python3-netcdf4 python3-numpy
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri libstb-dev xvfb xauth fonts-dejavu-core
  libcairo2-dev libpango1.0-dev poppler-utils chromium libeigen3-dev libnlopt-dev
)

$install_only && packages=("$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

$install_only && exit 0

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --parallel "$(nproc)"
