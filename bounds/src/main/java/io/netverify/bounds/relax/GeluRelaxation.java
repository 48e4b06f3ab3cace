package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

/**
 * GELU as one operator (attribute {@code approximate}: "none", the erf form, or "tanh"); neither
 * convex nor monotone, see {@link GeluCurve}.
 */
public final class GeluRelaxation extends CurveRelaxation {
    private static final Curve EXACT = GeluCurve.exact();
    private static final Curve TANH = GeluCurve.tanh();

    public GeluRelaxation() {
        super(EXACT);
    }

    @Override
    Curve curve(Node node, Graph graph) {
        return node.attributes().getString("approximate", "none").equals("tanh") ? TANH : EXACT;
    }
}
