package io.netverify.verifier.spec;

/**
 * A problem with a VNN-LIB specification: bad syntax, an unsupported construct, an unbounded or empty
 * input box, or a variable count that does not match the network. The message is one line, normally
 * {@code file:line:column: what is wrong}.
 */
public class SpecException extends RuntimeException {
    /**
     * A problem with a specification.
     *
     * @param message one line, normally {@code file:line:column: what is wrong}
     */
    public SpecException(String message) {
        super(message);
    }

    static SpecException at(String file, int line, int column, String what) {
        return new SpecException(file + ":" + line + ":" + column + ": " + what);
    }
}
