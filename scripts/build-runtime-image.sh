#!/usr/bin/env bash
# Builds the Docker backend's runtime image offline from Debian packages: debootstrap a minimal
# bookworm with Debian's Python ML stack, then `docker import` it. No image registry is needed.
# Usage: scripts/build-runtime-image.sh <tag>. The rootfs tarball is cached in .cache/runtime-image.
set -euo pipefail
cd "$(dirname "$0")/.."
TAG="$1"
MIRROR="${ARENA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="python3,python3-numpy,python3-pandas,python3-scipy,python3-sklearn,python3-xgboost,python3-statsmodels,python3-pil,procps,coreutils,util-linux"
CACHE=.cache/runtime-image
# The rootfs depends only on this recipe: cache it under the recipe's hash.
TARBALL="$CACHE/rootfs-$(sha256sum "$0" | cut -c1-12).tar"
mkdir -p "$CACHE"
if [ ! -f "$TARBALL" ]; then
  ROOTFS=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  trap 'rm -rf "$ROOTFS"' EXIT
  echo "runtime image: debootstrap bookworm with $PACKAGES (a few minutes, once)"
  debootstrap --variant=minbase --include="$PACKAGES" bookworm "$ROOTFS" "$MIRROR" > "$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log"; exit 1; }
  # Keep the image lean: no package caches, lists, docs or locales.
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/locale/*
  mkdir -p "$ROOTFS/workspace" "$ROOTFS/data"
  tar -C "$ROOTFS" -cf "$TARBALL.tmp" .
  mv "$TARBALL.tmp" "$TARBALL"
fi
docker import --change 'WORKDIR /workspace' --change 'ENV LANG=C.UTF-8' "$TARBALL" "$TAG" > /dev/null
echo "runtime image: $TAG"
