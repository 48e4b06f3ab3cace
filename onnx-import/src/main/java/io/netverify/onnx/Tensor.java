package io.netverify.onnx;

import java.util.Arrays;

/**
 * A dense tensor of doubles with a shape and an element type, immutable: the constructor takes over
 * the array it is given (the caller keeps no reference to write through), {@link #get} and
 * {@link #data()} (a copy) read it. {@link #backingArray()} is the one escape hatch, for loops that
 * only read and cannot afford a copy.
 */
public final class Tensor {
    private final DataType type;
    private final Shape shape;
    private final double[] data;

    public Tensor(DataType type, Shape shape, double[] data) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("tensor data has " + data.length + " elements, shape " + shape + " needs " + shape.size());
        }
        this.type = type;
        this.shape = shape;
        this.data = data;
    }

    public static Tensor of(Shape shape, double... data) {
        return new Tensor(DataType.DOUBLE, shape, data);
    }

    public static Tensor scalar(double v) {
        return new Tensor(DataType.DOUBLE, Shape.SCALAR, new double[] {v});
    }

    /** A 1-D INT64 tensor, as used for shapes, axes and indices. */
    public static Tensor ints(long... values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return new Tensor(DataType.INT64, Shape.of(values.length), d);
    }

    public static Tensor zeros(DataType type, Shape shape) {
        return new Tensor(type, shape, new double[shape.size()]);
    }

    public DataType type() {
        return type;
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return data.length;
    }

    public double get(int flatIndex) {
        return data[flatIndex];
    }

    /** A copy of the elements, row-major. */
    public double[] data() {
        return data.clone();
    }

    /**
     * The backing array itself, row-major, not a copy: for kernels and bound rules that read every
     * element in hot loops (a copy per call would cost as much as their work), and for taking over
     * the array of a tensor just computed. Never write into it: this tensor, and every tensor made
     * from it by {@link #reshape} or {@link #withType}, would change.
     */
    public double[] backingArray() {
        return data;
    }

    /** The elements as longs (for shape/axis/index tensors). */
    public long[] toLongs() {
        long[] r = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            r[i] = (long) data[i];
        }
        return r;
    }

    /** Same data viewed with another shape of equal size. */
    public Tensor reshape(Shape newShape) {
        return new Tensor(type, newShape, data);
    }

    public Tensor withType(DataType newType) {
        return new Tensor(newType, shape, data);
    }

    /** The first non-finite element's index, or -1. */
    public int firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        String body = data.length <= 8 ? Arrays.toString(data) : "[" + data[0] + ", " + data[1] + ", ... " + data.length + " values]";
        return "Tensor(" + type + " " + shape + " " + body + ")";
    }
}
