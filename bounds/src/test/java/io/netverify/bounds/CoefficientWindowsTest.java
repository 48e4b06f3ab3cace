package io.netverify.bounds;

import io.netverify.bounds.relax.RowWindows;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backward passes that carry each row's window of non-zero coefficients ({@link RowWindows}) and
 * read only the windows give the bounds of whole-row passes bit for bit, and the windows are read.
 */
class CoefficientWindowsTest {
    @AfterEach
    void windowsBackOn() {
        StackedBackwardPass.windowed = true;
    }

    /**
     * x[1,3,H,W] -> Conv 3x3 -> Relu -> (a per-channel affine Mul, Add: a BatchNormalization) ->
     * Conv 3x3 stride 2 -> Relu -> Conv 3x3 (dilated on odd seeds), plus a strided 1x1 shortcut,
     * added -> Relu -> Conv 2x2 -> Relu (or Abs) -> Flatten -> Linear(3).
     */
    static Graph net(long seed, int h, int w) {
        RandomGraphs r = new RandomGraphs(seed);
        Attributes same = Attributes.of("pads", new long[] {1, 1, 1, 1});
        String a = r.node("Relu", r.conv("x", 3, 4, 3, same));
        if (seed % 2 == 0) {
            a = r.node("Mul", a, r.constant(r.gaussian(1, 1, 4, 1, 1)));
            a = r.node("Add", a, r.constant(r.gaussian(0.2, 1, 4, 1, 1)));
        }
        String b = r.node("Relu", r.conv(a, 4, 5, 3, Attributes.of("strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1})));
        b = r.conv(b, 5, 5, 3, seed % 2 == 1 ? Attributes.of("dilations", new long[] {2, 2}, "pads", new long[] {2, 2, 2, 2}) : same);
        String shortcut = r.conv(a, 4, 5, 1, Attributes.of("strides", new long[] {2, 2}));
        String c = r.node("Relu", r.node("Add", b, shortcut));
        c = r.node(seed % 3 == 2 ? "Abs" : "Relu", r.conv(c, 5, 2, 2, Attributes.EMPTY));
        int oh = (h + 1) / 2 - 1;
        int ow = (w + 1) / 2 - 1;
        return r.build(Shape.of(1, 3, h, w), r.linear(r.node("Flatten", c), 2 * oh * ow, 3));
    }

    @Test
    void windowedPassesBoundAsWholeRowsBitForBit() {
        for (int seed = 0; seed < 6; seed++) {
            Graph g = net(seed, 9 + seed % 2, 11 - seed % 3);
            Interval box = new RandomGraphs(seed + 7).box(g.inputs().get(0).shape().size(), seed < 3 ? 0.2 : 0.6);
            double[][] c = SoundnessCheck.identity(3);
            double[] d = new double[3];
            // alpha-CROWN (slow here) on one net: its ReLU steps drop the windows, the others keep them
            BoundMethod[] methods = seed == 5 ? new BoundMethod[] {BoundMethod.CROWN, BoundMethod.ALPHA_CROWN}
                : new BoundMethod[] {BoundMethod.CROWN};
            for (BoundMethod m : methods) {
                StackedBackwardPass.windowed = true;
                Bounds windowed = BoundPropagator.of(g).method(m).alphaIterations(4, 0.1).compute(box, c, d);
                StackedBackwardPass.windowed = false;
                Bounds whole = BoundPropagator.of(g).method(m).alphaIterations(4, 0.1).compute(box, c, d);
                StackedBackwardPass.windowed = true;
                String at = m + " seed " + seed;
                assertArrayEquals(whole.lower(), windowed.lower(), at);
                assertArrayEquals(whole.upper(), windowed.upper(), at);
                assertEquals(whole.intermediate().keySet(), windowed.intermediate().keySet(), at);
                whole.intermediate().forEach((v, iv) -> {
                    assertArrayEquals(iv.lower(), windowed.intermediate().get(v).lower(), at + " " + v);
                    assertArrayEquals(iv.upper(), windowed.intermediate().get(v).upper(), at + " " + v);
                });
                SoundnessCheck.check(g, box, c, d, windowed, 200, seed);
            }
        }
    }

    /**
     * A pass from an intermediate conv layer: rows with one or two non-zeros far apart (windows of
     * one position and of most of the map) and zero rows; the windows found from the rows give the
     * whole rows' bounds and input coefficients bit for bit, and windows that leave out one
     * non-zero change the bounds (the steps read only the windows); the same in a pass of two boxes.
     */
    @Test
    void passesReadOnlyTheWindowsTheyAreGiven() {
        Graph g = net(4, 10, 9);
        Interval box = new RandomGraphs(3).box(g.inputs().get(0).shape().size(), 0.3);
        Map<String, Interval> ibp = IntervalPropagation.run(g, box);
        String target = g.nodes().stream().filter(n -> n.opType().equals("Conv")).skip(1).findFirst().orElseThrow().output();
        Shape shape = g.shape(target);
        int n = shape.size();
        int rows = 12;
        double[] c = new double[rows * n];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < rows; k++) {
            if (k % 4 == 1) {
                c[k * n] = rnd.nextDouble(-1, 1);
                c[k * n + n - 1] = 0.5;
            } else if (k % 4 != 3) {
                c[k * n + rnd.nextInt(n)] = rnd.nextDouble(-1, 1);
            }
        }
        List<StackedBackwardPass.Segment> one = List.of(new StackedBackwardPass.Segment(0, 0, rows));
        StackedBackwardPass.Box only = new StackedBackwardPass.Box(box, ibp::get, new RoundingError(g, box));
        StackedBackwardPass.windowed = false;
        BackwardPass.Result whole = StackedBackwardPass.run(g, target, c.clone(), List.of(only), one, Long.MAX_VALUE);
        StackedBackwardPass.windowed = true;
        RowWindows found = RowWindows.of(c, rows, shape);
        assertTrue(found.narrow(0) && !found.narrow(1) && found.isEmpty(3), "windows of one position, the whole map, none");
        BackwardPass.Result windowed = StackedBackwardPass.run(g, target, c.clone(), found, List.of(only), one, Long.MAX_VALUE);
        assertArrayEquals(whole.lower(), windowed.lower());
        assertArrayEquals(whole.inputCoefficients(), windowed.inputCoefficients());
        // windows of row 1 without its second non-zero
        double[] fewer = c.clone();
        fewer[2 * n - 1] = 0;
        BackwardPass.Result misled = StackedBackwardPass.run(g, target, c.clone(), RowWindows.of(fewer, rows, shape),
            List.of(only), one, Long.MAX_VALUE);
        assertNotEquals(whole.lower()[1], misled.lower()[1]);
        assertEquals(whole.lower()[0], misled.lower()[0]);
        assertFalse(Double.isNaN(misled.lower()[1]));
        // two boxes stacked, each owning half the rows: the nonlinear steps run per box on views of the windows
        double[] l = box.lower().clone();
        double[] u = box.upper().clone();
        for (int i = 0; i < l.length; i++) {
            u[i] = l[i] + (u[i] - l[i]) / 3;
        }
        Interval small = new Interval(l, u);
        List<StackedBackwardPass.Box> two = List.of(only,
            new StackedBackwardPass.Box(small, IntervalPropagation.run(g, small)::get, new RoundingError(g, small)));
        List<StackedBackwardPass.Segment> halves = List.of(new StackedBackwardPass.Segment(1, 0, rows / 2),
            new StackedBackwardPass.Segment(0, rows / 2, rows / 2));
        StackedBackwardPass.windowed = false;
        BackwardPass.Result wholeTwo = StackedBackwardPass.run(g, target, c.clone(), two, halves, Long.MAX_VALUE);
        StackedBackwardPass.windowed = true;
        BackwardPass.Result windowedTwo = StackedBackwardPass.run(g, target, c.clone(), two, halves, Long.MAX_VALUE);
        assertArrayEquals(wholeTwo.lower(), windowedTwo.lower());
        assertArrayEquals(wholeTwo.inputCoefficients(), windowedTwo.inputCoefficients());
        assertNotEquals(wholeTwo.lower()[0], whole.lower()[0]);
    }
}
