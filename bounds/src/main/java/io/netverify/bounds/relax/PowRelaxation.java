package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.ModelException;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Pow;

/**
 * {@code Pow(x, c)} with a constant exponent c (one value, possibly repeated in a tensor that does
 * not enlarge x's shape): element-wise x^c, see {@link PowerCurve}. The exponent is constant, so it
 * needs no coefficients of its own and the element-wise machinery applies to x alone.
 */
public final class PowRelaxation extends CurveRelaxation {
    private static final Pow POW = new Pow();

    /** The looked-up instance has no curve: every node gets its own, for its exponent. */
    public PowRelaxation() {
        super(null);
    }

    @Override
    Curve curve(Node node, Graph graph) {
        Tensor e = graph.constant(node.input(1));
        if (e == null) {
            throw new ModelException(node.describe() + ": bounds need a constant exponent, but '" + node.input(1)
                + "' is computed");
        }
        if (graph.isConstant(node.input(0))) {
            throw new ModelException(node.describe() + ": bounds need a computed base, but '" + node.input(0)
                + "' is constant");
        }
        if (!graph.shape(node.output()).equals(graph.shape(node.input(0)))) {
            throw new ModelException(node.describe() + ": the exponent's shape " + e.shape() + " enlarges the base's "
                + graph.shape(node.input(0)));
        }
        double c = e.get(0);
        for (double v : e.backingArray()) {
            if (Double.compare(v, c) != 0) {
                throw new ModelException(node.describe() + ": bounds need one exponent for all elements, got "
                    + c + " and " + v);
            }
        }
        return new PowerCurve(c, x -> POW.apply(x, c));
    }
}
