package io.netverify.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled examples are exactly what the generator writes, and the README command works on them. */
class ExampleGeneratorTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void committedExamplesAreReproducible(@TempDir Path dir) throws IOException {
        ExampleGenerator.write(dir);
        for (String f : List.of(ExampleGenerator.NETWORK, ExampleGenerator.ROBUST_SPEC, ExampleGenerator.FALSIFIABLE_SPEC,
            ExampleGenerator.BRANCHING_SPEC)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(EXAMPLES.resolve(f)), f);
        }
    }

    @Test
    void theReadmeCommandFindsTheCounterexample() {
        assertEquals("sat", run(ExampleGenerator.FALSIFIABLE_SPEC, "--quiet").strip());
    }

    /** The specs take the paths bin/verify's start-up archive is trained on: bounds, an attack, branching (stdout, then stderr). */
    @Test
    void theSpecsExerciseBoundsAttackAndBranching() {
        assertTrue(run(ExampleGenerator.ROBUST_SPEC).contains("every unsafe region excluded by bound propagation"));
        assertTrue(run(ExampleGenerator.BRANCHING_SPEC).contains("every unsafe region excluded by branch and bound"));
    }

    private static String run(String spec, String... options) {
        String[] args = Stream.concat(Stream.of("run", "--onnx", EXAMPLES.resolve(ExampleGenerator.NETWORK).toString(),
            "--vnnlib", EXAMPLES.resolve(spec).toString()), Stream.of(options)).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(args, new PrintWriter(out), new PrintWriter(err)));
        return out + err.toString();
    }
}
