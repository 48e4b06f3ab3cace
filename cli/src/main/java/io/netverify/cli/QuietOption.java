package io.netverify.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** {@code -q/--quiet}: no progress lines on stderr. */
final class QuietOption {
    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    /** Where progress lines go: stderr, or nowhere when quiet. */
    Consumer<String> progress(PrintWriter err) {
        return quiet ? line -> { } : err::println;
    }
}
