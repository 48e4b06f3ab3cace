package io.netverify.verifier;

import io.netverify.bab.RegionRows;
import io.netverify.bab.UnsafeRegion;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounds a bound proof hands on to the next method (alpha-CROWN intersects its rows with them)
 * must be those of the regions still open, row for row: a row matched to another region's bound would
 * make that bound unsound.
 */
class BoundProofRowsTest {
    @Test
    void keepsTheRowsOfTheOpenRegionsInOrder() {
        // regions of 2, 1, 3 and 1 rows: rows 0-1, 2, 3-5, 6
        List<UnsafeRegion> regions = new ArrayList<>();
        for (int size : new int[] {2, 1, 3, 1}) {
            double[][] c = new double[size][];
            Arrays.fill(c, new double[] {1, -1});
            regions.add(new UnsafeRegion(c, new double[size]));
        }
        RegionRows rows = RegionRows.of(regions, new int[] {0, 1, 2, 3});
        double[] lower = {0, 1, 2, 3, 4, 5, 6};
        double[] upper = {10, 11, 12, 13, 14, 15, 16};
        Map<String, Interval> intermediate = Map.of("h", new Interval(new double[] {-1}, new double[] {1}));
        // two inputs: row k's coefficients are {10 k, 10 k + 1}
        double[] coefficients = IntStream.range(0, 14).mapToDouble(i -> 10 * (i / 2) + i % 2).toArray();
        double[] linearLower = IntStream.range(0, 7).mapToDouble(k -> -k).toArray();
        Bounds b = new Bounds(BoundMethod.CROWN, lower, upper, intermediate, coefficients, linearLower, true);

        Bounds kept = BoundProof.rowsOf(b, rows, new int[] {0, 2});
        assertArrayEquals(new double[] {0, 1, 3, 4, 5}, kept.lower());
        assertArrayEquals(new double[] {10, 11, 13, 14, 15}, kept.upper());
        assertSame(intermediate, kept.intermediate());
        assertTrue(kept.partial());
        // the linear bounds go with their rows (the open regions' rows are bounded together later from them)
        assertArrayEquals(new double[] {0, 1, 10, 11, 30, 31, 40, 41, 50, 51}, kept.inputCoefficients());
        assertArrayEquals(new double[] {0, -1, -3, -4, -5}, kept.linearLower());

        assertArrayEquals(new double[] {2, 6}, BoundProof.rowsOf(b, rows, new int[] {1, 3}).lower());
        assertArrayEquals(new double[0], BoundProof.rowsOf(b, rows, new int[0]).lower());
    }
}
