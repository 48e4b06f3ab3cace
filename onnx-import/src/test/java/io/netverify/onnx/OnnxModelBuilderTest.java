package io.netverify.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protobuf structure that {@link OnnxModelBuilder} and {@link OnnxWriter} produce. */
class OnnxModelBuilderTest {
    private static final Tensor VALUES = Tensor.of(Shape.of(2, 2), 0.1, -2.5, 3, 1e-3);

    @Test
    void rawDataIsLittleEndianInTheStorageType() {
        TensorProto f = OnnxWriter.tensor("w", VALUES.withType(DataType.FLOAT), TensorEncoding.RAW_DATA);
        assertEquals(TensorProto.DataType.FLOAT_VALUE, f.getDataType());
        assertEquals(List.of(2L, 2L), f.getDimsList());
        assertEquals(0, f.getFloatDataCount());
        ByteBuffer fb = f.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16, fb.remaining());
        for (double v : VALUES.data()) {
            assertEquals((float) v, fb.getFloat());
        }

        TensorProto d = OnnxWriter.tensor("w", VALUES, TensorEncoding.RAW_DATA);
        assertEquals(TensorProto.DataType.DOUBLE_VALUE, d.getDataType());
        ByteBuffer db = d.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (double v : VALUES.data()) {
            assertEquals(v, db.getDouble());
        }

        TensorProto l = OnnxWriter.tensor("shape", Tensor.ints(-1, 1L << 40), TensorEncoding.RAW_DATA);
        assertEquals(TensorProto.DataType.INT64_VALUE, l.getDataType());
        ByteBuffer lb = l.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-1, lb.getLong());
        assertEquals(1L << 40, lb.getLong());
    }

    @Test
    void typedFieldsHoldTheValuesAndNoRawData() {
        TensorProto f = OnnxWriter.tensor("w", VALUES.withType(DataType.FLOAT), TensorEncoding.TYPED_FIELDS);
        assertTrue(f.getRawData().isEmpty());
        assertEquals(List.of(0.1f, -2.5f, 3f, 1e-3f), f.getFloatDataList());

        TensorProto d = OnnxWriter.tensor("w", VALUES, TensorEncoding.TYPED_FIELDS);
        assertTrue(d.getRawData().isEmpty());
        assertEquals(List.of(0.1, -2.5, 3.0, 1e-3), d.getDoubleDataList());

        TensorProto l = OnnxWriter.tensor("s", Tensor.ints(3, -4), TensorEncoding.TYPED_FIELDS);
        assertEquals(List.of(3L, -4L), l.getInt64DataList());
    }

    @Test
    void scalarTensorHasNoDims() {
        TensorProto s = OnnxWriter.tensor("c", Tensor.scalar(7), TensorEncoding.TYPED_FIELDS);
        assertEquals(0, s.getDimsCount());
        assertEquals(List.of(7.0), s.getDoubleDataList());
    }

    @Test
    void unstorableTensorsAreRejected() {
        IllegalArgumentException int32 = assertThrows(IllegalArgumentException.class,
            () -> OnnxWriter.tensor("k", Tensor.zeros(DataType.INT32, Shape.of(2)), TensorEncoding.RAW_DATA));
        assertTrue(int32.getMessage().contains("'k'") && int32.getMessage().contains("INT32"), int32.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
            () -> OnnxWriter.tensor("idx", Tensor.of(Shape.of(1), 0.5).withType(DataType.INT64), TensorEncoding.TYPED_FIELDS));
        assertTrue(fraction.getMessage().contains("'idx'") && fraction.getMessage().contains("0.5"), fraction.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> OnnxWriter.tensor("big", Tensor.of(Shape.of(1), 0x1p63).withType(DataType.INT64), TensorEncoding.RAW_DATA));
    }

    @Test
    void attributesGetTheirOnnxTypes() throws Exception {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("i", 3L);
        attrs.put("small", 4);
        attrs.put("f", 0.5);
        attrs.put("s", "tanh");
        attrs.put("ints", new long[] {1, -2});
        attrs.put("floats", new double[] {0.25, 2});
        attrs.put("strings", new String[] {"a", "b"});
        attrs.put("t", Tensor.ints(5));
        ModelProto model = ModelProto.parseFrom(new OnnxModelBuilder()
            .input("x", DataType.FLOAT, 1)
            .node("Custom", List.of("x"), List.of("y"), attrs)
            .output("y", DataType.FLOAT, 1)
            .build());
        List<AttributeProto> a = model.getGraph().getNode(0).getAttributeList();
        assertEquals(List.of("i", "small", "f", "s", "ints", "floats", "strings", "t"), a.stream().map(AttributeProto::getName).toList());
        assertEquals(List.of(AttributeType.INT, AttributeType.INT, AttributeType.FLOAT, AttributeType.STRING, AttributeType.INTS,
            AttributeType.FLOATS, AttributeType.STRINGS, AttributeType.TENSOR), a.stream().map(AttributeProto::getType).toList());
        assertEquals(3, a.get(0).getI());
        assertEquals(4, a.get(1).getI());
        assertEquals(0.5f, a.get(2).getF());
        assertEquals("tanh", a.get(3).getS().toStringUtf8());
        assertEquals(List.of(1L, -2L), a.get(4).getIntsList());
        assertEquals(List.of(0.25f, 2f), a.get(5).getFloatsList());
        assertEquals("b", a.get(6).getStrings(1).toStringUtf8());
        assertEquals(TensorProto.DataType.INT64_VALUE, a.get(7).getT().getDataType());
    }

    @Test
    void unsupportedAttributeValueNamesNodeAndAttribute() {
        OnnxModelBuilder b = new OnnxModelBuilder()
            .input("x", DataType.FLOAT, 1)
            .node("Relu", List.of("x"), List.of("y"), Map.of("bad", new int[] {1}))
            .output("y", DataType.FLOAT, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("'bad'") && e.getMessage().contains("Relu_0"), e.getMessage());
    }

    @Test
    void graphStructureFollowsTheDescription() throws Exception {
        ModelProto model = ModelProto.parseFrom(new OnnxModelBuilder()
            .opset(13)
            .input("x", DataType.DOUBLE, OnnxModelBuilder.BATCH, 2)
            .initializer("W", Tensor.of(Shape.of(2, 2), 1, 2, 3, 4), DataType.FLOAT)
            .constantNode("c", Tensor.scalar(1))
            .node("MatMul", List.of("x", "W"), List.of("m"))
            .node("Add", List.of("m", "c"), List.of("y"))
            .output("y", DataType.DOUBLE, OnnxModelBuilder.BATCH, 2)
            .build());
        assertEquals(7, model.getIrVersion());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(13, model.getOpsetImport(0).getVersion());
        GraphProto g = model.getGraph();
        assertEquals(List.of("x"), g.getInputList().stream().map(ValueInfoProto::getName).toList());
        List<Dimension> dims = g.getInput(0).getType().getTensorType().getShape().getDimList();
        assertEquals(OnnxModelBuilder.BATCH_PARAM, dims.get(0).getDimParam());
        assertEquals(2, dims.get(1).getDimValue());
        assertEquals(TensorProto.DataType.DOUBLE_VALUE, g.getInput(0).getType().getTensorType().getElemType());
        assertEquals(TensorProto.DataType.FLOAT_VALUE, g.getInitializer(0).getDataType());
        assertEquals(List.of("Constant", "MatMul", "Add"), g.getNodeList().stream().map(NodeProto::getOpType).toList());
        assertEquals(List.of("c"), g.getNode(0).getOutputList());
        assertEquals("y", g.getOutput(0).getName());
    }

    @Test
    void initializersAsInputsListsThemAfterTheRealInputs() throws Exception {
        GraphProto g = ModelProto.parseFrom(new OnnxModelBuilder()
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("W", Tensor.of(Shape.of(2, 1), 1, 2), DataType.FLOAT)
            .initializersAsInputs(true)
            .node("MatMul", List.of("x", "W"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 1)
            .build()).getGraph();
        assertEquals(List.of("x", "W"), g.getInputList().stream().map(ValueInfoProto::getName).toList());
        assertEquals(List.of(2L, 1L), g.getInput(1).getType().getTensorType().getShape().getDimList().stream()
            .map(Dimension::getDimValue).toList());
    }

    @Test
    void invalidDescriptionsAreRejected() {
        OnnxModelBuilder b = new OnnxModelBuilder().initializer("W", VALUES);
        assertThrows(IllegalArgumentException.class, () -> b.initializer("W", VALUES));
        assertThrows(IllegalArgumentException.class, () -> b.input("x", DataType.FLOAT, 1, -2));
        assertThrows(IllegalArgumentException.class, () -> b.opset(0));
    }

    @Test
    void writeReplacesTheFileAtomicallyAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/model.onnx");
        OnnxModelBuilder first = new OnnxModelBuilder().input("x", DataType.FLOAT, 1)
            .node("Relu", List.of("x"), List.of("y")).output("y", DataType.FLOAT, 1);
        first.write(file);
        assertArrayEquals(first.build(), Files.readAllBytes(file));
        OnnxModelBuilder second = new OnnxModelBuilder().input("x", DataType.FLOAT, 1)
            .node("Neg", List.of("x"), List.of("y")).output("y", DataType.FLOAT, 1);
        second.write(file);
        assertArrayEquals(second.build(), Files.readAllBytes(file));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList());
        }
    }
}
