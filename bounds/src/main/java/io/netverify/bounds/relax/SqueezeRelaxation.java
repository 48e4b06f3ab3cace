package io.netverify.bounds.relax;

/** {@code Squeeze}: the same elements without some unit axes. */
public final class SqueezeRelaxation extends CopyRelaxation {
}
