#!/bin/sh
# Installs the Debian packages the lab needs (list: test/lab/apt-packages.txt),
# only those missing. Needs root and Debian's apt.
set -eu
here=$(dirname "$0")
missing=''
for p in $(grep -v '^#' "$here/apt-packages.txt"); do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -z "$missing" ]; then echo "lab apt packages: all present"; exit 0; fi
echo "installing:$missing"
apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
