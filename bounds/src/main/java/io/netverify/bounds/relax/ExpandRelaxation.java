package io.netverify.bounds.relax;

/** {@code Expand}: broadcasting duplicates elements. */
public final class ExpandRelaxation extends CopyRelaxation {
}
