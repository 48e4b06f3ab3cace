package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

/**
 * {@code Sum} of broadcast inputs. Backward: each input gets the output coefficients summed over
 * the elements broadcasting maps it to; constant inputs go to the bias.
 */
public final class SumRelaxation extends MonotoneLinearRelaxation {
    @Override
    protected boolean isDataInput(Node node, int i) {
        return true;
    }

    @Override
    protected long terms(Node node, Graph graph) {
        return node.inputs().size();
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        double[] a = step.coefficients();
        Shape out = step.outputShape(0);
        int m = out.size();
        double[] bias = step.bias();
        for (int i = 0; i < node.inputs().size(); i++) {
            Shape in = step.inputShape(i);
            int[] map = Broadcast.indexMap(in, out);
            Tensor c = step.constant(i);
            if (c != null) {
                for (int k = 0; k < step.rows(); k++) {
                    double b = 0;
                    for (int o = 0; o < m; o++) {
                        b += a[k * m + o] * c.get(map[o]);
                    }
                    bias[k] += b;
                }
                continue;
            }
            double[] acc = step.accumulator(i);
            int n = in.size();
            for (int k = 0; k < step.rows(); k++) {
                for (int o = 0; o < m; o++) {
                    acc[k * n + map[o]] += a[k * m + o];
                }
            }
        }
    }
}
