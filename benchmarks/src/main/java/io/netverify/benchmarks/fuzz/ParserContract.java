package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.ModelException;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.spec.SpecException;
import io.netverify.verifier.spec.VnnlibParser;

import java.nio.charset.StandardCharsets;

/**
 * What the parser fuzzers check on every input: the ONNX reader ({@link OnnxModel#parse} then
 * {@link OnnxModel#toGraph}) and the VNN-LIB parser either return a result or throw the project's
 * input error ({@link ModelException}, {@link SpecException}) with one line naming the input.
 * Anything else (another exception, an {@link OutOfMemoryError}) escapes as the finding; hangs are
 * the fuzzer's to time.
 */
public final class ParserContract {
    /** The name the inputs are given; every error message must start with it. */
    public static final String ONNX_SOURCE = "fuzz.onnx";
    public static final String VNNLIB_SOURCE = "fuzz.vnnlib";

    private ParserContract() {
    }

    /** Reads the bytes as an ONNX model and builds its normalised graph. */
    public static void onnx(byte[] data) {
        try {
            OnnxModel.parse(data, ONNX_SOURCE).toGraph();
        } catch (ModelException e) {
            checkMessage(e, ONNX_SOURCE);
        }
    }

    /** Parses the bytes, as UTF-8, as a VNN-LIB specification. */
    public static void vnnlib(byte[] data) {
        try {
            VnnlibParser.parse(new String(data, StandardCharsets.UTF_8), VNNLIB_SOURCE);
        } catch (SpecException e) {
            checkMessage(e, VNNLIB_SOURCE);
        }
    }

    private static void checkMessage(RuntimeException e, String source) {
        String m = e.getMessage();
        if (m == null || !m.startsWith(source) || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
            throw new IllegalStateException("input error without one line naming the input: " + m, e);
        }
    }
}
