package io.netverify.training;

import java.util.List;
import java.util.Map;

/**
 * {@code max(x, a x)} for a slope {@code 0 <= a < 1} (a = 0 is ReLU). On an unstable interval the
 * upper line is the chord; the lower line passes through 0 with slope 1 when {@code u > -l}, else
 * a (the adaptive choice of CROWN and auto_LiRPA).
 */
public class LeakyRelu extends Activation {
    private final double slope;

    LeakyRelu(Geometry in, double slope) {
        super(in);
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("LeakyRelu slope must be in [0, 1), got " + slope);
        }
        // ONNX stores the slope as float32: use that value, so that the exported model computes the same function
        this.slope = (float) slope;
    }

    @Override
    double value(double v) {
        return v >= 0 ? v : slope * v;
    }

    @Override
    double derivative(double v) {
        return v > 0 ? 1 : slope;
    }

    @Override
    void relax(double l, double u, double[] out, int at) {
        if (l >= 0 || u <= 0) {
            double s = l >= 0 ? 1 : slope;
            out[at] = s;
            out[at + 1] = 0;
            out[at + 2] = s;
            out[at + 3] = 0;
            return;
        }
        double su = (u - slope * l) / (u - l);
        out[at] = u > -l ? 1 : slope;
        out[at + 1] = 0;
        out[at + 2] = su;
        out[at + 3] = l * (slope - su);
    }

    @Override
    void relaxReverse(double l, double u, double[] g, double[] out) {
        out[0] = 0;
        out[1] = 0;
        if (l >= 0 || u <= 0) {
            return;
        }
        double w = u - l;
        double su = (u - slope * l) / w;
        double dsuDl = u * (1 - slope) / (w * w);
        double dsuDu = l * (slope - 1) / (w * w);
        // tu = l (a - su)
        double gsu = g[2] - g[3] * l;
        out[0] = gsu * dsuDl + g[3] * (slope - su);
        out[1] = gsu * dsuDu;
    }

    @Override
    String export(OnnxExport onnx, String input) {
        return onnx.node("LeakyRelu", List.of(input), Map.of("alpha", slope));
    }
}
