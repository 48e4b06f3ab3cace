package io.netverify.bounds.lipschitz.rules;

/** Tile: the input's gradient sums G over the tiles. See {@link CopyGradient}. */
public final class TileGradient extends CopyGradient {
}
