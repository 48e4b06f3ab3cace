package io.netverify.verifier.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the disjunctive normal form of all assertions into specification cases. Each disjunct's
 * input atoms give a box (single-variable bounds, intersected) plus extra rows (two-input
 * comparisons); its output atoms give one polytope. Disjuncts with identical input regions become one
 * case with several polytopes, so e.g. a robustness property is one box with one polytope per
 * competing class, and ACAS Xu property 6 is two boxes with the same four polytopes.
 */
final class CaseBuilder {
    private final String file;
    private final List<Atom> atoms;
    private final Declarations inputs;
    private final int numInputs;
    private final int numOutputs;

    CaseBuilder(String file, List<Atom> atoms, Declarations inputs, int numInputs, int numOutputs) {
        this.file = file;
        this.atoms = atoms;
        this.inputs = inputs;
        this.numInputs = numInputs;
        this.numOutputs = numOutputs;
    }

    List<SpecCase> build(Dnf formula) {
        Disjunct common = new Disjunct(numInputs);
        common.addAll(formula.common);
        Map<Region, List<OutputPolytope>> cases = new LinkedHashMap<>();
        for (int k = 0; k < formula.size(); k++) {
            int[] variant = formula.variants.get(k);
            Disjunct d = common.copy();
            d.addAll(variant);
            checkBox(d, formula.common, variant, formula.size() > 1 ? k + 1 : 0);
            Region region = new Region(d.lower, d.upper, rows(d.inputRows, numInputs), rhs(d.inputRows));
            cases.computeIfAbsent(region, r -> new ArrayList<>())
                .add(new OutputPolytope(rows(d.outputRows, numOutputs), rhs(d.outputRows)));
        }
        List<SpecCase> out = new ArrayList<>(cases.size());
        cases.forEach((r, polytopes) ->
            out.add(new SpecCase(new InputBox(r.lower, r.upper), new InputConstraints(r.a, r.b), polytopes)));
        return out;
    }

    /** The constraints of one disjunct while it is being collected. */
    private final class Disjunct {
        final double[] lower;
        final double[] upper;
        final List<Atom> inputRows;
        final List<Atom> outputRows;

        Disjunct(int n) {
            this(new double[n], new double[n], new ArrayList<>(), new ArrayList<>());
            Arrays.fill(lower, Double.NEGATIVE_INFINITY);
            Arrays.fill(upper, Double.POSITIVE_INFINITY);
        }

        private Disjunct(double[] lower, double[] upper, List<Atom> inputRows, List<Atom> outputRows) {
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
                    upper[a.var1()] = Math.min(upper[a.var1()], a.rhs());
                } else {
                    lower[a.var1()] = Math.max(lower[a.var1()], -a.rhs());
                }
            }
        }
    }

    /** Every input bounded on both sides, and no box side empty; otherwise an error naming the input. */
    private void checkBox(Disjunct d, int[] common, int[] variant, int disjunct) {
        String where = disjunct == 0 ? "" : " (in disjunct " + disjunct + " of the assertions' disjunctive normal form)";
        for (int i = 0; i < numInputs; i++) {
            if (d.lower[i] == Double.NEGATIVE_INFINITY || d.upper[i] == Double.POSITIVE_INFINITY) {
                String side = d.lower[i] == Double.NEGATIVE_INFINITY ? "lower" : "upper";
                throw SpecException.at(file, inputs.line(i), inputs.column(i),
                    "input " + inputs.name(i) + " has no " + side + " bound" + where);
            }
            if (d.lower[i] > d.upper[i]) {
                int low = boundAtom(common, variant, i, false, d.lower[i]);
                int high = boundAtom(common, variant, i, true, d.upper[i]);
                Atom here = atoms.get(Math.max(low, high));
                Atom other = atoms.get(Math.min(low, high));
                throw SpecException.at(file, here.line(), here.column(), "empty input box: " + describe(here)
                    + " here contradicts " + describe(other) + " at " + other.line() + ":" + other.column() + where);
            }
        }
    }

    /** The id of the bound atom of the disjunct that set input i's upper (or lower) bound to {@code value}. */
    private int boundAtom(int[] common, int[] variant, int i, boolean upper, double value) {
        for (int[] ids : List.of(common, variant)) {
            for (int id : ids) {
                Atom a = atoms.get(id);
                if (!a.output() && a.isBound() && a.var1() == i && (a.coef1() > 0) == upper
                    && (upper ? a.rhs() : -a.rhs()) == value) {
                    return id;
                }
            }
        }
        throw new IllegalStateException("no atom sets the bound of input " + i);
    }

    private String describe(Atom bound) {
        return inputs.name(bound.var1()) + (bound.coef1() > 0 ? " <= " + bound.rhs() : " >= " + -bound.rhs());
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
            r[i] = list.get(i).rhs();
        }
        return r;
    }

    /** A case's input region, compared by content so that equal regions share one case. */
    private record Region(double[] lower, double[] upper, double[][] a, double[] b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Region r && Arrays.equals(lower, r.lower) && Arrays.equals(upper, r.upper)
                && Arrays.deepEquals(a, r.a) && Arrays.equals(b, r.b);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
        }
    }
}
