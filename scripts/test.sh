#!/usr/bin/env bash
# Installs what the tests need and runs them: Debian's Prometheus, Alertmanager and Chromium
# (real engines for the alert path, promtool and amtool checks, and the browser test), the npm
# packages from package-lock.json, then type checks, both builds and every test.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(prometheus prometheus-alertmanager chromium)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

# npm ci also runs the prepare script, which compiles the command-line tool into lib/.
npm ci --no-audit --no-fund
npm run test:all
