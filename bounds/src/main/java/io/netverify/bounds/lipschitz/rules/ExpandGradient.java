package io.netverify.bounds.lipschitz.rules;

/** Expand: the input's gradient sums G over the broadcast copies. See {@link CopyGradient}. */
public final class ExpandGradient extends CopyGradient {
}
