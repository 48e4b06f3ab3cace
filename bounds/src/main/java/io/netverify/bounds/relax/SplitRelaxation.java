package io.netverify.bounds.relax;

/** {@code Split}: consecutive parts along one axis, one per output. */
public final class SplitRelaxation extends CopyRelaxation {
}
