#!/usr/bin/env bash
# The certified-training example: fetches the UCI 8x8 digits, trains the same MLP naturally, with IBP
# and with CROWN-IBP, certifies each on the test set with the verifier, then certifies the
# IBP-trained network once more with the command-line tool. Outputs go to target/certified-training.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

digits="$(examples/certified-training/fetch-digits.sh target/digits)"
out=target/certified-training
mvn -q -B -pl benchmarks -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
java -Xmx3g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    io.netverify.benchmarks.DigitsTrainingBenchmark "$digits" "$out"
bin/verify certify --onnx "$out/ibp.onnx" --data "$out/digits-test.csv" --eps 0.02,0.05,0.1 --range 0,1 \
    --method crown --quiet
