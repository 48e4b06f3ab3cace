package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecialFunctionsTest {
    @Test
    void erfMatchesPublishedValues() {
        assertEquals(0.5204998778130465, SpecialFunctions.erf(0.5), 2e-16);
        assertEquals(-0.9999779095030014, SpecialFunctions.erf(-3), 2e-16);
        assertEquals(0.8427007929497149, SpecialFunctions.erf(1), 2e-16);
        assertEquals(0.0, SpecialFunctions.erf(0));
        assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
    }

    @Test
    void erfIsAccurateToAFewUlpsAgainstHighPrecision() {
        Random rnd = new Random(11);
        for (int i = 0; i < 300; i++) {
            // Dense near 0 and across the switch points at 1 and 2 of the implementation.
            double x = i % 3 == 0 ? 6 * (2 * rnd.nextDouble() - 1) : (i % 3 == 1 ? 2.5 : 1e-3) * (2 * rnd.nextDouble() - 1);
            double expected = HighPrecision.erf(x);
            double actual = SpecialFunctions.erf(x);
            assertTrue(Math.abs(actual - expected) <= 6 * Math.ulp(expected),
                "erf(" + x + ") = " + actual + ", expected " + expected);
            assertEquals(-actual, SpecialFunctions.erf(-x), "erf is odd at " + x);
        }
    }

    @Test
    void erfcKeepsRelativeAccuracyInTheTail() {
        Random rnd = new Random(12);
        for (int i = 0; i < 150; i++) {
            double x = -2 + 12 * rnd.nextDouble();
            double expected = HighPrecision.erfc(x);
            double actual = SpecialFunctions.erfc(x);
            double tolerance = x < 0.5 ? 4e-16 : 3e-15;
            assertTrue(Math.abs(actual - expected) <= tolerance * expected,
                "erfc(" + x + ") = " + actual + ", expected " + expected);
        }
        assertEquals(0.0, SpecialFunctions.erfc(30));
        assertEquals(0.0, SpecialFunctions.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, SpecialFunctions.erfc(Double.NEGATIVE_INFINITY));
    }

    @Test
    void sigmoidIsFiniteAndSymmetric() {
        assertEquals(0.5, SpecialFunctions.sigmoid(0));
        assertEquals(0.0, SpecialFunctions.sigmoid(-1000));
        assertEquals(1.0, SpecialFunctions.sigmoid(1000));
        Random rnd = new Random(13);
        for (int i = 0; i < 100; i++) {
            double x = 30 * rnd.nextDouble();
            assertEquals(1.0, SpecialFunctions.sigmoid(x) + SpecialFunctions.sigmoid(-x), 4e-16);
            assertEquals(1 / (1 + Math.exp(-x)), SpecialFunctions.sigmoid(x), 4e-16);
        }
    }

    @Test
    void genericFloatRoundingAgreesWithFloat32Cast() {
        Random rnd = new Random(14);
        for (int i = 0; i < 20000; i++) {
            double x = (2 * rnd.nextDouble() - 1) * Math.scalb(1.0, rnd.nextInt(300) - 160);
            assertEquals((double) (float) x, TypeConversion.roundToFloat(x, 24, -126, 127), "x = " + x);
        }
        // Exact ties go to even, also among subnormals.
        double tie = 1 + Math.scalb(1.0, -24);
        assertEquals((double) (float) tie, TypeConversion.roundToFloat(tie, 24, -126, 127));
        double subnormalTie = 3 * Math.scalb(1.0, -150);
        assertEquals((double) (float) subnormalTie, TypeConversion.roundToFloat(subnormalTie, 24, -126, 127));
        assertEquals(Double.POSITIVE_INFINITY, TypeConversion.roundToFloat(1e39, 24, -126, 127));
    }

    @Test
    void halfAndBfloat16Rounding() {
        assertEquals(0.333251953125, TypeConversion.convert(DataType.FLOAT16, 1.0 / 3));
        assertEquals(65504.0, TypeConversion.convert(DataType.FLOAT16, 65519));
        assertEquals(Double.POSITIVE_INFINITY, TypeConversion.convert(DataType.FLOAT16, 65520));
        assertEquals(0.0, TypeConversion.convert(DataType.FLOAT16, Math.scalb(1.0, -25)));
        assertEquals(Math.scalb(1.0, -23), TypeConversion.convert(DataType.FLOAT16, 3 * Math.scalb(1.0, -25)));
        assertEquals(1.0, TypeConversion.convert(DataType.BFLOAT16, 1 + Math.scalb(1.0, -8)));
        assertEquals(1 + Math.scalb(1.0, -6), TypeConversion.convert(DataType.BFLOAT16, 1 + 3 * Math.scalb(1.0, -8)));
    }
}
