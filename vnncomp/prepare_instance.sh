#!/usr/bin/env bash
# VNN-COMP prepare_instance.sh: arguments "v1", category, onnx file, vnnlib file.
# netverify has no per-instance preparation (networks and properties are read by run_instance.sh,
# within the timeout) and no per-category settings. This only makes sure no JVM that an earlier
# run_instance.sh of this installation started is still running (one killed at its timeout may
# leave its JVM behind), so the next instance has the machine to itself.
set -euo pipefail

VERSION_STRING=v1
if [[ $# -ne 4 || "$1" != "$VERSION_STRING" ]]; then
    echo "Expected 4 arguments: '$VERSION_STRING' category onnx vnnlib; got: $*" >&2
    exit 1
fi
CATEGORY=$2
ONNX_FILE=$3
VNNLIB_FILE=$4
echo "Preparing netverify for category '$CATEGORY' with onnx file '$ONNX_FILE' and vnnlib file '$VNNLIB_FILE'"

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# run_instance.sh tags its JVM with this property, so only those are matched
marker="-Dnetverify.vnncomp.root=$root"
if command -v pkill >/dev/null; then
    pkill -KILL -f -- "$marker" || true
fi
exit 0
