package io.netverify.bounds.lipschitz.rules;

/** Squeeze: the same elements in the same order (un-normalised graphs; the normaliser makes it a View). See {@link ViewGradient}. */
public final class SqueezeGradient extends ViewGradient {
}
