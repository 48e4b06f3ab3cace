package io.netverify.bounds.lipschitz.rules;

/** Slice: the input's gradient is G at the sliced elements, 0 elsewhere. See {@link CopyGradient}. */
public final class SliceGradient extends CopyGradient {
}
