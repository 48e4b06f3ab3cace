package io.netverify.verifier.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * A formula in disjunctive normal form over atom ids: the OR over k of ({@code common} AND
 * {@code variants[k]}). Keeping the atoms that every disjunct shares apart makes a conjunction of
 * thousands of single constraints (a CIFAR input box) linear in their number, and stops them from
 * being copied into every disjunct. {@code line} and {@code column} locate the expression.
 */
final class Dnf {
    private static final int[] NONE = new int[0];
    private static final List<int[]> JUST_COMMON = List.of(NONE);

    final int[] common;
    /** Never empty; an empty variant means "just the common atoms". */
    final List<int[]> variants;
    final int line;
    final int column;

    private Dnf(int[] common, List<int[]> variants, int line, int column) {
        this.common = common;
        this.variants = variants;
        this.line = line;
        this.column = column;
    }

    /** The conjunction of the given atoms: a single disjunct. */
    static Dnf of(int line, int column, int... atoms) {
        return new Dnf(atoms, JUST_COMMON, line, column);
    }

    int size() {
        return variants.size();
    }

    /** Index of the first part at which the product of the parts' sizes exceeds {@code max}, or -1. */
    static int productOverflow(List<Dnf> parts, int max) {
        long product = 1;
        for (int i = 0; i < parts.size(); i++) {
            product *= parts.get(i).size();
            if (product > max) {
                return i;
            }
        }
        return -1;
    }

    /** The conjunction: single-disjunct parts join the common atoms, the others multiply out. */
    static Dnf and(List<Dnf> parts, int line, int column) {
        int length = 0;
        for (Dnf p : parts) {
            length += p.common.length + (p.size() == 1 ? p.variants.get(0).length : 0);
        }
        int[] common = new int[length];
        int at = 0;
        List<int[]> variants = JUST_COMMON;
        for (Dnf p : parts) {
            System.arraycopy(p.common, 0, common, at, p.common.length);
            at += p.common.length;
            if (p.size() == 1) {
                int[] only = p.variants.get(0);
                System.arraycopy(only, 0, common, at, only.length);
                at += only.length;
            } else {
                List<int[]> product = new ArrayList<>(variants.size() * p.size());
                for (int[] a : variants) {
                    for (int[] b : p.variants) {
                        product.add(concat(a, b));
                    }
                }
                variants = product;
            }
        }
        return new Dnf(common, variants, line, column);
    }

    /** The disjunction: every disjunct of every part, each with its part's common atoms. */
    static Dnf or(List<Dnf> parts, int line, int column) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<int[]> variants = new ArrayList<>();
        for (Dnf p : parts) {
            for (int[] v : p.variants) {
                variants.add(concat(p.common, v));
            }
        }
        return new Dnf(NONE, variants, line, column);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = new int[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
