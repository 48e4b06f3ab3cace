package io.netverify.cli;

/**
 * Base of tests that run several {@code verify} commands in turn and read the last one's output:
 * {@link #run} keeps it in {@link #out} and {@link #err} (see {@link CliRun}).
 */
abstract class CliTestSupport {
    String out;
    String err;

    /** Runs {@code verify args} in process; returns the exit code. */
    int run(String... args) {
        CliRun r = CliRun.of(args);
        out = r.out();
        err = r.err();
        return r.code();
    }
}
