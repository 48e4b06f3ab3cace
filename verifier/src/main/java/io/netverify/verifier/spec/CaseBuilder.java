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
            SpecException empty = contradiction(d, formula.common, variant, where);
            if (empty != null) {
                firstEmpty = firstEmpty == null ? empty : firstEmpty;
                continue;
            }
            checkBounded(d, where);
            Region region = new Region(d.lower, d.upper, rows(d.inputRows, numInputs), rhs(d.inputRows));
            List<Atom> out = d.outputRows;
            cases.computeIfAbsent(region, r -> new ArrayList<>())
                .add(new OutputPolytope(rows(out, numOutputs), rhs(out), out.stream().map(Atom::rhs).toArray(BigDecimal[]::new)));
        }
        if (cases.isEmpty()) {
            throw formula.size() == 1 ? firstEmpty : new SpecException(firstEmpty.getMessage()
                + "; every one of the " + formula.size() + " disjuncts is empty");
        }
        List<SpecCase> out = new ArrayList<>(cases.size());
        cases.forEach((r, polytopes) -> out.add(new SpecCase(r.box(), new InputConstraints(r.a, r.b), polytopes)));
        return out;
    }

    /** The constraints of one disjunct while it is being collected; null bounds are missing ones. */
    private final class Disjunct {
        final BigDecimal[] lower;
        final BigDecimal[] upper;
        final List<Atom> inputRows;
        final List<Atom> outputRows;

        Disjunct(int n) {
            this(new BigDecimal[n], new BigDecimal[n], new ArrayList<>(), new ArrayList<>());
        }

        private Disjunct(BigDecimal[] lower, BigDecimal[] upper, List<Atom> inputRows, List<Atom> outputRows) {
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
                } else if (a.coef1() > 0) {
                    upper[a.var1()] = min(upper[a.var1()], a.rhs());
                } else {
                    lower[a.var1()] = max(lower[a.var1()], a.rhs().negate());
                }
            }
        }
    }

    private static BigDecimal min(BigDecimal a, BigDecimal b) {
        return a == null || b.compareTo(a) < 0 ? b : a;
    }

    private static BigDecimal max(BigDecimal a, BigDecimal b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
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
    private SpecException contradiction(Disjunct d, int[] common, int[] variant, String where) {
        for (int i = 0; i < numInputs; i++) {
            if (d.lower[i] != null && d.upper[i] != null && d.lower[i].compareTo(d.upper[i]) > 0) {
                return contradiction("empty input box", inputs, boundAtom(common, variant, false, i, false, d.lower[i]),
                    boundAtom(common, variant, false, i, true, d.upper[i]), where);
            }
        }
        Map<Integer, BigDecimal> low = new HashMap<>();
        Map<Integer, BigDecimal> high = new HashMap<>();
        for (Atom a : d.outputRows) {
            if (a.isBound()) {
                if (a.coef1() > 0) {
                    high.merge(a.var1(), a.rhs(), CaseBuilder::min);
                } else {
                    low.merge(a.var1(), a.rhs().negate(), CaseBuilder::max);
                }
            }
        }
        for (Map.Entry<Integer, BigDecimal> e : low.entrySet()) {
            BigDecimal h = high.get(e.getKey());
            if (h != null && e.getValue().compareTo(h) > 0) {
                int j = e.getKey();
                return contradiction("empty unsafe region", outputs, boundAtom(common, variant, true, j, false, e.getValue()),
                    boundAtom(common, variant, true, j, true, h), where);
            }
        }
        return null;
    }

    private SpecException contradiction(String what, Declarations names, int low, int high, String where) {
        Atom here = atoms.get(Math.max(low, high));
        Atom other = atoms.get(Math.min(low, high));
        return SpecException.at(file, here.line(), here.column(), what + ": " + describe(names, here)
            + " here contradicts " + describe(names, other) + " at " + other.line() + ":" + other.column() + where);
    }

    /** The id of the bound atom of the disjunct that set variable i's upper (or lower) bound to {@code value}. */
    private int boundAtom(int[] common, int[] variant, boolean output, int i, boolean upper, BigDecimal value) {
        for (int[] ids : List.of(common, variant)) {
            for (int id : ids) {
                Atom a = atoms.get(id);
                if (a.output() == output && a.isBound() && a.var1() == i && (a.coef1() > 0) == upper
                    && (upper ? a.rhs() : a.rhs().negate()).compareTo(value) == 0) {
                    return id;
                }
            }
        }
        throw new IllegalStateException("no atom sets the bound of variable " + i);
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

    /** A case's input region (exact bounds, and rows whose constants are all 0), compared by value. */
    private record Region(BigDecimal[] lower, BigDecimal[] upper, double[][] a, double[] b) {
        InputBox box() {
            double[] lo = new double[lower.length];
            double[] hi = new double[upper.length];
            for (int i = 0; i < lo.length; i++) {
                lo[i] = Decimals.down(lower[i]);
                hi[i] = Decimals.up(upper[i]);
            }
            return new InputBox(lo, hi, lower, upper);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Region r && sameValues(lower, r.lower) && sameValues(upper, r.upper)
                && Arrays.deepEquals(a, r.a) && Arrays.equals(b, r.b);
        }

        @Override
        public int hashCode() {
            int h = 0;
            for (BigDecimal v : lower) {
                h = 31 * h + Double.hashCode(v.doubleValue());
            }
            return h;
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
