package io.netverify.bounds.relax;

/** {@code Pad}: constant mode adds constants (the pad value goes to the bias), edge, reflect and wrap duplicate elements. */
public final class PadRelaxation extends CopyRelaxation {
}
