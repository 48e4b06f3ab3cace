package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * ONNX Unsqueeze: inserts axes of size 1 at the listed positions of the output (attribute 'axes'
 * before opset 13, input from 13; negative axes count from the end of the output).
 */
public final class Unsqueeze extends ShapeChange {
    @Override
    protected Shape outputShape(Node node, Shape x, IntFunction<Tensor> input) {
        long[] axes = node.attributes().getInts("axes", null);
        if (axes == null) {
            Tensor t = input.apply(1);
            if (t == null) {
                throw new IllegalArgumentException("missing axes");
            }
            axes = t.toLongs();
        }
        int rank = x.rank() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long axis : axes) {
            if (axis < -rank || axis >= rank || inserted[(int) (axis < 0 ? axis + rank : axis)]) {
                throw new IllegalArgumentException("invalid axes " + Arrays.toString(axes) + " for output rank " + rank);
            }
            inserted[(int) (axis < 0 ? axis + rank : axis)] = true;
        }
        int[] dims = new int[rank];
        int src = 0;
        for (int a = 0; a < rank; a++) {
            dims[a] = inserted[a] ? 1 : x.dim(src++);
        }
        return Shape.of(dims);
    }
}
