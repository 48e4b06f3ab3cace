/**
 * The library entry points: {@link io.netverify.verifier.api.Netverify} loads a network, bounds its
 * outputs over a box, verifies a VNN-LIB property and certifies a point, with small result types
 * ({@link io.netverify.verifier.api.Network}, {@link io.netverify.verifier.api.OutputBounds}). Each
 * method is a thin shortcut to the full API of the modules ({@code BoundPropagator},
 * {@code Verifier}, {@code Certifier}), which {@link io.netverify.verifier.api.Network#graph()} opens.
 */
package io.netverify.verifier.api;
