package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

import java.util.Arrays;

/**
 * Base of the rules of maxima and minima (Max, Min, ReduceMax, ReduceMin): G goes to the winning
 * argument, which varies with the input. By default the element-wise form, Max and Min of inputs
 * x_1 .. x_n (constants broadcast; computed inputs of the output's shape), taken one input at a time
 * from the last, as {@code ext(p, x_k)} with p the extremum of the inputs before it (a forward node of
 * its own): x_k gets {@code ReluGrad(z, G)} with {@code z = x_k - p} for Max ({@code p - x_k} for
 * Min), positive where x_k wins, and p the rest, {@code G - ReluGrad(z, G)}. At a tie (z = 0)
 * ReluGrad's Clarke interval [0, 1] shares G between both: the convex hull of the arguments'
 * gradients. The bounds of z are those of the difference itself, tighter than comparing the
 * arguments' own intervals as candidate selection does. Every argument gets a share in [0, 1] of G,
 * so the gain is 1; which argument wins varies with the input, and no split at 0 of a forward value
 * fixes it.
 */
abstract class ExtremumGradient extends SmoothGradient {
    /** Whether this is a maximum (else a minimum). */
    final boolean max;

    ExtremumGradient(boolean max) {
        super(1);
        this.max = max;
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        String[] in = node.inputs().toArray(String[]::new);
        for (int i = 0; i < in.length; i++) {
            if (!builder.forward().isConstant(in[i])) {
                AddGradient.requireSameShape(node, i, builder);
            }
        }
        String g = outputGradient;
        for (int k = in.length - 1; k >= 1 && !allConstant(in, k, builder); k--) {
            String p = k == 1 ? in[0] : builder.node(node.opType(), Arrays.copyOf(in, k));
            String z = max ? builder.node("Sub", in[k], p) : builder.node("Sub", p, in[k]);
            String wins = builder.node("ReluGrad", z, g);
            builder.contribute(in[k], wins);
            g = builder.node("Sub", g, wins);
        }
        builder.contribute(in[0], g);
    }

    /** Whether inputs 0 .. k - 1 and k are all constant (then nothing before k + 1 needs a gradient). */
    private static boolean allConstant(String[] in, int k, JacobianBuilder builder) {
        for (int i = 0; i <= k; i++) {
            if (!builder.forward().isConstant(in[i])) {
                return false;
            }
        }
        return true;
    }
}
