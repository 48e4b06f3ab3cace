package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netverify.onnx.ops.OpCases.assertTensor;
import static io.netverify.onnx.ops.OpCases.attrs;
import static io.netverify.onnx.ops.OpCases.dims;
import static io.netverify.onnx.ops.OpCases.ints;
import static io.netverify.onnx.ops.OpCases.run;
import static io.netverify.onnx.ops.OpCases.run1;
import static io.netverify.onnx.ops.OpCases.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Operators that select, join, split or pad elements. */
class IndexingOpsTest {
    private static final Tensor R = t(dims(10), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    private static final Tensor M = t(dims(3, 4), 0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23);
    private static final long BIG = Long.MAX_VALUE;

    private static Tensor slice(Tensor x, long[] starts, long[] ends, long[] axes, long[] steps) {
        return run1("Slice", attrs(), x, Tensor.ints(starts), Tensor.ints(ends),
            axes == null ? null : Tensor.ints(axes), steps == null ? null : Tensor.ints(steps));
    }

    @Test
    void slicePositiveStepsAndClamping() {
        assertTensor(slice(R, ints(2), ints(5), null, null), dims(3), 2, 3, 4);
        assertTensor(slice(R, ints(-3), ints(BIG), null, null), dims(3), 7, 8, 9);
        assertTensor(slice(R, ints(-100), ints(2), null, ints(1)), dims(2), 0, 1);
        assertTensor(slice(R, ints(1), ints(8), ints(0), ints(3)), dims(3), 1, 4, 7);
        assertTensor(slice(R, ints(6), ints(2), null, null), dims(0));
        // 2-D, negative axis, second axis only
        assertTensor(slice(M, ints(1), ints(3), ints(-1), null), dims(3, 2), 1, 2, 11, 12, 21, 22);
    }

    @Test
    void sliceNegativeSteps() {
        assertTensor(slice(R, ints(-1), ints(-BIG), null, ints(-1)), dims(10), 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertTensor(slice(R, ints(8), ints(1), null, ints(-3)), dims(3), 8, 5, 2);
        // starts clamp to d-1, ends to -1 (i.e. through index 0)
        assertTensor(slice(R, ints(100), ints(-100), null, ints(-4)), dims(3), 9, 5, 1);
        assertTensor(slice(R, ints(2), ints(5), null, ints(-1)), dims(0));
        assertTensor(slice(M, ints(-1, -1), ints(-BIG, 0), ints(0, 1), ints(-2, -2)), dims(2, 2), 23, 21, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> slice(R, ints(0), ints(5), null, ints(0)));
    }

    @Test
    void sliceAttributeFormOfOpsetsBefore10() {
        Tensor y = run1("Slice", attrs("starts", ints(1, 0), "ends", ints(BIG, -1), "axes", ints(0, 1)), M);
        assertTensor(y, dims(2, 3), 10, 11, 12, 20, 21, 22);
        assertTensor(run1("Slice", attrs("starts", ints(0, 2), "ends", ints(1, 4)), M), dims(1, 2), 2, 3);
    }

    @Test
    void gather() {
        assertTensor(run1("Gather", attrs(), M, Tensor.ints(2, -3)), dims(2, 4), 20, 21, 22, 23, 0, 1, 2, 3);
        assertTensor(run1("Gather", attrs("axis", 1), M, t(dims(2, 2), 3, 0, -1, 1).withType(DataType.INT64)),
            dims(3, 2, 2), 3, 0, 3, 1, 13, 10, 13, 11, 23, 20, 23, 21);
        // a scalar index removes the axis (Shape -> Gather chains of exporters)
        Tensor g = run1("Gather", attrs(), Tensor.ints(1, 3, 32, 32), Tensor.scalar(0).withType(DataType.INT64));
        assertEquals(DataType.INT64, g.type());
        assertTensor(g, dims(), 1);
        assertThrows(IllegalArgumentException.class, () -> run1("Gather", attrs(), M, Tensor.ints(3)));
    }

    @Test
    void concat() {
        assertTensor(run1("Concat", attrs("axis", -1), M, t(dims(3, 1), 4, 14, 24)), dims(3, 5),
            0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24);
        assertTensor(run1("Concat", attrs("axis", 0), Tensor.ints(1, 2), Tensor.ints(), Tensor.ints(3)), dims(3), 1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> run1("Concat", attrs("axis", 0), M, R));
        assertThrows(IllegalArgumentException.class, () -> run1("Concat", attrs(), M, M));
    }

    @Test
    void splitInAllOpsetForms() {
        List<Tensor> even = run("Split", attrs("axis", 1), 2, M);
        assertTensor(even.get(0), dims(3, 2), 0, 1, 10, 11, 20, 21);
        assertTensor(even.get(1), dims(3, 2), 2, 3, 12, 13, 22, 23);
        List<Tensor> attr = run("Split", attrs("split", ints(1, 3), "axis", -1), 2, M);
        assertEquals(Shape.of(3, 1), attr.get(0).shape());
        assertTensor(attr.get(1), dims(3, 3), 1, 2, 3, 11, 12, 13, 21, 22, 23);
        List<Tensor> input = run("Split", attrs(), 3, R, Tensor.ints(2, 0, 8));
        assertEquals(Shape.of(0), input.get(1).shape());
        assertTensor(input.get(2), dims(8), 2, 3, 4, 5, 6, 7, 8, 9);
        // opset 18 num_outputs: parts of ceil(10 / 4) = 3, the last smaller
        List<Tensor> uneven = run("Split", attrs("num_outputs", 4), 4, R);
        assertTensor(uneven.get(3), dims(1), 9);
        assertThrows(IllegalArgumentException.class, () -> run("Split", attrs(), 4, R));
        assertThrows(IllegalArgumentException.class, () -> run("Split", attrs(), 2, R, Tensor.ints(3, 3)));
    }

    @Test
    void padConstantInBothOpsetForms() {
        Tensor x = t(dims(2, 2), 1, 2, 3, 4);
        Tensor old = run1("Pad", attrs("pads", ints(1, 0, 0, 1), "value", 9.0), x);
        assertTensor(old, dims(3, 3), 9, 9, 9, 1, 2, 9, 3, 4, 9);
        Tensor input = run1("Pad", attrs(), x, Tensor.ints(1, 0, 0, 1), Tensor.scalar(9));
        assertTensor(input, dims(3, 3), old.data());
        assertTensor(run1("Pad", attrs(), x, Tensor.ints(0, 1, 0, 0)), dims(2, 3), 0, 1, 2, 0, 3, 4);
        // negative pads crop
        assertTensor(run1("Pad", attrs(), R, Tensor.ints(-7, 1)), dims(4), 7, 8, 9, 0);
        // opset 18 axes
        assertTensor(run1("Pad", attrs(), x, Tensor.ints(1, 1), null, Tensor.ints(-1)), dims(2, 4), 0, 1, 2, 0, 0, 3, 4, 0);
    }

    @Test
    void padEdgeReflectWrap() {
        Tensor x = t(dims(4), 1, 2, 3, 4);
        assertTensor(run1("Pad", attrs("mode", "edge"), x, Tensor.ints(2, 1)), dims(7), 1, 1, 1, 2, 3, 4, 4);
        assertTensor(run1("Pad", attrs("mode", "reflect"), x, Tensor.ints(2, 2)), dims(8), 3, 2, 1, 2, 3, 4, 3, 2);
        assertTensor(run1("Pad", attrs("mode", "wrap"), x, Tensor.ints(2, 1)), dims(7), 3, 4, 1, 2, 3, 4, 1);
        // modes apply to the cropped tensor: crop one at the start, reflect two at the end
        assertTensor(run1("Pad", attrs("mode", "reflect"), x, Tensor.ints(-1, 2)), dims(5), 2, 3, 4, 3, 2);
        assertTensor(run1("Pad", attrs("mode", "edge"), t(dims(2, 2), 1, 2, 3, 4), Tensor.ints(1, 0, 0, 1)), dims(3, 3),
            1, 2, 2, 1, 2, 2, 3, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> run1("Pad", attrs("mode", "mirror"), x, Tensor.ints(1, 1)));
    }
}
