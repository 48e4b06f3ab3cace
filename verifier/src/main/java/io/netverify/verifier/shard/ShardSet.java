package io.netverify.verifier.shard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The shard folders of one run, checked to be mergeable: the same command and configuration, the
 * same number of shards, each shard exactly once, and every item of the run covered exactly once.
 *
 * @param dirs      the folders, ordered by shard
 * @param manifests their manifests, in the same order
 */
public record ShardSet(List<Path> dirs, List<ShardManifest> manifests) {
    /** Reads and checks the folders; the first problem found is a {@link ShardException} naming the folders. */
    public static ShardSet read(List<Path> dirs) throws IOException {
        if (dirs.isEmpty()) {
            throw new ShardException("no shard folders given");
        }
        List<ShardManifest> m = new ArrayList<>();
        for (Path d : dirs) {
            m.add(ShardManifest.read(d));
        }
        ShardManifest first = m.get(0);
        for (int k = 1; k < m.size(); k++) {
            ShardManifest o = m.get(k);
            if (!o.command().equals(first.command())) {
                throw new ShardException(dirs.get(k) + " holds a 'verify " + o.command() + "' shard, " + dirs.get(0)
                    + " a 'verify " + first.command() + "' one: mixed runs cannot be merged");
            }
            if (!o.fingerprint().equals(first.fingerprint()) || o.shard().count() != first.shard().count()
                || o.total() != first.total()) {
                throw new ShardException(dirs.get(k) + " and " + dirs.get(0) + " come from different configurations "
                    + "(inputs, options or number of shards differ): mixed runs cannot be merged");
            }
        }
        Path[] byShard = new Path[first.shard().count() + 1];
        Path[] byPosition = new Path[first.total()];
        for (int k = 0; k < m.size(); k++) {
            ShardManifest o = m.get(k);
            Path dir = dirs.get(k);
            if (byShard[o.shard().index()] != null) {
                throw new ShardException(byShard[o.shard().index()] + " and " + dir + " both hold shard " + o.shard()
                    + ": overlapping shards");
            }
            byShard[o.shard().index()] = dir;
            for (int k2 = 0; k2 < o.positions().size(); k2++) {
                int pos = o.positions().get(k2);
                if (pos < 0 || pos >= byPosition.length) {
                    throw new ShardException(dir + ": item position " + pos + " outside the run's " + byPosition.length + " items");
                }
                if (byPosition[pos] != null) {
                    throw new ShardException(byPosition[pos] + " and " + dir + " both cover item " + o.ids().get(k2)
                        + ": overlapping shards");
                }
                byPosition[pos] = dir;
            }
        }
        String missing = IntStream.rangeClosed(1, first.shard().count()).filter(i -> byShard[i] == null)
            .mapToObj(i -> i + "/" + first.shard().count()).collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            throw new ShardException("missing shard(s) " + missing + ": merge needs every shard of the run");
        }
        long uncovered = IntStream.range(0, byPosition.length).filter(i -> byPosition[i] == null).count();
        if (uncovered > 0) {
            throw new ShardException(uncovered + " of the run's " + byPosition.length + " items are in no shard folder: "
                + "incomplete shards cannot be merged");
        }
        List<Integer> order = IntStream.range(0, m.size()).boxed()
            .sorted((a, b) -> Integer.compare(m.get(a).shard().index(), m.get(b).shard().index())).toList();
        return new ShardSet(order.stream().map(dirs::get).toList(), order.stream().map(m::get).toList());
    }

    /** The first manifest (all agree on command, fingerprint and context). */
    public ShardManifest first() {
        return manifests.get(0);
    }
}
