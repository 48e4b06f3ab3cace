package io.netverify.bounds.relax;

/** {@code Reshape} (constant shape): the same elements in another shape. */
public final class ReshapeRelaxation extends CopyRelaxation {
    @Override
    public boolean passesCoefficientsThrough() {
        return true;
    }
}
