package io.netverify.verifier.spec;

import io.netverify.onnx.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every VNN-LIB file of the shared benchmarks parses to a sane normal form; some known facts hold. */
class VnnlibSharedDataTest {
    /** A top-level single-input bound {@code (assert (<= X_i c))}, read independently of the parser. */
    private static final Pattern TOP_LEVEL_BOUND =
        Pattern.compile("^\\(assert \\((<=|>=) X_(\\d+) (\\S+)\\)\\)", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("label: (\\d+)");

    @Test
    void everySharedSpecParsesSanely() throws IOException {
        List<Path> specs = SharedData.allInstances().stream().map(SharedData.Instance::vnnlib).distinct().sorted().toList();
        assertTrue(specs.size() > 400, "only " + specs.size() + " specs found");
        int crossChecked = 0;
        for (Path f : specs) {
            Specification s = VnnlibParser.parse(f);
            assertTrue(s.numInputs() > 0 && s.numOutputs() > 0, f.toString());
            for (SpecCase c : s.cases()) {
                checkCase(s, c, f);
            }
            if (s.cases().size() == 1 && crossCheckBox(Files.readString(f), s.cases().get(0).box(), f)) {
                crossChecked++;
            }
        }
        assertTrue(crossChecked > 400, "boxes cross-checked for only " + crossChecked + " specs");
    }

    private static void checkCase(Specification s, SpecCase c, Path f) {
        InputBox box = c.box();
        assertEquals(s.numInputs(), box.dimension(), f.toString());
        for (int i = 0; i < box.dimension(); i++) {
            assertTrue(Double.isFinite(box.lower()[i]) && Double.isFinite(box.upper()[i]), f + " X_" + i);
            assertTrue(box.lower()[i] <= box.upper()[i], f + " X_" + i);
        }
        for (double[] corner : List.of(box.lower(), box.upper())) {
            double[] inside = box.nearestInside(corner);
            assertTrue(inside == null || box.contains(inside), f.toString());
        }
        assertFalse(c.polytopes().isEmpty(), f.toString());
        for (OutputPolytope p : c.polytopes()) {
            assertTrue(p.rows() > 0, f + ": every shared spec constrains the outputs");
            for (double[] row : p.c()) {
                assertEquals(s.numOutputs(), row.length, f.toString());
            }
        }
    }

    /**
     * For specs whose box is given by top-level asserts, the box equals the bounds read with a regex
     * (tightest of repeated bounds), the nearest double rounded outwards when it is on the inside.
     * Returns whether the file had such asserts.
     */
    private static boolean crossCheckBox(String text, InputBox box, Path f) {
        int n = box.dimension();
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        Arrays.fill(upper, Double.POSITIVE_INFINITY);
        Matcher m = TOP_LEVEL_BOUND.matcher(text);
        int found = 0;
        while (m.find()) {
            int i = Integer.parseInt(m.group(2));
            BigDecimal exact = new BigDecimal(m.group(3));
            double v = Double.parseDouble(m.group(3));
            if (m.group(1).equals("<=")) {
                upper[i] = Math.min(upper[i], new BigDecimal(v).compareTo(exact) < 0 ? Math.nextUp(v) : v);
            } else {
                lower[i] = Math.max(lower[i], new BigDecimal(v).compareTo(exact) > 0 ? Math.nextDown(v) : v);
            }
            found++;
        }
        if (found < 2 * n) {
            return false;
        }
        assertArrayEquals(lower, box.lower(), f.toString());
        assertArrayEquals(upper, box.upper(), f.toString());
        return true;
    }

    @Test
    void acasXuProperty6HasTwoInputBoxes() {
        Specification s = VnnlibParser.parse(SharedData.file("benchmarks/acasxu/prop_6.vnnlib"));
        assertEquals(5, s.numInputs());
        assertEquals(5, s.numOutputs());
        assertEquals(2, s.cases().size());
        SpecCase first = s.cases().get(0);
        SpecCase second = s.cases().get(1);
        assertEquals(Math.nextDown(0.11140846), first.box().lower()[1], "rounded down: the double nearest is above");
        assertEquals(0, new BigDecimal("0.11140846").compareTo(first.box().exactLower()[1]));
        assertEquals(Math.nextDown(-0.499999896), second.box().lower()[1]);
        assertEquals(first.box().lower()[0], second.box().lower()[0]);
        for (SpecCase c : s.cases()) {
            assertEquals(4, c.polytopes().size(), "unsafe if COC (Y_0) is not minimal: one polytope per other advisory");
            // COC minimal: safe; another advisory below COC: unsafe.
            assertFalse(c.isUnsafeOutput(new double[] {-1, 0, 0, 0, 0}));
            assertTrue(c.isUnsafeOutput(new double[] {0, 1, 1, -0.5, 1}));
        }
    }

    @Test
    void acasXuProperty1IsOneBoxWithOneHalfSpace() {
        Specification s = VnnlibParser.parse(SharedData.file("benchmarks/acasxu/prop_1.vnnlib"));
        SpecCase c = s.cases().get(0);
        assertEquals(1, s.cases().size());
        // outwards: the nearest doubles of 0.45, 0.679857769 and -0.45 lie inside the box, 0.6's outside
        assertArrayEquals(new double[] {0.6, -0.5, -0.5, Math.nextDown(0.45), -0.5}, c.box().lower());
        assertArrayEquals(new double[] {Math.nextUp(0.679857769), 0.5, 0.5, 0.5, Math.nextUp(-0.45)}, c.box().upper());
        OutputPolytope p = c.polytopes().get(0);
        assertArrayEquals(new double[][] {{-1, 0, 0, 0, 0}}, p.c());
        // Y_0 >= 3.991125645861615: the nearest double is above it, the unsafe region starts one below
        assertArrayEquals(new double[] {Math.nextUp(-3.991125645861615)}, p.d());
        assertTrue(c.isUnsafeOutput(new double[] {3.991125645861615, 0, 0, 0, 0}));
        assertFalse(c.isUnsafeOutput(new double[] {Math.nextDown(3.991125645861615), 0, 0, 0, 0}));
    }

    /** Robustness: unsafe iff some other class j scores at least the label: Y_label - Y_j <= 0. */
    @Test
    void mnistRobustnessSpecsHaveOneDisjunctPerOtherClass() throws IOException {
        List<Path> specs = SharedData.instances("mnist_fc").stream().map(SharedData.Instance::vnnlib).distinct().toList();
        assertFalse(specs.isEmpty());
        for (Path f : specs) {
            Matcher m = LABEL.matcher(Files.readString(f));
            assertTrue(m.find(), f + " names its label");
            int label = Integer.parseInt(m.group(1));
            Specification s = VnnlibParser.parse(f);
            assertEquals(784, s.numInputs());
            assertEquals(10, s.numOutputs());
            SpecCase c = s.cases().get(0);
            assertEquals(1, s.cases().size());
            assertEquals(9, c.polytopes().size());
            int k = 0;
            for (int j = 0; j < 10; j++) {
                if (j == label) {
                    continue;
                }
                double[] row = new double[10];
                row[label] = 1;
                row[j] = -1;
                OutputPolytope p = c.polytopes().get(k++);
                assertArrayEquals(new double[][] {row}, p.c(), f + " class " + j);
                assertArrayEquals(new double[] {0}, p.d());
            }
            double[] confident = new double[10];
            confident[label] = 1;
            assertFalse(c.isUnsafeOutput(confident));
            assertEquals(1, c.margin(confident));
        }
    }
}
