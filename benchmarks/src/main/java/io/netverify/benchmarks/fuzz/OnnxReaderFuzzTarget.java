package io.netverify.benchmarks.fuzz;

import ai.onnx.proto.OnnxMl;

/** Jazzer's entry point for the ONNX reader (see {@link ParserContract#onnx}). */
public final class OnnxReaderFuzzTarget {
    private OnnxReaderFuzzTarget() {
    }

    /** Loads (and lets Jazzer instrument) the reader's classes before the 5 s limit per input applies. */
    public static void fuzzerInitialize() {
        OnnxMl.getDescriptor(); // read when a model has unknown fields: its large static initialiser runs here
        ParserSeeds.syntheticOnnx().forEach(ParserContract::onnx);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        ParserContract.onnx(data);
    }
}
