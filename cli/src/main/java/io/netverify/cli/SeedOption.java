package io.netverify.cli;

import picocli.CommandLine.Option;

/** {@code --seed N}: the random seed of attacks and sampling. */
final class SeedOption {
    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
}
