package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

/** A relaxation of an operator that is affine in its input 0 once its other inputs (weights, bias, scale) are constant. */
interface AffineInData extends Relaxation {
    @Override
    default boolean affine(Node node, Graph graph) {
        return OperatorCalls.parametersConstant(node, graph);
    }
}
