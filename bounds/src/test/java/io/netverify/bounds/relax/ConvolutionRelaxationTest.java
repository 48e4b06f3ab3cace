package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ConvolutionRelaxationTest {
    private final SplittableRandom rnd = new SplittableRandom(7);

    private Tensor random(int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian();
        }
        return Tensor.of(s, d);
    }

    @Test
    void convWithGroupsStridesPadsDilations() {
        OpCheck.check(OpCheck.graph("Conv", Attributes.of("pads", new long[] {1, 0, 2, 1}, "strides", new long[] {2, 1},
            "dilations", new long[] {1, 2}, "group", 2L), Shape.of(2, 4, 7, 6), random(6, 2, 3, 2), random(6)), 1);
        // an input tail that no window reads, and a window overhanging the end padding
        OpCheck.check(OpCheck.graph("Conv", Attributes.of("strides", new long[] {3, 2}), Shape.of(1, 2, 8, 7), random(3, 2, 2, 2)), 2);
        OpCheck.check(OpCheck.graph("Conv", Attributes.of("pads", new long[] {3, 0}), Shape.of(1, 2, 4), random(2, 2, 2)), 3);
    }

    @Test
    void convAutoPadAndDepthwise() {
        OpCheck.check(OpCheck.graph("Conv", Attributes.of("auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}),
            Shape.of(1, 3, 6, 5), random(2, 3, 3, 2), random(2)), 10);
        OpCheck.check(OpCheck.graph("Conv", Attributes.of("auto_pad", "SAME_LOWER"), Shape.of(1, 2, 5, 5), random(2, 2, 2, 2)), 11);
        OpCheck.check(OpCheck.graph("Conv", Attributes.of("auto_pad", "VALID", "group", 3L), Shape.of(1, 3, 5, 4),
            random(6, 1, 3, 3), random(6)), 12);
        OpCheck.check(OpCheck.graph("Conv", Attributes.EMPTY, Shape.of(1, 2, 3, 3, 3), random(2, 2, 2, 2, 2)), 13);
    }

    @Test
    void convTranspose() {
        OpCheck.check(OpCheck.graph("ConvTranspose", Attributes.of("strides", new long[] {2, 2}, "pads", new long[] {1, 0, 0, 1},
            "output_padding", new long[] {1, 0}, "group", 2L), Shape.of(2, 4, 3, 4), random(4, 3, 3, 2), random(6)), 20);
        OpCheck.check(OpCheck.graph("ConvTranspose", Attributes.of("strides", new long[] {2}, "dilations", new long[] {2}),
            Shape.of(1, 2, 4), random(2, 3, 3)), 21);
        OpCheck.check(OpCheck.graph("ConvTranspose", Attributes.of("strides", new long[] {2, 3}, "output_shape", new long[] {8, 9}),
            Shape.of(1, 2, 3, 3), random(2, 1, 3, 3), random(1)), 22);
        OpCheck.check(OpCheck.graph("ConvTranspose", Attributes.of("strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER"),
            Shape.of(1, 1, 3, 2), random(1, 2, 3, 3)), 23);
        // output_padding at least the stride (allowed below the dilation): the adjoint crops
        OpCheck.check(OpCheck.graph("ConvTranspose", Attributes.of("dilations", new long[] {3}, "output_padding", new long[] {2}),
            Shape.of(1, 2, 4), random(2, 2, 2)), 24);
    }

    /**
     * {@link Relaxation#evaluateRows} of Conv and ConvTranspose (alpha-CROWN's forward pass over
     * stacked rows) equals evaluating each row by itself bit for bit, on random geometries of spatial
     * ranks 1-3 with strides, pads, dilations, groups, batches of 1-2, with and without bias, and
     * on one geometry large enough that the rows run in parallel chunks.
     */
    @Test
    void batchedRowsEqualRowByRow() {
        for (int trial = 0; trial < 40; trial++) {
            boolean transpose = trial % 3 == 2;
            int rank = 1 + rnd.nextInt(3);
            int groups = 1 + rnd.nextInt(3);
            int channels = groups * (1 + rnd.nextInt(2));
            int filters = groups * (1 + rnd.nextInt(3));
            long[] strides = new long[rank];
            long[] dilations = new long[rank];
            long[] pads = new long[2 * rank];
            int[] x = {1 + rnd.nextInt(2), channels, 0, 0, 0};
            int[] w = {transpose ? channels : filters, (transpose ? filters : channels) / groups, 0, 0, 0};
            for (int d = 0; d < rank; d++) {
                int k = 1 + rnd.nextInt(3);
                w[2 + d] = k;
                strides[d] = 1 + rnd.nextInt(3);
                dilations[d] = 1 + rnd.nextInt(2);
                pads[d] = rnd.nextInt(k);
                pads[rank + d] = rnd.nextInt(k);
                x[2 + d] = (int) ((k - 1) * dilations[d] + 1) + rnd.nextInt(5);
            }
            Attributes a = Attributes.of("strides", strides, "dilations", dilations, "pads", pads, "group", (long) groups);
            Tensor weights = random(Arrays.copyOf(w, 2 + rank));
            Tensor bias = trial % 2 == 0 ? random(filters) : null;
            checkBatchedRows(OpCheck.graph(transpose ? "ConvTranspose" : "Conv", a, Shape.of(Arrays.copyOf(x, 2 + rank)),
                weights, bias), 1 + rnd.nextInt(5));
        }
        checkBatchedRows(OpCheck.graph("Conv", Attributes.of("pads", new long[] {1, 1, 1, 1}), Shape.of(1, 3, 16, 16),
            random(8, 3, 3, 3), random(8)), 9);
    }

    private void checkBatchedRows(Graph g, int rows) {
        Node node = g.nodes().get(0);
        Relaxation relaxation = Relaxations.find(node.opType()).orElseThrow();
        Shape xs = g.shape(node.input(0));
        double[] x = new double[rows * xs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextGaussian();
        }
        double[][] ins = new double[node.inputs().size()][];
        ins[0] = x;
        for (int i = 1; i < ins.length; i++) {
            ins[i] = node.input(i).isEmpty() ? null : g.constant(node.input(i)).backingArray();
        }
        double[] batched = relaxation.evaluateRows(node, g, rows, ins)[0];
        int out = g.shape(node.output()).size();
        assertEquals(rows * out, batched.length, node.describe());
        for (int k = 0; k < rows; k++) {
            double[] row = Arrays.copyOfRange(x, k * xs.size(), (k + 1) * xs.size());
            List<Tensor> args = new ArrayList<>();
            for (int i = 0; i < node.inputs().size(); i++) {
                String in = node.input(i);
                args.add(i == 0 ? new Tensor(g.info(in).type(), xs, row) : in.isEmpty() ? null : g.constant(in));
            }
            double[] expected = OperatorCalls.evaluate(node, args).get(0).backingArray();
            assertArrayEquals(expected, Arrays.copyOfRange(batched, k * out, (k + 1) * out), node.describe() + " row " + k);
        }
    }

    /**
     * Conv's backward step on rows that are non-zero only in a window (as in intermediate passes,
     * see {@link ConvWindowAdjoint}) against the dense product with Conv's exact matrix (from
     * {@link Relaxation#affineRows}): every coefficient and bias term equal to 1e-12 relative, over
     * geometries of ranks 1-3 with strides, pads, dilations, groups and a batch of 2, and rows that
     * are unit vectors, windows of every size (all channels or one), whole rows and zero rows.
     */
    @Test
    void windowedRowsMatchTheDenseMatrix() {
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("pads", new long[] {1, 1, 1, 1}), Shape.of(1, 3, 8, 8), random(4, 3, 3, 3), random(4)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("pads", new long[] {1, 0, 2, 1}, "strides", new long[] {2, 1},
            "dilations", new long[] {1, 2}, "group", 2L), Shape.of(2, 4, 9, 8), random(6, 2, 3, 2), random(6)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}),
            Shape.of(1, 2, 10, 10), random(5, 2, 4, 4), random(5)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("strides", new long[] {3, 2}), Shape.of(1, 2, 11, 7), random(3, 2, 2, 2)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}),
            Shape.of(1, 3, 7, 6), random(2, 3, 3, 2), random(2)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("group", 3L), Shape.of(1, 3, 6, 5), random(6, 1, 3, 3), random(6)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("pads", new long[] {3, 1}, "dilations", new long[] {2}), Shape.of(1, 2, 9),
            random(3, 2, 3), random(3)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("pads", new long[] {1, 0, 1, 0, 1, 1}, "strides", new long[] {1, 2, 1}),
            Shape.of(1, 2, 4, 5, 4), random(3, 2, 2, 3, 2), random(3)));
        // stride phases: taps of one phase (1x1 stride 2), dilations mixing phases, stride 3 with 5 taps,
        // and 11 filters (blocks of four with a remainder of three)
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("strides", new long[] {2, 2}), Shape.of(1, 3, 9, 8), random(4, 3, 1, 1)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("strides", new long[] {2, 3}, "dilations", new long[] {2, 2},
            "pads", new long[] {2, 1, 3, 2}), Shape.of(1, 2, 12, 13), random(5, 2, 3, 5), random(5)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("strides", new long[] {3}, "pads", new long[] {2, 2}), Shape.of(2, 3, 17),
            random(11, 3, 5), random(11)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("pads", new long[] {1, 1, 1, 1}, "group", 2L), Shape.of(1, 4, 6, 6),
            random(14, 2, 3, 3), random(14)));
        // width stride 2 with both width phases written back in one sweep: odd input widths and
        // asymmetric pads give the two phases different first and last positions; a dilation of 3
        // puts the two taps in different phases with different shifts
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("strides", new long[] {2}, "pads", new long[] {1, 0}), Shape.of(2, 3, 11),
            random(5, 3, 3), random(5)));
        checkAgainstMatrix(OpCheck.graph("Conv", Attributes.of("strides", new long[] {1, 2}, "dilations", new long[] {1, 3},
            "pads", new long[] {0, 2, 1, 1}), Shape.of(1, 3, 5, 9), random(6, 3, 2, 2), random(6)));
    }

    private void checkAgainstMatrix(Graph g) {
        Node node = g.nodes().get(0);
        Relaxation conv = Relaxations.find("Conv").orElseThrow();
        int out = g.shape(node.output()).size();
        int in = g.shape(node.input(0)).size();
        double[][] matrix = new double[out][in];
        double[] constant = new double[out];
        conv.affineRows(node, g, new AffineRows() {
            private int row;

            @Override
            public void term(int input, int element, double coefficient) {
                matrix[row][element] += coefficient;
            }

            @Override
            public void end(double c) {
                constant[row++] = c;
            }
        });
        Shape ys = g.shape(node.output());
        int rows = 48;
        double[] a = new double[rows * out];
        for (int k = 0; k < rows; k++) {
            fillRow(a, k * out, ys, k);
        }
        double[] before = new double[rows * in];
        for (int i = 0; i < before.length; i++) {
            before[i] = rnd.nextGaussian();
        }
        Map<String, double[]> acc = new HashMap<>();
        acc.put(node.input(0), before.clone());
        double[] bias = new double[rows];
        conv.backward(node, new BackwardStep(g, node, rows, new double[][] {a}, v -> {
            throw new AssertionError("Conv reads no bounds");
        }, acc::get, bias, null));
        double[] got = acc.get(node.input(0));
        for (int k = 0; k < rows; k++) {
            double expectedBias = 0;
            double biasScale = 0;
            for (int i = 0; i < out; i++) {
                expectedBias += a[k * out + i] * constant[i];
                biasScale += Math.abs(a[k * out + i] * constant[i]);
            }
            assertEquals(expectedBias, bias[k], 1e-12 * (1 + biasScale), node.describe() + " bias of row " + k);
            for (int j = 0; j < in; j++) {
                double expected = before[k * in + j];
                double scale = Math.abs(expected);
                for (int i = 0; i < out; i++) {
                    expected += a[k * out + i] * matrix[i][j];
                    scale += Math.abs(a[k * out + i] * matrix[i][j]);
                }
                assertEquals(expected, got[k * in + j], 1e-12 * (1 + scale), node.describe() + " row " + k + " input " + j);
            }
        }
    }

    /**
     * Row k: kind k % 6 is a unit row, a random window (all channels, or one), the whole row, a
     * zero row, or entries only at the ends of planes and lines among negative zeros (the window
     * search's edge cases); entries inside a window are zero with probability 1/3.
     */
    private void fillRow(double[] a, int base, Shape ys, int k) {
        int batch = ys.dim(0);
        int channels = ys.dim(1);
        int rank = ys.rank() - 2;
        int[] spatial = new int[rank];
        for (int d = 0; d < rank; d++) {
            spatial[d] = ys.dim(2 + d);
        }
        int plane = ys.size() / (batch * channels);
        switch (k % 6) {
            case 0 -> a[base + rnd.nextInt(ys.size())] = rnd.nextGaussian();
            case 1, 2 -> {
                int[] lo = new int[rank];
                int[] hi = new int[rank];
                for (int d = 0; d < rank; d++) {
                    lo[d] = rnd.nextInt(spatial[d]);
                    hi[d] = lo[d] + rnd.nextInt(spatial[d] - lo[d]);
                }
                int onlyChannel = k % 6 == 2 ? rnd.nextInt(channels) : -1;
                for (int i = 0; i < ys.size(); i++) {
                    int c = i / plane % channels;
                    if ((onlyChannel < 0 || c == onlyChannel) && inside(i % plane, spatial, lo, hi) && rnd.nextInt(3) > 0) {
                        a[base + i] = rnd.nextGaussian();
                    }
                }
            }
            case 3 -> {
                for (int i = 0; i < ys.size(); i++) {
                    a[base + i] = rnd.nextGaussian();
                }
            }
            case 4 -> {
            }
            default -> {
                int width = spatial[rank - 1];
                for (int i = 0; i < ys.size(); i++) {
                    a[base + i] = rnd.nextInt(4) == 0 ? -0.0 : 0.0;
                }
                for (int e = 0; e < 3; e++) {
                    int p = rnd.nextInt(ys.size() / width) * width;
                    int at = switch (rnd.nextInt(4)) {
                        case 0 -> p / plane * plane;
                        case 1 -> (p / plane + 1) * plane - 1;
                        case 2 -> p;
                        default -> p + width - 1;
                    };
                    a[base + at] = rnd.nextGaussian();
                }
            }
        }
    }

    private static boolean inside(int p, int[] spatial, int[] lo, int[] hi) {
        for (int d = spatial.length - 1; d >= 0; d--) {
            int x = p % spatial[d];
            p /= spatial[d];
            if (x < lo[d] || x > hi[d]) {
                return false;
            }
        }
        return true;
    }
}
