package io.netverify.bounds.relax;

/** {@code Unsqueeze}: the same elements with extra unit axes. */
public final class UnsqueezeRelaxation extends CopyRelaxation {
}
