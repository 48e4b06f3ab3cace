#!/usr/bin/env bash
# VNN-COMP install_tool.sh: builds netverify's jar (cli/target/netverify.jar) and its start-up files once.
# Argument: the interface version string, "v1". Needs Java 17+ and Maven 3.8+; on a machine without
# them it installs both with apt-get when passwordless sudo is available (as on the VNN-COMP instances).
set -euo pipefail

VERSION_STRING=v1
if [[ $# -ne 1 || "$1" != "$VERSION_STRING" ]]; then
    echo "Expected one argument, the version string '$VERSION_STRING', got: $*" >&2
    exit 1
fi

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

java_major() {
    # "openjdk version "17.0.15" ..." or "java version "1.8.0_..."": the major version, 0 if none
    local v
    v="$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' | head -n 1)"
    set -- ${v:-0 0}
    if [[ "$1" == 1 ]]; then echo "$2"; else echo "$1"; fi
}

if ! command -v java >/dev/null || [[ "$(java_major)" -lt 17 ]] || ! command -v mvn >/dev/null; then
    if command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then
        echo "installing Java 17 and Maven with apt-get..."
        sudo -n apt-get update -q
        sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jdk-headless maven
    else
        echo "install_tool.sh: needs Java 17+ (java) and Maven 3.8+ (mvn) on PATH" >&2
        exit 1
    fi
fi

echo "building netverify in $root ..."
(cd "$root" && mvn -q -B -DskipTests -pl cli -am package)
jar="$root/cli/target/netverify.jar"
if [[ ! -f "$jar" ]]; then
    echo "install_tool.sh: the build did not produce $jar" >&2
    exit 1
fi
# bin/verify unpacks OR-Tools' natives beside the jar and makes the start-up archive (three short training
# runs on the bundled example), which run_instance.sh then uses
"$root/bin/verify" --version
