package io.netverify.verifier.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's API javadoc passes doclint without a warning, as {@code mvn compile javadoc:javadoc}
 * checks it: the files each module's POM lists for the javadoc plugin ({@code sourceFileInclude}),
 * documented together, the rest of the code coming from the class path.
 */
class ApiJavadocTest {
    private static final List<String> API_MODULES = List.of("onnx-import", "bounds", "verifier", "training");

    @Test
    void theApiJavadocHasNoDoclintWarning(@TempDir Path out) throws Exception {
        List<String> files = new ArrayList<>();
        for (String module : API_MODULES) {
            Path sources = Path.of("..", module, "src", "main", "java");
            List<String> includes = includes(Path.of("..", module, "pom.xml"));
            assertTrue(!includes.isEmpty(), module + "/pom.xml lists no API file for javadoc");
            for (String pattern : includes) {
                List<String> matched = matching(sources, pattern);
                assertTrue(!matched.isEmpty(), module + "/pom.xml: no file matches " + pattern);
                files.addAll(matched);
            }
        }
        List<String> args = new ArrayList<>(List.of("-Xdoclint:all", "-Werror", "-quiet", "-d", out.toString(),
            "-classpath", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        args.addAll(files);
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = javadoc.run(null, log, log, args.toArray(String[]::new));
        assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(out.resolve("io/netverify/verifier/api/Netverify.html")));
    }

    private static List<String> includes(Path pom) throws Exception {
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
            .getElementsByTagName("sourceFileInclude");
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            patterns.add(nodes.item(i).getTextContent().strip());
        }
        return patterns;
    }

    private static List<String> matching(Path sources, String pattern) throws IOException {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> all = Files.walk(sources)) {
            return all.filter(p -> m.matches(sources.relativize(p))).map(Path::toString).sorted().toList();
        }
    }
}
