package io.netverify.onnx;

import io.netverify.onnx.passes.AffineFusion;
import io.netverify.onnx.passes.ConstantArithmeticToAffine;
import io.netverify.onnx.passes.GeluRecognition;
import io.netverify.onnx.passes.GraphPass;
import io.netverify.onnx.passes.IdentityRemoval;
import io.netverify.onnx.passes.LinearRecognition;
import io.netverify.onnx.passes.OutputConcatenation;
import io.netverify.onnx.passes.ViewNormalization;

import java.util.List;

/**
 * The normalisation pipeline that turns an exported graph into the small operator set bound
 * propagation works on: views instead of reshapes, Affine for arithmetic with constants, Linear for
 * Gemm/MatMul with constant weights, BatchNorm folded, GELU subgraphs recognised, several outputs
 * concatenated into one.
 */
final class Normalizer {
    private static final List<GraphPass> PASSES = List.of(
        new IdentityRemoval(),
        new ViewNormalization(),
        new ConstantArithmeticToAffine(),
        new GeluRecognition(),
        new LinearRecognition(),
        new AffineFusion(),
        new OutputConcatenation());

    private Normalizer() {
    }

    /** The passes in the order they run. */
    static List<GraphPass> passes() {
        return PASSES;
    }

    static Graph normalize(Graph graph, String source) {
        Graph g = graph;
        for (GraphPass p : PASSES) {
            g = p.apply(g, source);
        }
        return g;
    }
}
