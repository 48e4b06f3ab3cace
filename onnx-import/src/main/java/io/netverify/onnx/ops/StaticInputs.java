package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Access to inputs whose values decide an output shape (Reshape's shape, Slice's starts, Pad's
 * pads...). Operators compute their plan from an {@code IntFunction<Tensor>} giving input i's value
 * (null when omitted), so that inference (constants) and evaluation (actual values) share one code
 * path.
 */
final class StaticInputs {
    private StaticInputs() {
    }

    /** For inference: constant values; an input that is present but not constant is an error. */
    static IntFunction<Tensor> constants(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        return i -> {
            if (i >= inputs.size() || inputs.get(i) == null) {
                return null;
            }
            Tensor t = constants.get(i);
            if (t == null) {
                throw new IllegalArgumentException("input " + i + " ('" + node.input(i)
                    + "') must be a constant: its value decides the output shape");
            }
            return t;
        };
    }

    /** For evaluation: the actual input values. */
    static IntFunction<Tensor> values(List<Tensor> values) {
        return i -> i < values.size() ? values.get(i) : null;
    }

    /** The value of input i as integers, or null when omitted or empty (ONNX treats an empty list as absent). */
    static long[] longsOrNull(IntFunction<Tensor> input, int i) {
        Tensor t = input.apply(i);
        return t == null || t.size() == 0 ? null : t.toLongs();
    }
}
