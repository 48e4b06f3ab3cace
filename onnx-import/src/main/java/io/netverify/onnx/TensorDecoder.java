package io.netverify.onnx;

import io.netverify.onnx.OnnxWire.Numbers;
import io.netverify.onnx.OnnxWire.TensorMsg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes ONNX TensorProtos (raw_data or the typed repeated fields, as {@link OnnxWire} read them) into {@link Tensor}s. */
final class TensorDecoder {
    private TensorDecoder() {
    }

    /** Decodes a tensor; {@code what} names it for error messages (e.g. "initializer 'w'"). */
    static Tensor decode(TensorMsg proto, String what) {
        DataType type = DataType.fromOnnx(proto.dataType);
        if (type == null || type == DataType.STRING || type == DataType.UNDEFINED) {
            throw new ModelException(what + " has unsupported element type code " + proto.dataType);
        }
        if (proto.external || proto.externalData > 0) {
            throw new ModelException(what + " stores its data in an external file, which is not supported");
        }
        Shape shape;
        try {
            shape = Shape.of(proto.dims.longs());
        } catch (IllegalArgumentException e) {
            throw new ModelException(what + " has an invalid shape: " + e.getMessage());
        }
        double[] data = proto.rawData != null ? fromRaw(proto, type, shape.size(), what) : fromFields(proto, type, what);
        if (data.length != shape.size()) {
            throw new ModelException(what + " has " + data.length + " values but its shape " + shape + " needs " + shape.size());
        }
        return new Tensor(type, shape, data);
    }

    private static double[] fromRaw(TensorMsg proto, DataType type, int n, String what) {
        ByteBuffer buf = proto.rawData.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int width = width(type);
        if (buf.remaining() != (long) n * width) {
            throw new ModelException(what + " has " + buf.remaining() + " bytes of raw data, expected " + (long) n * width);
        }
        double[] d = new double[n];
        // the common types in bulk: a model's first load runs this loop in the interpreter, per value
        if (type == DataType.FLOAT) {
            float[] f = new float[n];
            buf.asFloatBuffer().get(f);
            for (int i = 0; i < n; i++) {
                d[i] = f[i];
            }
            return d;
        }
        if (type == DataType.DOUBLE) {
            buf.asDoubleBuffer().get(d);
            return d;
        }
        for (int i = 0; i < n; i++) {
            d[i] = switch (type) {
                case INT64, UINT64 -> buf.getLong();
                case INT32, UINT32 -> type == DataType.UINT32 ? Integer.toUnsignedLong(buf.getInt()) : buf.getInt();
                case INT16 -> buf.getShort();
                case UINT16 -> Short.toUnsignedInt(buf.getShort());
                case FLOAT16 -> halfToFloat(buf.getShort());
                case BFLOAT16 -> Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                case INT8 -> buf.get();
                case UINT8, BOOL -> Byte.toUnsignedInt(buf.get());
                default -> throw new ModelException(what + ": cannot decode raw data of type " + type);
            };
        }
        return d;
    }

    private static double[] fromFields(TensorMsg proto, DataType type, String what) {
        return switch (type) {
            case FLOAT, DOUBLE -> doubles(type == DataType.FLOAT ? proto.floatData : proto.doubleData);
            case INT64 -> integers(proto.int64Data);
            case UINT32, UINT64 -> integers(proto.uint64Data);
            case INT32, INT16, INT8, UINT16, UINT8, BOOL -> integers(proto.int32Data);
            case FLOAT16, BFLOAT16 -> {
                double[] d = new double[proto.int32Data.size()];
                for (int i = 0; i < d.length; i++) {
                    int v = (int) proto.int32Data.longAt(i);
                    d[i] = type == DataType.FLOAT16 ? halfToFloat((short) v) : Float.intBitsToFloat((v & 0xffff) << 16);
                }
                yield d;
            }
            default -> throw new ModelException(what + ": cannot decode data of type " + type);
        };
    }

    private static double[] doubles(Numbers values) {
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = values.doubleAt(i);
        }
        return d;
    }

    private static double[] integers(Numbers values) {
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (double) values.longAt(i);
        }
        return d;
    }

    private static int width(DataType type) {
        return switch (type) {
            case DOUBLE, INT64, UINT64 -> 8;
            case FLOAT, INT32, UINT32 -> 4;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
            default -> 1;
        };
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant / 1024f / 16384f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
