package io.netverify.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A residual block {@code y = x + body(x)} (ONNX Add): every pass is the identity's plus the body's,
 * so the bounds and gradients of both branches add.
 */
public final class Residual extends Layer {
    private final List<Layer> body;

    Residual(Geometry in, List<Layer> body) {
        super(in);
        if (body.isEmpty() || !body.get(body.size() - 1).output().equals(in)) {
            throw new IllegalArgumentException("a residual body must map " + in + " to itself");
        }
        this.body = List.copyOf(body);
    }

    @Override
    public Geometry output() {
        return in;
    }

    /** {@return the layers of the body} */
    public List<Layer> body() {
        return body;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        body.forEach(l -> all.addAll(l.parameters()));
        return Collections.unmodifiableList(all);
    }

    @Override
    void training(boolean on) {
        body.forEach(l -> l.training(on));
    }

    @Override
    double[] forward(double[] x, int n) {
        return sum(x, Layers.forward(body, x, n));
    }

    @Override
    double[] forwardReverse(double[] gy, int n) {
        return sum(gy, Layers.forwardReverse(body, gy, n));
    }

    @Override
    Box ibp(Box x, int n) {
        Box b = Layers.ibp(body, x, n);
        return new Box(sum(x.lower(), b.lower()), sum(x.upper(), b.upper()));
    }

    @Override
    Box ibpReverse(Box g, int n) {
        Box b = Layers.ibpReverse(body, g, n);
        return new Box(sum(g.lower(), b.lower()), sum(g.upper(), b.upper()));
    }

    @Override
    double[] backward(double[] lambda, int n, int rows, double[] bias) {
        return sum(lambda, Layers.backward(body, lambda, n, rows, bias));
    }

    @Override
    double[] backwardReverse(double[] gLambdaIn, double[] gBias, int n, int rows) {
        return sum(gLambdaIn, Layers.backwardReverse(body, gLambdaIn, gBias, n, rows));
    }

    @Override
    String export(OnnxExport onnx, String input) {
        return onnx.node("Add", List.of(input, Layers.export(body, onnx, input)));
    }

    private static double[] sum(double[] a, double[] b) {
        double[] out = a.clone();
        Dense.addInto(out, b);
        return out;
    }
}
