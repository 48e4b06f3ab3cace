package io.netverify.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bundled examples are exactly what the generator writes, and the README command works on them. */
class ExampleGeneratorTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void committedExamplesAreReproducible(@TempDir Path dir) throws IOException {
        ExampleGenerator.write(dir);
        for (String f : List.of(ExampleGenerator.NETWORK, ExampleGenerator.ROBUST_SPEC, ExampleGenerator.FALSIFIABLE_SPEC)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(EXAMPLES.resolve(f)), f);
        }
    }

    @Test
    void theReadmeCommandFindsTheCounterexample() {
        String[] args = {"run", "--onnx", EXAMPLES.resolve(ExampleGenerator.NETWORK).toString(),
            "--vnnlib", EXAMPLES.resolve(ExampleGenerator.FALSIFIABLE_SPEC).toString(), "--quiet"};
        java.io.StringWriter out = new java.io.StringWriter();
        assertEquals(0, Main.run(args, new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter())));
        assertEquals("sat", out.toString().strip());
    }
}
