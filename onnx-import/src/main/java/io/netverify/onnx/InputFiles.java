package io.netverify.onnx;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads input files (networks, specifications) that may be gzip-compressed, as recent VNN-COMP
 * benchmark repositories ship them ({@code net.onnx.gz}, {@code prop.vnnlib.gz}).
 */
public final class InputFiles {
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private InputFiles() {
    }

    /**
     * The file's bytes, decompressed when they start with the gzip magic number (whatever the file
     * name; neither an ONNX protobuf nor VNN-LIB text can start with it). When {@code file} does not
     * exist but {@code file.gz} does, that one is read, so instance lists naming {@code x.onnx} work
     * on a benchmark folder that still holds {@code x.onnx.gz}.
     */
    public static byte[] readAllBytes(Path file) throws IOException {
        Path source = file;
        if (!Files.exists(file)) {
            Path gz = file.resolveSibling(file.getFileName() + ".gz");
            if (!Files.exists(gz)) {
                throw new NoSuchFileException(file.toString());
            }
            source = gz;
        }
        if (!gzipped(source)) {
            return Files.readAllBytes(source);
        }
        // decompressed as it is read: the compressed bytes are never held in memory as well
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(source)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("corrupt gzip data in " + source.getFileName() + " (" + e.getMessage() + ")", e);
        }
    }

    private static boolean gzipped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == GZIP_MAGIC_0 && in.read() == GZIP_MAGIC_1;
        }
    }
}
