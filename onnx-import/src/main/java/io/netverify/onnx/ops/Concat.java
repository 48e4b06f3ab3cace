package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;

/** ONNX Concat: joins the inputs along {@code axis} (required; negative counts from the end). */
public final class Concat implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        List<Shape> shapes = inputs.stream().map(v -> v == null ? null : v.shape()).toList();
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), outputShape(shapes, axis(node, shapes))));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        List<Shape> shapes = inputs.stream().map(t -> t == null ? null : t.shape()).toList();
        int axis = axis(node, shapes);
        Shape out = outputShape(shapes, axis);
        int[] dims = out.dims();
        int outer = Shape.of(Arrays.copyOfRange(dims, 0, axis)).size();
        double[] y = new double[out.size()];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (Tensor t : inputs) {
                int block = t.size() / Math.max(1, outer);
                System.arraycopy(t.backingArray(), o * block, y, pos, block);
                pos += block;
            }
        }
        return List.of(new Tensor(inputs.get(0).type(), out, y));
    }

    private static int axis(Node node, List<Shape> shapes) {
        if (shapes.isEmpty() || shapes.contains(null)) {
            throw new IllegalArgumentException("needs at least one input and no omitted inputs");
        }
        if (!node.attributes().has("axis")) {
            throw new IllegalArgumentException("missing attribute axis");
        }
        return shapes.get(0).axis(node.attributes().getInt("axis", 0));
    }

    private static Shape outputShape(List<Shape> shapes, int axis) {
        int[] dims = shapes.get(0).dims();
        dims[axis] = 0;
        for (Shape s : shapes) {
            if (s.rank() != dims.length) {
                throw new IllegalArgumentException("inputs of different ranks: " + shapes);
            }
            for (int a = 0; a < dims.length; a++) {
                if (a != axis && s.dim(a) != dims[a]) {
                    throw new IllegalArgumentException("shapes " + shapes + " differ outside axis " + axis);
                }
            }
            dims[axis] += s.dim(axis);
        }
        return Shape.of(dims);
    }
}
