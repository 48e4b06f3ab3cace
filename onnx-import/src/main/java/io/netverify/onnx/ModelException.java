package io.netverify.onnx;

/**
 * A problem with an input model: malformed bytes, an unsupported operator, bad shapes or weights.
 * The message is one line naming the file (when known), the node and what is wrong.
 */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
