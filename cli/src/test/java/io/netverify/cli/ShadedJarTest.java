package io.netverify.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CLI jar relocates every bundled library under {@code io.netverify.shaded}, except those whose
 * native code binds Java class names. The first test runs in every build, from the shade plugin's
 * configuration and the test class path (the libraries our main code reaches, and theirs); the
 * second checks the jar itself where {@code mvn package} built it and names it in the system
 * property {@value #JAR_PROPERTY} (cli/pom.xml's {@code shaded-jar} execution).
 */
class ShadedJarTest {
    static final String JAR_PROPERTY = "netverify.shadedJar";
    private static final String SHADED = "io/netverify/shaded/";
    /**
     * Not relocatable: OR-Tools' JNI library exports {@code Java_com_google_ortools_...} functions
     * and looks up its classes by name, and JNA's native dispatcher does the same for com/sun/jna.
     * operations_research is OR-Tools' own generated protobuf package.
     */
    private static final List<String> NATIVE_BOUND = List.of("com/google/ortools/", "operations_research/", "com/sun/jna/");
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void everyLibraryTheCodeReachesIsRelocatedOrNativeBound() throws Exception {
        List<String> relocated = relocatedPackages();
        ClassPathIndex index = new ClassPathIndex(System.getProperty("java.class.path"));
        Set<Path> ours = new LinkedHashSet<>();
        for (Path e : index.entries()) {
            String name = e.getFileName().toString();
            boolean test = name.equals("test-classes") || name.endsWith("-tests.jar");
            if (!test && index.classes(e).stream().anyMatch(c -> c.startsWith("io/netverify/"))) {
                ours.add(e);
            }
        }
        assertTrue(ours.size() >= 5, "the modules' classes are not on the class path: " + ours);
        Set<Path> libraries = index.reachedFrom(ours);
        Set<String> stray = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        for (Path lib : libraries) {
            for (String c : index.classes(lib)) {
                String p = prefix(c, relocated);
                if (p != null) {
                    used.add(p);
                } else if (prefix(c, NATIVE_BOUND) == null) {
                    stray.add(lib.getFileName() + ": " + packageOf(c));
                }
            }
        }
        assertTrue(stray.isEmpty(), "bundled packages neither relocated in cli/pom.xml nor native-bound: " + stray);
        assertEquals(new TreeSet<>(relocated), used, "every relocation should move a bundled library");
    }

    @Test
    void theBuiltJarHoldsOnlyOurAndNativeBoundClassesAndRuns() throws Exception {
        String property = System.getProperty(JAR_PROPERTY, "");
        assumeTrue(!property.isEmpty(), "the shaded jar is checked in the package phase");
        Path jar = Path.of(property);
        assertTrue(Files.isRegularFile(jar), jar + " was not built");
        Set<String> stray = new TreeSet<>();
        int shaded = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String n : zip.stream().map(z -> z.getName()).filter(n -> n.endsWith(".class")).toList()) {
                String c = ClassPathIndex.className(n);
                if (!ClassPathIndex.isClass(c)) {
                    continue;
                }
                shaded += c.startsWith(SHADED) ? 1 : 0;
                if (!c.startsWith("io/netverify/") && prefix(c, NATIVE_BOUND) == null) {
                    stray.add(packageOf(c));
                }
            }
        }
        assertTrue(stray.isEmpty(), "unrelocated third-party packages in " + jar + ": " + stray);
        assertTrue(shaded > 1000, "only " + shaded + " relocated classes in " + jar);

        assertTrue(run(List.of("-jar", jar.toString(), "--help")).startsWith("Usage: verify"));
        assertEquals("unsat", run(List.of("-jar", jar.toString(), "run", "--onnx", EXAMPLES.resolve("tiny_relu_mlp.onnx").toString(),
            "--vnnlib", EXAMPLES.resolve("tiny_relu_mlp_robust.vnnlib").toString(), "--quiet")).strip());
        // the LP engine of branch and bound falls back to ojAlgo silently: check that OR-Tools itself loads and solves
        String testClasses = Path.of("target", "test-classes").toString();
        assertEquals("OR-Tools GLOP OPTIMAL -1.5", run(List.of("-cp", jar + java.io.File.pathSeparator + testClasses,
            ShadedLpProbe.class.getName())).strip());
    }

    /** The packages cli/pom.xml relocates, as internal-name prefixes ({@code a/b/}); each goes to io.netverify.shaded.*. */
    private static List<String> relocatedPackages() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        NodeList relocations = pom.getElementsByTagName("relocation");
        List<String> packages = new ArrayList<>();
        for (int i = 0; i < relocations.getLength(); i++) {
            Element r = (Element) relocations.item(i);
            String from = text(r, "pattern");
            assertEquals("io.netverify.shaded." + from, text(r, "shadedPattern"), "relocation of " + from);
            packages.add(from.replace('.', '/') + "/");
        }
        assertFalse(packages.isEmpty(), "cli/pom.xml relocates nothing");
        return packages;
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    private static String prefix(String className, Collection<String> prefixes) {
        return prefixes.stream().filter(className::startsWith).findFirst().orElse(null);
    }

    private static String packageOf(String className) {
        int slash = className.lastIndexOf('/');
        return slash < 0 ? "(default package)" : className.substring(0, slash).replace('/', '.');
    }

    /** Runs java with these arguments; returns stdout, failing on a non-zero exit. */
    private static String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(args);
        Path err = Files.createTempFile("shaded-jar", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
            assertEquals(0, p.exitValue(), command + "\n" + out + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
