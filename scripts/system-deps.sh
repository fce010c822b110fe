#!/usr/bin/env bash
# system-deps.sh serve|test
#
# Makes sure the Debian packages a make target needs are present. `serve` needs only a Python that can make virtual
# environments; `test` adds Chromium (browser tests and PDFs), poppler-utils (pdftotext in the PDF tests), the
# DejaVu fonts the PDF layout is measured with, and the PostgreSQL server (the suite's second run).
# As root, missing packages are installed with apt-get; anyone else is told, in one line, which package is missing.
set -euo pipefail

purpose=${1:-test}
python=${PYTHON:-python3.11}

# Debian package -> a file (glob) that shows it is installed.
declare -A wanted=()
if [[ $purpose == test ]]; then
    wanted=(
        [make]=/usr/bin/make
        [chromium]=/usr/bin/chromium
        [postgresql]='/usr/lib/postgresql/*/bin/initdb'
        [poppler-utils]=/usr/bin/pdftotext
        [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
    )
fi
missing=()
for package in "${!wanted[@]}"; do
    compgen -G "${wanted[$package]}" >/dev/null || missing+=("$package")
done
if ! command -v "$python" >/dev/null; then
    echo "system-deps: $python not found; install Python 3.11 or run with PYTHON=python3.x" >&2
    exit 69
fi
# Debian's own Python makes virtual environments only with its venv package.
"$python" -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)

((${#missing[@]})) || exit 0
if [[ $(id -u) -ne 0 ]]; then
    echo "system-deps: missing Debian package(s) ${missing[*]}; install them (sudo apt-get install ${missing[*]}) and run make again" >&2
    exit 69
fi
echo "== installing ${missing[*]} =="
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
