package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * ONNX Upsample (opsets 7-9; scales as attribute before opset 9, as input from 9): output size
 * floor(in * scale), modes nearest and linear, asymmetric coordinates (output x reads input
 * x / scale). Resize-10 has the same semantics and shares {@link #legacy}.
 */
public final class Upsample extends Interpolating {
    @Override
    protected Interpolation plan(Node node, Shape x, IntFunction<Tensor> input) {
        float[] scales;
        if (node.attributes().has("scales")) {
            double[] s = node.attributes().getFloats("scales", null);
            scales = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                scales[i] = (float) s[i];
            }
        } else {
            scales = Resize.floats(input.apply(1), "scales");
        }
        for (float s : scales) {
            if (!(s >= 1)) {
                throw new IllegalArgumentException("Upsample scales must be >= 1, got " + Arrays.toString(scales));
            }
        }
        String mode = node.attributes().getString("mode", "nearest");
        if (!mode.equals("nearest") && !mode.equals("linear")) {
            throw new IllegalArgumentException("unknown mode '" + mode + "'");
        }
        return legacy(mode, x, scales);
    }

    /** The interpolation of Upsample and Resize-10 for the given per-axis scales. */
    static Interpolation legacy(String mode, Shape x, float[] scales) {
        if (scales.length != x.rank()) {
            throw new IllegalArgumentException("scales has " + scales.length + " values for an input of rank " + x.rank());
        }
        int[] out = new int[scales.length];
        for (int a = 0; a < out.length; a++) {
            if (!(scales[a] > 0)) {
                throw new IllegalArgumentException("scales must be positive, got " + Arrays.toString(scales));
            }
            out[a] = Interpolation.scaledSize(x.dim(a), scales[a]);
        }
        return new Interpolation(mode, "asymmetric", Interpolation.LEGACY_NEAREST, -0.75, false, 0, scales, out, null);
    }
}
