package io.netverify.bounds.lipschitz.rules;

/** Concat: each input's gradient is its part of G. See {@link CopyGradient}. */
public final class ConcatGradient extends CopyGradient {
}
