package io.netverify.verifier.certify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads IDX arrays, the MNIST / Fashion-MNIST format ({@code train-images-idx3-ubyte}): two zero
 * bytes, a type code, the number of dimensions, big-endian 32-bit sizes, then big-endian data.
 */
final class IdxFormat {
    private IdxFormat() {
    }

    /** Whether the bytes start like an IDX file (two zero bytes, a known type code). */
    static boolean looksLike(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0 && bytes[1] == 0 && width(bytes[2]) > 0;
    }

    static NumericArray read(byte[] bytes, String file) {
        if (!looksLike(bytes)) {
            throw new DataException(file + ": not an IDX file (bad magic number)");
        }
        int type = bytes[2] & 0xff;
        int rank = bytes[3] & 0xff;
        if (rank == 0 || bytes.length < 4 + 4 * rank) {
            throw new DataException(file + ": truncated IDX header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = b.getInt(4 + 4 * i);
        }
        int count = NumericArray.product(shape, file);
        int width = width(bytes[2]);
        int start = 4 + 4 * rank;
        if ((long) count * width > bytes.length - start) {
            throw new DataException(file + ": the IDX header announces " + count + " values, the file holds "
                + (bytes.length - start) / width);
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            int at = start + i * width;
            values[i] = switch (type) {
                case 0x08 -> Byte.toUnsignedInt(b.get(at));
                case 0x09 -> b.get(at);
                case 0x0B -> b.getShort(at);
                case 0x0C -> b.getInt(at);
                case 0x0D -> b.getFloat(at);
                default -> b.getDouble(at);
            };
        }
        return new NumericArray(shape, values, type == 0x08, type <= 0x0C);
    }

    private static int width(byte type) {
        return switch (type & 0xff) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> 0;
        };
    }
}
