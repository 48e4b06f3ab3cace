package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

/**
 * The adjoint of an average over windows of each channel: the gradient of an input cell is the sum,
 * over the windows that read it, of the window's output gradient divided by the window's divisor.
 * Built as View, Div by the divisors (a real division, as the forward pool divides) and MatMul with
 * the 0/1 incidence matrix of windows and cells (exact sums), so no rounded reciprocal enters.
 */
final class PoolAdjoint {
    private PoolAdjoint() {
    }

    /** Contributes the gradient of the pool's input, for windows {@code cells} with {@code divisors}. */
    static void contribute(Node node, String outputGradient, JacobianBuilder builder, int[][] cells, int[] divisors) {
        Shape x = builder.shape(node.input(0));
        int planes = x.dim(0) * x.dim(1);
        int in = x.size() / planes;
        int out = cells.length;
        double[] d = new double[out];
        double[] incidence = new double[out * in];
        for (int p = 0; p < out; p++) {
            d[p] = divisors[p];
            for (int j : cells[p]) {
                incidence[p * in + j] += 1;
            }
        }
        String perPlane = builder.view(outputGradient, Shape.of(planes, out));
        String divided = builder.node("Div", perPlane, builder.constant(Tensor.of(Shape.of(out), d)));
        String summed = builder.node("MatMul", divided, builder.constant(Tensor.of(Shape.of(out, in), incidence)));
        builder.contribute(node.input(0), builder.view(summed, x));
    }

    /**
     * How much the adjoint can scale a gradient: in l_1 (l_inf inputs) the largest share
     * {@code |window| / divisor} of one window; in l_inf the largest sum of 1 / divisor over the
     * windows reading one cell; in l_2 the square root of their product. Rounded up.
     */
    static double gain(int[][] cells, int[] divisors, int cellsPerPlane, InputNorm norm) {
        double perWindow = 0;
        double[] perCell = new double[cellsPerPlane];
        for (int p = 0; p < cells.length; p++) {
            perWindow = Math.max(perWindow, (double) cells[p].length / divisors[p]);
            for (int j : cells[p]) {
                perCell[j] += 1.0 / divisors[p];
            }
        }
        double cellMax = java.util.Arrays.stream(perCell).max().orElse(0);
        double g = switch (norm) {
            case LINF -> perWindow;
            case L1 -> cellMax;
            case L2 -> Math.sqrt(perWindow * cellMax);
        };
        // a few roundings of values at most a few windows' worth
        return g * (1 + 0x1p-40);
    }
}
