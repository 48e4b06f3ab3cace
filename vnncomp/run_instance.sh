#!/usr/bin/env bash
# VNN-COMP run_instance.sh: arguments "v1", category, onnx file, vnnlib file, result file, timeout (s).
# Runs `verify run` on the instance; it writes the result file (sat with the counterexample, unsat,
# unknown, timeout or error). Networks and properties may be gzipped.
# Environment (optional): NETVERIFY_JAVA_OPTS extra JVM flags; JAVA_HOME picks the Java;
# NETVERIFY_CLASSPATH runs the CLI from this class path instead of the jar (for tests and development).
set -uo pipefail

VERSION_STRING=v1
if [[ $# -ne 6 || "$1" != "$VERSION_STRING" ]]; then
    echo "Expected 6 arguments: '$VERSION_STRING' category onnx vnnlib result timeout; got: $*" >&2
    exit 1
fi
CATEGORY=$2
ONNX_FILE=$3
VNNLIB_FILE=$4
RESULTS_FILE=$5
TIMEOUT=$6
echo "Running netverify on category '$CATEGORY' with onnx file '$ONNX_FILE', vnnlib file '$VNNLIB_FILE', timeout $TIMEOUT s, writing '$RESULTS_FILE'"

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Heap: three quarters of the memory available now (MemAvailable), at least 1 GiB; the JVM's own
# default (a quarter of RAM) is too small for the larger benchmarks.
heap=()
avail_kb="$(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo 2>/dev/null)"
if [[ -n "$avail_kb" ]]; then
    heap_mb=$((avail_kb * 3 / 4 / 1024))
    heap=("-Xmx$((heap_mb > 1024 ? heap_mb : 1024))m")
fi
opts=(${heap[@]+"${heap[@]}"} -XX:+UseParallelGC "-Dnetverify.vnncomp.root=$root")
# the natives and start-up archive install_tool.sh made with bin/verify, when they are this jar's
target="$root/cli/target"
if [[ -z "${NETVERIFY_CLASSPATH:-}" ]]; then
    if [[ -f "$target/natives/unpacked" && ! "$target/netverify.jar" -nt "$target/natives/unpacked" ]]; then
        opts+=("-Djava.library.path=$target/natives")
    fi
    if [[ -f "$target/netverify.jsa" && ! "$target/netverify.jar" -nt "$target/netverify.jsa" ]]; then
        opts+=("-XX:SharedArchiveFile=$target/netverify.jsa" -Xlog:cds=off)
    fi
fi
read -r -a extra <<<"${NETVERIFY_JAVA_OPTS:-}"
if [[ -n "${NETVERIFY_CLASSPATH:-}" ]]; then
    launch=("$java" "${opts[@]}" ${extra[@]+"${extra[@]}"} -cp "$NETVERIFY_CLASSPATH" io.netverify.cli.Main)
else
    launch=("$java" "${opts[@]}" ${extra[@]+"${extra[@]}"} -jar "$root/cli/target/netverify.jar")
fi

# a result file left from an earlier run must not pass for this run's
rm -f -- "$RESULTS_FILE"
"${launch[@]}" run --onnx "$ONNX_FILE" --vnnlib "$VNNLIB_FILE" --timeout "$TIMEOUT" --result "$RESULTS_FILE"
status=$?
if [[ ! -f "$RESULTS_FILE" ]]; then
    # the JVM failed before writing a result (out of memory, internal error): say so in the file
    echo "error" >"$RESULTS_FILE"
fi
exit "$status"
