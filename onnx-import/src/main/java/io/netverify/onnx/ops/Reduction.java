package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;

/**
 * Base of the ReduceXxx operators. The axes come from attribute {@code axes} (ReduceSum before
 * opset 13, the others before 18) or from the optional second input (from then on), which must
 * be a constant for shape inference. Without axes every axis is reduced, unless
 * {@code noop_with_empty_axes} is set, which makes the node an identity. {@code keepdims}
 * (default 1) keeps reduced axes with size 1. Subclasses declare {@code implements Operator}.
 */
public abstract class Reduction {
    /** The value of a reduction over no elements. */
    protected abstract double identity();

    /** Folds the next element into the running value. */
    protected abstract double combine(double acc, double x);

    /** The result from the running value over {@code count} elements. */
    protected double finish(double acc, int count) {
        return acc;
    }

    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 1, 2);
        ValueInfo x = inputs.get(0);
        if (Arity.optional(inputs, 1) != null && Arity.optional(constants, 1) == null) {
            throw new IllegalArgumentException("axes must be a constant");
        }
        boolean[] reduced = reducedAxes(node, x.shape(), Arity.optional(constants, 1));
        Shape out = reduced == null ? x.shape() : outShape(node, x.shape(), reduced);
        return List.of(new ValueInfo(node.output(), x.type(), out));
    }

    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        boolean[] reduced = reducedAxes(node, x.shape(), Arity.optional(inputs, 1));
        if (reduced == null) {
            return List.of(x);
        }
        Shape keptShape = keptShape(node, x.shape(), Arity.optional(inputs, 1));
        // The result with kept axes broadcasts back to x: that map sends each element to its group.
        int[] group = Broadcast.indexMap(keptShape, x.shape());
        double[] acc = new double[keptShape.size()];
        Arrays.fill(acc, identity());
        double[] in = x.backingArray();
        for (int i = 0; i < in.length; i++) {
            acc[group[i]] = combine(acc[group[i]], in[i]);
        }
        int count = acc.length == 0 ? 0 : in.length / acc.length;
        for (int j = 0; j < acc.length; j++) {
            acc[j] = finish(acc[j], count);
        }
        return List.of(new Tensor(x.type(), outShape(node, x.shape(), reduced),
            TypeConversion.integerResults(x.type(), acc)));
    }

    /**
     * The shape of the node's result with every reduced axis kept as size 1 ({@code x} itself when
     * the node is an identity): it broadcasts back to {@code x}, each element to its group.
     * {@code axesInput} is the constant second input, or null when the node has none.
     */
    public static Shape keptShape(Node node, Shape x, Tensor axesInput) {
        boolean[] reduced = reducedAxes(node, x, axesInput);
        int[] kept = x.dims();
        for (int d = 0; reduced != null && d < kept.length; d++) {
            if (reduced[d]) {
                kept[d] = 1;
            }
        }
        return Shape.of(kept);
    }

    /** Which axes to reduce, or null when the node is an identity (no axes, noop_with_empty_axes). */
    private static boolean[] reducedAxes(Node node, Shape shape, Tensor axesInput) {
        boolean axesAsInput = !node.input(1).isEmpty();
        if (axesAsInput && node.attributes().has("axes")) {
            throw new IllegalArgumentException("axes given both as attribute and as input");
        }
        long[] axes = axesAsInput ? axesInput.toLongs() : node.attributes().getInts("axes", new long[0]);
        boolean[] reduced = new boolean[shape.rank()];
        if (axes.length == 0) {
            if (node.attributes().getInt("noop_with_empty_axes", 0) != 0) {
                return null;
            }
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (long a : axes) {
            int axis = shape.axis(a);
            if (reduced[axis]) {
                throw new IllegalArgumentException("axis " + a + " repeated in axes " + Arrays.toString(axes));
            }
            reduced[axis] = true;
        }
        return reduced;
    }

    private static Shape outShape(Node node, Shape shape, boolean[] reduced) {
        boolean keepDims = node.attributes().getInt("keepdims", 1) != 0;
        int[] dims = new int[shape.rank()];
        int rank = 0;
        for (int d = 0; d < shape.rank(); d++) {
            if (!reduced[d]) {
                dims[rank++] = shape.dim(d);
            } else if (keepDims) {
                dims[rank++] = 1;
            }
        }
        return Shape.of(Arrays.copyOf(dims, rank));
    }
}
