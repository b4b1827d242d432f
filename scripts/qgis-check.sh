#!/usr/bin/env bash
# Runs scripts/qgis-check.py with the system Python that has QGIS's bindings, without a display.
# Needs Debian's python3-qgis and qgis-providers. Usage: scripts/qgis-check.sh [EXPORT_DIR]
set -euo pipefail
if ! /usr/bin/python3 -c 'import qgis.core' 2>/dev/null; then
  echo "qgis-check: QGIS's Python bindings are missing; install them with: apt-get install -y python3-qgis qgis-providers" >&2
  exit 2
fi
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
exec /usr/bin/python3 "$(dirname "$0")/qgis-check.py" "$@"
