package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

class AveragingRelaxationsTest {

    @Test
    void averagePool() {
        long[] k3 = {3, 3};
        OpCheck.check(OpCheck.graph("AveragePool", Attributes.of("kernel_shape", k3, "strides", new long[] {2, 2},
            "pads", new long[] {1, 1, 1, 1}), Shape.of(2, 2, 7, 6)), 1);
        OpCheck.check(OpCheck.graph("AveragePool", Attributes.of("kernel_shape", k3, "strides", new long[] {2, 2},
            "pads", new long[] {1, 0, 1, 2}, "count_include_pad", 1L), Shape.of(1, 2, 6, 6)), 2);
        OpCheck.check(OpCheck.graph("AveragePool", Attributes.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2},
            "ceil_mode", 1L, "count_include_pad", 1L, "pads", new long[] {0, 1, 0, 0}), Shape.of(1, 1, 5, 5)), 3);
        OpCheck.check(OpCheck.graph("AveragePool", Attributes.of("kernel_shape", new long[] {2, 3}, "auto_pad", "SAME_LOWER",
            "dilations", new long[] {2, 1}, "count_include_pad", 1L), Shape.of(1, 2, 5, 4)), 4);
        OpCheck.check(OpCheck.graph("AveragePool", Attributes.of("kernel_shape", new long[] {3}, "auto_pad", "VALID"),
            Shape.of(1, 3, 7)), 5);
    }

    @Test
    void globalAverageAndReductions() {
        OpCheck.check(OpCheck.graph("GlobalAveragePool", Attributes.EMPTY, Shape.of(2, 3, 4, 5)), 10);
        OpCheck.check(OpCheck.graph("ReduceSum", Attributes.of("keepdims", 0L), Shape.of(2, 3, 4), Tensor.ints(1)), 11);
        OpCheck.check(OpCheck.graph("ReduceSum", Attributes.EMPTY, Shape.of(2, 3)), 12);
        OpCheck.check(OpCheck.graph("ReduceSum", Attributes.of("noop_with_empty_axes", 1L), Shape.of(2, 3)), 13);
        OpCheck.check(OpCheck.graph("ReduceMean", Attributes.of("axes", new long[] {-1, 0}, "opset", 13L), Shape.of(2, 3, 4)), 14);
        OpCheck.check(OpCheck.graph("ReduceMean", Attributes.of("keepdims", 0L), Shape.of(3, 5, 2), Tensor.ints(0, 2)), 15);
    }

    @Test
    void sumOfBroadcastInputsAndConstants() {
        OpCheck.check(OpCheck.graph("Sum", Attributes.EMPTY, Shape.of(2, 3), Tensor.of(Shape.of(3), 1, -2, 0.5),
            Shape.of(2, 1)), 20);
        OpCheck.check(OpCheck.graph("Sum", Attributes.EMPTY, Shape.of(4)), 21);
    }
}
