package io.netverify.bounds.lipschitz.rules;

/** Pad: the input's gradient is G at the copied elements (summed where edge or reflect padding copies one element several times). See {@link CopyGradient}. */
public final class PadGradient extends CopyGradient {
}
