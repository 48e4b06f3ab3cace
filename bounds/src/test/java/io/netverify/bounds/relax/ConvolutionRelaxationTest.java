package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

class ConvolutionRelaxationTest {
    private final SplittableRandom rnd = new SplittableRandom(7);

    private Tensor random(int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian();
        }
        return Tensor.of(s, d);
    }

    private static Attributes attrs(Object... kv) {
        Attributes a = Attributes.EMPTY;
        for (int i = 0; i < kv.length; i += 2) {
            a = a.with((String) kv[i], kv[i + 1]);
        }
        return a;
    }

    @Test
    void convWithGroupsStridesPadsDilations() {
        OpCheck.check(OpCheck.graph("Conv", attrs("pads", new long[] {1, 0, 2, 1}, "strides", new long[] {2, 1},
            "dilations", new long[] {1, 2}, "group", 2L), Shape.of(2, 4, 7, 6), random(6, 2, 3, 2), random(6)), 1);
        // an input tail that no window reads, and a window overhanging the end padding
        OpCheck.check(OpCheck.graph("Conv", attrs("strides", new long[] {3, 2}), Shape.of(1, 2, 8, 7), random(3, 2, 2, 2)), 2);
        OpCheck.check(OpCheck.graph("Conv", attrs("pads", new long[] {3, 0}), Shape.of(1, 2, 4), random(2, 2, 2)), 3);
    }

    @Test
    void convAutoPadAndDepthwise() {
        OpCheck.check(OpCheck.graph("Conv", attrs("auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}),
            Shape.of(1, 3, 6, 5), random(2, 3, 3, 2), random(2)), 10);
        OpCheck.check(OpCheck.graph("Conv", attrs("auto_pad", "SAME_LOWER"), Shape.of(1, 2, 5, 5), random(2, 2, 2, 2)), 11);
        OpCheck.check(OpCheck.graph("Conv", attrs("auto_pad", "VALID", "group", 3L), Shape.of(1, 3, 5, 4),
            random(6, 1, 3, 3), random(6)), 12);
        OpCheck.check(OpCheck.graph("Conv", Attributes.EMPTY, Shape.of(1, 2, 3, 3, 3), random(2, 2, 2, 2, 2)), 13);
    }

    @Test
    void convTranspose() {
        OpCheck.check(OpCheck.graph("ConvTranspose", attrs("strides", new long[] {2, 2}, "pads", new long[] {1, 0, 0, 1},
            "output_padding", new long[] {1, 0}, "group", 2L), Shape.of(2, 4, 3, 4), random(4, 3, 3, 2), random(6)), 20);
        OpCheck.check(OpCheck.graph("ConvTranspose", attrs("strides", new long[] {2}, "dilations", new long[] {2}),
            Shape.of(1, 2, 4), random(2, 3, 3)), 21);
        OpCheck.check(OpCheck.graph("ConvTranspose", attrs("strides", new long[] {2, 3}, "output_shape", new long[] {8, 9}),
            Shape.of(1, 2, 3, 3), random(2, 1, 3, 3), random(1)), 22);
        OpCheck.check(OpCheck.graph("ConvTranspose", attrs("strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER"),
            Shape.of(1, 1, 3, 2), random(1, 2, 3, 3)), 23);
        // output_padding at least the stride (allowed below the dilation): the adjoint crops
        OpCheck.check(OpCheck.graph("ConvTranspose", attrs("dilations", new long[] {3}, "output_padding", new long[] {2}),
            Shape.of(1, 2, 4), random(2, 2, 2)), 24);
    }
}
