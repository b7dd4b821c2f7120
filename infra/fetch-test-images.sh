#!/usr/bin/env bash
# Unpacks real photos that Debian ships (without installing the packages) into
# .linprobe/test-data/, where the tests look for them:
#   skimage/  the data folder of python3-skimage (coffee.png, astronaut.png, ...)
#   sklearn/  the sample images of python3-sklearn (china.jpg, flower.jpg)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.linprobe/test-data"
mkdir -p "$dest"

unpack() {  # unpack PACKAGE SUBFOLDER FIND_PATTERN
  local package="$1" folder="$2" pattern="$3"
  if [ -n "$(ls -A "$dest/$folder" 2>/dev/null)" ]; then
    return 0
  fi
  local work
  work="$(mktemp -d)"
  (cd "$work" && apt-get download -qq "$package" >/dev/null 2>&1) || {
    apt-get update -qq && (cd "$work" && apt-get download -qq "$package")
  }
  dpkg -x "$work"/"$package"_*.deb "$work/root"
  mkdir -p "$dest/$folder"
  find "$work/root" -path "$pattern" -type f -exec cp {} "$dest/$folder/" \;
  rm -rf "$work"
  echo "unpacked $(ls "$dest/$folder" | wc -l) files from $package into $dest/$folder"
}

unpack python3-skimage skimage '*/skimage/data/*'
unpack python3-sklearn sklearn '*/sklearn/datasets/images/*.jpg'
