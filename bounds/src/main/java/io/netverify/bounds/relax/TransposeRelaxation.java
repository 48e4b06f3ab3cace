package io.netverify.bounds.relax;

/** {@code Transpose}: a permutation of the elements. */
public final class TransposeRelaxation extends CopyRelaxation {
}
