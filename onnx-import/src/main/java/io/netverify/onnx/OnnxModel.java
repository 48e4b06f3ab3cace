package io.netverify.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
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
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException(source + ": not a valid ONNX model (truncated or corrupt protobuf: " + e.getMessage() + ")");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0 && model.getGraph().getOutputCount() == 0) {
            throw new ModelException(source + ": not a valid ONNX model (no graph)");
        }
        long opset = -1;
        for (OperatorSetIdProto id : model.getOpsetImportList()) {
            if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                opset = id.getVersion();
            }
        }
        if (opset < 0) {
            opset = model.getOpsetImportCount() == 0 ? 1 : 0;
        }
        GraphProto g = model.getGraph();
        Map<String, Tensor> inits = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            inits.put(t.getName(), checkFinite(TensorDecoder.decode(t, source + ": initializer '" + t.getName() + "'"),
                source + ": initializer '" + t.getName() + "'"));
        }
        List<ValueInfo> ins = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!inits.containsKey(v.getName())) {
                ins.add(inputInfo(v, source, ins.isEmpty()));
            }
        }
        if (ins.isEmpty()) {
            throw new ModelException(source + ": the graph has no inputs");
        }
        List<String> outs = g.getOutputList().stream().map(ValueInfoProto::getName).toList();
        if (outs.isEmpty()) {
            throw new ModelException(source + ": the graph has no outputs");
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            String name = n.getName().isEmpty() || !names.add(n.getName()) ? n.getOpType() + "_" + nodes.size() : n.getName();
            String op = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
            // operators whose semantics changed across opsets read it from here (see Opset)
            Attributes attrs = attributes(n, name, source).with(Opset.ATTRIBUTE, opset);
            nodes.add(new Node(name, op, n.getInputList(), n.getOutputList(), attrs));
        }
        return new OnnxModel(source, opset, model.getProducerName() + " " + model.getProducerVersion(), g.getName(),
            List.copyOf(ins), outs, List.copyOf(nodes), inits);
    }

    private static ValueInfo inputInfo(ValueInfoProto v, String source, boolean first) {
        if (!v.getType().hasTensorType()) {
            throw new ModelException(source + ": input '" + v.getName() + "' is not a tensor");
        }
        var tt = v.getType().getTensorType();
        DataType type = DataType.fromOnnx(tt.getElemType());
        if (type == null || !type.isFloating()) {
            throw new ModelException(source + ": input '" + v.getName() + "' has element type code " + tt.getElemType()
                + "; only floating-point inputs are supported");
        }
        if (!tt.hasShape()) {
            throw new ModelException(source + ": input '" + v.getName() + "' has no shape; static shapes are required");
        }
        List<TensorShapeProto.Dimension> dims = tt.getShape().getDimList();
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            TensorShapeProto.Dimension dim = dims.get(i);
            if (dim.hasDimValue() && dim.getDimValue() > 0) {
                d[i] = dim.getDimValue();
            } else if (i == 0) {
                d[i] = 1; // symbolic or unknown leading dimension: the batch, evaluated one sample at a time
            } else {
                String what = dim.hasDimParam() ? "symbolic ('" + dim.getDimParam() + "')" : "unknown or " + dim.getDimValue();
                throw new ModelException(source + ": input '" + v.getName() + "' dimension " + i + " is " + what
                    + " and cannot be resolved; only the leading (batch) dimension may be dynamic");
            }
        }
        Shape shape;
        try {
            shape = Shape.of(d);
        } catch (IllegalArgumentException e) {
            throw new ModelException(source + ": input '" + v.getName() + "': " + e.getMessage());
        }
        if (shape.size() > GraphInference.MAX_ELEMENTS) {
            throw new ModelException(source + ": input '" + v.getName() + "' has shape " + shape + " (" + shape.size()
                + " elements); at most " + GraphInference.MAX_ELEMENTS + " are supported");
        }
        return new ValueInfo(v.getName(), type, shape);
    }

    private static Attributes attributes(NodeProto n, String nodeName, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            String what = source + ": " + n.getOpType() + " node '" + nodeName + "' attribute '" + a.getName() + "'";
            Object v = switch (a.getType()) {
                case FLOAT -> (double) a.getF();
                case INT -> a.getI();
                case STRING -> a.getS().toStringUtf8();
                case TENSOR -> checkFinite(TensorDecoder.decode(a.getT(), what), what);
                case FLOATS -> {
                    double[] f = new double[a.getFloatsCount()];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = a.getFloats(i);
                    }
                    yield f;
                }
                case INTS -> a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                case STRINGS -> a.getStringsList().stream().map(s -> s.toStringUtf8()).toArray(String[]::new);
                default -> throw new ModelException(what + " has type " + a.getType() + ", which is not supported");
            };
            m.put(a.getName(), v);
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
