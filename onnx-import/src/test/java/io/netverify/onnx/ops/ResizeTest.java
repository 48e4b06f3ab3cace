package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static io.netverify.onnx.ops.OpCases.assertTensor;
import static io.netverify.onnx.ops.OpCases.attrs;
import static io.netverify.onnx.ops.OpCases.dims;
import static io.netverify.onnx.ops.OpCases.inferShape;
import static io.netverify.onnx.ops.OpCases.ints;
import static io.netverify.onnx.ops.OpCases.run1;
import static io.netverify.onnx.ops.OpCases.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResizeTest {
    private static final Tensor X = t(dims(3), 1, 2, 3);

    private static Tensor floats(double... v) {
        return new Tensor(DataType.FLOAT, Shape.of(v.length), v);
    }

    private static Tensor scaled(Attributes a, Tensor x, double... scales) {
        return run1("Resize", a, x, null, floats(scales));
    }

    private static Tensor sized(Attributes a, Tensor x, long... sizes) {
        return run1("Resize", a, x, null, null, Tensor.ints(sizes));
    }

    @Test
    void nearestModesWithAsymmetricCoordinates() {
        // input positions j / 2: 0, .5, 1, 1.5, 2, 2.5
        Attributes asym = attrs("coordinate_transformation_mode", "asymmetric");
        assertTensor(scaled(asym.with("nearest_mode", "floor"), X, 2), dims(6), 1, 1, 2, 2, 3, 3);
        assertTensor(scaled(asym, X, 2), dims(6), 1, 1, 2, 2, 3, 3);
        assertTensor(scaled(asym.with("nearest_mode", "round_prefer_ceil"), X, 2), dims(6), 1, 2, 2, 3, 3, 3);
        assertTensor(scaled(asym.with("nearest_mode", "ceil"), X, 2), dims(6), 1, 2, 2, 3, 3, 3);
    }

    @Test
    void coordinateTransformations() {
        // half_pixel (default): (j + .5) / 2 - .5 = -.25, .25, .75, 1.25, 1.75, 2.25
        assertTensor(scaled(attrs(), X, 2), dims(6), 1, 1, 2, 2, 3, 3);
        // align_corners to 5: j * 2 / 4 = 0, .5, 1, 1.5, 2
        assertTensor(sized(attrs("coordinate_transformation_mode", "align_corners"), X, 5), dims(5), 1, 1, 2, 2, 3);
        // a single output: pytorch_half_pixel reads position 0, half_pixel (1 - .5) * 3 - .5 = 1
        assertTensor(sized(attrs("coordinate_transformation_mode", "pytorch_half_pixel"), X, 1), dims(1), 1);
        assertTensor(sized(attrs(), X, 1), dims(1), 2);
        // tf_half_pixel_for_nn: (j + .5) / 2 = .25, .75, ... 2.75
        assertTensor(scaled(attrs("coordinate_transformation_mode", "tf_half_pixel_for_nn"), X, 2), dims(6), 1, 2, 2, 3, 3, 3);
    }

    @Test
    void linearIn1dAnd2d() {
        Attributes linear = attrs("mode", "linear");
        // half_pixel positions clamp to [0, 2] at the borders
        assertTensor(scaled(linear, X, 2), dims(6), 1, 1.25, 1.75, 2.25, 2.75, 3);
        assertTensor(sized(linear.with("coordinate_transformation_mode", "align_corners"), X, 5), dims(5), 1, 1.5, 2, 2.5, 3);
        // f(r, c) = 1 + 2r + c at clamped asymmetric positions {0, .5, 1, 1}: bilinear reproduces it
        Tensor y = scaled(linear.with("coordinate_transformation_mode", "asymmetric"), t(dims(1, 1, 2, 2), 1, 2, 3, 4), 1, 1, 2, 2);
        assertTensor(y, dims(1, 1, 4, 4), 1, 1.5, 2, 2, 2, 2.5, 3, 3, 3, 3.5, 4, 4, 3, 3.5, 4, 4);
    }

    @Test
    void halfPixelSymmetric() {
        // in 4, scale .6: out 2, offset 2 * (1 - 2 / 2.4); on data i the linear result is the position itself
        Tensor y = scaled(attrs("mode", "linear", "coordinate_transformation_mode", "half_pixel_symmetric"),
            t(dims(4), 0, 1, 2, 3), 0.6);
        double offset = 2 * (1 - 2 / (4 * (double) 0.6f));
        assertArrayEquals(new double[] {offset + 0.5 / 0.6f - 0.5, offset + 1.5 / 0.6f - 0.5}, y.data(), 1e-6);
    }

    @Test
    void cubicUsesKeysKernel() {
        Tensor x = t(dims(4), 1, 4, 9, 16);
        Attributes cubic = attrs("mode", "cubic", "coordinate_transformation_mode", "asymmetric");
        // output 1 sits at .5: taps -1 (clamped to 0), 0, 1, 2 with Keys weights (a = -.75) at distances 1.5, .5, .5, 1.5
        double near = 0.59375;
        double far = -0.09375;
        Tensor y = scaled(cubic, x, 2);
        assertEquals(8, y.size());
        assertEquals(1, y.get(0), 1e-12);
        assertEquals(far * 1 + near * 1 + near * 4 + far * 9, y.get(1), 1e-12);
        Tensor excl = scaled(cubic.with("exclude_outside", 1L), x, 2);
        assertEquals((near * 1 + near * 4 + far * 9) / (2 * near + far), excl.get(1), 1e-12);
        // a = -.5 changes the weights: near .5625, far -.0625
        Tensor a5 = scaled(cubic.with("cubic_coeff_a", -0.5), x, 2);
        assertEquals(-0.0625 * 1 + 0.5625 * 1 + 0.5625 * 4 - 0.0625 * 9, a5.get(1), 1e-12);
    }

    @Test
    void tfCropAndResizeExtrapolates() {
        Tensor x = t(dims(5), 0, 1, 2, 3, 4);
        Attributes crop = attrs("mode", "linear", "coordinate_transformation_mode", "tf_crop_and_resize", "extrapolation_value", 10.0);
        assertTensor(run1("Resize", crop, x, floats(0.25, 0.75), null, Tensor.ints(3)), dims(3), 1, 2, 3);
        assertTensor(run1("Resize", crop, x, floats(-0.5, 0.5), null, Tensor.ints(3)), dims(3), 10, 0, 2);
    }

    @Test
    void sizesWithEmptyScalesAxesAndAspectRatio() {
        Tensor x = new Tensor(DataType.FLOAT, Shape.of(1, 1, 4, 8), new double[32]);
        // exporters pass an empty scales tensor next to sizes
        Tensor y = run1("Resize", attrs(), x, floats(), floats(), Tensor.ints(1, 1, 2, 3));
        assertEquals(Shape.of(1, 1, 2, 3), y.shape());
        assertEquals(Shape.of(1, 1, 8, 8), scaled(attrs("axes", ints(2)), x, 2).shape());
        Attributes notLarger = attrs("axes", ints(2, 3), "keep_aspect_ratio_policy", "not_larger");
        assertEquals(Shape.of(1, 1, 1, 2), sized(notLarger, x, 2, 2).shape());
        assertEquals(Shape.of(1, 1, 2, 4), sized(notLarger.with("keep_aspect_ratio_policy", "not_smaller"), x, 2, 2).shape());
        assertThrows(IllegalArgumentException.class, () -> run1("Resize", attrs(), x, null, floats(1, 1, 2, 2), Tensor.ints(1, 1, 2, 2)));
        // scales are float32: 5 * 0.6f = 3.0000001 -> 3
        assertEquals(Shape.of(3), inferShape("Resize", attrs(), Shape.of(5), null, floats(0.6f)));
    }

    @Test
    void opset10FormAndUpsample() {
        Tensor x = t(dims(1, 1, 2, 4), 1, 2, 3, 4, 5, 6, 7, 8);
        // Resize-10 (X, scales): asymmetric, and downscaling rounds positions up: columns 0 and 1/.6 -> 2
        assertTensor(run1("Resize", attrs(), x, floats(1, 1, 0.6, 0.6)), dims(1, 1, 1, 2), 1, 3);
        Tensor small = t(dims(1, 1, 2, 2), 1, 2, 3, 4);
        double[] repeated = {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4};
        assertTensor(run1("Resize", attrs(), small, floats(1, 1, 2, 3)), dims(1, 1, 4, 6), repeated);
        // Upsample-7 (scales attribute) and Upsample-9 (scales input)
        assertTensor(run1("Upsample", attrs("scales", new double[] {1, 1, 2, 3}), small), dims(1, 1, 4, 6), repeated);
        assertTensor(run1("Upsample", attrs(), small, floats(1, 1, 2, 3)), dims(1, 1, 4, 6), repeated);
        assertTensor(run1("Upsample", attrs("mode", "linear"), t(dims(2), 1, 3), floats(2)), dims(4), 1, 2, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> run1("Upsample", attrs(), small, floats(1, 1, 0.5, 1)));
    }
}
