package io.netverify.training;

/** A pooling layer over square windows without padding: its geometry, shared by average and max pooling. */
abstract class PoolLayer extends Layer {
    final int kernel;
    final int stride;
    final Geometry out;

    PoolLayer(Geometry in, int kernel, int stride, String what) {
        super(in);
        int oh = (in.height() - kernel) / stride + 1;
        int ow = (in.width() - kernel) / stride + 1;
        if (!in.image() || kernel < 1 || stride < 1 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException(what + " " + kernel + "/" + stride + " does not fit input " + in);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.out = Geometry.image(in.channels(), oh, ow);
    }

    @Override
    public Geometry output() {
        return out;
    }

    /** A pair of an input cell and the output whose window reads it. */
    interface Pair {
        void visit(int xi, int yi);
    }

    /** Every (input, output) pair of the windows of n samples, each window's cells in row-major order. */
    final void each(int n, Pair visit) {
        int rows = n * in.channels();
        for (int r = 0; r < rows; r++) {
            int xBase = r * in.spatial();
            int yBase = r * out.spatial();
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    for (int ky = 0; ky < kernel; ky++) {
                        for (int kx = 0; kx < kernel; kx++) {
                            visit.visit(xBase + (oy * stride + ky) * in.width() + ox * stride + kx, yBase + oy * out.width() + ox);
                        }
                    }
                }
            }
        }
    }
}
