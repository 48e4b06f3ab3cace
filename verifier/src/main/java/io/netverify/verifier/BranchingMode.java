package io.netverify.verifier;

/**
 * How branch and bound splits a case that bound propagation alone cannot prove.
 * {@link #AUTO} picks {@link #INPUT} for networks with at most {@value #MAX_INPUT_SPLIT_DIMENSIONS}
 * inputs and {@link #ACTIVATION} otherwise: halving a box along one of few inputs quickly makes most
 * neurons stable (ACAS Xu: 5 inputs), while with many inputs the number of boxes needed grows
 * exponentially in the dimension and splitting neurons is the only way forward. {@link #INPUT_LP}
 * is input splitting with the Planet LP on every box bound propagation leaves open (LP plus branch
 * and bound, for tiny networks); it is slower on ACAS Xu than the default share of LPs on stalled
 * boxes (benchmarks/HISTORY.md), so no automatic choice picks it.
 */
public enum BranchingMode {
    AUTO, INPUT, INPUT_LP, ACTIVATION;

    /** Largest input dimension for which {@link #AUTO} chooses input splitting. */
    public static final int MAX_INPUT_SPLIT_DIMENSIONS = 16;

    /** The mode named on the command line: its name in any case, with '-' for '_' ("input-lp"); null when none matches. */
    public static BranchingMode named(String name) {
        for (BranchingMode m : values()) {
            if (m.name().replace('_', '-').equalsIgnoreCase(name.replace('_', '-'))) {
                return m;
            }
        }
        return null;
    }

    /** The mode for a network with this many inputs: this one, or the automatic choice. */
    public BranchingMode resolve(int inputs) {
        if (this != AUTO) {
            return this;
        }
        return inputs <= MAX_INPUT_SPLIT_DIMENSIONS ? INPUT : ACTIVATION;
    }
}
