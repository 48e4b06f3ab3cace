package io.netverify.bab.lp;

import com.google.ortools.Loader;

/**
 * LP solves by Google OR-Tools (native). GLOP is the default engine: it reports correct duals and
 * re-solves incrementally from its last basis. HiGHS is selectable, but OR-Tools 9.15 reports its
 * row activities in place of the duals, so its results carry no duals and prove nothing.
 */
public final class OrToolsLpSolver implements LpSolver {
    /** The engines of OR-Tools' linear solver wrapper used here. */
    public enum Engine { GLOP, HIGHS }

    private final Engine engine;
    private final SolveDeadline deadline;

    public OrToolsLpSolver(Engine engine) {
        this(engine, SolveDeadline.NONE);
    }

    private OrToolsLpSolver(Engine engine, SolveDeadline deadline) {
        if (!available()) {
            throw new IllegalStateException("OR-Tools native libraries do not load on this machine: " + Natives.ERROR);
        }
        this.engine = engine;
        this.deadline = deadline;
    }

    public static OrToolsLpSolver glop() {
        return new OrToolsLpSolver(Engine.GLOP);
    }

    /** Whether OR-Tools' native libraries load here (tried once per JVM). */
    public static boolean available() {
        return Natives.ERROR == null;
    }

    @Override
    public String name() {
        return "OR-Tools " + engine;
    }

    @Override
    public LpSolver until(long deadlineNanos) {
        return new OrToolsLpSolver(engine, SolveDeadline.at(deadlineNanos));
    }

    @Override
    public LpSession open(LpProblem problem) {
        return new OrToolsSession(engine.name(), engine == Engine.GLOP, problem, deadline);
    }

    /** Loads the natives on first use; a failure (any platform without them) is remembered, not thrown. */
    private static final class Natives {
        static final String ERROR = load();

        private static String load() {
            try {
                Loader.loadNativeLibraries();
                return null;
            } catch (LinkageError | RuntimeException e) {
                return e.toString();
            }
        }
    }
}
