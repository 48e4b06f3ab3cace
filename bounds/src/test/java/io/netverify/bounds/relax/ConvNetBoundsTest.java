package io.netverify.bounds.relax;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.IntervalPropagation;
import io.netverify.bounds.RandomGraphs;
import io.netverify.bounds.SoundnessCheck;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounds of small convolutional networks end to end, and the memory of a CIFAR-sized convolution. */
class ConvNetBoundsTest {

    /** Conv -> Relu -> AveragePool -> Conv -> Relu -> Reshape -> Linear. */
    private static Graph plain(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Relu", r.conv("x", 2, 4, 3, Attributes.of("pads", new long[] {1, 1, 1, 1})));
        h = r.node("AveragePool", Attributes.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}), h);
        h = r.node("Relu", r.conv(h, 4, 3, 2, Attributes.EMPTY));
        h = r.node("Reshape", h, r.constant(Tensor.ints(1, 12)));
        return r.build(Shape.of(1, 2, 6, 6), r.linear(h, 12, 3));
    }

    /** A residual block (Sum) -> Relu -> GlobalAveragePool -> Flatten -> Linear. */
    private static Graph residual(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        Attributes same = Attributes.of("pads", new long[] {1, 1, 1, 1});
        String h = r.node("Relu", r.conv("x", 2, 2, 3, same));
        h = r.conv(h, 2, 2, 3, same);
        h = r.node("Relu", r.node("Sum", "x", h));
        h = r.node("Flatten", r.node("GlobalAveragePool", h));
        return r.build(Shape.of(1, 2, 5, 5), r.linear(h, 2, 3));
    }

    /** BatchNormalization, ConvTranspose, Pad, Resize, Concat with a constant, ReduceMean. */
    private static Graph mixed(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("BatchNormalization", "x", r.constant(r.gaussian(1, 1)), r.constant(r.gaussian(1, 1)),
            r.constant(r.gaussian(1, 1)), r.constant(Tensor.of(Shape.of(1), 0.7)));
        h = r.node("ConvTranspose", Attributes.of("strides", new long[] {2, 2}), h, r.constant(r.gaussian(0.5, 1, 2, 2, 2)));
        h = r.node("Relu", h);
        h = r.node("Pad", h, r.constant(Tensor.ints(0, 0, 1, 0, 0, 0, 0, 1)), r.constant(Tensor.scalar(0.25)));
        h = r.node("Resize", h, "", r.constant(Tensor.of(Shape.of(4), 1, 1, 0.5, 0.5)));
        h = r.node("Concat", Attributes.of("axis", 1L), h, r.constant(r.gaussian(1, 1, 1, 3, 4)));
        h = r.node("Relu", r.conv(h, 3, 2, 3, Attributes.EMPTY));
        h = r.node("ReduceMean", Attributes.of("keepdims", 0L), h, r.constant(Tensor.ints(2, 3)));
        return r.build(Shape.of(1, 1, 3, 4), r.linear(h, 2, 3));
    }

    @Test
    void everyMethodIsSoundOnSmallConvNets() {
        double ibpWidth = 0;
        double crownWidth = 0;
        for (int seed = 0; seed < 6; seed++) {
            Graph g = switch (seed % 3) {
                case 0 -> plain(seed);
                case 1 -> residual(seed);
                default -> mixed(seed);
            };
            int n = g.inputs().get(0).shape().size();
            Interval box = new RandomGraphs(seed + 100).box(n, seed < 3 ? 0.3 : 1.5);
            double[][] c = SoundnessCheck.identity(3);
            double[] d = new double[3];
            for (BoundMethod m : BoundMethod.values()) {
                Bounds b = BoundPropagator.of(g).method(m).compute(box, c, d);
                SoundnessCheck.check(g, box, c, d, b, 1000, seed);
                for (int k = 0; k < 3; k++) {
                    double w = b.upper()[k] - b.lower()[k];
                    ibpWidth += m == BoundMethod.IBP ? w : 0;
                    crownWidth += m == BoundMethod.CROWN ? w : 0;
                }
            }
        }
        assertTrue(crownWidth < ibpWidth, "CROWN " + crownWidth + " vs IBP " + ibpWidth);
    }

    /** x[1,3,32,32] -> Conv(16) -> Relu -> Conv(16) -> Relu -> AveragePool -> Flatten -> Linear(10). */
    private static Graph cifar() {
        RandomGraphs r = new RandomGraphs(42);
        Attributes same = Attributes.of("pads", new long[] {1, 1, 1, 1});
        String h = r.node("Relu", r.conv("x", 3, 16, 3, same));
        h = r.node("Relu", r.conv(h, 16, 16, 3, same));
        h = r.node("AveragePool", Attributes.of("kernel_shape", new long[] {4, 4}, "strides", new long[] {4, 4}), h);
        h = r.node("Flatten", h);
        return r.build(Shape.of(1, 3, 32, 32), r.linear(h, 1024, 10));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * The backward step of a 16x32x32 -> 16x32x32 convolution needs memory O(rows x size): a dense
     * matrix of the convolution would be 16384^2 doubles (2 GiB).
     */
    @Test
    void convolutionBackwardNeverFormsTheDenseMatrix() {
        Graph g = cifar();
        Node second = g.nodes().stream().filter(n -> n.opType().equals("Conv")).skip(1).findFirst().orElseThrow();
        int n = g.shape(second.output()).size();
        assertTrue(n == 16 * 32 * 32);
        Interval box = new RandomGraphs(1).box(3 * 32 * 32, 0.01);
        Map<String, Interval> ibp = IntervalPropagation.run(g, box);
        int rows = 8;
        double[] a = new RandomGraphs(2).gaussian(1, rows * n).data();
        Map<String, double[]> acc = new HashMap<>();
        BackwardStep step = new BackwardStep(g, second, rows, new double[][] {a}, ibp::get,
            v -> acc.computeIfAbsent(v, k -> new double[rows * g.shape(k).size()]), new double[rows], null);
        Relaxation conv = Relaxations.find("Conv").orElseThrow();
        conv.backward(second, step);
        long before = allocatedBytes();
        conv.backward(second, step);
        long used = allocatedBytes() - before;
        assertTrue(used < 16L * rows * n * 8, "backward of " + rows + " rows allocated " + used + " bytes");
    }

    @Test
    void crownOnACifarSizedConvNet() {
        Graph g = cifar();
        Interval box = new RandomGraphs(3).box(3 * 32 * 32, 0.002);
        double[][] c = SoundnessCheck.identity(10);
        double[] d = new double[10];
        long before = allocatedBytes();
        Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, c, d);
        long used = allocatedBytes() - before;
        Bounds ibp = BoundPropagator.of(g).method(BoundMethod.IBP).compute(box, c, d);
        SoundnessCheck.check(g, box, c, d, crown, 50, 3);
        for (int k = 0; k < 10; k++) {
            assertTrue(crown.upper()[k] - crown.lower()[k] <= ibp.upper()[k] - ibp.lower()[k] + 1e-9, "row " + k);
        }
        // far below one dense 16384 x 16384 matrix
        assertTrue(used < (1L << 30), "CROWN allocated " + used + " bytes");
    }

    /**
     * A Conv, or with {@code dense} the same map as Flatten, a Linear layer with Conv's exact matrix
     * (from {@link Relaxation#affineRows}) and a Reshape back: weights from {@code weights}.
     */
    private static String conv(RandomGraphs r, java.util.SplittableRandom weights, boolean dense, String x, Shape xs, int out,
                               int k, int groups, Attributes a) {
        double[] wd = new double[out * (xs.dim(1) / groups) * k * k];
        for (int i = 0; i < wd.length; i++) {
            wd[i] = weights.nextGaussian() / Math.sqrt(wd.length / (double) out);
        }
        double[] bd = weights.doubles(out, -0.2, 0.2).toArray();
        Tensor w = Tensor.of(Shape.of(out, xs.dim(1) / groups, k, k), wd);
        Tensor b = Tensor.of(Shape.of(out), bd);
        Attributes attributes = a.with("group", (long) groups);
        if (!dense) {
            return r.node("Conv", attributes, x, r.constant(w), r.constant(b));
        }
        Graph one = OpCheck.graph("Conv", attributes, xs, w, b);
        Node conv = one.nodes().get(0);
        Shape ys = one.shape(conv.output());
        double[] matrix = new double[ys.size() * xs.size()];
        double[] constant = new double[ys.size()];
        Relaxations.find("Conv").orElseThrow().affineRows(conv, one, new AffineRows() {
            private int row;

            @Override
            public void term(int input, int element, double coefficient) {
                matrix[row * xs.size() + element] += coefficient;
            }

            @Override
            public void end(double c) {
                constant[row++] = c;
            }
        });
        String flat = r.node("Flatten", x);
        String y = r.node("Linear", flat, r.constant(Tensor.of(Shape.of(ys.size(), xs.size()), matrix)),
            r.constant(Tensor.of(Shape.of(ys.size()), constant)));
        return r.node("Reshape", y, r.constant(Tensor.ints(java.util.Arrays.stream(ys.dims()).asLongStream().toArray())));
    }

    /** Strided, padded, dilated and grouped convolutions with a strided 1x1 shortcut added (Sum), as Conv nodes or dense. */
    private static Graph residualStrided(long seed, boolean dense) {
        RandomGraphs r = new RandomGraphs(seed);
        java.util.SplittableRandom w = new java.util.SplittableRandom(seed);
        Shape in = Shape.of(1, 2, 7, 7);
        Shape mid = Shape.of(1, 4, 4, 4);
        String h = r.node("Relu", conv(r, w, dense, "x", in, 4, 3, 1,
            Attributes.of("strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1})));
        h = conv(r, w, dense, h, mid, 4, 3, 2, Attributes.of("pads", new long[] {2, 2, 2, 2}, "dilations", new long[] {2, 2}));
        String shortcut = conv(r, w, dense, "x", in, 4, 1, 1, Attributes.of("strides", new long[] {2, 2}));
        h = r.node("Relu", r.node("Sum", h, shortcut));
        h = r.node("Relu", conv(r, w, dense, h, mid, 3, 2, 1, Attributes.EMPTY));
        return r.build(in, r.linear(r.node("Flatten", h), 27, 3));
    }

    /**
     * Conv's backward step works on each row's window of non-zero coefficients (see
     * {@link ConvWindowAdjoint}); CROWN and alpha-CROWN through it must give the bounds of the same
     * network with every convolution as a dense matrix, up to rounding: 1e-9 relative, as the two
     * graphs' rounding-error accounts differ (a Conv's fan-in against a Linear's over all inputs, about
     * 1e-11 here); the steps themselves agree to 1e-12 ({@code ConvolutionRelaxationTest}).
     */
    @Test
    void windowedConvolutionsBoundAsTheirDenseMatrices() {
        for (int seed = 0; seed < 4; seed++) {
            Graph conv = residualStrided(seed, false);
            Graph dense = residualStrided(seed, true);
            Interval box = new RandomGraphs(seed + 50).box(2 * 7 * 7, 0.4);
            double[][] c = SoundnessCheck.identity(3);
            double[] d = new double[3];
            for (BoundMethod m : new BoundMethod[] {BoundMethod.CROWN, BoundMethod.ALPHA_CROWN}) {
                Bounds a = BoundPropagator.of(conv).method(m).compute(box, c, d);
                Bounds b = BoundPropagator.of(dense).method(m).compute(box, c, d);
                SoundnessCheck.check(conv, box, c, d, a, 200, seed);
                for (int k = 0; k < 3; k++) {
                    double scale = 1 + Math.abs(b.lower()[k]) + Math.abs(b.upper()[k]);
                    assertEquals(b.lower()[k], a.lower()[k], 1e-9 * scale, m + " seed " + seed + " lower " + k);
                    assertEquals(b.upper()[k], a.upper()[k], 1e-9 * scale, m + " seed " + seed + " upper " + k);
                }
            }
        }
    }
}
