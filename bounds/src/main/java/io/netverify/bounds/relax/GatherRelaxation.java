package io.netverify.bounds.relax;

/** {@code Gather} with constant indices: a selection along one axis, repeats allowed. */
public final class GatherRelaxation extends CopyRelaxation {
}
