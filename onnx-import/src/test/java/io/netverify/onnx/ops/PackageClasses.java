package io.netverify.onnx.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * The concrete classes of a package that implement a type, found on the class path (a directory or
 * a jar): registry tests compare them with the registries, so that a class written but never
 * registered fails a test instead of being silently unused.
 */
public final class PackageClasses {
    private PackageClasses() {
    }

    /** Top-level, non-abstract classes of {@code packageName} (not its sub-packages) assignable to {@code type}. */
    public static <T> List<Class<? extends T>> implementations(Class<T> type, String packageName) {
        String dir = packageName.replace('.', '/');
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(type.getClassLoader().getResources(dir))) {
                names.addAll(url.getProtocol().equals("jar") ? inJar(url, dir) : inDirectory(Path.of(url.toURI())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<? extends T>> found = new ArrayList<>();
        for (String simple : names) {
            Class<?> c = load(packageName + "." + simple);
            if (type.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                found.add(c.asSubclass(type));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no implementation of " + type.getName() + " found in " + packageName);
        }
        return found;
    }

    private static List<String> inDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(PackageClasses::topLevelClass)
                .map(f -> f.substring(0, f.length() - ".class".length())).toList();
        }
    }

    private static List<String> inJar(URL url, String dir) throws IOException {
        try (var jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
            return jar.stream().map(e -> e.getName())
                .filter(n -> n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0)
                .map(n -> n.substring(dir.length() + 1)).filter(PackageClasses::topLevelClass)
                .map(f -> f.substring(0, f.length() - ".class".length())).toList();
        }
    }

    private static boolean topLevelClass(String file) {
        return file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class");
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
