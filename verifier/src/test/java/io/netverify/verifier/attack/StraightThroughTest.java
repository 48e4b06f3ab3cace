package io.netverify.verifier.attack;

import io.netverify.bounds.Interval;
import io.netverify.bounds.LocalLinearization;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.SpecCase;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static io.netverify.verifier.attack.CornerSearchTest.N;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Straight-through gradients on {@link CornerSearchTest}'s binarised network (y0 = sum sign(x_i - 0.5)). */
class StraightThroughTest {
    private static final long NO_DEADLINE = Long.MAX_VALUE / 4;

    private static Interval box(SpecCase sc) {
        return new Interval(sc.box().lower(), sc.box().upper());
    }

    @Test
    void pgdFindsTheViolationThatPlainGradientsCannotSee() {
        Graph g = CornerSearchTest.signNet();
        SpecCase sc = CornerSearchTest.atLeast36();
        Evaluator exact = new Evaluator(g);
        PgdAttack plain = new PgdAttack(exact, LocalLinearization.of(g), 0);
        assertTrue(plain.search(sc, List.of(), NO_DEADLINE, 2_000).isEmpty(), "the example must be out of reach of plain PGD");
        assertFalse(plain.sawGradient(), "Sign's gradient is zero wherever it exists");

        Graph surrogate = StraightThrough.surrogate(g, box(sc)).orElseThrow();
        PgdAttack straight = new PgdAttack(exact, LocalLinearization.of(surrogate), 0);
        Optional<double[]> found = straight.search(sc, List.of(), NO_DEADLINE, 2_000);
        assertTrue(found.isPresent(), "straight-through PGD found no counterexample");
        double[] x = found.get();
        assertTrue(sc.containsInput(x), "witness outside the box: " + Arrays.toString(x));
        double[] y = exact.evaluate(x);
        assertTrue(sc.isViolatedBy(x, y) && y[0] >= 36, "false witness, y = " + Arrays.toString(y));
    }

    @Test
    void onlyNeuronsThatCanFlipInTheRegionGetAGradient() {
        Graph g = CornerSearchTest.signNet();
        double[] l = new double[N];
        double[] u = new double[N];
        Arrays.fill(u, 1);
        // inputs 0..9 stay above 0.5 in this region: their Sign cannot change
        Arrays.fill(l, 0, 10, 0.6);
        Interval region = new Interval(l, u);
        Graph surrogate = StraightThrough.surrogate(g, region).orElseThrow();
        double[] x = new double[N];
        Arrays.fill(x, 0.7);
        double[] grad = LocalLinearization.of(surrogate).coefficients(x, region, new double[][] {{1, 0}})[0];
        for (int i = 0; i < N; i++) {
            if (i < 10) {
                assertEquals(0, grad[i], "input " + i + " cannot flip its neuron");
            } else {
                // clip((x - 0.5) / 0.5) has slope 2 while |x - 0.5| < 0.5
                assertEquals(2, grad[i], 1e-6, "input " + i);
            }
        }
    }

    @Test
    void theSurrogateIsTheNetworkWhereNoNeuronIsWithinItsScaleOfFlipping() {
        Graph g = CornerSearchTest.signNet();
        SpecCase sc = CornerSearchTest.atLeast36();
        Evaluator exact = new Evaluator(g);
        Evaluator surrogate = new Evaluator(StraightThrough.surrogate(g, box(sc)).orElseThrow());
        Random rnd = new Random(1);
        for (int k = 0; k < 50; k++) {
            double[] corner = new double[N];
            for (int i = 0; i < N; i++) {
                corner[i] = rnd.nextBoolean() ? 1 : 0;
            }
            assertArrayEquals(exact.evaluate(corner), surrogate.evaluate(corner), 0, "corner " + k);
        }
    }

    @Test
    void networksWithoutSignHaveNoSurrogate() {
        Graph g = CornerSearchTest.signNet();
        Graph withoutSign = new Graph(g.name(), g.opset(), g.inputs(), List.of(g.nodes().get(0).output()),
            g.nodes().subList(0, 1), g.constants(), g.values());
        assertTrue(StraightThrough.surrogate(withoutSign, box(CornerSearchTest.atLeast36())).isEmpty());
    }
}
