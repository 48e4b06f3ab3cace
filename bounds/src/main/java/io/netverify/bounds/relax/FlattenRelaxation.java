package io.netverify.bounds.relax;

/** {@code Flatten}: the same elements in a 2-D shape. */
public final class FlattenRelaxation extends CopyRelaxation {
    @Override
    public boolean passesCoefficientsThrough() {
        return true;
    }
}
