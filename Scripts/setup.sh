#!/usr/bin/env bash
# Installs the Debian packages TwinKit links against, only those that are missing.
# Used by both README commands and by CI; safe to run again.
set -euo pipefail

packages=(
  libsundials-dev   # SUNDIALS 6.4: CVODE, ARKODE, IDA (ODE layer)
  libgsl-dev        # GSL 2.7: odeiv2, random numbers, interpolation, least squares
  coinor-libcbc-dev # COIN-OR Cbc 2.10 and Clp 1.17: LP and MILP (dispatch, scheduling)
  libboost-context-dev # Boost.Context 1.74: stack switching for coroutine processes (kernel)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "setup: Swift 6.x is required (swift not on PATH)" >&2; exit 1; }
