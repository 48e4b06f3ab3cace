package io.netverify.benchmarks.fuzz;

/** Jazzer's entry point for the VNN-LIB parser (see {@link ParserContract#vnnlib}). */
public final class VnnlibFuzzTarget {
    private VnnlibFuzzTarget() {
    }

    /** Loads (and lets Jazzer instrument) the reader's classes before the 5 s limit per input applies. */
    public static void fuzzerInitialize() {
        ParserSeeds.syntheticVnnlib().forEach(ParserContract::vnnlib);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        ParserContract.vnnlib(data);
    }
}
