package io.netverify.onnx.ops;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.netverify.onnx.ops.OpTesting.attrs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the operators against ONNX Runtime, an independent implementation of the ONNX spec:
 * each case is a one-node model of a given opset run by ORT in float32 and by our operator in
 * float64 on the same float32 inputs (our node carrying the opset as {@link Opset#ATTRIBUTE}).
 * This pins down opset-dependent semantics such as Softmax's axis, axes attributes vs inputs
 * and Clip's bounds.
 */
class OnnxRuntimeConformanceTest {
    private static OrtEnvironment env;
    private final Random rnd = new Random(71);

    @BeforeAll
    static void start() {
        env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "conformance");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    private Tensor floats(int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (4 * rnd.nextDouble() - 2);
        }
        return new Tensor(DataType.FLOAT, s, d);
    }

    private Tensor positive(int... dims) {
        Tensor t = floats(dims);
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (Math.abs(d[i]) + 0.25);
        }
        return new Tensor(DataType.FLOAT, t.shape(), d);
    }

    private static Tensor bools(int[] dims, double... values) {
        return new Tensor(DataType.BOOL, Shape.of(dims), values);
    }

    @Test
    void elementwiseOperators() throws OrtException {
        for (String op : List.of("Neg", "Abs", "Exp", "Relu", "Sigmoid", "Tanh", "Sin", "Cos", "Erf", "Sign", "LeakyRelu")) {
            check(op, 13, Attributes.EMPTY, 1, floats(2, 3, 4));
        }
        for (String op : List.of("Sqrt", "Log", "Reciprocal")) {
            check(op, 13, Attributes.EMPTY, 1, positive(3, 4));
        }
        check("LeakyRelu", 16, attrs("alpha", (double) 0.3f), 1, floats(5));
        check("Gelu", 20, Attributes.EMPTY, 1, floats(2, 8));
        check("Gelu", 20, attrs("approximate", "tanh"), 1, floats(2, 8));
        check("Not", 13, Attributes.EMPTY, 1, bools(new int[] {4}, 1, 0, 0, 1));
        check("Cast", 13, attrs("to", (long) DataType.INT64.onnxCode()), 1, floats(6));
        check("Cast", 13, attrs("to", (long) DataType.BOOL.onnxCode()), 1, floats(6));
        check("Identity", 16, Attributes.EMPTY, 1, floats(3));
        check("Dropout", 12, Attributes.EMPTY, 2, floats(2, 3));
    }

    @Test
    void clipBoundsAsAttributesAndInputs() throws OrtException {
        Tensor x = floats(3, 4);
        check("Clip", 6, attrs("min", (double) -0.5f, "max", (double) 0.75f), 1, x);
        check("Clip", 6, attrs("max", (double) 0.75f), 1, x);
        check("Clip", 12, Attributes.EMPTY, 1, x, scalar(-0.5), scalar(0.75));
        check("Clip", 13, Attributes.EMPTY, 1, x, scalar(-0.5));
        check("Clip", 13, Attributes.EMPTY, 1, x, null, scalar(0.75));
    }

    @Test
    void broadcastingBinaryAndVariadicOperators() throws OrtException {
        for (String op : List.of("Add", "Sub", "Mul", "Div")) {
            check(op, 14, Attributes.EMPTY, 1, floats(2, 1, 4), positive(3, 1));
        }
        check("Pow", 15, Attributes.EMPTY, 1, positive(2, 3), floats(3));
        check("Pow", 15, Attributes.EMPTY, 1, floats(2, 3), scalar(2));
        Tensor a = new Tensor(DataType.FLOAT, Shape.of(2, 3), new double[] {0, 1, 2, 3, 1, 0});
        Tensor b = new Tensor(DataType.FLOAT, Shape.of(3), new double[] {1, 1, 2});
        for (String op : List.of("Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual")) {
            check(op, 16, Attributes.EMPTY, 1, a, b);
        }
        check("Where", 16, Attributes.EMPTY, 1, bools(new int[] {2, 1}, 1, 0), floats(1, 3), floats(2, 3));
        for (String op : List.of("Max", "Min", "Sum", "Mean")) {
            check(op, 13, Attributes.EMPTY, 1, floats(2, 1, 4), floats(3, 1), floats(4));
        }
    }

    @Test
    void softmaxAxisSemanticsPerOpset() throws OrtException {
        Tensor x = floats(2, 3, 4);
        for (String op : List.of("Softmax", "LogSoftmax")) {
            check(op, 11, Attributes.EMPTY, 1, x);
            check(op, 11, attrs("axis", 0L), 1, x);
            check(op, 11, attrs("axis", -1L), 1, x);
            check(op, 13, Attributes.EMPTY, 1, x);
            check(op, 13, attrs("axis", 1L), 1, x);
            check(op, 1, attrs("axis", 2L), 1, x);
        }
    }

    @Test
    void reductionsWithAxesAttributesAndInputs() throws OrtException {
        Tensor x = floats(2, 3, 4);
        check("ReduceSum", 11, attrs("axes", new long[] {1}, "keepdims", 0L), 1, x);
        check("ReduceSum", 11, Attributes.EMPTY, 1, x);
        check("ReduceSum", 13, Attributes.EMPTY, 1, x, Tensor.ints(-1, 0));
        check("ReduceSum", 13, attrs("keepdims", 0L), 1, x);
        check("ReduceSum", 13, attrs("noop_with_empty_axes", 1L), 1, x);
        for (String op : List.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd")) {
            check(op, 13, attrs("axes", new long[] {-2}), 1, x);
            check(op, 18, attrs("keepdims", 0L), 1, x, Tensor.ints(0, 2));
            check(op, 18, Attributes.EMPTY, 1, x);
        }
    }

    @Test
    void matrixProducts() throws OrtException {
        check("Gemm", 9, Attributes.EMPTY, 1, floats(3, 4), floats(4, 5), floats(5));
        check("Gemm", 11, attrs("transA", 1L, "transB", 1L, "alpha", (double) 0.5f, "beta", (double) 2f), 1,
            floats(4, 3), floats(5, 4), floats(3, 1));
        check("Gemm", 13, attrs("transB", 1L), 1, floats(3, 4), floats(5, 4));
        check("MatMul", 13, Attributes.EMPTY, 1, floats(2, 1, 3, 4), floats(3, 4, 5));
        check("MatMul", 13, Attributes.EMPTY, 1, floats(4), floats(2, 4, 5));
        check("MatMul", 13, Attributes.EMPTY, 1, floats(2, 3, 4), floats(4));
        check("MatMul", 13, Attributes.EMPTY, 1, floats(4), floats(4));
    }

    private static Tensor scalar(double v) {
        return new Tensor(DataType.FLOAT, Shape.SCALAR, new double[] {(float) v});
    }

    /** Runs the one-node model in ORT and our operator; compares types, shapes and values. */
    private void check(String op, long opset, Attributes attributes, int outputs, Tensor... inputs) throws OrtException {
        String what = op + " opset " + opset + " " + attributes;
        List<Tensor> ours = OpTesting.runAll(op, attributes.with(Opset.ATTRIBUTE, opset), outputs, inputs);
        try (OrtSession session = env.createSession(model(op, opset, attributes, outputs, inputs).toByteArray(),
                new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> feeds = new HashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] != null) {
                    feeds.put("in" + i, ortTensor(inputs[i]));
                }
            }
            try (OrtSession.Result result = session.run(feeds)) {
                for (int k = 0; k < outputs; k++) {
                    compare(what + " output " + k, ours.get(k), (OnnxTensor) result.get(k));
                }
            } finally {
                feeds.values().forEach(OnnxValue::close);
            }
        }
    }

    private static void compare(String what, Tensor ours, OnnxTensor theirs) {
        assertArrayEquals(theirs.getInfo().getShape(), toLongs(ours.shape().dims()), what + ": shape");
        OnnxJavaType type = theirs.getInfo().type;
        double[] expected = new double[ours.size()];
        switch (type) {
            case FLOAT -> {
                FloatBuffer b = theirs.getFloatBuffer();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = b.get(i);
                }
                assertEquals(DataType.FLOAT, ours.type(), what);
            }
            case INT64 -> {
                LongBuffer b = theirs.getLongBuffer();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = b.get(i);
                }
                assertEquals(DataType.INT64, ours.type(), what);
            }
            case BOOL -> {
                ByteBuffer b = theirs.getByteBuffer();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = b.get(i);
                }
                assertEquals(DataType.BOOL, ours.type(), what);
            }
            default -> throw new AssertionError(what + ": unexpected ORT output type " + type);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = ours.get(i);
            // ORT computes in float32: allow its rounding, relative to the magnitude.
            assertTrue(Math.abs(e - a) <= 2e-6 * Math.max(1, Math.abs(e)),
                what + " [" + i + "]: ORT " + e + ", ours " + a);
        }
    }

    private static long[] toLongs(int[] dims) {
        long[] r = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            r[i] = dims[i];
        }
        return r;
    }

    private static OnnxTensor ortTensor(Tensor t) throws OrtException {
        long[] shape = toLongs(t.shape().dims());
        double[] d = t.data();
        switch (t.type()) {
            case FLOAT -> {
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                return OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
            }
            case INT64 -> {
                return OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongs()), shape);
            }
            case BOOL -> {
                ByteBuffer b = ByteBuffer.allocateDirect(d.length).order(ByteOrder.nativeOrder());
                for (double v : d) {
                    b.put((byte) (v != 0 ? 1 : 0));
                }
                b.rewind();
                return OnnxTensor.createTensor(env, b, shape, OnnxJavaType.BOOL);
            }
            default -> throw new AssertionError("unsupported test input type " + t.type());
        }
    }

    /** A model with one node: inputs in0..., outputs out0...; output element types left to ORT's inference. */
    private static OnnxMl.ModelProto model(String op, long opset, Attributes attributes, int outputs, Tensor... inputs) {
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(op).setName("n");
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("g");
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                node.addInput("");
                continue;
            }
            node.addInput("in" + i);
            graph.addInput(valueInfo("in" + i, inputs[i].type(), inputs[i].shape().dims()));
        }
        for (int k = 0; k < outputs; k++) {
            node.addOutput("out" + k);
            graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("out" + k));
        }
        for (Map.Entry<String, Object> a : attributes.asMap().entrySet()) {
            node.addAttribute(attribute(a.getKey(), a.getValue()));
        }
        graph.addNode(node);
        return OnnxMl.ModelProto.newBuilder()
            .setIrVersion(opset >= 21 ? 10 : 8)
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
            .setGraph(graph)
            .build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, int[] dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (int d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        OnnxMl.TypeProto.Tensor.Builder tensor = OnnxMl.TypeProto.Tensor.newBuilder()
            .setElemType(type.onnxCode()).setShape(shape);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
            .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    private static OnnxMl.AttributeProto attribute(String name, Object value) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name);
        if (value instanceof Long l) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(l);
        } else if (value instanceof Double d) {
            a.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
        } else if (value instanceof String s) {
            a.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(com.google.protobuf.ByteString.copyFromUtf8(s));
        } else if (value instanceof long[] ls) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else {
            throw new AssertionError("unsupported test attribute " + name + " = " + value);
        }
        return a.build();
    }
}
