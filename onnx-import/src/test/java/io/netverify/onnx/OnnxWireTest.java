package io.netverify.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netverify.onnx.OnnxWire.AttributeMsg;
import io.netverify.onnx.OnnxWire.Dimension;
import io.netverify.onnx.OnnxWire.Numbers;
import io.netverify.onnx.OnnxWire.TensorMsg;
import io.netverify.onnx.OnnxWire.ValueInfoMsg;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The wire decoder against protobuf's generated ONNX classes (tribuo's): every field the reader uses must
 * come out the same, on every shared network, on corrupted and merged models, and on packed encodings.
 */
class OnnxWireTest {
    @Test
    void everySharedNetworkDecodesAsProtobufParsesIt() throws IOException {
        Path benchmarks = SharedData.file("benchmarks");
        List<Path> models;
        try (Stream<Path> s = Files.walk(benchmarks)) {
            models = s.filter(p -> p.getFileName().toString().matches(".*\\.onnx(\\.gz)?")).sorted().toList();
        }
        assertFalse(models.isEmpty(), "no networks under " + benchmarks);
        for (Path p : models) {
            byte[] bytes = OnnxModel.readBytes(p);
            assertSame(ModelProto.parseFrom(bytes), OnnxWire.model(bytes), p.toString());
        }
    }

    /** Flipped bytes and truncations: whatever protobuf accepts decodes the same; what it rejects, this does not accept differently. */
    @Test
    void corruptedModelsDecodeAsProtobufParsesThemOrFail() throws IOException {
        Random rnd = new Random(11);
        int accepted = 0;
        for (byte[] model : sampleModels()) {
            for (int trial = 0; trial < 400; trial++) {
                byte[] b = trial % 5 == 0 ? java.util.Arrays.copyOf(model, rnd.nextInt(model.length)) : model.clone();
                for (int k = 1 + rnd.nextInt(3); k > 0 && b.length > 0 && trial % 5 != 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                ModelProto expected;
                try {
                    expected = ModelProto.parseFrom(b);
                } catch (InvalidProtocolBufferException e) {
                    continue; // protobuf also checks fields the reader skips unparsed: those may be accepted here
                }
                accepted++;
                try {
                    assertSame(expected, OnnxWire.model(b), "trial " + trial);
                } catch (IOException e) {
                    fail("trial " + trial + ": protobuf accepts what the wire decoder rejects: " + e);
                }
            }
        }
        assertTrue(accepted > 200, "too few corrupted models were still valid protobuf: " + accepted);
    }

    @Test
    void messagesSeenTwiceAreMergedAsProtobufMergesThem() throws IOException {
        List<byte[]> ms = sampleModels();
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(ms.get(0));
        both.write(ms.get(1));
        byte[] b = both.toByteArray();
        OnnxWire.Model m = OnnxWire.model(b);
        assertSame(ModelProto.parseFrom(b), m, "concatenated models");
        assertEquals(ModelProto.parseFrom(ms.get(0)).getGraph().getNodeCount() + ModelProto.parseFrom(ms.get(1)).getGraph().getNodeCount(),
            m.graph.nodes.size());
    }

    @Test
    void packedAndUnpackedNumbersReadTheSame() throws IOException {
        ByteArrayOutputStream tensor = new ByteArrayOutputStream();
        CodedOutputStream t = CodedOutputStream.newInstance(tensor);
        t.writeTag(1, 2); // dims, packed
        t.writeUInt32NoTag(CodedOutputStream.computeInt64SizeNoTag(2) + CodedOutputStream.computeInt64SizeNoTag(3));
        t.writeInt64NoTag(2);
        t.writeInt64NoTag(3);
        t.writeInt32(2, 1); // FLOAT
        t.writeTag(4, 2); // float_data, packed: 4 values
        t.writeUInt32NoTag(16);
        for (float v : new float[] {1.5f, -2f, Float.MIN_VALUE, 3e38f}) {
            t.writeFloatNoTag(v);
        }
        t.writeFloat(4, 7f); // two more, unpacked
        t.writeFloat(4, -0f);
        t.writeString(8, "w");
        t.writeInt32(14, 7); // a data_location number onnx.proto does not have: unknown, ignored
        t.flush();
        byte[] model = ModelProto.newBuilder()
            .setGraph(GraphProto.newBuilder().addInitializer(TensorProto.parseFrom(tensor.toByteArray()))).build().toByteArray();
        // the generated classes re-encode unpacked, so splice the packed bytes in by hand as well
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        CodedOutputStream g = CodedOutputStream.newInstance(graph);
        g.writeByteArray(5, tensor.toByteArray());
        g.flush();
        ByteArrayOutputStream handMade = new ByteArrayOutputStream();
        CodedOutputStream m = CodedOutputStream.newInstance(handMade);
        m.writeByteArray(7, graph.toByteArray());
        m.flush();
        for (byte[] b : List.of(model, handMade.toByteArray())) {
            TensorMsg w = OnnxWire.model(b).graph.initializers.get(0);
            assertSame(ModelProto.parseFrom(b), OnnxWire.model(b), "tensor");
            assertEquals(6, w.floatData.size());
            assertEquals(Float.MIN_VALUE, (float) w.floatData.doubleAt(2));
            assertFalse(w.external);
        }
    }

    @Test
    void aModelThatIsNotProtobufIsOneCleanError() {
        byte[] b = {(byte) 0x3a, (byte) 0x7f, 1, 2}; // graph field whose length runs past the end
        assertThrows(InvalidProtocolBufferException.class, () -> ModelProto.parseFrom(b));
        ModelException e = assertThrows(ModelException.class, () -> OnnxModel.parse(b, "x.onnx"));
        assertTrue(e.getMessage().startsWith("x.onnx: not a valid ONNX model (truncated or corrupt protobuf: "), e.getMessage());
    }

    /** Small models with every attribute type the reader decodes, initializers and symbolic dimensions. */
    private static List<byte[]> sampleModels() {
        byte[] conv = new OnnxModelBuilder().input("x", DataType.FLOAT, 1, 1, 4, 4)
            .initializer("w", Tensor.of(Shape.of(1, 1, 2, 2), 0.5, -1, 2, 0.25), DataType.FLOAT)
            .node("Conv", List.of("x", "w"), List.of("c"), Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {1, 1}))
            .node("LeakyRelu", List.of("c"), List.of("r"), Map.of("alpha", 0.1))
            .node("Flatten", List.of("r"), List.of("y"), Map.of("axis", 1L))
            .output("y", DataType.FLOAT, 1, 9).build();
        ModelProto.Builder extra = ModelProto.newBuilder().setProducerName("p").setProducerVersion("1").setIrVersion(8);
        extra.addOpsetImportBuilder().setDomain("").setVersion(13);
        extra.addOpsetImportBuilder().setDomain("com.example").setVersion(2);
        GraphProto.Builder g = extra.getGraphBuilder().setName("g");
        g.addInputBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(1).setShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3)))));
        g.addInitializer(TensorProto.newBuilder().setName("k").setDataType(7).addDims(2).addInt64Data(-4).addInt64Data(1L << 40));
        g.addInitializer(TensorProto.newBuilder().setName("h").setDataType(10).addDims(1).addInt32Data(0x3c00));
        g.addInitializer(TensorProto.newBuilder().setName("d").setDataType(11).addDims(1).addDoubleData(Math.PI));
        NodeProto.Builder n = g.addNodeBuilder().setOpType("Custom").setDomain("com.example").setName("n").addInput("x").addOutput("y");
        n.addAttribute(AttributeProto.newBuilder().setName("s").setType(AttributeProto.AttributeType.STRING)
            .setS(ByteString.copyFromUtf8("\u00e9t\u00e9")));
        n.addAttribute(AttributeProto.newBuilder().setName("ss").setType(AttributeProto.AttributeType.STRINGS)
            .addStrings(ByteString.copyFromUtf8("a")).addStrings(ByteString.copyFrom(new byte[] {(byte) 0xff})));
        n.addAttribute(AttributeProto.newBuilder().setName("fs").setType(AttributeProto.AttributeType.FLOATS)
            .addFloats(1.25f).addFloats(Float.NaN));
        n.addAttribute(AttributeProto.newBuilder().setName("t").setType(AttributeProto.AttributeType.TENSOR)
            .setT(TensorProto.newBuilder().setDataType(1).addDims(1).setRawData(ByteString.copyFrom(new byte[] {0, 0, (byte) 0x80, 0x3f}))));
        n.addAttribute(AttributeProto.newBuilder().setName("g").setType(AttributeProto.AttributeType.GRAPH)
            .setG(GraphProto.newBuilder().setName("sub")));
        g.addOutputBuilder().setName("y");
        return List.of(conv, extra.build().toByteArray());
    }

    private static void assertSame(ModelProto e, OnnxWire.Model a, String where) {
        assertEquals(e.getProducerName(), a.producerName, where);
        assertEquals(e.getProducerVersion(), a.producerVersion, where);
        assertEquals(e.getOpsetImportCount(), a.opsets.size(), where);
        for (int i = 0; i < a.opsets.size(); i++) {
            assertEquals(e.getOpsetImport(i).getDomain(), a.opsets.get(i).domain, where);
            assertEquals(e.getOpsetImport(i).getVersion(), a.opsets.get(i).version, where);
        }
        assertEquals(e.hasGraph(), a.graph != null, where);
        if (a.graph == null) {
            return;
        }
        GraphProto g = e.getGraph();
        assertEquals(g.getName(), a.graph.name, where);
        assertEquals(g.getNodeCount(), a.graph.nodes.size(), where);
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            OnnxWire.NodeMsg m = a.graph.nodes.get(i);
            String at = where + " node " + i;
            assertEquals(n.getName(), m.name, at);
            assertEquals(n.getOpType(), m.opType, at);
            assertEquals(n.getDomain(), m.domain, at);
            assertEquals(n.getInputList(), m.inputs, at);
            assertEquals(n.getOutputList(), m.outputs, at);
            assertEquals(n.getAttributeCount(), m.attributes.size(), at);
            for (int k = 0; k < n.getAttributeCount(); k++) {
                assertSameAttribute(n.getAttribute(k), m.attributes.get(k), at + " attribute " + k);
            }
        }
        assertEquals(g.getInitializerCount(), a.graph.initializers.size(), where);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            assertSameTensor(g.getInitializer(i), a.graph.initializers.get(i), where + " initializer " + i);
        }
        assertSameValues(g.getInputList(), a.graph.inputs, where + " inputs");
        assertSameValues(g.getOutputList(), a.graph.outputs, where + " outputs");
    }

    private static void assertSameAttribute(AttributeProto e, AttributeMsg a, String where) {
        assertEquals(e.getName(), a.name, where);
        assertEquals(e.getType().name(), a.typeName(), where);
        assertEquals(Float.floatToRawIntBits(e.getF()), Float.floatToRawIntBits(a.f), where);
        assertEquals(e.getI(), a.i, where);
        assertEquals(e.getS(), a.s, where);
        assertSameTensor(e.getT(), a.tensor(), where + " t");
        assertEquals(e.getFloatsCount(), a.floats.size(), where);
        for (int i = 0; i < a.floats.size(); i++) {
            assertEquals(Float.floatToRawIntBits(e.getFloats(i)), Float.floatToRawIntBits((float) a.floats.doubleAt(i)), where);
        }
        assertEquals(e.getIntsList(), boxed(a.ints), where);
        assertEquals(e.getStringsList(), a.strings, where);
    }

    private static void assertSameTensor(TensorProto e, TensorMsg a, String where) {
        assertEquals(e.getName(), a.name, where);
        assertEquals(e.getDataType(), a.dataType, where);
        assertEquals(e.getDimsList(), boxed(a.dims), where);
        assertEquals(e.hasRawData(), a.rawData != null, where);
        if (e.hasRawData()) {
            assertEquals(e.getRawData(), a.rawData, where);
        }
        assertEquals(e.getInt32DataList(), boxed(a.int32Data).stream().map(Long::intValue).toList(), where);
        assertEquals(e.getInt64DataList(), boxed(a.int64Data), where);
        assertEquals(e.getUint64DataList(), boxed(a.uint64Data), where);
        assertEquals(e.getFloatDataCount(), a.floatData.size(), where);
        for (int i = 0; i < a.floatData.size(); i++) {
            assertEquals(Float.floatToRawIntBits(e.getFloatData(i)), Float.floatToRawIntBits((float) a.floatData.doubleAt(i)), where);
        }
        assertEquals(e.getDoubleDataCount(), a.doubleData.size(), where);
        for (int i = 0; i < a.doubleData.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(e.getDoubleData(i)), a.doubleData.longAt(i), where);
        }
        assertEquals(e.getExternalDataCount(), a.externalData, where);
        assertEquals(e.getDataLocation() == TensorProto.DataLocation.EXTERNAL, a.external, where);
    }

    private static void assertSameValues(List<ValueInfoProto> e, List<ValueInfoMsg> a, String where) {
        assertEquals(e.size(), a.size(), where);
        for (int i = 0; i < e.size(); i++) {
            ValueInfoProto v = e.get(i);
            ValueInfoMsg w = a.get(i);
            assertEquals(v.getName(), w.name, where);
            boolean tensor = v.getType().hasTensorType();
            assertEquals(tensor, w.type != null && w.type.tensorType != null, where + " " + v.getName());
            if (!tensor) {
                continue;
            }
            TypeProto.Tensor t = v.getType().getTensorType();
            assertEquals(t.getElemType(), w.type.tensorType.elemType, where);
            assertEquals(t.hasShape(), w.type.tensorType.shape != null, where);
            if (!t.hasShape()) {
                continue;
            }
            List<TensorShapeProto.Dimension> dims = t.getShape().getDimList();
            assertEquals(dims.size(), w.type.tensorType.shape.size(), where);
            for (int k = 0; k < dims.size(); k++) {
                Dimension d = w.type.tensorType.shape.get(k);
                assertEquals(dims.get(k).hasDimValue(), d.value != null, where);
                assertEquals(dims.get(k).hasDimParam(), d.param != null, where);
                if (d.value != null) {
                    assertEquals(dims.get(k).getDimValue(), (long) d.value, where);
                } else if (d.param != null) {
                    assertEquals(dims.get(k).getDimParam(), d.param, where);
                }
            }
        }
    }

    private static List<Long> boxed(Numbers n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(n.longAt(i));
        }
        return out;
    }
}
