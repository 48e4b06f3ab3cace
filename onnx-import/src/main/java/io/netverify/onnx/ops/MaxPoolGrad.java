package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * Project operator MaxPoolGrad(x, g) with the pool attributes of a MaxPool node (kernel_shape,
 * strides, pads, auto_pad, dilations, ceil_mode): the gradient g of the pool's output passed back
 * to its input x, each window's g going to the cell holding the window's maximum (the first one in
 * tap order, as MaxPool picks it; at a tie any convex combination of the tied cells is a Clarke
 * element, and bounds cover all of them). Output shape: x's. Built by the Jacobian graph.
 */
public final class MaxPoolGrad implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 2, 2);
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), inputs.get(0).shape()));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        double[] xd = x.backingArray();
        double[] g = inputs.get(1).backingArray();
        int[][] cells = MaxPool.windows(node, x.shape());
        int planes = x.shape().dim(0) * x.shape().dim(1);
        int inSize = x.size() / planes;
        double[] out = new double[x.size()];
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * inSize;
            for (int p = 0; p < cells.length; p++) {
                int arg = -1;
                double best = Double.NEGATIVE_INFINITY;
                for (int j : cells[p]) {
                    // strictly greater: the first maximum wins, NaN never does (as in MaxPool)
                    if (xd[base + j] > best) {
                        best = xd[base + j];
                        arg = j;
                    }
                }
                if (arg >= 0) {
                    out[base + arg] += g[plane * cells.length + p];
                }
            }
        }
        return List.of(new Tensor(x.type(), x.shape(), out));
    }
}
