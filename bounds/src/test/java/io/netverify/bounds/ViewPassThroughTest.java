package io.netverify.bounds;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A backward pass hands a View's coefficient array to its input instead of copying it (when the
 * input has none yet): bounds must be those of the same network with Reshape (which copies), whether
 * the View's input already had coefficients from another consumer or receives them afterwards; up to
 * the rounding error terms, which differ by Reshape's shape input in the fan-in.
 */
class ViewPassThroughTest {
    @Test
    void viewBoundsEqualReshapeBoundsWhateverTheOrderOfConsumers() {
        for (boolean viewFirst : new boolean[] {true, false}) {
            for (long seed = 0; seed < 5; seed++) {
                Graph view = graph(seed, viewFirst, "View");
                Graph reshape = graph(seed, viewFirst, "Reshape");
                Interval box = new RandomGraphs(seed + 100).box(6, 0.5);
                double[][] c = SoundnessCheck.identity(8);
                double[] d = new double[8];
                Bounds v = BoundPropagator.of(view).method(BoundMethod.CROWN).compute(box, c, d);
                Bounds r = BoundPropagator.of(reshape).method(BoundMethod.CROWN).compute(box, c, d);
                assertArrayEquals(r.lower(), v.lower(), 1e-12, "lower bounds, seed " + seed + ", view first " + viewFirst);
                assertArrayEquals(r.upper(), v.upper(), 1e-12, "upper bounds, seed " + seed + ", view first " + viewFirst);
                SoundnessCheck.check(view, box, c, d, v, 200, seed);
            }
        }
    }

    /**
     * x [1, 6] reshaped to [2, 3] -> Linear -> Sigmoid -> reshaped to [1, 8], plus a Linear of x
     * itself: x has two consumers, the reshape first or last in graph order.
     */
    private static Graph graph(long seed, boolean viewFirst, String op) {
        RandomGraphs r = new RandomGraphs(seed);
        String direct = viewFirst ? null : r.linear("x", 6, 8);
        String grid = reshape(r, op, "x", 2, 3);
        String hidden = r.node("Sigmoid", r.linear(grid, 3, 4));
        String flat = reshape(r, op, hidden, 1, 8);
        String other = viewFirst ? r.linear("x", 6, 8) : direct;
        return r.build(Shape.of(1, 6), r.node("Add", flat, other));
    }

    private static String reshape(RandomGraphs r, String op, String x, int... dims) {
        long[] shape = java.util.Arrays.stream(dims).asLongStream().toArray();
        return op.equals("View") ? r.node("View", Attributes.EMPTY.with("shape", shape), x)
            : r.node("Reshape", x, r.constant(Tensor.ints(shape)));
    }
}
