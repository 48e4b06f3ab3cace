package io.netverify.bounds.lipschitz.rules;

/** Identity: the input itself (left by the normaliser where it makes a graph output). See {@link ViewGradient}. */
public final class IdentityGradient extends ViewGradient {
}
