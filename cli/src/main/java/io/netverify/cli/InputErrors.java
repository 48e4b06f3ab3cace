package io.netverify.cli;

import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.ModelException;
import io.netverify.verifier.certify.DataException;
import io.netverify.verifier.gate.ConfigException;
import io.netverify.verifier.shard.ShardException;
import io.netverify.verifier.spec.SpecException;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Tells input errors (exit 2, one line) from internal ones; a network form bound propagation does not support is one. */
final class InputErrors {
    private InputErrors() {
    }

    static boolean isInputError(Throwable t) {
        return t instanceof ModelException || t instanceof SpecException || t instanceof UsageException
            || t instanceof DataException || t instanceof ConfigException || t instanceof ShardException
            || t instanceof IOException || t instanceof UncheckedIOException
            || t instanceof NoRelaxationException;
    }

    /** One line: the exception's message, or its type when it has none. */
    static String message(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
