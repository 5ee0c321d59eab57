#!/usr/bin/env bash
# Idempotent setup for a fresh Debian 12 machine: system packages (apt) and npm dependencies.
# Safe to run again: apt skips what is installed, npm ci only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Python ML runtime used by prepare scripts, metrics cross-checks and agent code
  python3 python3-numpy python3-pandas python3-scipy python3-sklearn python3-xgboost
  python3-statsmodels python3-venv python3-rdata python3-pil
  # sandboxes: bubblewrap and libseccomp (the syscall filter) for `local`; the Docker engine and
  # debootstrap for `docker`, and gVisor (runsc) as its optional runtime (registered by
  # scripts/docker-up.sh, used with ARENA_DOCKER_RUNTIME=runsc)
  bubblewrap python3-seccomp time docker.io debootstrap runsc
  # English word list: which undocumented column names are plain words (harness/smith/name-meaning.ts)
  wamerican
  # offline datasets shipped as Debian packages
  dataset-fashion-mnist fortunes
  # the HTML report's browser test (headless)
  chromium
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# R data packages are only needed as files (read with python3-rdata, no R): download and unpack.
# The list is harness/datasets/sources/r-packages.ts (R_PACKAGES; r-cran-car only for its examples).
# Not listed, though in the mirror: r-cran-palmerpenguins (lazy-load promises; vega's penguins is the same data),
# and packages with no data frame of 150 rows (cluster, vegan, Guerry, mgcv, partykit).
R_PKG_DIR=.cache/debian-r
R_PACKAGES=(
  r-cran-aer r-cran-boot r-cran-cardata r-cran-car r-cran-dslabs r-cran-geepack r-cran-hsaur3
  r-cran-janeaustenr r-cran-kernlab r-cran-lme4 r-cran-mass r-cran-mlbench r-cran-mlmrev
  r-cran-modeldata r-cran-ordinal r-cran-pscl r-cran-quantreg r-cran-robustbase r-cran-survival
  r-cran-th.data r-cran-tm r-cran-vcd
  r-cran-ade4 r-cran-arm r-cran-brglm2 r-cran-caret r-cran-coin r-cran-dplyr r-cran-emdbook
  r-cran-epi r-cran-epitools r-cran-flexmix r-cran-forcats r-cran-ggplot2 r-cran-glmmtmb r-cran-gss
  r-cran-lattice r-cran-lava r-cran-lmtest r-cran-mclust r-cran-mice r-cran-mixtools r-cran-modelr
  r-cran-multcomp r-cran-nlme r-cran-party r-cran-plm r-cran-psych r-cran-psychtools
  r-cran-randomforest r-cran-rpart r-cran-sandwich r-cran-spdata r-cran-survey r-cran-tidyr r-cran-vgam
  r-cran-kmsurv r-cran-timereg
)
# One apt-get call for all of them (one download session), run beside `npm ci`: both mostly wait.
fetch_r_packages() {
  local wanted=() p
  for p in "${R_PACKAGES[@]}"; do [ -d "$R_PKG_DIR/$p" ] || wanted+=("$p"); done
  [ ${#wanted[@]} -gt 0 ] || return 0
  rm -rf "$R_PKG_DIR/tmp" && mkdir -p "$R_PKG_DIR/tmp"
  # _apt cannot write into the checkout, so apt downloads as root and warns once per file: kept out of sight.
  if ! (cd "$R_PKG_DIR/tmp" && apt-get download -qq "${wanted[@]}" >/dev/null 2>apt.log); then
    grep -v 'Download is performed unsandboxed' "$R_PKG_DIR/tmp/apt.log" >&2
    return 1
  fi
  for p in "${wanted[@]}"; do
    rm -rf "$R_PKG_DIR/$p.partial"
    # Unpacked under another name first, so an interrupted run leaves nothing that looks done.
    dpkg-deb -x "$R_PKG_DIR"/tmp/${p}_*.deb "$R_PKG_DIR/$p.partial" || return 1
    mv "$R_PKG_DIR/$p.partial" "$R_PKG_DIR/$p"
  done
  rm -rf "$R_PKG_DIR/tmp"
}
fetch_r_packages &
r_fetch=$!

# npm dependencies, only when package-lock.json changed since the last install
stamp=node_modules/.setup-stamp
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$stamp"
fi

wait "$r_fetch" || { echo "setup: downloading the R data packages failed" >&2; exit 1; }
npm run --silent build
# Reads the R packages' data and help pages into .cache/debian-r/catalog.json (rebuilt only when they change).
node --input-type=module -e "await import('./dist/harness/datasets/sources/r-packages.js')"
echo "setup: done"
