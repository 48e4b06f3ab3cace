package io.netverify.bounds.lipschitz;

import io.netverify.onnx.ops.PerOperatorLookup;

import java.util.Optional;

/** Finds the {@link GradientRule} of an operator type: the class {@code rules.<OpType>Gradient}. */
public final class GradientRules {
    private static final PerOperatorLookup<GradientRule> LOOKUP =
        new PerOperatorLookup<>(GradientRule.class, GradientRules.class.getPackageName() + ".rules", "Gradient");

    private GradientRules() {
    }

    public static Optional<GradientRule> find(String opType) {
        return LOOKUP.find(opType);
    }
}
