package io.netverify.bounds.lipschitz.rules;

/** Transpose: the input's gradient is G transposed back. See {@link CopyGradient}. */
public final class TransposeGradient extends CopyGradient {
}
