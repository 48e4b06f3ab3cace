package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * The bound rules of one operator: interval propagation (IBP) and the backward step of CROWN, and
 * the capabilities other analyses ask of it (box-preserving, affine for the LP, ...) instead of
 * testing op names. Each implementation is registered under its op type in {@link Relaxations}.
 *
 * <p>Every rule must be sound in float64: for all inputs inside the given intervals the true output
 * lies within the computed interval, and the backward step's linear function is a true lower bound.
 */
public interface Relaxation {
    /** Output intervals of the node, given one interval per input (constants are point intervals, omitted inputs null). */
    List<Interval> interval(Node node, List<Interval> inputs, Graph graph);

    /**
     * {@link #interval} for many boxes at once: {@code inputs.get(b)} are box b's input intervals and
     * element b of the result its output intervals, those of {@code interval(node, inputs.get(b), graph)}.
     * Overridden where one call over all boxes is cheaper (Linear: matrix products over blocks of
     * boxes); an override may differ from {@link #interval} only by float rounding that the
     * propagator's rounding-error margin for the node covers.
     */
    default List<List<Interval>> intervals(Node node, List<List<Interval>> inputs, Graph graph) {
        List<Interval> first = inputs.isEmpty() ? List.of() : inputs.get(0);
        long work = first.stream().mapToLong(i -> i == null ? 0 : i.size()).sum();
        return Rows.range(inputs.size(), work).mapToObj(b -> interval(node, inputs.get(b), graph)).toList();
    }

    /**
     * Whether {@link #backward} reads the intervals of the node's inputs (true for nonlinear operators,
     * whose relaxation depends on them). The propagator computes those intervals first.
     */
    default boolean needsInputBounds() {
        return false;
    }

    /**
     * Whether {@link #backward} adds the output's coefficients to input 0 unchanged, element for
     * element (a reshape): a backward pass may then hand the coefficient array itself to an input that
     * has no coefficients yet, instead of copying it into a new one.
     */
    default boolean passesCoefficientsThrough() {
        return false;
    }

    /**
     * Whether the image of a box is a box when the node's one computed input ranges over a box and its
     * other inputs are constant (a reshape; a per-element scale and shift).
     */
    default boolean mapsBoxesToBoxes() {
        return false;
    }

    /**
     * Whether {@link #interval} is exact up to rounding when the node's one computed input ranges over
     * a box and its other inputs are constant: each output is a sum of distinct input elements times
     * one coefficient each (Linear, Conv), so a CROWN pass could only repeat that interval.
     */
    default boolean exactOverBoxes() {
        return false;
    }

    /**
     * Whether each output element is a monotone function of the same element of the node's one
     * computed input (ReLU), so that {@link #interval} of a per-element exact interval is exact up to
     * rounding too: a CROWN pass could only repeat it.
     */
    default boolean keepsIntervalsExact() {
        return false;
    }

    /**
     * Whether the node is an exact affine map of its computed inputs (its other inputs being constant
     * in {@code graph}), which {@link #affineRows} writes out: the LP encodes such a node exactly.
     */
    default boolean affine(Node node, Graph graph) {
        return false;
    }

    /** Writes the affine map of a node for which {@link #affine} holds, one row per output element. */
    default void affineRows(Node node, Graph graph, AffineRows rows) {
        throw new NoRelaxationException("no affine form of " + node.describe());
    }

    /**
     * Whether an input neuron with interval [l, u] gains from tighter bounds (for ReLU: only when
     * l < 0 < u). The propagator computes CROWN bounds only for such neurons.
     */
    default boolean needsRefinement(double l, double u) {
        return l < u;
    }

    /**
     * Whether CROWN bounds of this node's inputs are intersected with their interval bounds (default).
     * Piecewise-linear relaxations with adaptive slopes (ReLU) say no, as auto_LiRPA does: a tighter
     * interval can flip a slope choice and loosen some final bound. Relaxations defined on a
     * restricted domain (log, sqrt, 1/x) need the intersection.
     */
    default boolean intersectsInputBounds() {
        return true;
    }

    /**
     * The backward (lower-bound) step: given coefficients A on the node's outputs, adds coefficients
     * A' on its inputs and a bias b such that {@code A . out >= A' . in + b} for all inputs within
     * their intervals. See {@link BackwardStep}.
     */
    void backward(Node node, BackwardStep step);

    /**
     * For a linear operator, its outputs for {@code rows} input vectors at once (each computed input
     * {@code rows x size} row-major, constants as they are), as alpha-CROWN's linearised network needs
     * them; null when the operator has no batched form (the caller then evaluates row by row).
     */
    default double[][] evaluateRows(Node node, Graph graph, int rows, double[][] inputs) {
        return null;
    }

    /**
     * Moves this node's alpha-CROWN parameters back into their feasible set after a gradient step:
     * per row, {@code columns.length} values, value s of a row being the parameter of column
     * {@code columns[s]} as laid out by the node's {@link BackwardStep#alpha} call (see
     * {@link AlphaParameters#read}). Nothing to do for relaxations without parameters.
     */
    default void projectParameters(Node node, double[] alpha, int[] columns, java.util.function.Function<String, Interval> bounds) {
    }
}
