package io.netverify.verifier.spec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each VNN-LIB construct on small hand-written specs. */
class VnnlibParserTest {
    private static final String TWO_IN_TWO_OUT = """
        (declare-const X_0 Real)
        (declare-const X_1 Real)
        (declare-const Y_0 Real)
        (declare-const Y_1 Real)
        """;

    private static Specification parse(String text) {
        return VnnlibParser.parse(text, "t.vnnlib");
    }

    private static SpecCase onlyCase(Specification s) {
        assertEquals(1, s.cases().size());
        return s.cases().get(0);
    }

    @Test
    void boxAndSingleOutputBound() {
        Specification s = parse(TWO_IN_TWO_OUT + """
            (assert (>= X_0 -1))
            (assert (<= X_0 1))
            (assert (<= X_1 0.5))
            (assert (>= X_1 0.25))
            (assert (<= Y_0 -1))
            """);
        assertEquals(2, s.numInputs());
        assertEquals(2, s.numOutputs());
        SpecCase c = onlyCase(s);
        assertArrayEquals(new double[] {-1, 0.25}, c.box().lower());
        assertArrayEquals(new double[] {1, 0.5}, c.box().upper());
        assertTrue(c.inputConstraints().isEmpty());
        assertEquals(1, c.polytopes().size());
        OutputPolytope p = c.polytopes().get(0);
        assertArrayEquals(new double[][] {{1, 0}}, p.c());
        assertArrayEquals(new double[] {-1}, p.d());
        assertTrue(s.isViolatedBy(new double[] {0, 0.3}, new double[] {-1, 7}));
        assertFalse(s.isViolatedBy(new double[] {0, 0.3}, new double[] {-0.999, 7}));
        assertFalse(s.isViolatedBy(new double[] {1.001, 0.3}, new double[] {-2, 7}), "x outside the box");
        assertEquals(0.5, c.margin(new double[] {-0.5, 0}));
    }

    @Test
    void repeatedBoundsIntersect() {
        SpecCase c = onlyCase(parse(TWO_IN_TWO_OUT + """
            (assert (<= X_0 3)) (assert (<= X_0 1)) (assert (<= X_0 2))
            (assert (>= X_0 -5)) (assert (>= X_0 -1))
            (assert (<= X_1 1)) (assert (>= X_1 0))
            (assert (<= Y_0 0))
            """));
        assertEquals(-1, c.box().lower()[0]);
        assertEquals(1, c.box().upper()[0]);
    }

    @Test
    void orOverOutputsGivesOnePolytopePerDisjunct() {
        SpecCase c = onlyCase(parse("""
            (declare-const X_0 Real)
            (declare-const Y_0 Real) (declare-const Y_1 Real) (declare-const Y_2 Real)
            (assert (<= X_0 1)) (assert (>= X_0 0))
            (assert (or
                (and (>= Y_0 Y_1))
                (and (>= Y_2 Y_1))
            ))
            """));
        assertEquals(2, c.polytopes().size());
        // Y_1 - Y_0 <= 0 and Y_1 - Y_2 <= 0: the label Y_1 is not strictly the largest.
        assertArrayEquals(new double[][] {{-1, 1, 0}}, c.polytopes().get(0).c());
        assertArrayEquals(new double[][] {{0, 1, -1}}, c.polytopes().get(1).c());
        assertArrayEquals(new double[] {0}, c.polytopes().get(1).d());
        double[] labelWins = {1, 3, 2};
        assertFalse(c.isUnsafeOutput(labelWins));
        assertEquals(1, c.margin(labelWins), "the closest competitor is 1 below the label");
        assertTrue(c.isUnsafeOutput(new double[] {1, 3, 3}), "a tie counts as unsafe");
        assertEquals(-2, c.margin(new double[] {5, 3, 0}));
    }

    @Test
    void nestedAndOrExpandsToDisjunctiveNormalForm() {
        // (Y_0 <= 1 and (Y_1 >= 2 or Y_1 <= -2)) or Y_0 >= 5, conjoined with the input box.
        SpecCase c = onlyCase(parse(TWO_IN_TWO_OUT + """
            (assert (and (>= X_0 0) (and (<= X_0 1) (and (>= X_1 0) (<= X_1 1)))))
            (assert (or (and (<= Y_0 1) (or (>= Y_1 2) (<= Y_1 -2))) (>= Y_0 5)))
            """));
        assertEquals(3, c.polytopes().size());
        assertEquals(List.of(2, 2, 1), c.polytopes().stream().map(OutputPolytope::rows).toList());
        for (double y0 = -3; y0 <= 7; y0 += 0.5) {
            for (double y1 = -3; y1 <= 3; y1 += 0.5) {
                boolean expected = (y0 <= 1 && (y1 >= 2 || y1 <= -2)) || y0 >= 5;
                assertEquals(expected, c.isUnsafeOutput(new double[] {y0, y1}), "y = " + y0 + ", " + y1);
            }
        }
    }

    @Test
    void productOfTwoOutputDisjunctions() {
        SpecCase c = onlyCase(parse(TWO_IN_TWO_OUT + """
            (assert (and (>= X_0 0) (<= X_0 1) (>= X_1 0) (<= X_1 1)))
            (assert (or (>= Y_0 1) (<= Y_0 -1)))
            (assert (or (>= Y_1 1) (<= Y_1 -1)))
            """));
        assertEquals(4, c.polytopes().size());
        assertTrue(c.isUnsafeOutput(new double[] {-1, 1}));
        assertFalse(c.isUnsafeOutput(new double[] {-1, 0}));
    }

    @Test
    void constantOnTheLeftAndNegationAndStrictComparisons() {
        SpecCase c = onlyCase(parse(TWO_IN_TWO_OUT + """
            (assert (>= 1 X_0))
            (assert (< (- 3.0) X_0))
            (assert (> X_1 (- 2)))
            (assert (< X_1 2))
            (assert (> Y_0 2))
            (assert (< 4 Y_1))
            """));
        assertArrayEquals(new double[] {-3, -2}, c.box().lower());
        assertArrayEquals(new double[] {1, 2}, c.box().upper());
        OutputPolytope p = c.polytopes().get(0);
        assertArrayEquals(new double[][] {{-1, 0}, {0, -1}}, p.c());
        assertArrayEquals(new double[] {-2, -4}, p.d());
        assertTrue(p.contains(new double[] {2, 4}), "strict comparisons are read as non-strict");
    }

    @Test
    void equalityIsTwoInequalities() {
        SpecCase c = onlyCase(parse(TWO_IN_TWO_OUT + """
            (assert (= X_0 0.5))
            (assert (= 0.25 X_1))
            (assert (= Y_0 Y_1))
            """));
        assertArrayEquals(new double[] {0.5, 0.25}, c.box().lower());
        assertArrayEquals(new double[] {0.5, 0.25}, c.box().upper());
        OutputPolytope p = c.polytopes().get(0);
        assertEquals(2, p.rows());
        assertTrue(p.contains(new double[] {3, 3}));
        assertFalse(p.contains(new double[] {3, 3.001}));
        assertFalse(p.contains(new double[] {3.001, 3}));
    }

    @Test
    void numberForms() {
        SpecCase c = onlyCase(parse("""
            (declare-const X_0 Real) (declare-const X_1 Real) (declare-const X_2 Real)
            (declare-const Y_0 Real)
            (assert (>= X_0 1.5e-3)) (assert (<= X_0 2E+01))
            (assert (>= X_1 -.5)) (assert (<= X_1 5.))
            (assert (>= X_2 -7)) (assert (<= X_2 +3e2))
            (assert (<= Y_0 5.8147645177086815e-05))
            """));
        // 1.5e-3 is no double: the box is rounded outwards; the nearest double to 5.81...e-05 is above it
        assertArrayEquals(new double[] {Math.nextDown(1.5e-3), -0.5, -7}, c.box().lower());
        assertArrayEquals(new double[] {20, 5, 300}, c.box().upper());
        assertEquals(5.8147645177086815e-05, c.polytopes().get(0).d()[0]);
        SpecCase neg = onlyCase(parse("""
            (declare-const X_0 Real) (declare-const Y_0 Real)
            (assert (>= X_0 -2E+01)) (assert (<= X_0 (- 1e1))) (assert (<= Y_0 0))
            """));
        assertEquals(-20, neg.box().lower()[0]);
        assertEquals(-10, neg.box().upper()[0]);
    }

    @Test
    void commentsAndLayout() {
        SpecCase c = onlyCase(parse("""
            ; a comment with (unbalanced parentheses (( and ;; more semicolons
            (declare-const X_0 Real) ; trailing comment
            (declare-const ; comment inside a command
               Y_0 Real)
            (assert (<= X_0 1))\t(assert
            \t(>= X_0 0)) ;
            (assert (<= Y_0 0)) ; comment at the end without newline"""));
        assertEquals(0, c.box().lower()[0]);
        assertEquals(1, c.box().upper()[0]);
    }

    @Test
    void declarationsInAnyOrder() {
        Specification s = parse("""
            (declare-const Y_1 Real) (declare-const X_1 Real) (declare-const Y_0 Real) (declare-const X_0 Real)
            (assert (<= X_1 1)) (assert (>= X_1 0)) (assert (<= X_0 2)) (assert (>= X_0 1))
            (assert (<= Y_1 0))
            """);
        assertEquals(2, s.numInputs());
        assertEquals(2, s.numOutputs());
        assertArrayEquals(new double[] {1, 0}, onlyCase(s).box().lower());
        assertArrayEquals(new double[][] {{0, 1}}, onlyCase(s).polytopes().get(0).c());
    }

    @Test
    void twoInputComparisonBecomesExtraInputConstraint() {
        SpecCase c = onlyCase(parse(TWO_IN_TWO_OUT + """
            (assert (<= X_0 1)) (assert (>= X_0 0)) (assert (<= X_1 1)) (assert (>= X_1 0))
            (assert (<= X_0 X_1))
            (assert (>= Y_0 Y_1))
            """));
        InputConstraints ic = c.inputConstraints();
        assertEquals(1, ic.rows());
        assertArrayEquals(new double[][] {{1, -1}}, ic.a());
        assertArrayEquals(new double[] {0}, ic.b());
        assertTrue(c.containsInput(new double[] {0.2, 0.7}));
        assertFalse(c.containsInput(new double[] {0.7, 0.2}), "in the box but X_0 > X_1");
        assertArrayEquals(new double[][] {{-1, 1}}, c.polytopes().get(0).c());
    }

    @Test
    void prop6StyleOrOfInputBoxesGivesTwoCasesWithTheSameOutputs() {
        Specification s = parse(TWO_IN_TWO_OUT + """
            (assert (or
                (and (<= X_0 1) (>= X_0 0) (<= X_1 1) (>= X_1 0))
                (and (<= X_0 -2) (>= X_0 -3) (<= X_1 1) (>= X_1 0))
            ))
            (assert (or (and (<= Y_1 Y_0)) (and (<= Y_0 -5))))
            """);
        assertEquals(2, s.cases().size());
        assertArrayEquals(new double[] {0, 0}, s.cases().get(0).box().lower());
        assertArrayEquals(new double[] {-3, 0}, s.cases().get(1).box().lower());
        for (SpecCase c : s.cases()) {
            assertEquals(2, c.polytopes().size());
        }
        double[] unsafe = {0, 0};
        assertTrue(s.isViolatedBy(new double[] {-2.5, 0.5}, unsafe));
        assertTrue(s.isViolatedBy(new double[] {0.5, 0.5}, unsafe));
        assertFalse(s.isViolatedBy(new double[] {-1, 0.5}, unsafe), "between the two boxes");
        assertFalse(s.isViolatedBy(new double[] {0.5, 0.5}, new double[] {0, 1}));
    }

    @Test
    void mixedOrOfAndsGroupsEqualBoxesIntoOneCase() {
        Specification s = parse(TWO_IN_TWO_OUT + """
            (assert (or
                (and (>= X_0 0) (<= X_0 1) (>= X_1 0) (<= X_1 1) (>= Y_0 100))
                (and (>= X_0 0) (<= X_0 1) (>= X_1 0) (<= X_1 1) (<= Y_1 -100))
                (and (>= X_0 5) (<= X_0 6) (>= X_1 0) (<= X_1 1) (>= Y_0 100))
            ))
            """);
        assertEquals(2, s.cases().size());
        assertEquals(2, s.cases().get(0).polytopes().size());
        assertEquals(1, s.cases().get(1).polytopes().size());
        assertTrue(s.isViolatedBy(new double[] {0.5, 0.5}, new double[] {0, -100}));
        assertFalse(s.isViolatedBy(new double[] {5.5, 0.5}, new double[] {0, -100}));
        assertTrue(s.isViolatedBy(new double[] {5.5, 0.5}, new double[] {100, 0}));
    }

    @Test
    void inputsOnlyMeansEveryOutputIsUnsafe() {
        SpecCase c = onlyCase(parse("""
            (declare-const X_0 Real) (declare-const Y_0 Real)
            (assert (<= X_0 1)) (assert (>= X_0 0))
            """));
        OutputPolytope p = c.polytopes().get(0);
        assertEquals(0, p.rows());
        assertTrue(p.contains(new double[] {1e300}));
        assertEquals(Double.NEGATIVE_INFINITY, c.margin(new double[] {0}));
    }

    @Test
    void checkDimensions() {
        Specification s = parse(TWO_IN_TWO_OUT + """
            (assert (<= X_0 1)) (assert (>= X_0 0)) (assert (<= X_1 1)) (assert (>= X_1 0))
            (assert (<= Y_0 0))
            """);
        s.checkDimensions(2, 2, "t.vnnlib");
        SpecException e = assertThrows(SpecException.class, () -> s.checkDimensions(784, 10, "t.vnnlib"));
        assertEquals("t.vnnlib: the specification declares 2 inputs and 2 outputs, but the network has "
            + "784 inputs and 10 outputs", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.isViolatedBy(new double[3], new double[2]));
    }

    @Test
    void parsesFromAPath() throws IOException {
        Path f = Files.createTempFile("spec", ".vnnlib");
        try {
            Files.writeString(f, "(declare-const X_0 Real)(declare-const Y_0 Real)(assert (<= X_0 1))(assert (>= X_0 0))");
            assertEquals(1, VnnlibParser.parse(f).numInputs());
            Files.delete(f);
            SpecException e = assertThrows(SpecException.class, () -> VnnlibParser.parse(f));
            assertEquals(f + ": cannot read the specification (NoSuchFileException)", e.getMessage());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void tinyConstantsAreNotReadAsZero() {
        // issue 12.4: 1e-400 was read as 0, so y = 0 was a counterexample to "Y_0 >= 1e-400"
        Specification s = parse("""
            (declare-const X_0 Real) (declare-const Y_0 Real)
            (assert (>= X_0 -1e-400)) (assert (<= X_0 1e-400))
            (assert (>= Y_0 1e-400))
            """);
        SpecCase c = onlyCase(s);
        assertArrayEquals(new double[] {-Double.MIN_VALUE}, c.box().lower(), "rounded outwards");
        assertArrayEquals(new double[] {Double.MIN_VALUE}, c.box().upper());
        assertArrayEquals(new double[] {0}, c.polytopes().get(0).d(), "-Y_0 <= -1e-400 rounded up: the region only grows");
        assertFalse(s.isViolatedBy(new double[] {0}, new double[] {0}), "0 < 1e-400");
        assertTrue(s.isViolatedBy(new double[] {0}, new double[] {Double.MIN_VALUE}));
        assertFalse(s.isViolatedBy(new double[] {Double.MIN_VALUE}, new double[] {1}), "outside the exact box");
        assertArrayEquals(new double[] {0}, c.box().nearestInside(new double[] {-Double.MIN_VALUE}));
    }

    @Test
    void everyConstantIsRoundedOutwardsAndCheckedExactly() {
        Specification s = parse("""
            (declare-const X_0 Real) (declare-const X_1 Real)
            (declare-const Y_0 Real) (declare-const Y_1 Real)
            (assert (>= X_0 0.1)) (assert (<= X_0 0.3))
            (assert (<= (- 0.7) X_1)) (assert (<= X_1 (- 0.2)))
            (assert (<= Y_0 0.1)) (assert (>= Y_1 0.3))
            """);
        SpecCase c = onlyCase(s);
        // 0.1 and 0.3 are doubles slightly above (0.1) and below (0.3) the decimals; -0.7, -0.2 likewise
        double[] lower = {down("0.1"), down("-0.7")};
        double[] upper = {up("0.3"), up("-0.2")};
        assertArrayEquals(lower, c.box().lower());
        assertArrayEquals(upper, c.box().upper());
        assertArrayEquals(new double[] {up("0.1"), up("-0.3")}, c.polytopes().get(0).d());
        for (int i = 0; i < 2; i++) {
            assertTrue(new BigDecimal(c.box().lower()[i]).compareTo(c.box().exactLower()[i]) <= 0);
            assertTrue(new BigDecimal(c.box().upper()[i]).compareTo(c.box().exactUpper()[i]) >= 0);
        }
        double[] inside = {up("0.1"), down("-0.2")};
        assertTrue(s.isViolatedBy(inside, new double[] {down("0.1"), up("0.3")}));
        assertFalse(s.isViolatedBy(inside, new double[] {0.1, up("0.3")}), "the double 0.1 is above the decimal 0.1");
        assertEquals(0.1, c.polytopes().get(0).d()[0], "so it is the bound a proof uses");
        assertFalse(c.box().contains(lower), "the rounded-out corner lies outside the file's box");
        assertFalse(s.isViolatedBy(lower, new double[] {0, 1}));
        assertArrayEquals(new double[] {up("0.1"), up("-0.7")}, c.box().nearestInside(lower));
        assertTrue(c.box().contains(c.box().nearestInside(upper)));
    }

    @Test
    void pointBoxBetweenTwoDoublesHasNoDoubleInside() {
        SpecCase c = onlyCase(parse("""
            (declare-const X_0 Real) (declare-const Y_0 Real)
            (assert (>= X_0 0.1)) (assert (<= X_0 0.1)) (assert (<= Y_0 0))
            """));
        assertEquals(Math.nextDown(0.1), c.box().lower()[0]);
        assertEquals(0.1, c.box().upper()[0]);
        assertEquals(null, c.box().nearestInside(new double[] {0.1}));
        assertFalse(c.box().contains(new double[] {0.1}));
    }

    @Test
    void theEnclosureSpansOnlyTheCoordinatesWhoseExactBoundsHoldNoDouble() {
        // X_0 = 0.1 and X_2 = -0.7 hold no double; X_1 in [0.1, 0.3] does, and X_3 = 0.5 is a double
        SpecCase c = onlyCase(parse("""
            (declare-const X_0 Real) (declare-const X_1 Real) (declare-const X_2 Real) (declare-const X_3 Real)
            (declare-const Y_0 Real)
            (assert (>= X_0 0.1)) (assert (<= X_0 0.1)) (assert (>= X_1 0.1)) (assert (<= X_1 0.3))
            (assert (>= X_2 -0.7)) (assert (<= X_2 -0.7)) (assert (>= X_3 0.5)) (assert (<= X_3 0.5)) (assert (<= Y_0 0))
            """));
        InputBox.Enclosure e = c.box().enclosureAround(new double[] {0, 0.05, 0, 0.5});
        assertArrayEquals(new double[] {down("0.1"), up("0.1"), down("-0.7"), 0.5}, e.lower());
        assertArrayEquals(new double[] {up("0.1"), up("0.1"), up("-0.7"), 0.5}, e.upper());
        // the doubles nearest 0.1 (0.1000000000000000055) and -0.7 (-0.6999999999999999556)
        assertArrayEquals(new double[] {0.1, up("0.1"), -0.7, 0.5}, e.witness());
        assertFalse(c.box().contains(e.witness()), "0.1 and -0.7 are not the decimals");
        assertEquals(null, onlyCase(parse("""
            (declare-const X_0 Real) (declare-const X_1 Real) (declare-const Y_0 Real)
            (assert (>= X_0 0.1)) (assert (<= X_0 0.3)) (assert (>= X_1 0.5)) (assert (<= X_1 0.5)) (assert (<= Y_0 0))
            """)).box().enclosureAround(new double[] {0, 0}),
            "every bound pair holds a double");
    }

    @Test
    void emptyDisjunctsAreDropped() {
        // issue 12.5: one disjunct with an empty box made the whole spec an error
        Specification s = parse("""
            (declare-const X_0 Real) (declare-const Y_0 Real) (declare-const Y_1 Real)
            (assert (>= X_0 0))
            (assert (or (and (<= X_0 1) (<= Y_0 0))
                        (and (<= X_0 -1) (<= Y_1 0))
                        (and (<= X_0 2) (<= Y_0 -1) (>= Y_0 1e-300))
                        (and (<= X_0 2) (<= Y_0 0.5) (>= Y_0 0.5))))
            """);
        assertEquals(2, s.cases().size(), "the empty input box and the empty unsafe region are gone");
        assertEquals(1, s.cases().get(0).box().upper()[0]);
        assertEquals(2, s.cases().get(1).box().upper()[0]);
        assertTrue(s.isViolatedBy(new double[] {2}, new double[] {0.5, 0}), "a single point is no contradiction");
        assertFalse(s.isViolatedBy(new double[] {0.5}, new double[] {0.1, -5}));
    }

    private static double up(String decimal) {
        double d = Double.parseDouble(decimal);
        return new BigDecimal(d).compareTo(new BigDecimal(decimal)) < 0 ? Math.nextUp(d) : d;
    }

    private static double down(String decimal) {
        double d = Double.parseDouble(decimal);
        return new BigDecimal(d).compareTo(new BigDecimal(decimal)) > 0 ? Math.nextDown(d) : d;
    }
}
