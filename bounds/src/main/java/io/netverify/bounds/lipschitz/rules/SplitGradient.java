package io.netverify.bounds.lipschitz.rules;

/** Split: the input's gradient is the outputs' gradients put back in place (zero for outputs nothing depends on). See {@link CopyGradient}. */
public final class SplitGradient extends CopyGradient {
}
