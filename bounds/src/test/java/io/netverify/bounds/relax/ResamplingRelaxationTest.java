package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

class ResamplingRelaxationTest {

    private static Tensor scales(double... s) {
        return new Tensor(DataType.FLOAT, Shape.of(s.length), s);
    }

    @Test
    void nearestModes() {
        Tensor up = scales(1, 1, 2, 1.5);
        OpCheck.check(OpCheck.graph("Resize", Attributes.EMPTY, Shape.of(1, 2, 3, 4), null, up), 1);
        OpCheck.check(OpCheck.graph("Resize", Attributes.of("coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor"),
            Shape.of(1, 2, 5, 4), null, scales(1, 1, 0.6, 2)), 2);
        OpCheck.check(OpCheck.graph("Resize", Attributes.EMPTY, Shape.of(1, 1, 3, 3), scales(1, 1, 2, 2)), 3);
        OpCheck.check(OpCheck.graph("Upsample", Attributes.of("scales", new double[] {1, 1, 2, 3}), Shape.of(1, 2, 2, 2)), 4);
        OpCheck.check(OpCheck.graph("Upsample", Attributes.EMPTY, Shape.of(1, 2, 2, 2), scales(1, 1, 3, 2)), 5);
    }

    @Test
    void linearAndCubicModes() {
        OpCheck.check(OpCheck.graph("Resize", Attributes.of("mode", "linear"), Shape.of(1, 2, 3, 4), null, scales(1, 1, 2, 1.5)), 10);
        OpCheck.check(OpCheck.graph("Resize", Attributes.of("mode", "linear", "coordinate_transformation_mode", "align_corners"),
            Shape.of(1, 1, 4, 5), null, null, Tensor.ints(1, 1, 7, 3)), 11);
        OpCheck.check(OpCheck.graph("Resize", Attributes.of("mode", "cubic"), Shape.of(1, 2, 4, 3), null, scales(1, 1, 1.5, 2)), 12);
        OpCheck.check(OpCheck.graph("Resize", Attributes.of("mode", "cubic", "exclude_outside", 1L, "cubic_coeff_a", -0.5),
            Shape.of(1, 1, 5, 5), null, scales(1, 1, 0.8, 1.4)), 13);
        OpCheck.check(OpCheck.graph("Upsample", Attributes.of("mode", "linear", "scales", new double[] {1, 1, 2, 2}),
            Shape.of(1, 2, 3, 2)), 14);
        OpCheck.check(OpCheck.graph("Resize", Attributes.of("mode", "linear", "axes", new long[] {-1}), Shape.of(2, 3, 4), null,
            scales(1.75)), 15);
    }

    @Test
    void cropAndResizeExtrapolatesAConstant() {
        Tensor roi = Tensor.of(Shape.of(8), 0, 0, -0.2, 0.1, 1, 1, 0.9, 1.3);
        OpCheck.check(OpCheck.graph("Resize", Attributes.of("mode", "linear", "coordinate_transformation_mode", "tf_crop_and_resize",
            "extrapolation_value", 2.5), Shape.of(1, 2, 4, 4), roi, null, Tensor.ints(1, 2, 5, 3)), 20);
        OpCheck.check(OpCheck.graph("Resize", Attributes.of("mode", "cubic", "coordinate_transformation_mode", "tf_crop_and_resize",
            "extrapolation_value", -1.0), Shape.of(1, 1, 4, 4), roi, null, Tensor.ints(1, 1, 6, 5)), 21);
    }

    @Test
    void sizesWithAnAspectRatioPolicyAreRejected() {
        Graph g = OpCheck.graph("Resize", Attributes.of("mode", "linear", "keep_aspect_ratio_policy", "not_larger"),
            Shape.of(1, 1, 4, 6), null, null, Tensor.ints(1, 1, 8, 8));
        assertThrows(NoRelaxationException.class, () -> OpCheck.check(g, 30));
    }
}
