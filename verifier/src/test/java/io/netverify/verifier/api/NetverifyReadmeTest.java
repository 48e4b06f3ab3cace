package io.netverify.verifier.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's library example compiles against the modules and does what the README says on the
 * bundled example network, and the README's section names every type the example imports.
 */
class NetverifyReadmeTest {
    private static final String SECTION = "## Using netverify as a library";

    @Test
    void theReadmeLibraryExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String section = section();
        String code = javaBlock(section);
        Path source = dir.resolve("LibraryExample.java");
        Files.writeString(source, code);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-Xlint:all", "-Werror", "-classpath", testClassPath(),
            "-d", dir.toString(), source.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        String out = runMain(dir, NetverifyTest.EXAMPLES.resolve("tiny_relu_mlp.onnx").toString(),
            NetverifyTest.EXAMPLES.resolve("tiny_relu_mlp_robust.vnnlib").toString());
        assertTrue(out.contains(" robust\n"), out);
        assertTrue(out.contains("property: UNSAT ("), out);
        assertTrue(out.contains("point: CERTIFIED by "), out);
    }

    @Test
    void theSectionNamesEveryTypeTheExampleImports() throws IOException {
        String section = section();
        String code = javaBlock(section);
        String prose = section.replace(code, "");
        Matcher imports = Pattern.compile("(?m)^import (io\\.netverify\\.[\\w.]+)\\.(\\w+);$").matcher(code);
        List<String> types = new ArrayList<>();
        while (imports.find()) {
            types.add(imports.group(2));
        }
        assertFalse(types.isEmpty(), "the example imports no netverify type");
        for (String t : types) {
            assertTrue(prose.contains("`" + t + "`"), "the README section does not describe " + t);
        }
    }

    private static String section() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(SECTION);
        assertTrue(start >= 0, "README.md has no section '" + SECTION + "'");
        int end = readme.indexOf("\n## ", start + SECTION.length());
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The first java code block of the section. */
    private static String javaBlock(String section) {
        Matcher m = Pattern.compile("(?s)```java\n(.*?)```").matcher(section);
        assertTrue(m.find(), "the README section has no java code block");
        return m.group(1);
    }

    /** Surefire may run tests from a manifest-only jar; it then names the real class path here. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Runs LibraryExample.main from dir (with the test's own classes as parent) and returns what it printed. */
    private static String runMain(Path dir, String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, NetverifyReadmeTest.class.getClassLoader());
             PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            Method main = loader.loadClass("LibraryExample").getMethod("main", String[].class);
            System.setOut(out);
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
