package io.netverify.bounds.relax;

/**
 * A node (or graph) that a bound or LP method has no sound relaxation or encoding for: an operator
 * without a {@link Relaxation}, or attributes, constant-ness or structure its relaxation does not
 * cover. Callers that fall back to a weaker method catch this type only, never
 * {@link UnsupportedOperationException} as a whole: a JDK collection throws that for a bug, which must
 * not pass for "unsupported" and silently switch a method off. It stays an
 * UnsupportedOperationException so that callers written against the earlier contract still see it.
 */
public class NoRelaxationException extends UnsupportedOperationException {
    public NoRelaxationException(String message) {
        super(message);
    }
}
