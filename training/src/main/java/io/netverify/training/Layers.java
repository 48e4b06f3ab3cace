package io.netverify.training;

import java.util.List;

/** The passes of a chain of layers, in the order each pass visits them. */
final class Layers {
    private Layers() {
    }

    static double[] forward(List<Layer> layers, double[] x, int n) {
        for (Layer l : layers) {
            x = l.forward(x, n);
        }
        return x;
    }

    static double[] forwardReverse(List<Layer> layers, double[] g, int n) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).forwardReverse(g, n);
        }
        return g;
    }

    static Box ibp(List<Layer> layers, Box x, int n) {
        for (Layer l : layers) {
            x = l.ibp(x, n);
        }
        return x;
    }

    static Box ibpReverse(List<Layer> layers, Box g, int n) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).ibpReverse(g, n);
        }
        return g;
    }

    static double[] backward(List<Layer> layers, double[] lambda, int n, int rows, double[] bias) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            lambda = layers.get(i).backward(lambda, n, rows, bias);
        }
        return lambda;
    }

    static double[] backwardReverse(List<Layer> layers, double[] g, double[] gBias, int n, int rows) {
        for (Layer l : layers) {
            g = l.backwardReverse(g, gBias, n, rows);
        }
        return g;
    }

    static String export(List<Layer> layers, OnnxExport onnx, String input) {
        for (Layer l : layers) {
            input = l.export(onnx, input);
        }
        return input;
    }
}
