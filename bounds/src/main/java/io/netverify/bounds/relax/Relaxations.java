package io.netverify.bounds.relax;

import io.netverify.onnx.ops.PerOperatorLookup;

import java.util.Optional;

/** Finds the {@link Relaxation} of an operator type: the class {@code <OpType>Relaxation} in this package. */
public final class Relaxations {
    private static final PerOperatorLookup<Relaxation> LOOKUP =
        new PerOperatorLookup<>(Relaxation.class, Relaxations.class.getPackageName(), "Relaxation");

    private Relaxations() {
    }

    public static Optional<Relaxation> find(String opType) {
        return LOOKUP.find(opType);
    }
}
