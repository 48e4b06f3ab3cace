package io.netverify.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Raw tensor data decodes value for value, little-endian, whether read in bulk (float, double) or one by one. */
class TensorDecoderTest {
    private static final float[] FLOATS = {0f, -0f, 1.5f, -3.25e-3f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, 1e-38f, 7f};
    private static final double[] DOUBLES = {0, -0.0, 1e-300, -Double.MIN_VALUE, Double.MAX_VALUE, 0.1, -1e300};

    private static OnnxWire.TensorMsg raw(TensorProto.DataType type, int n, ByteBuffer bytes) {
        bytes.flip();
        OnnxWire.TensorMsg t = new OnnxWire.TensorMsg();
        t.dataType = type.getNumber();
        t.dims.add(n);
        t.rawData = ByteString.copyFrom(bytes);
        return t;
    }

    /** {@code values} written {@code width} bytes each by {@code put} decode to the same doubles, bit for bit. */
    private static void assertDecodes(TensorProto.DataType type, int width, double[] values, BiConsumer<ByteBuffer, Double> put) {
        ByteBuffer b = ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            put.accept(b, v);
        }
        Tensor t = TensorDecoder.decode(raw(type, values.length, b), "t");
        for (int i = 0; i < values.length; i++) {
            assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(t.get(i)), "value " + i);
        }
    }

    @Test
    void floatsDecodeExactly() {
        double[] values = new double[FLOATS.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = FLOATS[i];
        }
        assertDecodes(TensorProto.DataType.FLOAT, 4, values, (b, v) -> b.putFloat((float) (double) v));
    }

    @Test
    void doublesDecodeExactly() {
        assertDecodes(TensorProto.DataType.DOUBLE, 8, DOUBLES, ByteBuffer::putDouble);
    }

    @Test
    void otherTypesStillDecodeOneByOne() {
        ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) -2).putShort((short) 300).putShort(Short.MIN_VALUE);
        Tensor t = TensorDecoder.decode(raw(TensorProto.DataType.INT16, 3, b), "t");
        assertEquals(-2, t.get(0));
        assertEquals(300, t.get(1));
        assertEquals(Short.MIN_VALUE, t.get(2));
    }
}
