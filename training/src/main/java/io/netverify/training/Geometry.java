package io.netverify.training;

/**
 * The shape of one sample's values: {@code channels x height x width} (channel-major) for images,
 * {@code channels} features for flat vectors ({@code height = width = 1}, {@code image} false).
 */
public record Geometry(int channels, int height, int width, boolean image) {
    /**
     * Checks that the dimensions are positive.
     *
     * @param channels the channels (the features of a flat vector)
     * @param height   the image height (1 for flat vectors)
     * @param width    the image width (1 for flat vectors)
     * @param image    whether the values are an image
     */
    public Geometry {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
    }

    /**
     * A flat vector.
     *
     * @param features the number of values
     * @return the geometry
     */
    public static Geometry flat(int features) {
        return new Geometry(features, 1, 1, false);
    }

    /**
     * An image of {@code channels x height x width} values.
     *
     * @param channels the channels
     * @param height   the height
     * @param width    the width
     * @return the geometry
     */
    public static Geometry image(int channels, int height, int width) {
        return new Geometry(channels, height, width, true);
    }

    /** {@return the number of values of one sample} */
    public int size() {
        return channels * height * width;
    }

    int spatial() {
        return height * width;
    }

    /** The ONNX dimensions of a batch of these values (batch first, symbolic). */
    long[] onnxDims(long batch) {
        return image ? new long[] {batch, channels, height, width} : new long[] {batch, channels};
    }

    @Override
    public String toString() {
        return image ? channels + "x" + height + "x" + width : String.valueOf(channels);
    }
}
