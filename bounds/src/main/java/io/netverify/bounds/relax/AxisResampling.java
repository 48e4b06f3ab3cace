package io.netverify.bounds.relax;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The linear map of Resize/Upsample, which resamples one axis after the other: per axis a sparse
 * matrix (each output position a few weighted input positions), plus a constant part (the
 * extrapolation value of tf_crop_and_resize). Each axis' matrix is read off the evaluator, run on
 * unit vectors along that axis with every other axis of length 1 and left unscaled (see
 * {@link Probe}), so coordinate modes, nearest rules and cubic coefficients are the operator's own.
 */
final class AxisResampling {
    /**
     * A call of the operator that resamples only {@code axis}: the node and its inputs, input 0
     * (the data) left null to be filled in with a tensor of length 1 on every other axis.
     */
    record Probe(Node node, List<Tensor> inputs) {
        double[] apply(Shape shape, double[] x, Shape expected) {
            List<Tensor> args = new ArrayList<>(inputs);
            args.set(0, new Tensor(DataType.DOUBLE, shape, x));
            Tensor y = OperatorCalls.evaluate(node, args).get(0);
            if (!y.shape().equals(expected)) {
                throw new NoRelaxationException(node.describe() + ": resampling one axis gives shape " + y.shape()
                    + " instead of " + expected + ", so its bound relaxation cannot separate the axes");
            }
            return y.backingArray();
        }
    }

    /** Output position j of the axis reads input positions {@code index[j]} with weights {@code weight[j]}. */
    private record Stage(int axis, int inLength, int[][] index, double[][] weight) {
        int width() {
            return Arrays.stream(index).mapToInt(i -> i.length).max().orElse(0);
        }
    }

    private final int[] inDims;
    private final int[] outDims;
    private final List<Stage> stages;
    private final double[] constant;

    private AxisResampling(int[] inDims, int[] outDims, List<Stage> stages, double[] constant) {
        this.inDims = inDims;
        this.outDims = outDims;
        this.stages = stages;
        this.constant = constant;
    }

    /**
     * @param probes    per axis, the probe call, or null for an axis the operator leaves alone
     * @param constant  the operator's output for an all-zero input
     */
    static AxisResampling of(Node node, int[] inDims, int[] outDims, IntFunction<Probe> probes, double[] constant) {
        List<Stage> stages = new ArrayList<>();
        // the evaluator's order: last axis first
        for (int axis = inDims.length - 1; axis >= 0; axis--) {
            Probe p = probes.apply(axis);
            if (p == null) {
                if (inDims[axis] != outDims[axis]) {
                    throw new NoRelaxationException(node.describe() + ": axis " + axis + " changes size but is not resampled");
                }
                continue;
            }
            Stage s = stage(axis, inDims[axis], outDims[axis], inDims.length, p);
            if (s != null) {
                stages.add(s);
            }
        }
        boolean zero = Arrays.stream(constant).allMatch(v -> v == 0);
        return new AxisResampling(inDims, outDims, stages, zero ? null : constant);
    }

    /** The axis' matrix from unit vectors, minus the response to zero; null when it is the identity. */
    private static Stage stage(int axis, int inLength, int outLength, int rank, Probe p) {
        int[] in = new int[rank];
        Arrays.fill(in, 1);
        int[] out = in.clone();
        in[axis] = inLength;
        out[axis] = outLength;
        Shape inShape = Shape.of(in);
        Shape outShape = Shape.of(out);
        double[] base = p.apply(inShape, new double[inLength], outShape);
        double[][] columns = new double[inLength][];
        for (int q = 0; q < inLength; q++) {
            double[] e = new double[inLength];
            e[q] = 1;
            columns[q] = p.apply(inShape, e, outShape);
        }
        int[][] index = new int[outLength][];
        double[][] weight = new double[outLength][];
        boolean identity = inLength == outLength;
        for (int j = 0; j < outLength; j++) {
            int[] idx = new int[inLength];
            double[] w = new double[inLength];
            int count = 0;
            for (int q = 0; q < inLength; q++) {
                double v = columns[q][j] - base[j];
                if (v != 0) {
                    idx[count] = q;
                    w[count++] = v;
                }
            }
            index[j] = Arrays.copyOf(idx, count);
            weight[j] = Arrays.copyOf(w, count);
            identity &= count == 1 && idx[0] == j && w[0] == 1;
        }
        return identity ? null : new Stage(axis, inLength, index, weight);
    }

    /** Whether every weight is non-negative (then the operator is monotone). */
    boolean monotone() {
        return stages.stream().allMatch(s -> Arrays.stream(s.weight).flatMapToDouble(Arrays::stream).allMatch(w -> w >= 0));
    }

    /** Whether every output is a copy of one input element or the constant (nearest mode). */
    boolean copies() {
        return stages.stream().allMatch(s -> Arrays.stream(s.weight).allMatch(w -> w.length <= 1 && (w.length == 0 || w[0] == 1)));
    }

    /** Rounded operations along any output's computation: products and sums per axis, one more for merged weights. */
    long terms() {
        return 1 + stages.stream().mapToLong(s -> s.width() + 1L).sum();
    }

    /** Per resampled axis, in the order the operator resamples them: the axis and its weights {@code [out][in]}. */
    List<ResamplingRelaxation.AxisMatrix> matrices() {
        List<ResamplingRelaxation.AxisMatrix> m = new ArrayList<>();
        for (Stage s : stages) {
            double[][] w = new double[s.index.length][s.inLength];
            for (int j = 0; j < w.length; j++) {
                for (int t = 0; t < s.index[j].length; t++) {
                    w[j][s.index[j][t]] = s.weight[j][t];
                }
            }
            m.add(new ResamplingRelaxation.AxisMatrix(s.axis, w));
        }
        return m;
    }

    /** The constant part (null when zero). */
    double[] constant() {
        return constant;
    }

    /** The linear part on {@code batch} inputs (row-major, batch first), with absolute weights when asked. */
    double[] forward(double[] x, int batch, boolean absolute) {
        int[] dims = inDims.clone();
        double[] data = x;
        for (Stage s : stages) {
            int outer = batch * Shape.of(Arrays.copyOfRange(dims, 0, s.axis)).size();
            int inner = Shape.of(Arrays.copyOfRange(dims, s.axis + 1, dims.length)).size();
            int outLength = s.index.length;
            double[] dst = new double[outer * outLength * inner];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < outLength; j++) {
                    int d = (o * outLength + j) * inner;
                    for (int t = 0; t < s.index[j].length; t++) {
                        double w = absolute ? Math.abs(s.weight[j][t]) : s.weight[j][t];
                        int src = (o * s.inLength + s.index[j][t]) * inner;
                        for (int i = 0; i < inner; i++) {
                            dst[d + i] += w * data[src + i];
                        }
                    }
                }
            }
            data = dst;
            dims[s.axis] = outLength;
        }
        return data;
    }

    /** Adds the transpose of the linear part applied to {@code batch} coefficient rows into {@code acc}. */
    void adjointAdd(double[] a, int batch, double[] acc) {
        int[] dims = outDims.clone();
        double[] data = a;
        for (int k = stages.size() - 1; k >= 0; k--) {
            Stage s = stages.get(k);
            int outer = batch * Shape.of(Arrays.copyOfRange(dims, 0, s.axis)).size();
            int inner = Shape.of(Arrays.copyOfRange(dims, s.axis + 1, dims.length)).size();
            int outLength = s.index.length;
            double[] dst = new double[outer * s.inLength * inner];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < outLength; j++) {
                    int src = (o * outLength + j) * inner;
                    for (int t = 0; t < s.index[j].length; t++) {
                        double w = s.weight[j][t];
                        int d = (o * s.inLength + s.index[j][t]) * inner;
                        for (int i = 0; i < inner; i++) {
                            dst[d + i] += w * data[src + i];
                        }
                    }
                }
            }
            data = dst;
            dims[s.axis] = s.inLength;
        }
        for (int i = 0; i < data.length; i++) {
            acc[i] += data[i];
        }
    }
}
