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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs single operators the way the importer and evaluator do: looked up by op type through
 * {@link Operators}, shape inference first (every input passed as a constant unless told), then
 * evaluation; checks that evaluation produced exactly the inferred types and shapes.
 */
final class OpTesting {
    private OpTesting() {
    }

    /** Attributes from alternating names and values. */
    static Attributes attrs(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return new Attributes(m);
    }

    /** A node with inputs in0, in1... (empty name for a null input) and outputs out0... */
    static Node node(String op, Attributes attributes, List<Tensor> inputs, int outputs) {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            in.add(inputs.get(i) == null ? "" : "in" + i);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            out.add("out" + i);
        }
        return new Node("n_" + op, op, in, out, attributes);
    }

    static Operator op(String type) {
        return Operators.find(type).orElseThrow(() -> new AssertionError("no operator class for " + type));
    }

    /** Infers then evaluates {@code op} with one output; all inputs are constants. */
    static Tensor run(String op, Attributes attributes, Tensor... inputs) {
        return runAll(op, attributes, 1, inputs).get(0);
    }

    static List<Tensor> runAll(String op, Attributes attributes, int outputs, Tensor... inputs) {
        List<Tensor> args = Arrays.asList(inputs);
        Node node = node(op, attributes, args, outputs);
        List<ValueInfo> inferred = infer(op, node, args, args);
        List<Tensor> results = op(op).evaluate(node, args);
        assertEquals(inferred.size(), results.size(), op + ": number of outputs");
        for (int i = 0; i < results.size(); i++) {
            assertEquals(node.outputs().get(i), inferred.get(i).name(), op + ": inferred output name");
            assertEquals(inferred.get(i).shape(), results.get(i).shape(), op + ": evaluated vs inferred shape");
            assertEquals(inferred.get(i).type(), results.get(i).type(), op + ": evaluated vs inferred type");
        }
        return results;
    }

    /** Shape inference with the given constant values (null entries: computed inputs). */
    static List<ValueInfo> infer(String op, Node node, List<Tensor> inputs, List<Tensor> constants) {
        List<ValueInfo> infos = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = inputs.get(i);
            infos.add(t == null ? null : new ValueInfo(node.inputs().get(i), t.type(), t.shape()));
        }
        return op(op).infer(node, infos, constants);
    }

    static ValueInfo inferOne(String op, Attributes attributes, Tensor... inputs) {
        List<Tensor> args = Arrays.asList(inputs);
        return infer(op, node(op, attributes, args, 1), args, args).get(0);
    }

    static Tensor random(Random rnd, double scale, int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = scale * (2 * rnd.nextDouble() - 1);
        }
        return Tensor.of(s, d);
    }

    static Tensor typed(DataType type, int[] dims, double... values) {
        return new Tensor(type, Shape.of(dims), values);
    }

    static void assertClose(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(expected - actual) <= tolerance * Math.max(1, Math.abs(expected)),
            what + ": expected " + expected + " got " + actual);
    }

    static void assertAllClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], tolerance, what + " [" + i + "]");
        }
    }

    /** Row-major multi-index of a flat index. */
    static int[] unflatten(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return idx;
    }

    /**
     * The element of {@code t} that numpy broadcasting pairs with multi-index {@code idx} of a
     * result of rank idx.length: trailing alignment, size-1 axes repeat. Written independently of
     * {@link Broadcast} as the tests' reference.
     */
    static double at(Tensor t, int[] idx) {
        int[] dims = t.shape().dims();
        int offset = idx.length - dims.length;
        int flat = 0;
        for (int d = 0; d < dims.length; d++) {
            int i = dims[d] == 1 ? 0 : idx[d + offset];
            flat = flat * dims[d] + i;
        }
        return t.get(flat);
    }
}
