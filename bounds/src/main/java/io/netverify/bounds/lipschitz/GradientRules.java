package io.netverify.bounds.lipschitz;

import io.netverify.bounds.lipschitz.rules.AddGradient;
import io.netverify.bounds.lipschitz.rules.AffineGradient;
import io.netverify.bounds.lipschitz.rules.ConvGradient;
import io.netverify.bounds.lipschitz.rules.LeakyReluGradient;
import io.netverify.bounds.lipschitz.rules.LinearGradient;
import io.netverify.bounds.lipschitz.rules.NegGradient;
import io.netverify.bounds.lipschitz.rules.ReluGradient;
import io.netverify.bounds.lipschitz.rules.SigmoidGradient;
import io.netverify.bounds.lipschitz.rules.SubGradient;
import io.netverify.bounds.lipschitz.rules.TanhGradient;
import io.netverify.bounds.lipschitz.rules.ViewGradient;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static java.util.Map.entry;

/** The registry of chain rules for Jacobian graphs: one line per op type, naming its {@link GradientRule}. */
public final class GradientRules {
    private static final SortedMap<String, GradientRule> REGISTRY = Collections.unmodifiableSortedMap(new TreeMap<>(Map.ofEntries(
        entry("Add", new AddGradient()),
        entry("Affine", new AffineGradient()),
        entry("Conv", new ConvGradient()),
        entry("LeakyRelu", new LeakyReluGradient()),
        entry("Linear", new LinearGradient()),
        entry("Neg", new NegGradient()),
        entry("Relu", new ReluGradient()),
        entry("Sigmoid", new SigmoidGradient()),
        entry("Sub", new SubGradient()),
        entry("Tanh", new TanhGradient()),
        entry("View", new ViewGradient()))));

    private GradientRules() {
    }

    /** The chain rule of {@code opType}, or empty when Lipschitz bounds do not support it. */
    public static Optional<GradientRule> find(String opType) {
        return Optional.ofNullable(REGISTRY.get(opType));
    }

    /** Every op type with a chain rule, sorted. */
    public static Set<String> types() {
        return REGISTRY.keySet();
    }
}
