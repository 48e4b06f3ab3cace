package io.netverify.training;

import io.netverify.onnx.Tensor;
import io.netverify.onnx.Shape;

import java.util.List;
import java.util.Map;

/** A fully connected layer {@code y = W x + b}, W of shape {@code out x in} (ONNX Gemm with transB = 1). */
public final class Linear extends WeightBiasLayer {
    private final int inputs;
    private final int outputs;

    Linear(Geometry in, int outputs, String name) {
        super(in, new Parameter(name + ".weight", outputs, in.size()), new Parameter(name + ".bias", outputs));
        if (in.image()) {
            throw new IllegalArgumentException(name + ": a fully connected layer needs flat inputs (add a Flatten), got " + in);
        }
        this.inputs = in.size();
        this.outputs = outputs;
    }

    @Override
    public Geometry output() {
        return Geometry.flat(outputs);
    }

    @Override
    double[] apply(double[] w, double[] x, int n) {
        return Dense.mulTransposed(x, n, inputs, w, outputs);
    }

    @Override
    double[] applyTransposed(double[] w, double[] g, int n) {
        return Dense.mul(g, n, outputs, w, inputs);
    }

    @Override
    void addWeightGradient(double[] gw, double[] g, double[] x, int n) {
        Dense.addTransposedProduct(gw, g, n, outputs, x, inputs);
    }

    @Override
    String export(OnnxExport onnx, String input) {
        String w = onnx.initializer(weight.name(), Tensor.of(Shape.of(outputs, inputs), weight.value().clone()));
        String b = onnx.initializer(bias.name(), Tensor.of(Shape.of(outputs), bias.value().clone()));
        return onnx.node("Gemm", List.of(input, w, b), Map.of("transB", 1L));
    }
}
