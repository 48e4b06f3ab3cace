package io.netverify.bounds;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class IntervalTest {
    /** The intersection keeps the tighter side of each bound, and a NaN bound (no information) yields to the other. */
    @Test
    void intersectionKeepsTheTighterBoundAndIgnoresNaN() {
        Interval a = new Interval(new double[] {-1, Double.NaN, 0, Double.NaN}, new double[] {2, 5, Double.NaN, Double.NaN});
        Interval b = new Interval(new double[] {-3, 1, Double.NaN, Double.NaN}, new double[] {1, Double.NaN, 4, Double.NaN});
        Interval c = a.intersect(b);
        assertArrayEquals(new double[] {-1, 1, 0, Double.NaN}, c.lower());
        assertArrayEquals(new double[] {1, 5, 4, Double.NaN}, c.upper());
    }
}
