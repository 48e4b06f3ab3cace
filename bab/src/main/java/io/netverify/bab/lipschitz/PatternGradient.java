package io.netverify.bab.lipschitz;

import io.netverify.bounds.lipschitz.JacobianGraph;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Operators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradient {@code c^T J} of a piecewise-linear network on one activation region, given by the
 * sign of every activation input ({@code +1}: active, {@code -1}: inactive), with a rigorous bound of
 * its l_1 norm: the Jacobian graph is evaluated with each activation input replaced by its sign, and
 * the Jacobian graph of the network with every weight and c replaced by its absolute value likewise,
 * whose entries times {@code gamma(K)} bound the rounding error of the gradient's entries (sums of
 * products along at most K terms, Higham).
 */
final class PatternGradient {
    private static final double UNIT = 0x1p-53;
    private final Graph jacobian;
    private final Graph absolute;
    private final long terms;

    PatternGradient(Graph forward, double[] c) {
        this.jacobian = JacobianGraph.gradient(forward, c);
        Map<String, Tensor> abs = new HashMap<>();
        forward.constants().forEach((k, t) -> abs.put(k, abs(t)));
        Graph absForward = new Graph(forward.name(), forward.opset(), forward.inputs(), forward.outputs(), forward.nodes(),
            abs, forward.values());
        double[] absC = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            absC[i] = Math.abs(c[i]);
        }
        this.absolute = JacobianGraph.gradient(absForward, absC);
        long k = 0;
        for (String v : jacobian.computedValues()) {
            k += jacobian.shape(v).size();
        }
        this.terms = k + c.length;
    }

    /** A rigorous upper bound of the l_1 norm of the gradient on the region with the given signs (by activation input). */
    double l1Upper(Map<String, double[]> signs) {
        double[] g = evaluate(jacobian, signs, false);
        double[] a = evaluate(absolute, signs, true);
        double nu = terms * UNIT;
        double gamma = nu / (1 - nu);
        double sum = 0;
        for (int i = 0; i < g.length; i++) {
            sum += Math.abs(g[i]) + gamma * a[i] * 2;
        }
        return sum + (g.length + 2) * Math.ulp(sum) + Double.MIN_VALUE;
    }

    private static double[] evaluate(Graph jacobian, Map<String, double[]> signs, boolean absolute) {
        Map<String, Tensor> env = new HashMap<>();
        env.putAll(jacobian.constants());
        signs.forEach((v, s) -> env.put(v, Tensor.of(jacobian.shape(v), s.clone())));
        String input = jacobian.inputs().get(0).name();
        env.put(input, Tensor.of(jacobian.shape(input), new double[jacobian.shape(input).size()]));
        for (Node n : jacobian.nodes()) {
            if (env.containsKey(n.output())) {
                continue;
            }
            List<Tensor> args = new ArrayList<>();
            for (String in : n.inputs()) {
                args.add(in.isEmpty() ? null : env.get(in));
            }
            Tensor out = Operators.find(n.opType()).orElseThrow().evaluate(n, args).get(0);
            env.put(n.output(), absolute ? abs(out) : out);
        }
        return env.get(jacobian.outputs().get(0)).backingArray();
    }

    private static Tensor abs(Tensor t) {
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        return new Tensor(t.type(), t.shape(), d);
    }
}
