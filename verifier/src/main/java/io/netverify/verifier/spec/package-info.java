/**
 * VNN-LIB specifications: {@link io.netverify.verifier.spec.VnnlibParser} reads the VNN-COMP subset of
 * VNN-LIB 1.0 into a {@link io.netverify.verifier.spec.Specification} in disjunctive normal form
 * (input boxes, each with a list of unsafe output polytopes {@code C y <= d}).
 */
package io.netverify.verifier.spec;
