package io.netverify.onnx;

/** Element types of ONNX tensors. Every element is held as a double; integers up to 2^53 are exact. */
public enum DataType {
    UNDEFINED(0), FLOAT(1), UINT8(2), INT8(3), UINT16(4), INT16(5), INT32(6), INT64(7), STRING(8),
    BOOL(9), FLOAT16(10), DOUBLE(11), UINT32(12), UINT64(13), BFLOAT16(16);

    private final int onnxCode;

    DataType(int onnxCode) {
        this.onnxCode = onnxCode;
    }

    public int onnxCode() {
        return onnxCode;
    }

    public boolean isFloating() {
        return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
    }

    /**
     * Whether every value of {@code source} is a value of this floating-point type, so that a Cast
     * from it to this type is the identity: DOUBLE holds every floating type, FLOAT holds FLOAT16 and
     * BFLOAT16 (neither of which holds the other), and every type holds itself.
     */
    public boolean holdsEvery(DataType source) {
        return this == source || source.isFloating() && (this == DOUBLE || this == FLOAT && source != DOUBLE);
    }

    /** The type for an ONNX TensorProto.DataType code, or null when the code is unknown. */
    public static DataType fromOnnx(int code) {
        for (DataType t : values()) {
            if (t.onnxCode == code) {
                return t;
            }
        }
        return null;
    }
}
