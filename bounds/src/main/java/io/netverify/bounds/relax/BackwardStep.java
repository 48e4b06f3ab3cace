package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.function.Function;

/**
 * What a {@link Relaxation#backward} step sees and writes. Coefficient matrices are row-major
 * {@code rows x size} arrays: row k is one linear function being bounded from below. The relaxation
 * reads the coefficients on the node's outputs, and adds (+=) into the accumulators of its
 * non-constant inputs and into the bias, one entry per row.
 */
public final class BackwardStep {
    private final Graph graph;
    private final Node node;
    private final int rows;
    private final double[][] outputCoefficients;
    private final Function<String, Interval> bounds;
    private final Function<String, double[]> accumulators;
    private final double[] bias;
    private final AlphaParameters alphas;
    private final CoefficientWindows windows;

    public BackwardStep(Graph graph, Node node, int rows, double[][] outputCoefficients, Function<String, Interval> bounds,
                        Function<String, double[]> accumulators, double[] bias, AlphaParameters alphas) {
        this(graph, node, rows, outputCoefficients, bounds, accumulators, bias, alphas, CoefficientWindows.NONE);
    }

    /** A step of a pass that tracks the windows of its coefficient rows (see {@link RowWindows}). */
    public BackwardStep(Graph graph, Node node, int rows, double[][] outputCoefficients, Function<String, Interval> bounds,
                        Function<String, double[]> accumulators, double[] bias, AlphaParameters alphas,
                        CoefficientWindows windows) {
        this.graph = graph;
        this.node = node;
        this.rows = rows;
        this.outputCoefficients = outputCoefficients;
        this.bounds = bounds;
        this.accumulators = accumulators;
        this.bias = bias;
        this.alphas = alphas;
        this.windows = windows;
    }

    /**
     * How the pass tracks which part of each row may be non-zero: windows of values' coefficient
     * rows, by value name; null where a value's rows may be non-zero anywhere.
     */
    public interface CoefficientWindows {
        CoefficientWindows NONE = new CoefficientWindows() {
            @Override
            public RowWindows of(String value) {
                return null;
            }

            @Override
            public void drop(String value) {
            }
        };

        /** The windows of the value's coefficients (output) or accumulator (input), or null. */
        RowWindows of(String value);

        /** The value's accumulator is written without windows: its rows may be non-zero anywhere now. */
        void drop(String value);
    }

    public Graph graph() {
        return graph;
    }

    public int rows() {
        return rows;
    }

    /** Coefficients on output {@code o} ({@code rows x size}), or null when nothing depends on it. */
    public double[] coefficients(int o) {
        return outputCoefficients[o];
    }

    /** Coefficients on the node's single output (never null). */
    public double[] coefficients() {
        return outputCoefficients[0];
    }

    public Shape inputShape(int i) {
        return graph.shape(node.input(i));
    }

    public Shape outputShape(int o) {
        return graph.shape(node.outputs().get(o));
    }

    /** The value of input i when it is constant, else null. */
    public Tensor constant(int i) {
        String in = node.input(i);
        return in.isEmpty() ? null : graph.constant(in);
    }

    /** Sound bounds of input i (available when the relaxation {@link Relaxation#needsInputBounds() needs them}). */
    public Interval inputBounds(int i) {
        String in = node.input(i);
        Tensor c = graph.constant(in);
        return c != null ? Interval.of(c) : bounds.apply(in);
    }

    /** The accumulator of a non-constant input ({@code rows x size}); add into it. */
    public double[] accumulator(int i) {
        if (constant(i) != null) {
            throw new IllegalStateException(node.describe() + ": input " + i + " is constant; add its contribution to the bias");
        }
        double[] acc = accumulators.apply(node.input(i));
        windows.drop(node.input(i));
        return acc;
    }

    /**
     * The accumulator of a non-constant input, for a step that widens {@link #accumulatorWindows}
     * to cover every row position it writes (a non-zero outside a row's window would be lost by the
     * steps that read only the window).
     */
    public double[] windowedAccumulator(int i) {
        if (constant(i) != null) {
            throw new IllegalStateException(node.describe() + ": input " + i + " is constant; add its contribution to the bias");
        }
        return accumulators.apply(node.input(i));
    }

    /** The windows of input i's accumulator to widen, or null when its rows are not tracked. */
    public RowWindows accumulatorWindows(int i) {
        return windows.of(node.input(i));
    }

    /** The windows of output o's coefficient rows, or null when any position of a row may be non-zero. */
    public RowWindows windows(int o) {
        return windows.of(node.outputs().get(o));
    }

    /** The bias accumulator, one entry per row; add into it. */
    public double[] bias() {
        return bias;
    }

    /**
     * The optimisable parameters of this node for alpha-CROWN ({@code rows x count} values, or
     * {@code count} when shared between rows), initialised by {@code init} on first use; null when
     * the bounds are not being optimised.
     */
    public double[] alpha(int count, java.util.function.IntToDoubleFunction init) {
        return alphas == null ? null : alphas.get(node.name(), rows, count, init);
    }

    /**
     * As {@link #alpha}, but only the columns whose initial value is not NaN are stored (see
     * {@link AlphaParameters.Block}); null when the bounds are not being optimised.
     */
    AlphaParameters.Block sparseAlpha(int count, java.util.function.IntToDoubleFunction init) {
        return alphas == null ? null : alphas.sparse(node.name(), rows, count, init);
    }

    /** Whether bounds are being optimised: then every nonlinear step must record its linearisation. */
    public boolean optimising() {
        return alphas != null;
    }

    /** Records the linear function substituted for this (nonlinear) node, per row; see {@link Linearization}. */
    public void recordLinearization(Linearization lin) {
        if (alphas != null) {
            alphas.record(node.name(), lin);
        }
    }

    /** Records how this node's parameters (from {@link #alpha}) move each row's bound. */
    public void recordAlphaGradient(AlphaGradient g) {
        if (alphas != null) {
            alphas.record(node.name(), g);
        }
    }
}
