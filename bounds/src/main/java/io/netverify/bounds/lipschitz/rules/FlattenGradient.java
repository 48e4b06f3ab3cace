package io.netverify.bounds.lipschitz.rules;

/** Flatten: the same elements in the same order (un-normalised graphs; the normaliser makes it a View). See {@link ViewGradient}. */
public final class FlattenGradient extends ViewGradient {
}
