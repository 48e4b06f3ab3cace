package io.netverify.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fields of an ONNX model that {@link OnnxModel} reads, decoded straight from protobuf's wire format.
 * The generated message classes build the whole onnx.proto descriptor and start java.util.logging on first
 * use, ~30 ms of every one-instance process; this reads the same values with protobuf's own
 * {@link CodedInputStream}. It follows protobuf's rules for what it reads: the last value of a singular field
 * wins, a singular message seen twice is merged, repeated numbers may be packed or not, a field with an
 * unexpected wire type or an enum number not in the schema is skipped as unknown, a oneof keeps its last
 * member. Fields it does not read are skipped unparsed. Field numbers are onnx.proto's.
 */
final class OnnxWire {
    private OnnxWire() {
    }

    /** Decodes a ModelProto; malformed wire data throws protobuf's InvalidProtocolBufferException. */
    static Model model(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.enableAliasing(true); // raw_data stays a view of the file's bytes
        Model m = new Model();
        m.read(in);
        in.checkLastTagWas(0);
        return m;
    }

    private static final int VARINT = WireFormat.WIRETYPE_VARINT;
    private static final int FIXED32 = WireFormat.WIRETYPE_FIXED32;
    private static final int FIXED64 = WireFormat.WIRETYPE_FIXED64;
    private static final int BYTES = WireFormat.WIRETYPE_LENGTH_DELIMITED;
    /** The wire type of a field a message does not read. */
    private static final int UNKNOWN = -1;

    /** A message read field by field; reading into an existing one merges, as protobuf does. */
    private abstract static class Message {
        final void read(CodedInputStream in) throws IOException {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int number = WireFormat.getTagFieldNumber(tag);
                int type = WireFormat.getTagWireType(tag);
                if (type == wireType(number)) {
                    field(in, number);
                } else if (type == BYTES && packable(number)) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        field(in, number);
                    }
                    in.popLimit(limit);
                } else if (!in.skipField(tag)) {
                    return; // an end-group tag: protobuf's checks reject it where it does not belong
                }
            }
        }

        /** The wire type field {@code number} is read with, {@link #UNKNOWN} for a field this does not read. */
        abstract int wireType(int number);

        /** Whether field {@code number} is a repeated number, which may also come packed. */
        boolean packable(int number) {
            return false;
        }

        /** Reads one value of field {@code number}, which came with its {@link #wireType}. */
        abstract void field(CodedInputStream in, int number) throws IOException;

        static <M extends Message> M readNested(CodedInputStream in, M into) throws IOException {
            int limit = in.pushLimit(in.readRawVarint32());
            into.read(in);
            in.checkLastTagWas(0);
            in.popLimit(limit);
            return into;
        }
    }

    static final class Model extends Message {
        Graph graph;
        final List<OpsetId> opsets = new ArrayList<>();
        String producerName = "";
        String producerVersion = "";

        @Override
        int wireType(int number) {
            return number == 2 || number == 3 || number == 7 || number == 8 ? BYTES : UNKNOWN;
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            switch (number) {
                case 2 -> producerName = in.readString();
                case 3 -> producerVersion = in.readString();
                case 7 -> graph = readNested(in, graph == null ? new Graph() : graph);
                default -> opsets.add(readNested(in, new OpsetId()));
            }
        }
    }

    static final class OpsetId extends Message {
        String domain = "";
        long version;

        @Override
        int wireType(int number) {
            return number == 1 ? BYTES : number == 2 ? VARINT : UNKNOWN;
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            if (number == 1) {
                domain = in.readString();
            } else {
                version = in.readInt64();
            }
        }
    }

    static final class Graph extends Message {
        final List<NodeMsg> nodes = new ArrayList<>();
        String name = "";
        final List<TensorMsg> initializers = new ArrayList<>();
        final List<ValueInfoMsg> inputs = new ArrayList<>();
        final List<ValueInfoMsg> outputs = new ArrayList<>();

        @Override
        int wireType(int number) {
            return switch (number) {
                case 1, 2, 5, 11, 12 -> BYTES;
                default -> UNKNOWN;
            };
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            switch (number) {
                case 1 -> nodes.add(readNested(in, new NodeMsg()));
                case 2 -> name = in.readString();
                case 5 -> initializers.add(readNested(in, new TensorMsg()));
                case 11 -> inputs.add(readNested(in, new ValueInfoMsg()));
                default -> outputs.add(readNested(in, new ValueInfoMsg()));
            }
        }
    }

    static final class NodeMsg extends Message {
        final List<String> inputs = new ArrayList<>();
        final List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        final List<AttributeMsg> attributes = new ArrayList<>();
        String domain = "";

        @Override
        int wireType(int number) {
            return switch (number) {
                case 1, 2, 3, 4, 5, 7 -> BYTES;
                default -> UNKNOWN;
            };
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            switch (number) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> opType = in.readString();
                case 5 -> attributes.add(readNested(in, new AttributeMsg()));
                default -> domain = in.readString();
            }
        }
    }

    /** AttributeProto.AttributeType's names, by number (0 to 14). */
    private static final String[] ATTRIBUTE_TYPES = {"UNDEFINED", "FLOAT", "INT", "STRING", "TENSOR", "GRAPH", "FLOATS",
        "INTS", "STRINGS", "TENSORS", "GRAPHS", "SPARSE_TENSOR", "SPARSE_TENSORS", "TYPE_PROTO", "TYPE_PROTOS"};

    static final class AttributeMsg extends Message {
        String name = "";
        float f;
        long i;
        ByteString s = ByteString.EMPTY;
        TensorMsg t;
        final Numbers floats = new Numbers();
        final Numbers ints = new Numbers();
        final List<ByteString> strings = new ArrayList<>();
        int type;

        /** The type's name in onnx.proto (UNDEFINED when the field is absent). */
        String typeName() {
            return ATTRIBUTE_TYPES[type];
        }

        /** The tensor, empty if the field is absent (as protobuf's getter gives it). */
        TensorMsg tensor() {
            return t == null ? new TensorMsg() : t;
        }

        @Override
        int wireType(int number) {
            return switch (number) {
                case 1, 4, 5, 9 -> BYTES;
                case 2, 7 -> FIXED32;
                case 3, 8, 20 -> VARINT;
                default -> UNKNOWN;
            };
        }

        @Override
        boolean packable(int number) {
            return number == 7 || number == 8;
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            switch (number) {
                case 1 -> name = in.readString();
                case 2 -> f = in.readFloat();
                case 3 -> i = in.readInt64();
                case 4 -> s = in.readBytes();
                case 5 -> t = readNested(in, t == null ? new TensorMsg() : t);
                case 7 -> floats.add(in.readFloat());
                case 8 -> ints.add(in.readInt64());
                case 9 -> strings.add(in.readBytes());
                default -> {
                    int v = in.readEnum();
                    if (v >= 0 && v < ATTRIBUTE_TYPES.length) {
                        type = v;
                    } // else an unknown enum number: protobuf keeps it as an unknown field
                }
            }
        }
    }

    static final class TensorMsg extends Message {
        final Numbers dims = new Numbers();
        int dataType;
        final Numbers floatData = new Numbers();
        final Numbers int32Data = new Numbers();
        final Numbers int64Data = new Numbers();
        String name = "";
        ByteString rawData;
        final Numbers doubleData = new Numbers();
        final Numbers uint64Data = new Numbers();
        int externalData;
        boolean external;

        @Override
        int wireType(int number) {
            return switch (number) {
                case 1, 2, 5, 7, 11, 14 -> VARINT;
                case 4 -> FIXED32;
                case 10 -> FIXED64;
                case 8, 9, 13 -> BYTES;
                default -> UNKNOWN;
            };
        }

        @Override
        boolean packable(int number) {
            return switch (number) {
                case 1, 4, 5, 7, 10, 11 -> true;
                default -> false;
            };
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            switch (number) {
                case 1 -> dims.add(in.readInt64());
                case 2 -> dataType = in.readInt32();
                case 4 -> floatData.add(in.readFloat());
                case 5 -> int32Data.add(in.readInt32());
                case 7 -> int64Data.add(in.readInt64());
                case 8 -> name = in.readString();
                case 9 -> rawData = in.readBytes();
                case 10 -> doubleData.add(in.readDouble());
                case 11 -> uint64Data.add(in.readUInt64());
                case 13 -> {
                    in.skipRawBytes(in.readRawVarint32());
                    externalData++;
                }
                default -> {
                    int v = in.readEnum();
                    if (v == 0 || v == 1) {
                        external = v == 1;
                    }
                }
            }
        }
    }

    static final class ValueInfoMsg extends Message {
        String name = "";
        TypeMsg type;

        @Override
        int wireType(int number) {
            return number == 1 || number == 2 ? BYTES : UNKNOWN;
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            if (number == 1) {
                name = in.readString();
            } else {
                type = readNested(in, type == null ? new TypeMsg() : type);
            }
        }
    }

    /** TypeProto: only its tensor_type member is read; the other members of its oneof replace it. */
    static final class TypeMsg extends Message {
        TensorTypeMsg tensorType;

        @Override
        int wireType(int number) {
            return switch (number) {
                case 1, 4, 5, 7, 8, 9 -> BYTES;
                default -> UNKNOWN;
            };
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            if (number == 1) {
                tensorType = readNested(in, tensorType == null ? new TensorTypeMsg() : tensorType);
            } else {
                in.skipRawBytes(in.readRawVarint32());
                tensorType = null; // sequence, map, opaque, sparse tensor or optional: not a tensor
            }
        }
    }

    static final class TensorTypeMsg extends Message {
        int elemType;
        List<Dimension> shape; // null: no shape field

        @Override
        int wireType(int number) {
            return number == 1 ? VARINT : number == 2 ? BYTES : UNKNOWN;
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            if (number == 1) {
                elemType = in.readInt32();
            } else {
                shape = readNested(in, new Shape(shape)).dims;
            }
        }
    }

    /** TensorShapeProto, merged into the dimensions read before. */
    private static final class Shape extends Message {
        final List<Dimension> dims;

        Shape(List<Dimension> before) {
            dims = before == null ? new ArrayList<>() : before;
        }

        @Override
        int wireType(int number) {
            return number == 1 ? BYTES : UNKNOWN;
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            dims.add(readNested(in, new Dimension()));
        }
    }

    /** A dimension: its value and its parameter name are one oneof, so the last of them is the one set. */
    static final class Dimension extends Message {
        Long value;
        String param;

        @Override
        int wireType(int number) {
            return number == 1 ? VARINT : number == 2 ? BYTES : UNKNOWN;
        }

        @Override
        void field(CodedInputStream in, int number) throws IOException {
            if (number == 1) {
                value = in.readInt64();
                param = null;
            } else {
                param = in.readString();
                value = null;
            }
        }
    }

    /** A growable list of one repeated number field: integers as they are, floating-point values as their double's bits. */
    static final class Numbers {
        private long[] bits = new long[8];
        private int size;

        void add(long v) {
            if (size == bits.length) {
                bits = Arrays.copyOf(bits, size * 2);
            }
            bits[size++] = v;
        }

        void add(double v) {
            add(Double.doubleToRawLongBits(v));
        }

        int size() {
            return size;
        }

        long longAt(int i) {
            return bits[i];
        }

        double doubleAt(int i) {
            return Double.longBitsToDouble(bits[i]);
        }

        long[] longs() {
            return Arrays.copyOf(bits, size);
        }
    }
}
