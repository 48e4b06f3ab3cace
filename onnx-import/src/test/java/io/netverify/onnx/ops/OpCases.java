package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds single-node cases for operator tests and runs them through inference and evaluation. */
final class OpCases {
    private OpCases() {
    }

    /** Attributes from name/value pairs (ints as Long/long[], floats as Double/double[], strings, tensors). */
    static Attributes attrs(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            m.put((String) pairs[i], v instanceof Integer n ? Long.valueOf(n) : v);
        }
        return new Attributes(m);
    }

    static long[] ints(long... v) {
        return v;
    }

    /** A node with inputs in0..in(n-1) (null entries of {@link #run} become omitted inputs) and outputs y0... */
    static Node node(String op, Attributes a, int inputs, int outputs) {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            in.add("in" + i);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            out.add("y" + i);
        }
        return new Node("n_" + op, op, in, out, a);
    }

    static Tensor t(int[] dims, double... data) {
        return Tensor.of(Shape.of(dims), data);
    }

    static int[] dims(int... d) {
        return d;
    }

    static Tensor random(Random rnd, int... dims) {
        double[] d = new double[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian();
        }
        return Tensor.of(Shape.of(dims), d);
    }

    /**
     * Infers (every given input counted as constant) and evaluates {@code op} on {@code inputs}
     * (null = omitted), checks that inference predicts the evaluated types and shapes, and
     * returns the outputs.
     */
    static List<Tensor> run(String op, Attributes a, int outputs, Tensor... inputs) {
        Node node = node(op, a, inputs.length, outputs);
        Operator impl = Operators.find(op).orElseThrow();
        List<ValueInfo> infos = new ArrayList<>();
        List<Tensor> values = Arrays.asList(inputs);
        for (int i = 0; i < inputs.length; i++) {
            infos.add(inputs[i] == null ? null : new ValueInfo("in" + i, inputs[i].type(), inputs[i].shape()));
        }
        List<ValueInfo> inferred = impl.infer(node, infos, values);
        List<Tensor> result = impl.evaluate(node, values);
        assertEquals(inferred.size(), result.size(), "number of outputs");
        for (int i = 0; i < result.size(); i++) {
            assertEquals("y" + i, inferred.get(i).name());
            assertEquals(inferred.get(i).shape(), result.get(i).shape(), "inferred shape of output " + i);
            assertEquals(inferred.get(i).type(), result.get(i).type(), "inferred type of output " + i);
        }
        return result;
    }

    static Tensor run1(String op, Attributes a, Tensor... inputs) {
        return run(op, a, 1, inputs).get(0);
    }

    /** Inferred output shapes with input 0 a non-constant of the given shape and the others constant. */
    static Shape inferShape(String op, Attributes a, Shape data, Tensor... constants) {
        Node node = node(op, a, constants.length + 1, 1);
        List<ValueInfo> infos = new ArrayList<>();
        List<Tensor> values = new ArrayList<>();
        infos.add(new ValueInfo("in0", DataType.FLOAT, data));
        values.add(null);
        for (int i = 0; i < constants.length; i++) {
            infos.add(constants[i] == null ? null : new ValueInfo("in" + (i + 1), constants[i].type(), constants[i].shape()));
            values.add(constants[i]);
        }
        return Operators.find(op).orElseThrow().infer(node, infos, values).get(0).shape();
    }

    static void assertTensor(Tensor actual, int[] dims, double... expected) {
        assertEquals(Shape.of(dims), actual.shape());
        assertArrayEquals(expected, actual.data(), 1e-12);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
