package io.netverify.verifier.spec;

/**
 * The box {@code lower <= x <= upper} of one specification case; every bound is finite and
 * {@code lower[i] <= upper[i]} when it comes from the parser. The arrays are shared, not copied:
 * read only.
 */
public record InputBox(double[] lower, double[] upper) {
    public InputBox {
        LinearRows.checkLength(upper, lower.length, "upper bounds");
    }

    public int dimension() {
        return lower.length;
    }

    public boolean contains(double[] x) {
        LinearRows.checkLength(x, lower.length, "input");
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= lower[i] && x[i] <= upper[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "InputBox[" + lower.length + " inputs]";
    }
}
