package io.netverify.verifier.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gzipped VNN-LIB files (as recent VNN-COMP benchmarks ship them) parse like plain ones. */
class VnnlibGzipTest {
    private static final String SPEC = "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n"
        + "(assert (>= X_0 -0.5))\n(assert (<= X_0 2))\n(assert (>= Y_0 3))\n";

    @TempDir
    Path dir;

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void gzippedSpecParsesLikeThePlainOne() throws IOException {
        Specification plain = VnnlibParser.parse(Files.writeString(dir.resolve("p.vnnlib"), SPEC));
        Specification gz = VnnlibParser.parse(Files.write(dir.resolve("p.vnnlib.gz"), gzip(SPEC)));
        // the instance list names p2.vnnlib, the folder holds only p2.vnnlib.gz
        Files.write(dir.resolve("p2.vnnlib.gz"), gzip(SPEC));
        Specification sibling = VnnlibParser.parse(dir.resolve("p2.vnnlib"));
        for (Specification s : new Specification[] {gz, sibling}) {
            assertEquals(1, s.cases().size());
            assertArrayEquals(plain.cases().get(0).box().lower(), s.cases().get(0).box().lower(), 0);
            assertArrayEquals(plain.cases().get(0).box().upper(), s.cases().get(0).box().upper(), 0);
            assertEquals(-0.5, s.cases().get(0).box().lower()[0]);
            assertTrue(s.isViolatedBy(new double[] {0}, new double[] {3.5}));
            assertTrue(!s.isViolatedBy(new double[] {0}, new double[] {2.5}));
        }
    }

    @Test
    void corruptGzipIsOneClearError() throws IOException {
        byte[] gz = gzip(SPEC);
        Path cut = Files.write(dir.resolve("cut.vnnlib.gz"), Arrays.copyOf(gz, gz.length - 12));
        SpecException e = assertThrows(SpecException.class, () -> VnnlibParser.parse(cut));
        assertTrue(e.getMessage().startsWith(cut + ": cannot read the specification (corrupt gzip data in cut.vnnlib.gz"),
            e.getMessage());
    }
}
