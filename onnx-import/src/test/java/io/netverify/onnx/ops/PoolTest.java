package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netverify.onnx.ops.OpCases.assertTensor;
import static io.netverify.onnx.ops.OpCases.attrs;
import static io.netverify.onnx.ops.OpCases.dims;
import static io.netverify.onnx.ops.OpCases.inferShape;
import static io.netverify.onnx.ops.OpCases.ints;
import static io.netverify.onnx.ops.OpCases.run;
import static io.netverify.onnx.ops.OpCases.run1;
import static io.netverify.onnx.ops.OpCases.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PoolTest {
    /** 1..n in a [1, 1, dims...] tensor, times sign. */
    private static Tensor ramp(double sign, int... spatial) {
        int[] d = new int[spatial.length + 2];
        d[0] = 1;
        d[1] = 1;
        System.arraycopy(spatial, 0, d, 2, spatial.length);
        double[] v = new double[Shape.of(d).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = sign * (i + 1);
        }
        return Tensor.of(Shape.of(d), v);
    }

    @Test
    void maxPoolPlainAndPadded() {
        assertTensor(run1("MaxPool", attrs("kernel_shape", ints(2, 2), "strides", ints(2, 2)), ramp(1, 4, 4)),
            dims(1, 1, 2, 2), 6, 8, 14, 16);
        // 3x3 windows at stride 2 with one cell of padding: rows/cols {0,1} and {1,2,3}
        var padded = attrs("kernel_shape", ints(3, 3), "strides", ints(2, 2), "pads", ints(1, 1, 1, 1));
        assertTensor(run1("MaxPool", padded, ramp(1, 4, 4)), dims(1, 1, 2, 2), 6, 8, 14, 16);
        // all inputs negative: the padding must never win
        assertTensor(run1("MaxPool", padded, ramp(-1, 4, 4)), dims(1, 1, 2, 2), -1, -2, -5, -6);
    }

    @Test
    void maxPoolCeilModeAndDilation() {
        // 5x5, 2x2 windows at stride 2: ceil mode keeps the partial last row/column
        assertTensor(run1("MaxPool", attrs("kernel_shape", ints(2, 2), "strides", ints(2, 2), "ceil_mode", 1), ramp(1, 5, 5)),
            dims(1, 1, 3, 3), 7, 9, 10, 17, 19, 20, 22, 24, 25);
        assertTensor(run1("MaxPool", attrs("kernel_shape", ints(2, 2), "strides", ints(2, 2)), ramp(1, 5, 5)),
            dims(1, 1, 2, 2), 7, 9, 17, 19);
        // A window that would start in the end padding is dropped: starts -1 and 2 only
        assertTensor(run1("MaxPool", attrs("kernel_shape", ints(2), "strides", ints(3), "pads", ints(1, 1), "ceil_mode", 1),
            ramp(1, 4)), dims(1, 1, 2), 1, 4);
        // dilation 3: windows {0,3}, {1,4}, {2,5}, {3,6}
        assertTensor(run1("MaxPool", attrs("kernel_shape", ints(2), "dilations", ints(3)), ramp(1, 7)), dims(1, 1, 4), 4, 5, 6, 7);
    }

    @Test
    void maxPoolIndicesInBothStorageOrders() {
        double[] v = new double[32];
        for (int i = 0; i < 32; i++) {
            v[i] = i % 16;
        }
        Tensor x = t(dims(1, 2, 4, 4), v);
        List<Tensor> rowMajor = run("MaxPool", attrs("kernel_shape", ints(2, 2), "strides", ints(2, 2)), 2, x);
        assertTensor(rowMajor.get(0), dims(1, 2, 2, 2), 5, 7, 13, 15, 5, 7, 13, 15);
        assertEquals(DataType.INT64, rowMajor.get(1).type());
        assertTensor(rowMajor.get(1), dims(1, 2, 2, 2), 5, 7, 13, 15, 21, 23, 29, 31);
        List<Tensor> colMajor = run("MaxPool", attrs("kernel_shape", ints(2, 2), "strides", ints(2, 2), "storage_order", 1), 2, x);
        // (h, w) -> h + 4 w, plus 16 for the second channel
        assertTensor(colMajor.get(1), dims(1, 2, 2, 2), 5, 13, 7, 15, 21, 29, 23, 31);
    }

    @Test
    void averagePoolPaddingCounts() {
        var padded = attrs("kernel_shape", ints(3, 3), "strides", ints(2, 2), "pads", ints(1, 1, 1, 1));
        assertTensor(run1("AveragePool", padded, ramp(1, 4, 4)), dims(1, 1, 2, 2), 14 / 4.0, 30 / 6.0, 57 / 6.0, 99 / 9.0);
        assertTensor(run1("AveragePool", padded.with("count_include_pad", 1L), ramp(1, 4, 4)), dims(1, 1, 2, 2),
            14 / 9.0, 30 / 9.0, 57 / 9.0, 99 / 9.0);
    }

    @Test
    void averagePoolCeilModeChargesOnlyThePaddedInput() {
        // [1..6], windows of 3 at stride 2 with pads 1: starts -1, 1, 3, 5; the last reaches past the padding
        var a = attrs("kernel_shape", ints(3), "strides", ints(2), "pads", ints(1, 1), "ceil_mode", 1);
        assertTensor(run1("AveragePool", a.with("count_include_pad", 1L), ramp(1, 6)), dims(1, 1, 4), 1, 3, 5, 3);
        assertTensor(run1("AveragePool", a, ramp(1, 6)), dims(1, 1, 4), 1.5, 3, 5, 6);
    }

    @Test
    void poolShapeInference() {
        assertEquals(Shape.of(2, 3, 8, 6), inferShape("AveragePool",
            attrs("kernel_shape", ints(3, 3), "strides", ints(2, 2), "auto_pad", "SAME_UPPER"), Shape.of(2, 3, 15, 11)));
        assertEquals(Shape.of(2, 3, 7, 5), inferShape("MaxPool",
            attrs("kernel_shape", ints(3, 3), "strides", ints(2, 2), "auto_pad", "VALID"), Shape.of(2, 3, 15, 11)));
        assertThrows(IllegalArgumentException.class, () -> inferShape("MaxPool", attrs(), Shape.of(1, 1, 4, 4)));
        assertThrows(IllegalArgumentException.class, () -> inferShape("MaxPool", attrs("kernel_shape", ints(5, 5)), Shape.of(1, 1, 4, 4)));
    }

    @Test
    void globalPools() {
        Tensor x = t(dims(1, 2, 2, 2), 1, 2, 3, 6, -1, -2, -3, -4);
        assertTensor(run1("GlobalAveragePool", attrs(), x), dims(1, 2, 1, 1), 3, -2.5);
        assertTensor(run1("GlobalMaxPool", attrs(), x), dims(1, 2, 1, 1), 6, -1);
        assertTensor(run1("GlobalAveragePool", attrs(), t(dims(2, 1, 3), 1, 2, 3, 4, 5, 9)), dims(2, 1, 1), 2, 6);
    }
}
