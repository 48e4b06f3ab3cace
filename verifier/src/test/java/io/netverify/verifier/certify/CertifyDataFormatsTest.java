package io.netverify.verifier.certify;

import io.netverify.onnx.ModelException;
import io.netverify.onnx.TinyReluNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every data format reads to the same points and labels; every malformed file is one clear error. */
class CertifyDataFormatsTest {
    @TempDir
    Path dir;

    private static final double[][] POINTS = {{0.25, 0.5, 1, 0}, {0.75, 0.125, 0.5, 1}, {0, 1, 0.25, 0.375}};
    private static final int[] LABELS = {2, 0, 1};

    @Test
    void csvWithLabelColumnAndHeader() throws IOException {
        Path f = write("points.csv", "a,b,c,d,label\n0.25,0.5,1,0,2\n\n0.75,0.125,0.5,1,0\n0,1,0.25,0.375,1\n");
        Dataset d = Dataset.read(f, null);
        assertDataset(d);
        assertArrayEquals(new int[] {4}, d.pointShape());
    }

    @Test
    void csvWithSeparateLabels() throws IOException {
        Path f = write("points.csv", "0.25,0.5,1,0\n0.75,0.125,0.5,1\n0,1,0.25,0.375\n");
        assertDataset(Dataset.read(f, write("labels.csv", "2\n0\n1\n")));
    }

    @Test
    void npyFloat32Float64AndBigEndianWithIntLabels() throws IOException {
        Path labels = Files.write(dir.resolve("y.npy"), npy("<i8", new int[] {3}, LABELS));
        assertDataset(Dataset.read(Files.write(dir.resolve("x32.npy"), npy("<f4", new int[] {3, 2, 2}, POINTS)), labels));
        assertDataset(Dataset.read(Files.write(dir.resolve("x64.npy"), npy("<f8", new int[] {3, 4}, POINTS)), labels));
        assertDataset(Dataset.read(Files.write(dir.resolve("xbe.npy"), npy(">f8", new int[] {3, 4}, POINTS)),
            Files.write(dir.resolve("y32.npy"), npy("<i4", new int[] {3}, LABELS))));
        Dataset shaped = Dataset.read(dir.resolve("x32.npy"), labels);
        assertArrayEquals(new int[] {2, 2}, shaped.pointShape());
    }

    @Test
    void npyUint8IsScaledToTheUnitInterval() throws IOException {
        double[][] bytes = {{0, 255, 51, 102}};
        Dataset d = Dataset.read(Files.write(dir.resolve("x.npy"), npy("|u1", new int[] {1, 4}, bytes)),
            Files.write(dir.resolve("y.npy"), npy("|u1", new int[] {1}, new int[] {7})));
        assertArrayEquals(new double[] {0, 1, 0.2, 0.4}, d.points()[0], 1e-15);
        assertEquals(7, d.labels()[0]);
    }

    @Test
    void idxPlainAndGzipped() throws IOException {
        double[][] pixels = {{0, 255, 51, 102}, {255, 0, 0, 255}, {1, 2, 3, 4}};
        byte[] images = idx(0x08, new int[] {3, 2, 2}, pixels);
        byte[] labels = idx(0x08, new int[] {3}, new double[][] {{2, 0, 1}});
        Dataset plain = Dataset.read(Files.write(dir.resolve("t10k-images-idx3-ubyte"), images),
            Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels));
        Dataset gz = Dataset.read(Files.write(dir.resolve("images-idx3-ubyte.gz"), gzip(images)),
            Files.write(dir.resolve("labels-idx1-ubyte.gz"), gzip(labels)));
        for (Dataset d : new Dataset[] {plain, gz}) {
            assertArrayEquals(LABELS, d.labels());
            assertArrayEquals(new double[] {0, 1, 0.2, 0.4}, d.points()[0], 1e-15);
            assertArrayEquals(new double[] {1 / 255.0, 2 / 255.0, 3 / 255.0, 4 / 255.0}, d.points()[2], 1e-15);
            assertArrayEquals(new int[] {2, 2}, d.pointShape());
        }
    }

    @Test
    void malformedFilesAreOneClearError() throws IOException {
        Path labels = Files.write(dir.resolve("y.npy"), npy("<i8", new int[] {3}, LABELS));
        assertError("x.csv:3: field 2 'abc' is not a number",
            () -> Dataset.read(write("x.csv", "1,2,0\n3,4,1\n5,abc,0\n"), null));
        assertError("x.csv:2: 2 fields, the first row has 3", () -> Dataset.read(write("x.csv", "1,2,0\n3,4\n"), null));
        assertError("not a .npy file", () -> Dataset.read(write("bad.npy", "hello"), labels));
        byte[] full = npy("<f4", new int[] {3, 4}, POINTS);
        assertError("needs 48 bytes, the file has 20",
            () -> Dataset.read(Files.write(dir.resolve("short.npy"), java.util.Arrays.copyOf(full, full.length - 28)), labels));
        assertError("unsupported .npy element type 'c16'", () -> Dataset.read(Files.write(dir.resolve("c.npy"),
            npy("<c16", new int[] {0}, new double[0][])), labels));
        assertError("Fortran-order", () -> Dataset.read(Files.write(dir.resolve("f.npy"),
            npyHeader("{'descr': '<f8', 'fortran_order': True, 'shape': (0, 4), }")), labels));
        assertError("2 labels for 3 points", () -> Dataset.read(Files.write(dir.resolve("x.npy"), full),
            Files.write(dir.resolve("y2.npy"), npy("<i8", new int[] {2}, new int[] {0, 1}))));
        assertError("label 2 is 0.5, not a class index", () -> Dataset.read(Files.write(dir.resolve("x.npy"), full),
            Files.write(dir.resolve("yf.npy"), npy("<f8", new int[] {3}, new double[][] {{1, 0.5, 2}}))));
        assertError("the IDX header announces 12 values, the file holds 4", () -> Dataset.read(Files.write(dir.resolve("i-idx3-ubyte"),
            java.util.Arrays.copyOf(idx(0x08, new int[] {3, 2, 2}, new double[3][4]), 16 + 4)), labels));
        assertError("point 1, value 2 is NaN, not a finite number", () -> Dataset.read(Files.write(dir.resolve("nan.npy"),
            npy("<f8", new int[] {2, 3}, new double[][] {{0, 1, 2}, {3, 4, Double.NaN}})),
            Files.write(dir.resolve("y2.npy"), npy("<i8", new int[] {2}, new int[] {0, 1}))));
        assertError("unknown data format", () -> Dataset.read(write("x.bin", "xyz"), labels));
        assertError("a labels file is needed", () -> Dataset.read(Files.write(dir.resolve("x.npy"), full), null));
        assertError("no such file", () -> Dataset.read(dir.resolve("missing.csv"), null));
    }

    @Test
    void shapeIsCheckedAgainstTheNetworkInput() throws IOException {
        Path f = Files.write(dir.resolve("x.npy"), npy("<f4", new int[] {3, 2, 2}, POINTS));
        Dataset d = Dataset.read(f, Files.write(dir.resolve("y.npy"), npy("<i8", new int[] {3}, LABELS)));
        CertifiedModel model = CertifiedModel.load(Files.write(dir.resolve("tiny.onnx"), TinyReluNetwork.bytes()));
        DataException e = assertThrows(DataException.class, () -> model.check(d, f));
        assertEquals(f + ": each point has shape [2, 2] (4 values), but the network input 'x' [1, 2] has 2 values",
            e.getMessage());
    }

    @Test
    void aMissingOrUnreadableModelIsOneErrorNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.onnx");
        ModelException e = assertThrows(ModelException.class, () -> CertifiedModel.load(missing));
        assertEquals(missing + ": no such file", e.getMessage());
        Path folder = Files.createDirectory(dir.resolve("folder.onnx"));
        e = assertThrows(ModelException.class, () -> CertifiedModel.load(folder));
        assertTrue(e.getMessage().startsWith(folder + ": cannot read: "), e.getMessage());
        // a gzipped model reads as the plain one: the cache key hashes the network's bytes
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(TinyReluNetwork.bytes());
        }
        assertArrayEquals(TinyReluNetwork.bytes(), CertifiedModel.load(Files.write(dir.resolve("tiny.onnx.gz"), gz.toByteArray())).bytes());
    }

    private static void assertDataset(Dataset d) {
        assertEquals(3, d.size());
        assertArrayEquals(LABELS, d.labels());
        for (int i = 0; i < POINTS.length; i++) {
            assertArrayEquals(POINTS[i], d.points()[i], 1e-7);
        }
    }

    private static void assertError(String expected, org.junit.jupiter.api.function.Executable read) {
        DataException e = assertThrows(DataException.class, read);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A .npy file (format 1.0) with the values of {@code rows}, flattened, in the given dtype. */
    static byte[] npy(String descr, int[] shape, double[][] rows) {
        StringBuilder s = new StringBuilder();
        for (int d : shape) {
            s.append(d).append(", ");
        }
        byte[] header = npyHeader("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + s + "), }");
        int width = Integer.parseInt(descr.substring(2));
        ByteBuffer b = ByteBuffer.allocate(header.length + width * java.util.Arrays.stream(rows).mapToInt(r -> r.length).sum())
            .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (double[] r : rows) {
            for (double v : r) {
                switch (descr.substring(1)) {
                    case "f4" -> b.putFloat((float) v);
                    case "f8" -> b.putDouble(v);
                    case "u1" -> b.put((byte) (int) v);
                    case "i4" -> b.putInt((int) v);
                    case "i8" -> b.putLong((long) v);
                    default -> throw new IllegalArgumentException(descr);
                }
            }
        }
        return b.array();
    }

    static byte[] npy(String descr, int[] shape, int[] values) {
        return npy(descr, shape, new double[][] {java.util.Arrays.stream(values).asDoubleStream().toArray()});
    }

    private static byte[] npyHeader(String dict) {
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] text = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
            .putShort((short) text.length).put(text);
        return b.array();
    }

    /** An IDX file of unsigned bytes (type 0x08). */
    static byte[] idx(int type, int[] shape, double[][] rows) {
        int n = java.util.Arrays.stream(rows).mapToInt(r -> r.length).sum();
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + n).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) shape.length);
        for (int d : shape) {
            b.putInt(d);
        }
        for (double[] r : rows) {
            for (double v : r) {
                b.put((byte) (int) v);
            }
        }
        return b.array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
