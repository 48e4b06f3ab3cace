package io.netverify.bounds;

/**
 * A branching decision of branch and bound: element {@code index} of graph value {@code value}
 * (the input of a nonlinear node) is restricted to {@code >= point} when {@code above}, else to
 * {@code <= point}. A ReLU split is the one at point 0.
 */
public record Split(String value, int index, double point, boolean above) {
    /** The sign s of the constraint {@code s * (v[index] - point) >= 0}. */
    public double sign() {
        return above ? 1 : -1;
    }

    /** The interval of the value with this split applied to its element (a copy; the argument is unchanged). */
    public Interval restrict(Interval iv) {
        double[] l = iv.lower().clone();
        double[] u = iv.upper().clone();
        if (above) {
            l[index] = Math.max(l[index], point);
        } else {
            u[index] = Math.min(u[index], point);
        }
        return new Interval(l, u);
    }

    /** Whether the split leaves no point of the interval (the domain is empty, so vacuously safe). */
    public boolean emptyOn(Interval iv) {
        return above ? iv.upper()[index] < point : iv.lower()[index] > point;
    }
}
