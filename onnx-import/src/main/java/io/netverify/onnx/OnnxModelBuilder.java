package io.netverify.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fluent description of a small ONNX model (one graph, default domain), turned into ONNX bytes by
 * {@link OnnxWriter}. Meant for tests and tools that need real ONNX files with chosen export
 * variations: initializers or Constant nodes, raw or typed tensor fields, float32 or float64
 * weights, symbolic batch dimensions.
 *
 * <p>Tensors are stored with their own {@link Tensor#type()} unless a storage type is given;
 * storable types are FLOAT, DOUBLE and INT64.
 */
public final class OnnxModelBuilder {
    /** A dimension value that is written as the symbolic dimension {@value #BATCH_PARAM}. */
    public static final long BATCH = -1;
    public static final String BATCH_PARAM = "N";

    /** A graph input or output: name, element type and dimensions ({@link #BATCH} = symbolic). */
    record Port(String name, DataType type, long[] dims) {
    }

    private final List<Port> inputs = new ArrayList<>();
    private final List<Port> outputs = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private long opset = 17;
    private TensorEncoding encoding = TensorEncoding.RAW_DATA;
    private boolean initializersAsInputs;

    public OnnxModelBuilder input(String name, DataType type, long... dims) {
        inputs.add(port(name, type, dims));
        return this;
    }

    public OnnxModelBuilder output(String name, DataType type, long... dims) {
        outputs.add(port(name, type, dims));
        return this;
    }

    /** A weight stored as a graph initializer with element type {@code storage}. */
    public OnnxModelBuilder initializer(String name, Tensor value, DataType storage) {
        if (initializers.putIfAbsent(name, value.withType(storage)) != null) {
            throw new IllegalArgumentException("duplicate initializer '" + name + "'");
        }
        return this;
    }

    /** A weight stored as a graph initializer with the tensor's own element type. */
    public OnnxModelBuilder initializer(String name, Tensor value) {
        return initializer(name, value, value.type());
    }

    /** A value produced by a Constant node (as some exporters do) instead of an initializer. */
    public OnnxModelBuilder constantNode(String name, Tensor value, DataType storage) {
        return node("Constant", List.of(), List.of(name), Map.of("value", value.withType(storage)));
    }

    public OnnxModelBuilder constantNode(String name, Tensor value) {
        return constantNode(name, value, value.type());
    }

    /**
     * A node; attribute values are Long or Integer (INT), Double or Float (FLOAT), String, long[]
     * (INTS), double[] (FLOATS), String[] (STRINGS) or {@link Tensor}. Nodes must be added in
     * topological order; each gets the name {@code <opType>_<index>}.
     */
    public OnnxModelBuilder node(String opType, List<String> inputs, List<String> outputs, Map<String, ?> attributes) {
        String name = opType + "_" + nodes.size();
        nodes.add(new Node(name, opType, inputs, outputs, new Attributes(new LinkedHashMap<>(attributes))));
        return this;
    }

    public OnnxModelBuilder node(String opType, List<String> inputs, List<String> outputs) {
        return node(opType, inputs, outputs, Map.of());
    }

    /** The default-domain opset version (17 unless set). */
    public OnnxModelBuilder opset(long version) {
        if (version < 1) {
            throw new IllegalArgumentException("opset must be positive, got " + version);
        }
        opset = version;
        return this;
    }

    /** How every tensor of the model is stored (raw_data unless set). */
    public OnnxModelBuilder tensorEncoding(TensorEncoding encoding) {
        this.encoding = encoding;
        return this;
    }

    /**
     * Also lists every initializer as a graph input, as exporters for IR version 3 did (and some
     * still do); runtimes then treat them as inputs with default values.
     */
    public OnnxModelBuilder initializersAsInputs(boolean on) {
        initializersAsInputs = on;
        return this;
    }

    /** The model as serialised ONNX ModelProto bytes. */
    public byte[] build() {
        return OnnxWriter.toBytes(this);
    }

    /** Writes the model to {@code file} atomically (see {@link AtomicFiles}). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, build());
    }

    List<Port> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    List<Port> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    Map<String, Tensor> initializers() {
        return Collections.unmodifiableMap(initializers);
    }

    List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    long opset() {
        return opset;
    }

    TensorEncoding encoding() {
        return encoding;
    }

    boolean initializersAsInputs() {
        return initializersAsInputs;
    }

    private static Port port(String name, DataType type, long[] dims) {
        for (long d : dims) {
            if (d < 0 && d != BATCH) {
                throw new IllegalArgumentException("dimension " + d + " of '" + name + "' is negative (use BATCH for symbolic)");
            }
        }
        return new Port(name, type, dims.clone());
    }
}
