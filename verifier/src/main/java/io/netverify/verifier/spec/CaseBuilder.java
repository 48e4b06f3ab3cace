package io.netverify.verifier.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the disjunctive normal form of all assertions into specification cases. Each disjunct's
 * input atoms give a box (single-variable bounds, intersected exactly) plus extra rows (two-input
 * comparisons); its output atoms give one polytope. Disjuncts with identical input regions become one
 * case with several polytopes, so e.g. a robustness property is one box with one polytope per
 * competing class, and ACAS Xu property 6 is two boxes with the same four polytopes. A disjunct
 * whose bounds contradict each other (an empty input box, or an output bounded above below its
 * lower bound) can never be satisfied and is dropped; only when every disjunct is empty is that an
 * error.
 */
final class CaseBuilder {
    private final String file;
    private final List<Atom> atoms;
    private final Declarations inputs;
    private final Declarations outputs;
    private final int numInputs;
    private final int numOutputs;

    CaseBuilder(String file, List<Atom> atoms, Declarations inputs, Declarations outputs, int numInputs, int numOutputs) {
        this.file = file;
        this.atoms = atoms;
        this.inputs = inputs;
        this.outputs = outputs;
        this.numInputs = numInputs;
        this.numOutputs = numOutputs;
    }

    List<SpecCase> build(Dnf formula) {
        Disjunct common = new Disjunct(numInputs);
        common.addAll(formula.common);
        Map<Region, List<OutputPolytope>> cases = new LinkedHashMap<>();
        SpecException firstEmpty = null;
        for (int k = 0; k < formula.size(); k++) {
            int[] variant = formula.variants.get(k);
            Disjunct d = common.copy();
            d.addAll(variant);
            String where = formula.size() > 1 ? " (in disjunct " + (k + 1) + " of the assertions' disjunctive normal form)" : "";
            SpecException empty = contradiction(d, where);
            if (empty != null) {
                firstEmpty = firstEmpty == null ? empty : firstEmpty;
                continue;
            }
            checkBounded(d, where);
            Region region = d.region();
            List<Atom> out = d.outputRows;
            cases.computeIfAbsent(region, r -> new ArrayList<>())
                .add(new OutputPolytope(rows(out, numOutputs), rhs(out), out.stream().map(Atom::rhs).toArray(BigDecimal[]::new)));
        }
        if (cases.isEmpty()) {
            throw formula.size() == 1 ? firstEmpty : new SpecException(firstEmpty.getMessage()
                + "; every one of the " + formula.size() + " disjuncts is empty");
        }
        List<SpecCase> out = new ArrayList<>(cases.size());
        cases.forEach((r, polytopes) -> out.add(new SpecCase(r.box, new InputConstraints(r.a, r.b), polytopes)));
        return out;
    }

    /**
     * The constraints of one disjunct while it is being collected: for each input the bound atoms
     * that set its tightest lower and upper bound (null while there is none).
     */
    private final class Disjunct {
        final Atom[] lower;
        final Atom[] upper;
        final List<Atom> inputRows;
        final List<Atom> outputRows;

        Disjunct(int n) {
            this(new Atom[n], new Atom[n], new ArrayList<>(), new ArrayList<>());
        }

        private Disjunct(Atom[] lower, Atom[] upper, List<Atom> inputRows, List<Atom> outputRows) {
            this.lower = lower;
            this.upper = upper;
            this.inputRows = inputRows;
            this.outputRows = outputRows;
        }

        Disjunct copy() {
            return new Disjunct(lower.clone(), upper.clone(), new ArrayList<>(inputRows), new ArrayList<>(outputRows));
        }

        void addAll(int[] ids) {
            for (int id : ids) {
                Atom a = atoms.get(id);
                if (a.output()) {
                    outputRows.add(a);
                } else if (!a.isBound()) {
                    inputRows.add(a);
                } else {
                    // both are "coef * x <= rhs": the tightest has the least rhs
                    Atom[] side = a.coef1() > 0 ? upper : lower;
                    Atom old = side[a.var1()];
                    if (old == null || a.rhs().compareTo(old.rhs()) < 0) {
                        side[a.var1()] = a;
                    }
                }
            }
        }

        /** The input region; every input must be bounded on both sides. */
        Region region() {
            int n = lower.length;
            BigDecimal[] lo = new BigDecimal[n];
            BigDecimal[] hi = new BigDecimal[n];
            double[] loRounded = new double[n];
            double[] hiRounded = new double[n];
            for (int i = 0; i < n; i++) {
                lo[i] = lower[i].rhs().negate();
                hi[i] = upper[i].rhs();
                loRounded[i] = 0.0 - lower[i].rhsUp(); // not -0.0
                hiRounded[i] = upper[i].rhsUp();
            }
            return new Region(new InputBox(loRounded, hiRounded, lo, hi), rows(inputRows, numInputs), rhs(inputRows));
        }
    }

    /** Every input bounded on both sides; otherwise an error naming the input. */
    private void checkBounded(Disjunct d, String where) {
        for (int i = 0; i < numInputs; i++) {
            if (d.lower[i] == null || d.upper[i] == null) {
                throw SpecException.at(file, inputs.line(i), inputs.column(i),
                    "input " + inputs.name(i) + " has no " + (d.lower[i] == null ? "lower" : "upper") + " bound" + where);
            }
        }
    }

    /** The error naming two bounds of the disjunct that contradict each other, or null when there are none. */
    private SpecException contradiction(Disjunct d, String where) {
        for (int i = 0; i < numInputs; i++) {
            if (d.lower[i] != null && d.upper[i] != null && mayBeEmpty(d.lower[i], d.upper[i])
                && d.lower[i].rhs().negate().compareTo(d.upper[i].rhs()) > 0) {
                return contradiction("empty input box", inputs, atoms.indexOf(d.lower[i]), atoms.indexOf(d.upper[i]), where);
            }
        }
        // the tightest bounds of each output, as the atoms "coef * y <= rhs" that set them
        Map<Integer, Atom> low = new HashMap<>();
        Map<Integer, Atom> high = new HashMap<>();
        for (Atom a : d.outputRows) {
            if (a.isBound()) {
                (a.coef1() > 0 ? high : low).merge(a.var1(), a, (x, y) -> y.rhs().compareTo(x.rhs()) < 0 ? y : x);
            }
        }
        for (Map.Entry<Integer, Atom> e : low.entrySet()) {
            Atom h = high.get(e.getKey());
            if (h != null && e.getValue().rhs().negate().compareTo(h.rhs()) > 0) {
                return contradiction("empty unsafe region", outputs, atoms.indexOf(e.getValue()), atoms.indexOf(h), where);
            }
        }
        return null;
    }

    /**
     * False when the bounds set by the two atoms certainly leave room, seen from their roundings
     * alone: the least double above the lower bound then lies at or below the greatest below the upper.
     */
    private static boolean mayBeEmpty(Atom lower, Atom upper) {
        return Math.nextUp(-lower.rhsUp()) > Math.nextDown(upper.rhsUp());
    }

    private SpecException contradiction(String what, Declarations names, int low, int high, String where) {
        Atom here = atoms.get(Math.max(low, high));
        Atom other = atoms.get(Math.min(low, high));
        return SpecException.at(file, here.line(), here.column(), what + ": " + describe(names, here)
            + " here contradicts " + describe(names, other) + " at " + other.line() + ":" + other.column() + where);
    }

    private static String describe(Declarations names, Atom bound) {
        BigDecimal v = bound.coef1() > 0 ? bound.rhs() : bound.rhs().negate();
        String text = v.scale() > 0 && v.scale() < 30 ? v.toPlainString() : v.toString();
        return names.name(bound.var1()) + (bound.coef1() > 0 ? " <= " : " >= ") + text;
    }

    private static double[][] rows(List<Atom> list, int width) {
        double[][] m = new double[list.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = list.get(i).row(width);
        }
        return m;
    }

    private static double[] rhs(List<Atom> list) {
        double[] r = new double[list.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = list.get(i).rhsUp();
        }
        return r;
    }

    /** A case's input region (the box, and rows whose constants are all 0), compared by the box's exact bounds. */
    private record Region(InputBox box, double[][] a, double[] b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Region r && sameValues(box.exactLower(), r.box.exactLower())
                && sameValues(box.exactUpper(), r.box.exactUpper()) && Arrays.deepEquals(a, r.a) && Arrays.equals(b, r.b);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(box.lower()) + Arrays.hashCode(box.upper());
        }

        private static boolean sameValues(BigDecimal[] x, BigDecimal[] y) {
            for (int i = 0; i < x.length; i++) {
                if (x[i].compareTo(y[i]) != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
