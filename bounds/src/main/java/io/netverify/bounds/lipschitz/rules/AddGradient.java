package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** Add(a, b): each computed input gets G (inputs broadcast to the output's shape are not supported). */
public final class AddGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        passThrough(node, outputGradient, builder, false);
    }

    /** G to input 0 and G (or -G when {@code negateSecond}) to input 1, for same-shape computed inputs. */
    static void passThrough(Node node, String g, JacobianBuilder builder, boolean negateSecond) {
        for (int i = 0; i < 2; i++) {
            String in = node.input(i);
            if (builder.forward().isConstant(in)) {
                continue;
            }
            requireSameShape(node, i, builder);
            builder.contribute(in, i == 1 && negateSecond ? builder.node("Neg", g) : g);
        }
    }

    /** Refuses a computed input {@code i} broadcast to the output's shape (its gradient would need a sum over the copies). */
    static void requireSameShape(Node node, int i, JacobianBuilder builder) {
        if (!builder.shape(node.input(i)).equals(builder.shape(node.output()))) {
            throw new IllegalArgumentException("Lipschitz bounds: input " + i + " of " + node.describe()
                + " is broadcast; only same-shape computed inputs are supported");
        }
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return 1;
    }
}
