package io.netverify.onnx;

import com.google.protobuf.ByteString;
import io.netverify.onnx.OnnxWire.AttributeMsg;
import io.netverify.onnx.OnnxWire.Dimension;
import io.netverify.onnx.OnnxWire.NodeMsg;
import io.netverify.onnx.OnnxWire.OpsetId;
import io.netverify.onnx.OnnxWire.TensorMsg;
import io.netverify.onnx.OnnxWire.ValueInfoMsg;
import io.netverify.onnx.ops.Operators;
import io.netverify.onnx.ops.Opset;
import io.netverify.onnx.passes.GraphPass;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model as read from the file, before shape inference and normalisation: what
 * {@code verify info} reports even when some operator is unsupported. {@link #toGraph()} makes the IR.
 */
public final class OnnxModel {
    private final String source;
    private final long opset;
    private final String producer;
    private final String graphName;
    private final List<ValueInfo> inputs;
    private final List<String> outputs;
    private final List<Node> nodes;
    private final Map<String, Tensor> initializers;

    private OnnxModel(String source, long opset, String producer, String graphName, List<ValueInfo> inputs,
                      List<String> outputs, List<Node> nodes, Map<String, Tensor> initializers) {
        this.source = source;
        this.opset = opset;
        this.producer = producer;
        this.graphName = graphName;
        this.inputs = inputs;
        this.outputs = outputs;
        this.nodes = nodes;
        this.initializers = initializers;
    }

    /** Reads an ONNX file, gzipped or not (see {@link InputFiles}); every problem is a {@link ModelException} naming the file. */
    public static OnnxModel read(Path file) {
        return parse(readBytes(file), file.toString());
    }

    /**
     * The bytes of an ONNX file, gunzipped if it is gzipped (see {@link InputFiles}), for {@link #parse};
     * a missing or unreadable file is a {@link ModelException} naming it.
     */
    public static byte[] readBytes(Path file) {
        try {
            return InputFiles.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelException(file + ": no such file");
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses ONNX bytes; {@code source} names them in error messages. */
    public static OnnxModel parse(byte[] bytes, String source) {
        OnnxWire.Model model;
        try {
            model = OnnxWire.model(bytes);
        } catch (IOException e) {
            throw new ModelException(source + ": not a valid ONNX model (truncated or corrupt protobuf: " + e.getMessage() + ")");
        }
        OnnxWire.Graph g = model.graph;
        if (g == null || g.nodes.isEmpty() && g.outputs.isEmpty()) {
            throw new ModelException(source + ": not a valid ONNX model (no graph)");
        }
        long opset = -1;
        for (OpsetId id : model.opsets) {
            if (id.domain.isEmpty() || id.domain.equals("ai.onnx")) {
                opset = id.version;
            }
        }
        if (opset < 0) {
            opset = model.opsets.isEmpty() ? 1 : 0;
        }
        Map<String, Tensor> inits = new LinkedHashMap<>();
        for (TensorMsg t : g.initializers) {
            inits.put(t.name, checkFinite(TensorDecoder.decode(t, source + ": initializer '" + t.name + "'"),
                source + ": initializer '" + t.name + "'"));
        }
        List<ValueInfo> ins = new ArrayList<>();
        for (ValueInfoMsg v : g.inputs) {
            if (!inits.containsKey(v.name)) {
                ins.add(inputInfo(v, source, ins.isEmpty()));
            }
        }
        if (ins.isEmpty()) {
            throw new ModelException(source + ": the graph has no inputs");
        }
        List<String> outs = new ArrayList<>();
        for (ValueInfoMsg v : g.outputs) {
            outs.add(v.name);
        }
        if (outs.isEmpty()) {
            throw new ModelException(source + ": the graph has no outputs");
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (NodeMsg n : g.nodes) {
            String name = n.name.isEmpty() || !names.add(n.name) ? n.opType + "_" + nodes.size() : n.name;
            String op = n.domain.isEmpty() || n.domain.equals("ai.onnx") ? n.opType : n.domain + ":" + n.opType;
            // operators whose semantics changed across opsets read it from here (see Opset)
            Attributes attrs = attributes(n, name, source).with(Opset.ATTRIBUTE, opset);
            nodes.add(new Node(name, op, n.inputs, n.outputs, attrs));
        }
        return new OnnxModel(source, opset, model.producerName + " " + model.producerVersion, g.name,
            List.copyOf(ins), List.copyOf(outs), List.copyOf(nodes), inits);
    }

    private static ValueInfo inputInfo(ValueInfoMsg v, String source, boolean first) {
        if (v.type == null || v.type.tensorType == null) {
            throw new ModelException(source + ": input '" + v.name + "' is not a tensor");
        }
        var tt = v.type.tensorType;
        DataType type = DataType.fromOnnx(tt.elemType);
        if (type == null || !type.isFloating()) {
            throw new ModelException(source + ": input '" + v.name + "' has element type code " + tt.elemType
                + "; only floating-point inputs are supported");
        }
        if (tt.shape == null) {
            throw new ModelException(source + ": input '" + v.name + "' has no shape; static shapes are required");
        }
        List<Dimension> dims = tt.shape;
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            Dimension dim = dims.get(i);
            if (dim.value != null && dim.value > 0) {
                d[i] = dim.value;
            } else if (i == 0) {
                d[i] = 1; // symbolic or unknown leading dimension: the batch, evaluated one sample at a time
            } else {
                String what = dim.param != null ? "symbolic ('" + dim.param + "')"
                    : "unknown or " + (dim.value == null ? 0 : dim.value);
                throw new ModelException(source + ": input '" + v.name + "' dimension " + i + " is " + what
                    + " and cannot be resolved; only the leading (batch) dimension may be dynamic");
            }
        }
        Shape shape;
        try {
            shape = Shape.of(d);
        } catch (IllegalArgumentException e) {
            throw new ModelException(source + ": input '" + v.name + "': " + e.getMessage());
        }
        if (shape.size() > GraphInference.MAX_ELEMENTS) {
            throw new ModelException(source + ": input '" + v.name + "' has shape " + shape + " (" + shape.size()
                + " elements); at most " + GraphInference.MAX_ELEMENTS + " are supported");
        }
        return new ValueInfo(v.name, type, shape);
    }

    private static Attributes attributes(NodeMsg n, String nodeName, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (AttributeMsg a : n.attributes) {
            String what = source + ": " + n.opType + " node '" + nodeName + "' attribute '" + a.name + "'";
            Object v = switch (a.typeName()) {
                case "FLOAT" -> (double) a.f;
                case "INT" -> a.i;
                case "STRING" -> a.s.toStringUtf8();
                case "TENSOR" -> checkFinite(TensorDecoder.decode(a.tensor(), what), what);
                case "FLOATS" -> {
                    double[] f = new double[a.floats.size()];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = a.floats.doubleAt(i);
                    }
                    yield f;
                }
                case "INTS" -> a.ints.longs();
                case "STRINGS" -> a.strings.stream().map(ByteString::toStringUtf8).toArray(String[]::new);
                default -> throw new ModelException(what + " has type " + a.typeName() + ", which is not supported");
            };
            m.put(a.name, v);
        }
        return new Attributes(m);
    }

    private static Tensor checkFinite(Tensor t, String what) {
        int bad = t.type().isFloating() ? t.firstNonFinite() : -1;
        if (bad >= 0) {
            throw new ModelException(what + " contains " + t.get(bad) + " at index " + bad + "; weights must be finite");
        }
        return t;
    }

    public String source() {
        return source;
    }

    public long opset() {
        return opset;
    }

    public String producer() {
        return producer;
    }

    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Map<String, Tensor> initializers() {
        return initializers;
    }

    /** Each unsupported node as "Op (node 'name', opset N)", in graph order. */
    public List<String> unsupportedOperators() {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) {
            if (!Operators.isSupported(n.opType())) {
                out.add(n.opType() + " (node '" + n.name() + "', opset " + opset + ")");
            }
        }
        return out;
    }

    /** Shape inference and constant folding, without normalisation: the graph as exported. */
    public Graph toRawGraph() {
        List<String> unsupported = unsupportedOperators();
        if (!unsupported.isEmpty()) {
            throw new ModelException(source + ": unsupported operator" + (unsupported.size() > 1 ? "s: " : ": ")
                + String.join(", ", unsupported));
        }
        String name = graphName.isEmpty() ? Path.of(source).getFileName().toString() : graphName;
        return GraphInference.build(source, name, opset, inputs, outputs, nodes, initializers);
    }

    /**
     * The normalisation passes {@link #toGraph()} applies to {@link #toRawGraph()}, in order: each
     * preserves the graph's function (exactly, or up to the float64 rounding of folded constants).
     */
    public static List<GraphPass> normalizationPasses() {
        return Normalizer.passes();
    }

    /** The normalised graph IR: folded, with affine ops fused, views made explicit and one output. */
    public Graph toGraph() {
        return Normalizer.normalize(toRawGraph(), source);
    }
}
