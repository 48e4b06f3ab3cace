package io.netverify.verifier.certify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} arrays (format versions 1 to 3, C order): floats ({@code f4}, {@code f8}),
 * unsigned bytes ({@code u1}) and signed or unsigned integers (for labels), either byte order.
 */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFormat() {
    }

    static NumericArray read(byte[] bytes, String file) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes.length <= i || bytes[i] != MAGIC[i]) {
                throw new DataException(file + ": not a .npy file (no \\x93NUMPY magic)");
            }
        }
        if (bytes.length < 10) {
            throw new DataException(file + ": truncated .npy header");
        }
        int major = bytes[6];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int start;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buf.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new DataException(file + ": truncated .npy header");
            }
            headerLength = buf.getInt(8);
            start = 12;
        } else {
            throw new DataException(file + ": unsupported .npy format version " + major);
        }
        if (headerLength < 0 || start + headerLength > bytes.length) {
            throw new DataException(file + ": truncated .npy header");
        }
        String header = new String(bytes, start, headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new DataException(file + ": cannot read the .npy header " + header.strip());
        }
        if (f.group(1).equals("True")) {
            throw new DataException(file + ": Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        int[] shape = shape(s.group(1), file);
        int count = NumericArray.product(shape, file);
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        String type = d.group(2) + d.group(3);
        boolean supported = switch (kind) {
            case 'f' -> width == 4 || width == 8;
            case 'i', 'u' -> width == 1 || width == 2 || width == 4 || width == 8;
            default -> false;
        };
        if (!supported) {
            throw new DataException(file + ": unsupported .npy element type '" + type + "' (float32, float64, uint8 or integer)");
        }
        int dataStart = start + headerLength;
        if ((long) count * width > bytes.length - dataStart) {
            throw new DataException(file + ": shape " + java.util.Arrays.toString(shape) + " of " + type + " needs "
                + (long) count * width + " bytes, the file has " + (bytes.length - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice()
            .order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = element(data, i, kind, width);
        }
        return new NumericArray(shape, values, kind == 'u' && width == 1, kind != 'f');
    }

    private static double element(ByteBuffer b, int i, char kind, int width) {
        int at = i * width;
        return switch (kind) {
            case 'f' -> width == 4 ? b.getFloat(at) : b.getDouble(at);
            case 'u' -> switch (width) {
                case 1 -> Byte.toUnsignedInt(b.get(at));
                case 2 -> Short.toUnsignedInt(b.getShort(at));
                case 4 -> Integer.toUnsignedLong(b.getInt(at));
                default -> (double) b.getLong(at);
            };
            default -> switch (width) {
                case 1 -> b.get(at);
                case 2 -> b.getShort(at);
                case 4 -> b.getInt(at);
                default -> (double) b.getLong(at);
            };
        };
    }

    private static int[] shape(String text, String file) {
        String[] parts = text.split(",");
        int n = 0;
        int[] dims = new int[parts.length];
        for (String p : parts) {
            if (!p.isBlank()) {
                try {
                    dims[n++] = Integer.parseInt(p.strip().replace("L", ""));
                } catch (NumberFormatException e) {
                    throw new DataException(file + ": bad shape (" + text + ") in the .npy header");
                }
            }
        }
        return java.util.Arrays.copyOf(dims, n);
    }
}
