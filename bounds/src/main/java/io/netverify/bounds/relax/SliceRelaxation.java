package io.netverify.bounds.relax;

/** {@code Slice} (constant starts, ends, axes, steps): a strided selection. */
public final class SliceRelaxation extends CopyRelaxation {
}
