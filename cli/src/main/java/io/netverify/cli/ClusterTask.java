package io.netverify.cli;

import java.io.Serializable;

/**
 * A piece of a run that a cluster's worker carries out ({@link ClusterBackend}): it travels to the
 * worker serialised, reads its inputs there (the same paths as on the submitter) and returns a
 * serialisable result.
 *
 * @param <R> the result
 */
public interface ClusterTask<R extends Serializable> extends Serializable {
    /** The task's number within its run: a result is stored and delivered under it, once. */
    int id();

    /** Carries the task out; whatever goes wrong with its inputs belongs in the result. */
    R call();

    /** The result of a task that failed on its worker for another reason than the worker leaving. */
    R failed(String why);
}
