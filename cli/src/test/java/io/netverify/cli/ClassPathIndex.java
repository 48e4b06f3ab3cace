package io.netverify.cli;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The classes of a class path (folders and jars), by internal name ({@code a/b/C}), and the classes
 * each one refers to, read from its constant pool: what the shaded jar bundles, without building it.
 */
final class ClassPathIndex {
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w$/]+);");
    /** Class name -> the class path entry (folder or jar) that holds it; the first entry wins, as for a class loader. */
    private final Map<String, Path> owner = new HashMap<>();
    private final Map<Path, List<String>> classes = new LinkedHashMap<>();

    ClassPathIndex(String classPath) {
        for (String e : classPath.split(File.pathSeparator)) {
            Path entry = Path.of(e);
            if (Files.isDirectory(entry) || Files.isRegularFile(entry)) {
                List<String> names = list(entry);
                classes.put(entry, names);
                names.forEach(n -> owner.putIfAbsent(n, entry));
            }
        }
    }

    /** The class path entries in order. */
    Set<Path> entries() {
        return classes.keySet();
    }

    /** The classes of one entry. */
    List<String> classes(Path entry) {
        return classes.get(entry);
    }

    /**
     * The entries whose classes the given roots reach, directly or through other entries' classes,
     * the roots excluded. An entry counts as a whole: the shaded jar bundles whole dependencies.
     */
    Set<Path> reachedFrom(Set<Path> roots) {
        Set<Path> reached = new HashSet<>(roots);
        List<Path> work = new ArrayList<>(roots);
        while (!work.isEmpty()) {
            Path entry = work.remove(work.size() - 1);
            for (String ref : references(entry)) {
                Path o = owner.get(ref);
                if (o != null && reached.add(o)) {
                    work.add(o);
                }
            }
        }
        reached.removeAll(roots);
        return reached;
    }

    private static List<String> list(Path entry) {
        if (Files.isDirectory(entry)) {
            try (Stream<Path> files = Files.walk(entry)) {
                return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> className(entry.relativize(f).toString().replace(File.separatorChar, '/')))
                    .filter(ClassPathIndex::isClass).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (ZipFile zip = new ZipFile(entry.toFile())) {
            return zip.stream().map(z -> z.getName()).filter(n -> n.endsWith(".class")).map(ClassPathIndex::className)
                .filter(ClassPathIndex::isClass).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(entry + ": " + e.getMessage(), e);
        }
    }

    /** Module descriptors are no classes (and the shaded jar leaves them out). */
    static boolean isClass(String name) {
        return !name.equals("module-info");
    }

    /** The internal name of a class file's path; multi-release jars keep versioned copies under META-INF/versions/N/. */
    static String className(String path) {
        String p = path.startsWith("META-INF/versions/") ? path.replaceFirst("^META-INF/versions/\\d+/", "") : path;
        return p.substring(0, p.length() - ".class".length());
    }

    /** The classes the class files of one entry refer to (versioned copies of a multi-release jar included). */
    private static Set<String> references(Path entry) {
        Set<String> refs = new HashSet<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        try (InputStream in = Files.newInputStream(f)) {
                            refs.addAll(references(in));
                        }
                    }
                }
                return refs;
            }
            try (ZipFile zip = new ZipFile(entry.toFile())) {
                for (ZipEntry z : zip.stream().filter(z -> z.getName().endsWith(".class")).toList()) {
                    try (InputStream in = zip.getInputStream(z)) {
                        refs.addAll(references(in));
                    }
                }
            }
            return refs;
        } catch (IOException e) {
            throw new UncheckedIOException(entry + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> references(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        in.readInt(); // magic
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // takes two slots
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> refs = new HashSet<>();
        for (int k : classNames) {
            String n = utf8[k];
            if (!n.startsWith("[")) {
                refs.add(n);
            }
        }
        for (String s : utf8) {
            if (s != null && s.indexOf(';') > 0) {
                Matcher m = DESCRIPTOR_CLASS.matcher(s);
                while (m.find()) {
                    refs.add(m.group(1));
                }
            }
        }
        return refs;
    }
}
