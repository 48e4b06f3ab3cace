package io.netverify.verifier.attack;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;

import java.util.List;
import java.util.Optional;

/**
 * A search objective for classifiers whose output is a Softmax over one vector: a row {@code a p_j - a p_i <= 0}
 * of an unsafe polytope has the sign of the same comparison of the logits (Softmax's input), since Softmax is
 * increasing and shares one denominator; but probabilities round to exactly 0 or 1 far from the decision
 * boundary, so on them a search sees plateaus where the logits still show progress (binarised networks,
 * whose logits move in steps, need every step seen). Only for attacks: every candidate is re-checked on the
 * network's real output.
 */
public final class LogitMargins {
    private LogitMargins() {
    }

    /**
     * The network up to its logits, the input of its final Softmax, when that Softmax normalises the whole
     * output vector; empty otherwise.
     */
    public static Optional<Graph> logits(Graph g) {
        if (g.inputs().size() != 1 || g.outputs().size() != 1) {
            return Optional.empty();
        }
        Node last = g.producer(g.outputs().get(0));
        if (last == null || !last.opType().equals("Softmax") || last.inputs().size() != 1) {
            return Optional.empty();
        }
        Shape shape = g.shape(last.input(0));
        int axis = shape.axis(last.attributes().getInt("axis", g.opset() >= 13 ? -1 : 1));
        for (int d = 0; d < shape.rank(); d++) {
            // before opset 13 the dimensions from the axis on form one vector; from 13 only the axis does
            if (shape.dim(d) != 1 && (d < axis || d > axis && g.opset() >= 13)) {
                return Optional.empty();
            }
        }
        List<Node> rest = g.nodes().stream().filter(n -> n != last).toList();
        return Optional.of(new Graph(g.name(), g.opset(), g.inputs(), List.of(last.input(0)), rest, g.constants(), g.values()));
    }

    /** Whether every unsafe row of the case compares two outputs: coefficients a and -a, all others and the offset 0. */
    public static boolean comparesOutputs(SpecCase sc) {
        for (OutputPolytope p : sc.polytopes()) {
            for (int k = 0; k < p.rows(); k++) {
                if (p.d()[k] != 0 || !isDifference(p.c()[k])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isDifference(double[] row) {
        double pos = 0;
        double neg = 0;
        int nonzero = 0;
        for (double v : row) {
            if (v > 0) {
                pos = v;
                nonzero++;
            } else if (v < 0) {
                neg = v;
                nonzero++;
            }
        }
        return nonzero == 2 && pos == -neg;
    }
}
