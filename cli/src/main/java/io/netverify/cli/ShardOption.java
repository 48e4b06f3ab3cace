package io.netverify.cli;

import io.netverify.verifier.shard.Shard;
import picocli.CommandLine.Option;

/** {@code --shard i/N}: run one part of the work and write a shard folder for {@code verify merge}. */
final class ShardOption {
    @Option(names = "--shard", paramLabel = "i/N", description = "Run only shard i of N (1 <= i <= N): a partition by the items' "
        + "identity and cost, the same on every machine and whatever the input's order. The output folder then holds this "
        + "shard's results and a manifest; 'verify merge' combines the N folders into the outputs of a single run.")
    String value;

    /** The shard, or null when the whole run is wanted. */
    Shard get() {
        return value == null ? null : Shard.parse(value);
    }
}
