package io.netverify.bounds.relax;

/** {@code Identity}: the input itself. */
public final class IdentityRelaxation extends CopyRelaxation {
}
