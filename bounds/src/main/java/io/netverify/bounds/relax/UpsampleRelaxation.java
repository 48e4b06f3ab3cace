package io.netverify.bounds.relax;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code Upsample} (scales as attribute or constant input), nearest or linear. */
public final class UpsampleRelaxation extends ResamplingRelaxation {
    @Override
    protected AxisResampling.Probe probe(Node node, List<Tensor> constants, int axis, int rank) {
        double[] scales = node.attributes().getFloats("scales", null);
        if (scales == null) {
            List<Tensor> args = new ArrayList<>(constants);
            args.set(1, ResizeRelaxation.single(constants.get(1), axis, DataType.FLOAT));
            return new AxisResampling.Probe(node, args);
        }
        double[] single = new double[scales.length];
        Arrays.fill(single, 1);
        single[axis] = scales[axis];
        Node probe = new Node(node.name(), node.opType(), node.inputs(), node.outputs(),
            node.attributes().with("scales", single));
        return new AxisResampling.Probe(probe, new ArrayList<>(constants));
    }
}
