package io.netverify.bab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Branch and bound over any {@link BranchingStrategy}: bounds domains in batches, drops the verified
 * ones, checks every other domain's candidate with an exact {@link WitnessCheck}, and splits the
 * domain with the worst lower bound first. {@code BranchAndBound.of(strategy).run(check, deadline)}.
 *
 * <p>The search ends VERIFIED when no domain is left, FALSIFIED at the first confirmed witness,
 * UNKNOWN when a domain cannot be split, TIMEOUT at the deadline (checked after every batch; the
 * batch size is chosen so that a batch ends well before it). When the waiting domains would exceed
 * the memory limit, new domains are searched depth first until the open set has halved, so the
 * search slows down instead of running out of heap.
 *
 * <p>With a {@link StallAttack} ({@link #onStall}), a search that stalled over a window (its worst open
 * bound rises too slowly to close it in as much time again, or its open domains grew in number) runs
 * the attack from the worst domains' candidates for a tenth of the time searched so far. The window
 * doubles after each attack, so attacks take at most about a fifth of a long search, and nothing from a
 * search that ends within the first window (1 s).
 */
public final class BranchAndBound<D> {
    /** The automatic batch size aims at batches of about this duration (progress, deadline). */
    private static final double TARGET_BATCH_SECONDS = 0.5;
    /** Near the deadline, a batch may use at most this share of the time left. */
    private static final double DEADLINE_SHARE = 0.5;
    /** A batch in flight needs several times a waiting domain's size (bounding work space). */
    private static final int WORKING_FACTOR = 16;
    private static final int MAX_BATCH = 1 << 16;
    /** Used heap above this fraction of the maximum also triggers depth-first search. */
    private static final double HEAP_FULL = 0.9;
    private static final long PROGRESS_NANOS = 1_000_000_000L;
    /** The first span over which a stall is judged (search clock); it doubles after each stall attack. */
    private static final long STALL_WINDOW_NANOS = 1_000_000_000L;
    /** A stall attack may take this share of the time searched so far. */
    private static final double STALL_ATTACK_SHARE = 0.1;
    /** A stall attack starts from the candidates of this many worst open domains. */
    private static final int STALL_STARTS = 8;

    private final BranchingStrategy<D> strategy;
    private int batchSize;
    private long memoryLimit = Runtime.getRuntime().maxMemory() / 2;
    private Consumer<String> progress = line -> { };
    private LongSupplier clock = System::nanoTime;
    private StallAttack stallAttack;

    private BranchAndBound(BranchingStrategy<D> strategy) {
        this.strategy = strategy;
    }

    public static <D> BranchAndBound<D> of(BranchingStrategy<D> strategy) {
        return new BranchAndBound<>(strategy);
    }

    /**
     * Domains bounded per batch; 0 (the default) adapts it: about {@value #TARGET_BATCH_SECONDS} s of
     * bounding, at least one domain per core, at most what free heap allows, and small enough to end
     * before the deadline.
     */
    public BranchAndBound<D> batchSize(int domains) {
        if (domains < 0) {
            throw new IllegalArgumentException("batch size must be >= 0, got " + domains);
        }
        this.batchSize = domains;
        return this;
    }

    /** Bytes the waiting domains may occupy (by {@link BranchingStrategy#bytes}); default half the heap. */
    public BranchAndBound<D> memoryLimit(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("memory limit must be positive, got " + bytes);
        }
        this.memoryLimit = bytes;
        return this;
    }

    /** Receives a progress line about once a second. */
    public BranchAndBound<D> progress(Consumer<String> lines) {
        this.progress = lines;
        return this;
    }

    /**
     * The clock the deadline, the batch sizing and the progress lines are measured on, in nanoseconds
     * (default {@code System::nanoTime}). The strategy receives the deadline in these units, so a strategy
     * that checks it must read the same clock; tests pass a clock that advances per bounded domain, so
     * their outcome does not depend on the machine's speed or load.
     */
    public BranchAndBound<D> clock(LongSupplier nanos) {
        this.clock = nanos;
        return this;
    }

    /** Runs {@code attack} whenever the search stalls (see the class comment); its candidates are checked as the domains' are. */
    public BranchAndBound<D> onStall(StallAttack attack) {
        this.stallAttack = attack;
        return this;
    }

    /** Searches until a verdict or the deadline (on the {@link #clock}, System.nanoTime by default). */
    public BabResult run(WitnessCheck check, long deadlineNanos) {
        return new Search(check, deadlineNanos).run();
    }

    /** The state of one search. */
    private final class Search {
        final WitnessCheck check;
        final long deadline;
        final long start = clock.getAsLong();
        final OpenDomains<D> open = new OpenDomains<>();
        final int cores = Runtime.getRuntime().availableProcessors();
        long visited;
        long solved;
        int peakOpen;
        boolean depthFirst;
        /** Smoothed bounding time per domain, nanoseconds; negative until measured. */
        double nanosPerDomain = -1;
        long lastProgress = start;
        /** The current stall window: its length, when it began (search clock), the worst open bound and open domains then. */
        long stallWindow = STALL_WINDOW_NANOS;
        long windowStart;
        double windowWorst;
        int windowOpenDomains;
        boolean windowBegun;

        Search(WitnessCheck check, long deadline) {
            this.check = check;
            this.deadline = deadline;
        }

        BabResult run() {
            List<D> batch = strategy.roots();
            if (batch.isEmpty()) {
                throw new IllegalArgumentException("the strategy has no root domain");
            }
            // the least bound of the parents of the batch, which are no longer open
            double parentsWorst = Double.NEGATIVE_INFINITY;
            while (true) {
                if (clock.getAsLong() - deadline >= 0) {
                    return result(BabStatus.TIMEOUT, null, Math.min(parentsWorst, open.worstBound()));
                }
                long t0 = clock.getAsLong();
                List<BoundedDomain<D>> bounded = strategy.bound(batch, deadline);
                if (bounded.size() != batch.size()) {
                    throw new IllegalStateException(bounded.size() + " bounds for a batch of " + batch.size() + " domains");
                }
                double per = (double) (clock.getAsLong() - t0) / batch.size();
                nanosPerDomain = nanosPerDomain < 0 ? per : 0.7 * nanosPerDomain + 0.3 * per;
                visited += batch.size();
                // a batch that ran into the deadline may hold domains whose bounding was cut short
                // (bound -infinity): their parents' bounds are the ones to report
                boolean late = clock.getAsLong() - deadline >= 0;
                boolean leftOpen = false;
                for (int i = 0; i < bounded.size(); i++) {
                    BoundedDomain<D> b = bounded.get(i);
                    if (b.verified()) {
                        solved++;
                        continue;
                    }
                    if (b.candidate() != null) {
                        Optional<double[]> witness = check.confirm(b.candidate());
                        if (witness.isPresent()) {
                            return result(BabStatus.FALSIFIED, witness.get(), Math.min(b.lowerBound(), open.worstBound()));
                        }
                    }
                    leftOpen = true;
                    if (!late) {
                        open.add(b, strategy.bytes(b.domain()), depthFirst);
                    }
                }
                peakOpen = Math.max(peakOpen, open.size());
                if (open.isEmpty() && !leftOpen) {
                    return result(BabStatus.VERIFIED, null, Double.POSITIVE_INFINITY);
                }
                if (late) {
                    return result(BabStatus.TIMEOUT, null, Math.min(parentsWorst, open.worstBound()));
                }
                if (clock.getAsLong() - deadline >= 0) {
                    return result(BabStatus.TIMEOUT, null, open.worstBound());
                }
                report(false);
                Optional<double[]> found = attackIfStalled();
                if (found.isPresent()) {
                    return result(BabStatus.FALSIFIED, found.get(), open.worstBound());
                }
                depthFirst = shortOfMemory();
                int want = nextBatchSize();
                batch = new ArrayList<>(want);
                parentsWorst = Double.POSITIVE_INFINITY;
                while (batch.size() < want && !open.isEmpty()) {
                    OpenDomains.Entry<D> e = open.poll();
                    List<D> children = strategy.branch(e.bounded());
                    if (children.isEmpty()) {
                        return result(BabStatus.UNKNOWN, null, Math.min(parentsWorst, Math.min(e.key(), open.worstBound())));
                    }
                    parentsWorst = Math.min(parentsWorst, e.key());
                    batch.addAll(children);
                }
            }
        }

        /**
         * At the end of each stall window (the first begins after the first batch): when the worst open bound,
         * rising at the window's pace, would not pass zero within the time searched so far, or the open domains
         * grew in number, runs the stall attack and returns its first confirmed candidate.
         */
        Optional<double[]> attackIfStalled() {
            if (stallAttack == null) {
                return Optional.empty();
            }
            long now = clock.getAsLong();
            double worst = open.worstBound();
            if (windowBegun && now - windowStart < stallWindow) {
                return Optional.empty();
            }
            double pace = (worst - windowWorst) / (now - windowStart);
            // NaN (unknown bounds) counts as a stall
            boolean stalled = windowBegun && (!(worst + pace * (now - start) > 0) || open.size() > windowOpenDomains);
            windowBegun = true;
            windowStart = now;
            windowWorst = worst;
            windowOpenDomains = open.size();
            if (!stalled) {
                return Optional.empty();
            }
            stallWindow *= 2;
            long attackDeadline = now + (long) Math.min(STALL_ATTACK_SHARE * (now - start), DEADLINE_SHARE * (deadline - now));
            progress.accept(String.format(Locale.ROOT, "bab: stalled at worst bound %.6g after %d domains; attacking",
                worst, visited));
            for (double[] candidate : stallAttack.search(open.worstCandidates(STALL_STARTS), attackDeadline)) {
                Optional<double[]> witness = check.confirm(candidate);
                if (witness.isPresent()) {
                    return witness;
                }
            }
            // the attack's time does not count as the search's progress
            windowStart = clock.getAsLong();
            return Optional.empty();
        }

        /** Depth first above the memory limit (or with the heap nearly full), best first again below half of it. */
        boolean shortOfMemory() {
            Runtime rt = Runtime.getRuntime();
            if (open.bytes() > memoryLimit || rt.totalMemory() - rt.freeMemory() > HEAP_FULL * rt.maxMemory()) {
                return true;
            }
            return depthFirst && open.bytes() > memoryLimit / 2;
        }

        int nextBatchSize() {
            if (batchSize > 0) {
                return batchSize;
            }
            double target = TARGET_BATCH_SECONDS * 1e9 / nanosPerDomain;
            double left = DEADLINE_SHARE * (deadline - clock.getAsLong()) / nanosPerDomain;
            long perDomain = Math.max(1, open.bytes() / Math.max(1, open.size()));
            Runtime rt = Runtime.getRuntime();
            long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
            double byMemory = (double) free / (WORKING_FACTOR * perDomain);
            double n = Math.min(Math.max(target, cores), Math.min(byMemory, MAX_BATCH));
            return (int) Math.max(1, Math.min(n, left));
        }

        void report(boolean last) {
            long now = clock.getAsLong();
            if (last || now - lastProgress >= PROGRESS_NANOS) {
                lastProgress = now;
                double worst = open.worstBound();
                progress.accept(String.format(Locale.ROOT, "bab: %d domains open, %d solved, worst bound %s, %.1f s%s",
                    open.size(), solved, worst == Double.POSITIVE_INFINITY ? "none" : String.format(Locale.ROOT, "%.6g", worst),
                    (now - start) / 1e9, depthFirst ? " (depth first)" : ""));
            }
        }

        BabResult result(BabStatus status, double[] witness, double worst) {
            report(true);
            return new BabResult(status, witness, visited, worst, peakOpen, (clock.getAsLong() - start) / 1e9);
        }
    }
}
