package io.netverify.training;

import java.util.Random;

/** Small random networks covering every layer type, and random batches for them. */
final class TestNets {
    private TestNets() {
    }

    static Network mlp(long seed) {
        return Network.builder(Geometry.flat(6), seed).linear(8).relu().linear(7).relu().linear(4).build();
    }

    static Network batchNormMlp(long seed) {
        return Network.builder(Geometry.flat(6), seed).linear(8).batchNorm().relu().linear(7).batchNorm().relu().linear(4).build();
    }

    static Network smoothMlp(long seed) {
        return Network.builder(Geometry.flat(5), seed).linear(6).sigmoid().linear(6).tanh().linear(6).leakyRelu(0.1)
            .linear(3).build();
    }

    static Network cnn(long seed) {
        return Network.builder(Geometry.image(2, 6, 6), seed).conv(3, 3, 1, 1).batchNorm().relu().conv(4, 3, 2, 0).relu()
            .flatten().linear(5).relu().linear(3).build();
    }

    static Network residualCnn(long seed) {
        return Network.builder(Geometry.image(2, 6, 6), seed).conv(3, 3, 1, 1).relu()
            .residual(b -> b.conv(3, 3, 1, 1).relu().conv(3, 3, 1, 1)).relu().averagePool(2, 2).flatten().linear(3).build();
    }

    static Network maxPoolCnn(long seed) {
        return Network.builder(Geometry.image(2, 6, 6), seed).conv(3, 3, 1, 1).relu().maxPool(2, 2).conv(4, 2, 1, 0)
            .maxPool(2, 1).flatten().linear(3).build();
    }

    /** The weights scaled up so that the bounds have both stable and unstable units. */
    static Network loud(Network net, double factor) {
        for (Parameter p : net.parameters()) {
            if (p.name().endsWith(".weight") && p.shape().length > 1) {
                for (int i = 0; i < p.value().length; i++) {
                    p.value()[i] *= factor;
                }
            }
        }
        return net;
    }

    static double[] uniform(Random r, int size, double low, double high) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = low + (high - low) * r.nextDouble();
        }
        return v;
    }

    static int[] labels(Random r, int n, int classes) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = r.nextInt(classes);
        }
        return l;
    }
}
