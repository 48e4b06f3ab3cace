package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * ONNX Reshape (opset 5+): the shape comes from the second input; 0 copies the input's dimension
 * at that position (unless allowzero = 1, when 0 is a literal zero) and one -1 is inferred from the
 * element count.
 */
public final class Reshape extends ShapeChange {
    @Override
    protected Shape outputShape(Node node, Shape x, IntFunction<Tensor> input) {
        Tensor shapeInput = input.apply(1);
        if (shapeInput == null) {
            throw new IllegalArgumentException("missing the shape input");
        }
        long[] requested = shapeInput.toLongs();
        boolean allowZero = node.attributes().getInt("allowzero", 0) != 0;
        long[] dims = new long[requested.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < requested.length; i++) {
            long d = requested[i];
            if (d == 0 && !allowZero) {
                if (i >= x.rank()) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(requested) + " copies dimension " + i
                        + " of an input of rank " + x.rank());
                }
                d = x.dim(i);
            }
            if (d == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(requested) + " has more than one -1");
                }
                inferred = i;
                continue;
            }
            if (d < 0) {
                throw new IllegalArgumentException("invalid dimension " + d + " in shape " + Arrays.toString(requested));
            }
            dims[i] = d;
            known *= d;
        }
        if (inferred >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw new IllegalArgumentException("cannot infer the -1 of shape " + Arrays.toString(requested)
                    + " for " + x.size() + " elements");
            }
            dims[inferred] = x.size() / known;
        }
        Shape out = Shape.of(dims);
        if (out.size() != x.size()) {
            throw new IllegalArgumentException("cannot reshape " + x + " to " + out);
        }
        return out;
    }
}
