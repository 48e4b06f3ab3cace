package io.netverify.bounds.relax;

/** {@code Tile}: repeated copies of the input. */
public final class TileRelaxation extends CopyRelaxation {
}
