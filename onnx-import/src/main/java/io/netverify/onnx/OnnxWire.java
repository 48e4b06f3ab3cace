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

    /** A message read field by field; reading into an existing one merges, as protobuf does. */
    private abstract static class Message {
        final void read(CodedInputStream in) throws IOException {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (!field(in, WireFormat.getTagFieldNumber(tag), WireFormat.getTagWireType(tag))) {
                    if (!in.skipField(tag)) {
                        return; // an end-group tag: protobuf's checks reject it where it does not belong
                    }
                }
            }
        }

        /** Reads field {@code number} if it is known with this wire type; false leaves it to be skipped. */
        abstract boolean field(CodedInputStream in, int number, int wireType) throws IOException;

        static <M extends Message> M readNested(CodedInputStream in, M into) throws IOException {
            int limit = in.pushLimit(in.readRawVarint32());
            into.read(in);
            in.checkLastTagWas(0);
            in.popLimit(limit);
            return into;
        }
    }

    private static final int VARINT = WireFormat.WIRETYPE_VARINT;
    private static final int FIXED32 = WireFormat.WIRETYPE_FIXED32;
    private static final int FIXED64 = WireFormat.WIRETYPE_FIXED64;
    private static final int BYTES = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    /** One element, or a packed run, of a repeated number field. */
    private interface Element {
        void read(CodedInputStream in) throws IOException;
    }

    /** Reads a repeated number field given either way; false when the wire type fits neither. */
    private static boolean repeated(CodedInputStream in, int wireType, int elementWireType, Element element) throws IOException {
        if (wireType == elementWireType) {
            element.read(in);
            return true;
        }
        if (wireType != BYTES) {
            return false;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
            element.read(in);
        }
        in.popLimit(limit);
        return true;
    }

    static final class Model extends Message {
        Graph graph;
        final List<OpsetId> opsets = new ArrayList<>();
        String producerName = "";
        String producerVersion = "";

        @Override
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            if (wireType != BYTES) {
                return false;
            }
            switch (number) {
                case 2 -> producerName = in.readString();
                case 3 -> producerVersion = in.readString();
                case 7 -> graph = readNested(in, graph == null ? new Graph() : graph);
                case 8 -> opsets.add(readNested(in, new OpsetId()));
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    static final class OpsetId extends Message {
        String domain = "";
        long version;

        @Override
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            if (number == 1 && wireType == BYTES) {
                domain = in.readString();
            } else if (number == 2 && wireType == VARINT) {
                version = in.readInt64();
            } else {
                return false;
            }
            return true;
        }
    }

    static final class Graph extends Message {
        final List<NodeMsg> nodes = new ArrayList<>();
        String name = "";
        final List<TensorMsg> initializers = new ArrayList<>();
        final List<ValueInfoMsg> inputs = new ArrayList<>();
        final List<ValueInfoMsg> outputs = new ArrayList<>();

        @Override
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            if (wireType != BYTES) {
                return false;
            }
            switch (number) {
                case 1 -> nodes.add(readNested(in, new NodeMsg()));
                case 2 -> name = in.readString();
                case 5 -> initializers.add(readNested(in, new TensorMsg()));
                case 11 -> inputs.add(readNested(in, new ValueInfoMsg()));
                case 12 -> outputs.add(readNested(in, new ValueInfoMsg()));
                default -> {
                    return false;
                }
            }
            return true;
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
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            if (wireType != BYTES) {
                return false;
            }
            switch (number) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> opType = in.readString();
                case 5 -> attributes.add(readNested(in, new AttributeMsg()));
                case 7 -> domain = in.readString();
                default -> {
                    return false;
                }
            }
            return true;
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
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            switch (number) {
                case 1 -> {
                    if (wireType != BYTES) {
                        return false;
                    }
                    name = in.readString();
                }
                case 2 -> {
                    if (wireType != FIXED32) {
                        return false;
                    }
                    f = in.readFloat();
                }
                case 3 -> {
                    if (wireType != VARINT) {
                        return false;
                    }
                    i = in.readInt64();
                }
                case 4 -> {
                    if (wireType != BYTES) {
                        return false;
                    }
                    s = in.readBytes();
                }
                case 5 -> {
                    if (wireType != BYTES) {
                        return false;
                    }
                    t = readNested(in, t == null ? new TensorMsg() : t);
                }
                case 7 -> {
                    return repeated(in, wireType, FIXED32, c -> floats.add(c.readFloat()));
                }
                case 8 -> {
                    return repeated(in, wireType, VARINT, c -> ints.add(c.readInt64()));
                }
                case 9 -> {
                    if (wireType != BYTES) {
                        return false;
                    }
                    strings.add(in.readBytes());
                }
                case 20 -> {
                    if (wireType != VARINT) {
                        return false;
                    }
                    int v = in.readEnum();
                    if (v >= 0 && v < ATTRIBUTE_TYPES.length) {
                        type = v;
                    } // else an unknown enum number: protobuf keeps it as an unknown field
                }
                default -> {
                    return false;
                }
            }
            return true;
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
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            switch (number) {
                case 1 -> {
                    return repeated(in, wireType, VARINT, c -> dims.add(c.readInt64()));
                }
                case 2 -> {
                    if (wireType != VARINT) {
                        return false;
                    }
                    dataType = in.readInt32();
                }
                case 4 -> {
                    return repeated(in, wireType, FIXED32, c -> floatData.add(c.readFloat()));
                }
                case 5 -> {
                    return repeated(in, wireType, VARINT, c -> int32Data.add(c.readInt32()));
                }
                case 7 -> {
                    return repeated(in, wireType, VARINT, c -> int64Data.add(c.readInt64()));
                }
                case 8 -> {
                    if (wireType != BYTES) {
                        return false;
                    }
                    name = in.readString();
                }
                case 9 -> {
                    if (wireType != BYTES) {
                        return false;
                    }
                    rawData = in.readBytes();
                }
                case 10 -> {
                    return repeated(in, wireType, FIXED64, c -> doubleData.add(c.readDouble()));
                }
                case 11 -> {
                    return repeated(in, wireType, VARINT, c -> uint64Data.add(c.readUInt64()));
                }
                case 13 -> {
                    if (wireType != BYTES) {
                        return false;
                    }
                    in.skipRawBytes(in.readRawVarint32());
                    externalData++;
                }
                case 14 -> {
                    if (wireType != VARINT) {
                        return false;
                    }
                    int v = in.readEnum();
                    if (v == 0 || v == 1) {
                        external = v == 1;
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    static final class ValueInfoMsg extends Message {
        String name = "";
        TypeMsg type;

        @Override
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            if (wireType != BYTES) {
                return false;
            }
            if (number == 1) {
                name = in.readString();
            } else if (number == 2) {
                type = readNested(in, type == null ? new TypeMsg() : type);
            } else {
                return false;
            }
            return true;
        }
    }

    /** TypeProto: only its tensor_type member is read; the other members of its oneof replace it. */
    static final class TypeMsg extends Message {
        TensorTypeMsg tensorType;

        @Override
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            if (wireType != BYTES) {
                return false;
            }
            switch (number) {
                case 1 -> tensorType = readNested(in, tensorType == null ? new TensorTypeMsg() : tensorType);
                case 4, 5, 7, 8, 9 -> {
                    in.skipRawBytes(in.readRawVarint32());
                    tensorType = null; // sequence, map, opaque, sparse tensor or optional: not a tensor
                }
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    static final class TensorTypeMsg extends Message {
        int elemType;
        List<Dimension> shape; // null: no shape field

        @Override
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            if (number == 1 && wireType == VARINT) {
                elemType = in.readInt32();
            } else if (number == 2 && wireType == BYTES) {
                shape = readNested(in, new Shape(shape)).dims;
            } else {
                return false;
            }
            return true;
        }
    }

    /** TensorShapeProto, merged into the dimensions read before. */
    private static final class Shape extends Message {
        final List<Dimension> dims;

        Shape(List<Dimension> before) {
            dims = before == null ? new ArrayList<>() : before;
        }

        @Override
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            if (number != 1 || wireType != BYTES) {
                return false;
            }
            dims.add(readNested(in, new Dimension()));
            return true;
        }
    }

    /** A dimension: its value and its parameter name are one oneof, so the last of them is the one set. */
    static final class Dimension extends Message {
        Long value;
        String param;

        @Override
        boolean field(CodedInputStream in, int number, int wireType) throws IOException {
            if (number == 1 && wireType == VARINT) {
                value = in.readInt64();
                param = null;
            } else if (number == 2 && wireType == BYTES) {
                param = in.readString();
                value = null;
            } else {
                return false;
            }
            return true;
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
