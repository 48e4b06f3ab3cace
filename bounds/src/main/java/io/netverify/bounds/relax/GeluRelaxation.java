package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.ops.Gelu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GELU as one operator (attribute {@code approximate}: "none", the erf form, or "tanh"), with the
 * constants the node carries ({@link Gelu#form}); neither convex nor monotone, see {@link GeluCurve}.
 */
public final class GeluRelaxation extends CurveRelaxation {
    /** One curve per set of constants: ONNX's two, and those of recognised subgraphs. */
    private static final Map<Gelu.Form, Curve> CURVES = new ConcurrentHashMap<>();

    public GeluRelaxation() {
        super(curve(Gelu.Form.EXACT));
    }

    static Curve curve(Gelu.Form form) {
        return CURVES.computeIfAbsent(form, GeluCurve::new);
    }

    @Override
    Curve curve(Node node, Graph graph) {
        return curve(Gelu.form(node));
    }
}
