package io.netverify.onnx;

/**
 * How a tensor's elements are stored in an ONNX TensorProto. Exporters use both, so readers must
 * accept both and tests must be able to produce both.
 */
public enum TensorEncoding {
    /** Little-endian bytes in {@code raw_data} (what PyTorch writes). */
    RAW_DATA,
    /** The typed repeated field: {@code float_data}, {@code double_data} or {@code int64_data}. */
    TYPED_FIELDS
}
