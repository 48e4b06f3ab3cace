package io.netverify.verifier.certify;

/** A data or labels file that cannot be read as points: the message names the file and what is wrong. */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }
}
