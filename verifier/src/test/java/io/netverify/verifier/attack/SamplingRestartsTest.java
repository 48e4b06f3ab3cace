package io.netverify.verifier.attack;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SamplingAttack}'s restarts on a margin with two basins over [0, 1]^2 (the network is the identity,
 * y = x): a broad one whose floor, 0.5 at A, is no violation, and a narrow well around B (L1 radius about
 * 0.01, 1/5,000 of the box) that reaches -0.1. The first samples miss the well and the local search from the
 * best of them settles in the broad basin; only further local searches can start inside the well.
 */
class SamplingRestartsTest {
    private static final double[] A = {0.3, 0.6};
    private static final double[] B = {0.83, 0.17};
    private static final double[] LOWER = {0, 0};
    private static final double[] UPPER = {1, 1};
    private static final int BUDGET = 2_000_000;
    private static final long NO_DEADLINE = Long.MAX_VALUE / 4;

    private static Graph identity() {
        byte[] m = new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("I", Tensor.of(Shape.of(2, 2), 1, 0, 0, 1), DataType.FLOAT)
            .initializer("z", Tensor.of(Shape.of(2), 0, 0), DataType.FLOAT)
            .node("Gemm", List.of("x", "I", "z"), List.of("y"), Map.of("transB", 1L))
            .output("y", DataType.FLOAT, 1, 2).build();
        return OnnxModel.parse(m, "identity.onnx").toGraph();
    }

    private static double l1(double[] y, double[] c) {
        return Math.abs(y[0] - c[0]) + Math.abs(y[1] - c[1]);
    }

    /** The margin raised by {@code offset} (1: nowhere violated); counts its evaluations. */
    private static final class TwoBasins implements MarginFunction {
        final double offset;
        int evaluations;

        TwoBasins(double offset) {
            this.offset = offset;
        }

        @Override
        public double value(double[] x, double[] y) {
            evaluations++;
            return offset + Math.min(0.5 + 0.5 * l1(y, A), -0.1 + 150 * l1(y, B));
        }
    }

    @Test
    void oneLocalSearchSettlesOnTheBroadBasinAndRestartsFindTheWell() {
        Evaluator evaluator = new Evaluator(identity());
        for (long seed = 1; seed <= 3; seed++) {
            TwoBasins once = new TwoBasins(0);
            SamplingAttack.Result single = new SamplingAttack(evaluator, seed).search(LOWER, UPPER, once, NO_DEADLINE, BUDGET);
            assertTrue(single.counterexample().isEmpty(), "seed " + seed + ": the well must be out of reach of one search");
            assertTrue(single.margin() < 0.51 && l1(single.best(), A) < 0.02,
                "seed " + seed + ": one search should converge at A, not at " + single.margin());
            assertTrue(once.evaluations < BUDGET / 100, "seed " + seed + ": one search stops when it converges");

            TwoBasins restarting = new TwoBasins(0);
            SamplingAttack.Result restarted = new SamplingAttack(evaluator, seed)
                .search(LOWER, UPPER, restarting, NO_DEADLINE, BUDGET, true);
            assertTrue(restarted.counterexample().isPresent(), "seed " + seed + ": restarts found no violation, best margin "
                + restarted.margin());
            double[] x = restarted.best();
            assertTrue(l1(x, B) < 0.001, "seed " + seed + ": witness outside the well");
            assertTrue(new TwoBasins(0).value(x, evaluator.evaluate(x)) <= 0, "seed " + seed + ": false witness");
            assertTrue(restarting.evaluations > once.evaluations, "seed " + seed + ": found only by restarting");
        }
    }

    @Test
    void restartsSpendTheWholeBudgetAndNoMore() {
        TwoBasins shifted = new TwoBasins(1);
        SamplingAttack.Result r = new SamplingAttack(new Evaluator(identity()), 7).search(LOWER, UPPER, shifted, NO_DEADLINE,
            20_001, true);
        assertTrue(r.counterexample().isEmpty());
        assertEquals(20_001, shifted.evaluations);
    }
}
