package io.netverify.benchmarks.fuzz;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.netverify.onnx.DataType;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.OnnxWriter;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Random small ONNX networks (DAGs over the importer's operators, written with {@link OnnxModelBuilder}
 * so that the importer's normalisation passes run on them) with random input boxes. Weights come
 * from a normal distribution, from extreme magnitudes (1e-300 to 1e300), from a few exactly tied
 * values, or a mix; they are stored as float64, float32 or float16 (with a Cast, as exporters
 * write reduced-precision weights). Residual adds, shared inputs, cancellations such as
 * {@code relu(x) - relu(x)}, and convolution blocks are drawn too.
 */
public final class RandomNetworks {
    static final List<String> UNARY = List.of("Relu", "LeakyRelu", "Abs", "Neg", "Sigmoid", "Tanh", "Exp", "Sin", "Cos",
        "Sign", "Clip", "Softmax", "Identity", "Cast", "Pow");
    static final List<String> POSITIVE = List.of("Log", "Sqrt", "Reciprocal", "Div");
    static final List<String> FAMILIES = List.of("Gemm", "MatMul", "unary", "positive", "constant", "binary",
        "cancel", "Concat", "Slice", "Reduce", "image", "curveEdge");

    private final SplittableRandom rnd;
    private final long seed;
    private final OnnxModelBuilder model = new OnnxModelBuilder();
    private final Set<String> features = new TreeSet<>();
    private final Set<String> float16 = new HashSet<>();
    private final List<String> values = new ArrayList<>();
    private final List<int[]> dims = new ArrayList<>();
    private String weightKind;
    private DataType storage;
    /** The network's element type: its input, output and every computed value. */
    private DataType netType;
    /** Decimal exponent of this case's extreme weights. */
    private int scaleExponent;
    private int counter;

    private final int maxInputs;

    private RandomNetworks(long seed, int maxInputs) {
        this.seed = seed;
        this.rnd = new SplittableRandom(seed);
        this.maxInputs = maxInputs;
    }

    /** The case drawn from {@code seed} (1 to 10 inputs). */
    public static FuzzCase draw(long seed) {
        return draw(seed, 10);
    }

    /** The case drawn from {@code seed} with at most {@code maxInputs} inputs. */
    public static FuzzCase draw(long seed, int maxInputs) {
        return new RandomNetworks(seed, maxInputs).build();
    }

    private FuzzCase build() {
        weightKind = pick("normal", "normal", "extreme", "ties", "mixed");
        netType = rnd.nextInt(3) == 0 ? DataType.FLOAT : DataType.DOUBLE;
        storage = rnd.nextInt(6) == 0 ? DataType.FLOAT16 : netType;
        // extreme magnitudes as far as the storage type holds them
        scaleExponent = switch (storage) {
            case DOUBLE -> rnd.nextInt(-300, 301);
            case FLOAT -> rnd.nextInt(-35, 36);
            default -> rnd.nextInt(-3, 2);
        };
        if (!weightKind.equals("normal") && !weightKind.equals("ties") && Math.abs(scaleExponent) > 3) {
            features.add("extreme");
        }
        if (storage == DataType.FLOAT16) {
            features.add("float16");
        }
        int n = rnd.nextInt(1, maxInputs + 1);
        model.input("x", netType, 1, n);
        values.add("x");
        dims.add(new int[] {1, n});
        int steps = rnd.nextInt(1, 7);
        for (int s = 0; s < steps; s++) {
            step(FAMILIES.get(rnd.nextInt(FAMILIES.size())));
        }
        String last = values.get(values.size() - 1);
        int[] d = dims.get(dims.size() - 1);
        if (d.length != 2 || d[1] > 6 || rnd.nextInt(3) == 0) {
            last = flat(last, d);
            last = gemm(last, Enclosure.size(d), rnd.nextInt(1, 5));
        }
        int outs = dims.get(dims.size() - 1)[1];
        model.output(last, netType, 1, outs);
        String boxKind = pick("normal", "normal", "degenerate", "tiny", "huge", "one-sided", "far");
        double[][] box = box(boxKind, n);
        if (boxKind.equals("huge") || boxKind.equals("far") || boxKind.equals("one-sided")) {
            features.add("extreme");
        }
        return new FuzzCase(seed, bytes(), box[0], box[1], weightKind + "/" + storage.name().toLowerCase(), boxKind,
            Set.copyOf(features));
    }

    private String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private int pickValue() {
        // mostly the newest value, sometimes an older one (shared inputs, residual branches)
        return rnd.nextInt(3) == 0 ? rnd.nextInt(values.size()) : values.size() - 1;
    }

    private String fresh() {
        return "v" + counter++;
    }

    private String add(String op, List<String> inputs, Map<String, ?> attributes, int[] outDims) {
        String out = fresh();
        model.node(op, inputs, List.of(out), attributes);
        features.add(op);
        values.add(out);
        dims.add(outDims);
        return out;
    }

    private void step(String family) {
        int i = pickValue();
        String v = values.get(i);
        int[] d = dims.get(i);
        if (d.length != 2 && !family.equals("unary") && !family.equals("binary") && !family.equals("constant")) {
            v = flat(v, d);
            d = new int[] {1, Enclosure.size(d)};
        }
        int width = d[d.length - 1];
        switch (family) {
            case "Gemm" -> gemm(v, width, rnd.nextInt(1, 9));
            case "MatMul" -> {
                int out = rnd.nextInt(1, 9);
                String mm = add("MatMul", List.of(v, weight(new int[] {width, out}, width)), Map.of(), new int[] {1, out});
                add("Add", List.of(mm, weight(new int[] {out}, 1)), Map.of(), new int[] {1, out});
            }
            case "unary" -> unary(UNARY.get(rnd.nextInt(UNARY.size())), v, d);
            case "positive" -> positive(POSITIVE.get(rnd.nextInt(POSITIVE.size())), v, d);
            case "constant" -> {
                String op = pick("Add", "Sub", "Mul", "Div");
                int[] cd = rnd.nextBoolean() ? new int[] {d[d.length - 1]} : new int[0];
                String c = weight(cd, 1);
                if (op.equals("Div")) {
                    c = nonzero(cd);
                }
                add(op, rnd.nextBoolean() || op.equals("Div") ? List.of(v, c) : List.of(c, v), Map.of(), d);
            }
            case "binary" -> {
                int j = sameShape(d);
                String op = pick("Add", "Sub", "Mul", "Max", "Min");
                add(op, List.of(v, values.get(j)), Map.of(), d);
            }
            case "cancel" -> {
                String op = pick("Relu", "Abs", "Sigmoid", "Identity");
                String a = unary(op, v, d);
                // the same value twice, or the same operator applied twice to the same input
                String b = rnd.nextBoolean() ? a : unary(op, v, d);
                add("Sub", List.of(a, b), Map.of(), d);
            }
            case "Concat" -> {
                int j = rnd.nextInt(values.size());
                int[] dj = dims.get(j);
                String other = dj.length == 2 ? values.get(j) : flat(values.get(j), dj);
                int w2 = Enclosure.size(dj);
                if (width + w2 <= 16) {
                    add("Concat", List.of(v, other), Map.of("axis", 1L), new int[] {1, width + w2});
                }
            }
            case "Slice" -> {
                int s = rnd.nextInt(width);
                int e = rnd.nextInt(s + 1, width + 1);
                add("Slice", List.of(v, ints(s), ints(e), ints(1)), Map.of(), new int[] {1, e - s});
            }
            case "Reduce" -> {
                String op = pick("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin");
                if (op.equals("ReduceSum")) {
                    add(op, List.of(v, ints(1)), Map.of("keepdims", 1L), new int[] {1, 1});
                } else {
                    add(op, List.of(v), Map.of("axes", new long[] {1}, "keepdims", 1L), new int[] {1, 1});
                }
            }
            case "image" -> image(v, width);
            case "curveEdge" -> curveEdge(v, d);
            default -> throw new IllegalStateException(family);
        }
    }

    private String unary(String op, String v, int[] d) {
        return switch (op) {
            case "LeakyRelu" -> add(op, List.of(v), Map.of("alpha", rnd.nextBoolean() ? 0.01 : rnd.nextDouble(-2, 2)), d);
            case "Clip" -> {
                double a = rnd.nextGaussian();
                String lo = weight(new int[0], 1);
                String hi = fresh();
                model.initializer(hi, Tensor.of(Shape.SCALAR, Math.abs(a) + valueOf(lo)), netType);
                yield add(op, List.of(v, lo, hi), Map.of(), d);
            }
            case "Softmax" -> add(op, List.of(v), Map.of("axis", -1L), d);
            case "Cast" -> {
                // a float32 round trip in a float64 network (a cast to the value's own type is a no-op)
                if (netType == DataType.FLOAT) {
                    yield add("Identity", List.of(v), Map.of(), d);
                }
                String narrow = add(op, List.of(v), Map.of("to", (long) DataType.FLOAT.onnxCode()), d);
                yield add(op, List.of(narrow), Map.of("to", (long) DataType.DOUBLE.onnxCode()), d);
            }
            case "Pow" -> {
                String p = fresh();
                model.initializer(p, Tensor.of(Shape.SCALAR, rnd.nextBoolean() ? 2 : 3), netType);
                yield add(op, List.of(v, p), Map.of(), d);
            }
            default -> add(op, List.of(v), Map.of(), d);
        };
    }

    private final java.util.Map<String, Double> scalars = new java.util.HashMap<>();

    private double valueOf(String scalar) {
        return scalars.getOrDefault(scalar, 0.0);
    }

    /**
     * A curve where float64 runs out: the value shifted by up to +-750 (exp overflows above 709.78
     * and is subnormal below -708), then Exp (and Reciprocal, Log or Sqrt of it), Sigmoid or Tanh.
     */
    private void curveEdge(String v, int[] d) {
        features.add("extreme");
        String shift = fresh();
        double c = rnd.nextDouble(-750, 750);
        model.initializer(shift, Tensor.of(Shape.SCALAR, netType == DataType.FLOAT ? (float) c : c), netType);
        String z = add("Add", List.of(v, shift), Map.of(), d);
        switch (pick("Exp", "Reciprocal", "Log", "Sqrt", "Sigmoid", "Tanh")) {
            case "Sigmoid" -> add("Sigmoid", List.of(z), Map.of(), d);
            case "Tanh" -> add("Tanh", List.of(z), Map.of(), d);
            case "Exp" -> add("Exp", List.of(z), Map.of(), d);
            default -> {
                String e = add("Exp", List.of(z), Map.of(), d);
                add(pick("Reciprocal", "Log", "Sqrt"), List.of(e), Map.of(), d);
            }
        }
    }

    /** Log, Sqrt, Reciprocal or Div by a computed value, of a value made positive first. */
    private void positive(String op, String v, int[] d) {
        String p = switch (rnd.nextInt(3)) {
            case 0 -> add("Exp", List.of(v), Map.of(), d);
            case 1 -> add("Add", List.of(add("Abs", List.of(v), Map.of(), d), positiveScalar()), Map.of(), d);
            default -> add("Add", List.of(add("Mul", List.of(v, v), Map.of(), d), positiveScalar()), Map.of(), d);
        };
        if (op.equals("Div")) {
            add(op, List.of(values.get(sameShape(d)), p), Map.of(), d);
        } else {
            add(op, List.of(p), Map.of(), d);
        }
    }

    private String positiveScalar() {
        String c = fresh();
        double m = Math.abs(draw(1)) + 1e-3;
        model.initializer(c, Tensor.of(Shape.SCALAR, netType == DataType.FLOAT ? (float) m : m), netType);
        return c;
    }

    /** A Reshape to an image, Conv / BatchNorm / pool / ReLU on it, and Flatten back. */
    private void image(String v, int width) {
        int c = rnd.nextInt(1, 3);
        int h = rnd.nextInt(2, 5);
        int w = rnd.nextInt(2, 5);
        String flatIn = gemm(v, width, c * h * w);
        String img = add("Reshape", List.of(flatIn, ints(1, c, h, w)), Map.of(), new int[] {1, c, h, w});
        int[] d = {1, c, h, w};
        int blocks = rnd.nextInt(1, 4);
        for (int b = 0; b < blocks; b++) {
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    int m = rnd.nextInt(1, 3);
                    int k = rnd.nextInt(1, Math.min(d[2], d[3]) + 1);
                    long pad = rnd.nextInt(0, k);
                    long stride = rnd.nextInt(1, 3);
                    int oh = (int) ((d[2] + 2 * pad - k) / stride + 1);
                    int ow = (int) ((d[3] + 2 * pad - k) / stride + 1);
                    img = add("Conv", List.of(img, weight(new int[] {m, d[1], k, k}, d[1] * k * k), weight(new int[] {m}, 1)),
                        Map.of("pads", new long[] {pad, pad, pad, pad}, "strides", new long[] {stride, stride},
                            "kernel_shape", new long[] {k, k}), new int[] {1, m, oh, ow});
                    d = dims.get(dims.size() - 1);
                }
                case 1 -> {
                    int ch = d[1];
                    String var = fresh();
                    double[] vv = new double[ch];
                    for (int i = 0; i < ch; i++) {
                        vv[i] = Math.abs(draw(1)) + 0.01;
                    }
                    model.initializer(var, Tensor.of(Shape.of(ch), vv), netType);
                    img = add("BatchNormalization", List.of(img, weight(new int[] {ch}, 1), weight(new int[] {ch}, 1),
                        weight(new int[] {ch}, 1), var), Map.of("epsilon", 1e-5), d);
                }
                case 2, 3 -> {
                    String op = rnd.nextBoolean() ? "MaxPool" : "AveragePool";
                    int k = rnd.nextInt(1, Math.min(d[2], d[3]) + 1);
                    long pad = rnd.nextInt(0, (k + 1) / 2);
                    int oh = (int) ((d[2] + 2 * pad - k) + 1);
                    int ow = (int) ((d[3] + 2 * pad - k) + 1);
                    img = add(op, List.of(img), Map.of("kernel_shape", new long[] {k, k}, "pads", new long[] {pad, pad, pad, pad}),
                        new int[] {d[0], d[1], oh, ow});
                    d = dims.get(dims.size() - 1);
                }
                default -> img = add("Relu", List.of(img), Map.of(), d);
            }
        }
        if (rnd.nextInt(4) == 0) {
            add("GlobalAveragePool", List.of(img), Map.of(), new int[] {1, d[1], 1, 1});
        }
        int[] last = dims.get(dims.size() - 1);
        flat(values.get(values.size() - 1), last);
    }

    private String flat(String v, int[] d) {
        if (d.length == 2) {
            return v;
        }
        return add("Flatten", List.of(v), Map.of("axis", 1L), new int[] {1, Enclosure.size(d)});
    }

    private String gemm(String v, int in, int out) {
        boolean transB = rnd.nextBoolean();
        int[] wd = transB ? new int[] {out, in} : new int[] {in, out};
        Map<String, Object> attrs = new java.util.HashMap<>(Map.of("transB", transB ? 1L : 0L));
        if (rnd.nextInt(5) == 0) {
            attrs.put("alpha", pick("0.5", "2", "-1.5").equals("0.5") ? 0.5 : 2.0);
            attrs.put("beta", rnd.nextBoolean() ? 1.0 : 0.25);
        }
        return add("Gemm", List.of(v, weight(wd, in), weight(new int[] {out}, 1)), attrs, new int[] {1, out});
    }

    /** The index of a value with dims d (v itself when it is the only one). */
    private int sameShape(int[] d) {
        List<Integer> same = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (java.util.Arrays.equals(dims.get(i), d)) {
                same.add(i);
            }
        }
        return same.get(rnd.nextInt(same.size()));
    }

    private String ints(long... v) {
        String name = fresh();
        model.initializer(name, Tensor.ints(v));
        return name;
    }

    private double draw(int fanIn) {
        String kind = weightKind.equals("mixed") ? pick("normal", "extreme", "ties") : weightKind;
        return switch (kind) {
            case "ties" -> new double[] {-1, -0.5, 0, 0, 0.5, 1, 2}[rnd.nextInt(7)];
            case "extreme" -> {
                double mantissa = rnd.nextDouble(1, 10) * (rnd.nextBoolean() ? 1 : -1);
                int e = scaleExponent + rnd.nextInt(-2, 3);
                yield rnd.nextInt(10) == 0 ? 0 : mantissa * Math.pow(10, e);
            }
            default -> rnd.nextGaussian() / Math.sqrt(fanIn);
        };
    }

    /** A weight with no zero element (a divisor). */
    private String nonzero(int[] d) {
        nonzeroWanted = true;
        String name = weight(d, 1);
        nonzeroWanted = false;
        return name;
    }

    /** A weight tensor in this case's storage type; float16 weights get a Cast to float64. */
    private String weight(int[] d, int fanIn) {
        double[] data = new double[Enclosure.size(d)];
        for (int i = 0; i < data.length; i++) {
            data[i] = draw(fanIn);
            if (storage == DataType.FLOAT) {
                data[i] = (float) data[i];
            } else if (storage == DataType.FLOAT16) {
                data[i] = Half.round(data[i]);
            }
            if (data[i] == 0 && nonzeroWanted) {
                data[i] = 1;
            }
        }
        String name = fresh();
        if (d.length == 0) {
            scalars.put(name, data[0]);
        }
        Tensor t = Tensor.of(Shape.of(d), data);
        if (storage == DataType.FLOAT16) {
            model.initializer(name, t, DataType.DOUBLE);
            float16.add(name);
            String cast = fresh();
            model.node("Cast", List.of(name), List.of(cast), Map.of("to", (long) netType.onnxCode()));
            if (d.length == 0) {
                scalars.put(cast, data[0]);
            }
            return cast;
        }
        model.initializer(name, t, storage);
        return name;
    }

    private boolean nonzeroWanted;

    private double[][] box(String kind, int n) {
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            double c = rnd.nextGaussian();
            double w = Math.pow(10, rnd.nextDouble(-3, 1));
            switch (kind) {
                case "degenerate" -> w = rnd.nextBoolean() ? 0 : w;
                case "tiny" -> w = Math.ulp(c) * rnd.nextInt(1, 100);
                case "huge" -> {
                    c = 0;
                    w = Math.pow(10, rnd.nextInt(10, 309));
                    w = Double.isFinite(w) ? w : Double.MAX_VALUE;
                }
                case "far" -> c = Math.pow(10, rnd.nextInt(-300, 301)) * (rnd.nextBoolean() ? 1 : -1);
                default -> {
                }
            }
            if (kind.equals("one-sided")) {
                double far = Math.pow(10, rnd.nextInt(0, 300));
                lo[i] = rnd.nextBoolean() ? 0 : -far;
                hi[i] = lo[i] == 0 ? far : 0;
            } else if (kind.equals("huge")) {
                lo[i] = -w / 2;
                hi[i] = w / 2;
            } else {
                lo[i] = c - w / 2;
                hi[i] = c + w / 2;
                if (kind.equals("far")) {
                    lo[i] = c - Math.abs(c) * 1e-3;
                    hi[i] = c + Math.abs(c) * 1e-3;
                }
            }
            if (lo[i] > hi[i]) {
                hi[i] = lo[i];
            }
        }
        return new double[][] {lo, hi};
    }

    /** The model's bytes, with the float16 weights re-encoded as FLOAT16 tensors. */
    private byte[] bytes() {
        ModelProto proto = OnnxWriter.toProto(model);
        GraphProto.Builder g = proto.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            if (float16.contains(t.getName())) {
                ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer half = ByteBuffer.allocate(raw.remaining() / 4).order(ByteOrder.LITTLE_ENDIAN);
                while (raw.hasRemaining()) {
                    half.putShort(Half.bits(raw.getDouble()));
                }
                g.setInitializer(i, t.toBuilder().setDataType(DataType.FLOAT16.onnxCode()).setRawData(ByteString.copyFrom(half.array())));
            }
        }
        return proto.toBuilder().setGraph(g).build().toByteArray();
    }
}
