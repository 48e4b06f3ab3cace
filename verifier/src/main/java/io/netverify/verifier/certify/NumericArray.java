package io.netverify.verifier.certify;

import java.util.Arrays;

/**
 * An n-dimensional array read from a data file, flattened row-major, with whether its elements were
 * unsigned bytes (pixel values 0..255) and whether they are integers (labels).
 */
record NumericArray(int[] shape, double[] values, boolean bytes, boolean integral) {
    /** Elements per entry of the first axis (one point, one label). */
    int rowSize() {
        int n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    int[] rowShape() {
        return Arrays.copyOfRange(shape, Math.min(1, shape.length), shape.length);
    }

    static int product(int[] shape, String file) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new DataException(file + ": negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new DataException(file + ": shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return (int) n;
    }
}
