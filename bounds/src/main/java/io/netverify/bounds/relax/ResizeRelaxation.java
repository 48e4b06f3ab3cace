package io.netverify.bounds.relax;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code Resize} with constant roi/scales/sizes, any mode. One axis is probed by scales (or sizes)
 * of 1 on the other listed axes; a sizes input is only separable with the default
 * keep_aspect_ratio_policy "stretch".
 */
public final class ResizeRelaxation extends ResamplingRelaxation {
    @Override
    protected AxisResampling.Probe probe(Node node, List<Tensor> constants, int axis, int rank) {
        List<Tensor> args = new ArrayList<>(constants);
        if (node.inputs().size() == 2) {
            args.set(1, single(constants.get(1), axis, DataType.FLOAT));
            return new AxisResampling.Probe(node, args);
        }
        long[] axes = node.attributes().getInts("axes", null);
        int pos = axes == null ? axis : -1;
        for (int i = 0; axes != null && i < axes.length; i++) {
            if (Math.floorMod(axes[i], (long) rank) == axis) {
                pos = i;
            }
        }
        if (pos < 0) {
            return null;
        }
        Tensor scales = constants.size() > 2 ? constants.get(2) : null;
        if (scales != null && scales.size() > 0) {
            args.set(2, single(scales, pos, DataType.FLOAT));
        } else {
            if (!node.attributes().getString("keep_aspect_ratio_policy", "stretch").equals("stretch")) {
                throw new NoRelaxationException(node.describe()
                    + ": sizes with a keep_aspect_ratio_policy other than stretch are not supported for bound propagation");
            }
            args.set(3, single(constants.get(3), pos, DataType.INT64));
        }
        return new AxisResampling.Probe(node, args);
    }

    /** A copy of a scales or sizes list with 1 everywhere except position {@code keep}. */
    static Tensor single(Tensor t, int keep, DataType type) {
        double[] v = new double[t.size()];
        Arrays.fill(v, 1);
        v[keep] = t.get(keep);
        return new Tensor(type, Shape.of(v.length), v);
    }
}
