package io.netverify.benchmarks;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One build of netverify in its own class loader, so that several builds can be compared in one
 * JVM under the same machine load ({@link CrownComparison}, {@link BabComparison}).
 */
final class BuildLoader {
    private BuildLoader() {
    }

    /**
     * A new instance of {@code type} as the build on {@code classpath} (colon-separated; this
     * benchmark's classes first, then the build's jar) defines it, made by its constructor with
     * these parameter types and arguments.
     */
    static Object instance(String classpath, Class<?> type, Class<?>[] parameters, Object... arguments) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String p : classpath.split(":")) {
            urls.add(Path.of(p).toUri().toURL());
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        return loader.loadClass(type.getName()).getConstructor(parameters).newInstance(arguments);
    }
}
