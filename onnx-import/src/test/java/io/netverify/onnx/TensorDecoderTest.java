package io.netverify.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Raw tensor data decodes value for value, little-endian, whether read in bulk (float, double) or one by one. */
class TensorDecoderTest {
    private static final float[] FLOATS = {0f, -0f, 1.5f, -3.25e-3f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, 1e-38f, 7f};
    private static final double[] DOUBLES = {0, -0.0, 1e-300, -Double.MIN_VALUE, Double.MAX_VALUE, 0.1, -1e300};

    private static TensorProto raw(TensorProto.DataType type, int n, ByteBuffer bytes) {
        bytes.flip();
        return TensorProto.newBuilder().setDataType(type.getNumber()).addDims(n).setName("t")
            .setRawData(ByteString.copyFrom(bytes)).build();
    }

    @Test
    void floatsDecodeExactly() {
        ByteBuffer b = ByteBuffer.allocate(4 * FLOATS.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : FLOATS) {
            b.putFloat(f);
        }
        Tensor t = TensorDecoder.decode(raw(TensorProto.DataType.FLOAT, FLOATS.length, b), "t");
        for (int i = 0; i < FLOATS.length; i++) {
            assertEquals(Double.doubleToRawLongBits(FLOATS[i]), Double.doubleToRawLongBits(t.get(i)), "value " + i);
        }
    }

    @Test
    void doublesDecodeExactly() {
        ByteBuffer b = ByteBuffer.allocate(8 * DOUBLES.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : DOUBLES) {
            b.putDouble(d);
        }
        Tensor t = TensorDecoder.decode(raw(TensorProto.DataType.DOUBLE, DOUBLES.length, b), "t");
        for (int i = 0; i < DOUBLES.length; i++) {
            assertEquals(Double.doubleToRawLongBits(DOUBLES[i]), Double.doubleToRawLongBits(t.get(i)), "value " + i);
        }
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
