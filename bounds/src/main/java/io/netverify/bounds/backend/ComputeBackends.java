package io.netverify.bounds.backend;

/** The backend bound propagation uses: the CPU's unless another one is installed (e.g. a GPU's). */
public final class ComputeBackends {
    private static volatile ComputeBackend current = new CpuBackend();

    private ComputeBackends() {
    }

    public static ComputeBackend current() {
        return current;
    }

    /** Installs a backend for every later bound computation. */
    public static void use(ComputeBackend backend) {
        current = java.util.Objects.requireNonNull(backend);
    }
}
