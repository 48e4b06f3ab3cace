package io.netverify.bounds.relax;

/** {@code Dropout} at inference: the input itself, and a constant all-true mask as optional second output. */
public final class DropoutRelaxation extends CopyRelaxation {
}
