package io.netverify.bounds.lipschitz.rules;

/** Gather (constant indices): the input's gradient sums G over the positions that gathered each element. See {@link CopyGradient}. */
public final class GatherGradient extends CopyGradient {
}
