package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.netverify.onnx.ops.OpCases.assertTensor;
import static io.netverify.onnx.ops.OpCases.attrs;
import static io.netverify.onnx.ops.OpCases.dims;
import static io.netverify.onnx.ops.OpCases.inferShape;
import static io.netverify.onnx.ops.OpCases.ints;
import static io.netverify.onnx.ops.OpCases.run1;
import static io.netverify.onnx.ops.OpCases.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operators that change only the shape, or produce shapes and constants. */
class ShapeOpsTest {
    private static Tensor iota(int... dims) {
        double[] v = new double[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.of(Shape.of(dims), v);
    }

    @Test
    void flatten() {
        Tensor x = iota(2, 3, 4);
        assertEquals(Shape.of(2, 12), run1("Flatten", attrs(), x).shape());
        assertEquals(Shape.of(6, 4), run1("Flatten", attrs("axis", -1), x).shape());
        assertEquals(Shape.of(1, 24), run1("Flatten", attrs("axis", 0), x).shape());
        assertEquals(Shape.of(24, 1), run1("Flatten", attrs("axis", 3), x).shape());
        assertThrows(IllegalArgumentException.class, () -> run1("Flatten", attrs("axis", 4), x));
    }

    @Test
    void reshapeCopiesZerosAndInfersMinusOne() {
        Tensor x = iota(2, 3, 4);
        Tensor y = run1("Reshape", attrs(), x, Tensor.ints(0, -1, 2));
        assertTensor(y, dims(2, 6, 2), x.data());
        assertEquals(Shape.of(4, 6), run1("Reshape", attrs(), x, Tensor.ints(-1, 6)).shape());
        // allowzero: a 0 is a real zero-sized dimension
        assertEquals(Shape.of(0, 5), run1("Reshape", attrs("allowzero", 1), iota(0, 5), Tensor.ints(0, 5)).shape());
        assertEquals(Shape.of(5, 0), run1("Reshape", attrs(), iota(5, 0), Tensor.ints(0, 0)).shape());
        assertThrows(IllegalArgumentException.class, () -> run1("Reshape", attrs(), x, Tensor.ints(-1, -1)));
        assertThrows(IllegalArgumentException.class, () -> run1("Reshape", attrs(), x, Tensor.ints(5, -1)));
        assertThrows(IllegalArgumentException.class, () -> run1("Reshape", attrs(), x, Tensor.ints(0, 0, 0, 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> inferShape("Reshape", attrs(), Shape.of(2, 3), (Tensor) null));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }

    @Test
    void reshapeNeedsAConstantShapeForInference() {
        var node = OpCases.node("Reshape", attrs(), 2, 1);
        var infos = Arrays.asList(new ValueInfo("in0", DataType.FLOAT, Shape.of(6)),
            new ValueInfo("in1", DataType.INT64, Shape.of(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Reshape().infer(node, infos, Arrays.asList(null, null)));
        assertTrue(e.getMessage().contains("in1") && e.getMessage().contains("constant"), e.getMessage());
    }

    @Test
    void view() {
        assertTensor(run1("View", attrs("shape", ints(3, 2)), iota(6)), dims(3, 2), 0, 1, 2, 3, 4, 5);
        assertThrows(IllegalArgumentException.class, () -> run1("View", attrs("shape", ints(4, 2)), iota(6)));
    }

    @Test
    void transpose() {
        // default: reversed axes
        assertTensor(run1("Transpose", attrs(), iota(2, 3)), dims(3, 2), 0, 3, 1, 4, 2, 5);
        Tensor y = run1("Transpose", attrs("perm", ints(1, 2, 0)), iota(2, 3, 4));
        assertEquals(Shape.of(3, 4, 2), y.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(i * 12 + j * 4 + k, y.get((j * 4 + k) * 2 + i));
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> run1("Transpose", attrs("perm", ints(0, 0)), iota(2, 3)));
    }

    @Test
    void squeezeAndUnsqueezeInBothOpsetForms() {
        Tensor x = iota(1, 3, 1, 2);
        assertEquals(Shape.of(3, 2), run1("Squeeze", attrs(), x).shape());
        assertEquals(Shape.of(3, 1, 2), run1("Squeeze", attrs("axes", ints(0)), x).shape());
        assertEquals(Shape.of(1, 3, 2), run1("Squeeze", attrs(), x, Tensor.ints(-2)).shape());
        assertThrows(IllegalArgumentException.class, () -> run1("Squeeze", attrs(), x, Tensor.ints(1)));
        Tensor s = iota(3, 2);
        assertEquals(Shape.of(1, 3, 2, 1), run1("Unsqueeze", attrs("axes", ints(0, 3)), s).shape());
        assertEquals(Shape.of(1, 3, 2, 1), run1("Unsqueeze", attrs(), s, Tensor.ints(-1, 0)).shape());
        assertEquals(Shape.of(3, 1, 1, 2), run1("Unsqueeze", attrs(), s, Tensor.ints(1, 2)).shape());
        assertEquals(Shape.of(1), run1("Unsqueeze", attrs(), Tensor.scalar(4), Tensor.ints(0)).shape());
        assertEquals(Shape.of(3, 2), run1("Unsqueeze", attrs(), s, Tensor.ints()).shape());
        assertThrows(IllegalArgumentException.class, () -> run1("Unsqueeze", attrs(), s, Tensor.ints(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> run1("Unsqueeze", attrs(), s, Tensor.ints(3)));
    }

    @Test
    void shapeAndSize() {
        Tensor x = iota(2, 3, 4, 5);
        Tensor s = run1("Shape", attrs(), x);
        assertEquals(DataType.INT64, s.type());
        assertTensor(s, dims(4), 2, 3, 4, 5);
        assertTensor(run1("Shape", attrs("start", 1, "end", -1), x), dims(2), 3, 4);
        assertTensor(run1("Shape", attrs("start", -10, "end", 10), x), dims(4), 2, 3, 4, 5);
        assertTensor(run1("Shape", attrs("start", 3, "end", 1), x), dims(0));
        Tensor n = run1("Size", attrs(), x);
        assertEquals(DataType.INT64, n.type());
        assertTensor(n, dims(), 120);
    }

    @Test
    void expandBroadcastsBothWays() {
        Tensor x = t(dims(3, 1), 1, 2, 3);
        assertTensor(run1("Expand", attrs(), x, Tensor.ints(2, 1, 2)), dims(2, 3, 2), 1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3);
        assertTensor(run1("Expand", attrs(), x, Tensor.ints(1)), dims(3, 1), 1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> run1("Expand", attrs(), x, Tensor.ints(2, 2)));
    }

    @Test
    void tile() {
        assertTensor(run1("Tile", attrs(), t(dims(2, 2), 1, 2, 3, 4), Tensor.ints(2, 1)), dims(4, 2), 1, 2, 3, 4, 1, 2, 3, 4);
        assertTensor(run1("Tile", attrs(), t(dims(1, 2), 1, 2), Tensor.ints(2, 3)), dims(2, 6),
            1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> run1("Tile", attrs(), t(dims(2), 1, 2), Tensor.ints(2, 3)));
    }

    @Test
    void constantForms() {
        Tensor value = new Tensor(DataType.INT32, Shape.of(2), new double[] {7, 8});
        Tensor v = run1("Constant", attrs("value", value));
        assertEquals(DataType.INT32, v.type());
        assertTensor(v, dims(2), 7, 8);
        Tensor f = run1("Constant", attrs("value_float", 0.5));
        assertEquals(DataType.FLOAT, f.type());
        assertTensor(f, dims(), 0.5);
        assertTensor(run1("Constant", attrs("value_floats", new double[] {1, 2})), dims(2), 1, 2);
        Tensor i = run1("Constant", attrs("value_int", 3));
        assertEquals(DataType.INT64, i.type());
        assertTensor(i, dims(), 3);
        assertTensor(run1("Constant", attrs("value_ints", ints(4, 5, 6))), dims(3), 4, 5, 6);
        assertThrows(IllegalArgumentException.class, () -> run1("Constant", attrs("value_string", "x")));
    }

    @Test
    void constantOfShape() {
        Tensor zeros = run1("ConstantOfShape", attrs(), Tensor.ints(2, 3));
        assertEquals(DataType.FLOAT, zeros.type());
        assertTensor(zeros, dims(2, 3), 0, 0, 0, 0, 0, 0);
        Tensor ones = run1("ConstantOfShape", attrs("value", Tensor.ints(1)), Tensor.ints(3));
        assertEquals(DataType.INT64, ones.type());
        assertTensor(ones, dims(3), 1, 1, 1);
        assertTensor(run1("ConstantOfShape", attrs(), Tensor.ints()), dims(), 0);
    }

    @Test
    void range() {
        Tensor r = run1("Range", attrs(), Tensor.scalar(1).withType(DataType.INT64), Tensor.scalar(10).withType(DataType.INT64),
            Tensor.scalar(3).withType(DataType.INT64));
        assertEquals(DataType.INT64, r.type());
        assertTensor(r, dims(3), 1, 4, 7);
        assertTensor(run1("Range", attrs(), Tensor.scalar(10), Tensor.scalar(4), Tensor.scalar(-2)), dims(3), 10, 8, 6);
        assertTensor(run1("Range", attrs(), Tensor.scalar(0), Tensor.scalar(1), Tensor.scalar(0.25)), dims(4), 0, 0.25, 0.5, 0.75);
        assertTensor(run1("Range", attrs(), Tensor.scalar(5), Tensor.scalar(1), Tensor.scalar(1)), dims(0));
    }
}
