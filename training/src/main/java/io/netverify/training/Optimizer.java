package io.netverify.training;

import java.util.List;

/** Updates parameters in place from their gradients. */
public interface Optimizer {
    /**
     * Updates the parameters from their gradients.
     *
     * @param parameters the parameters, each with its gradient
     */
    void step(List<Parameter> parameters);

    /**
     * Sets the step size (for learning-rate schedules).
     *
     * @param rate the new step size
     */
    void learningRate(double rate);
}
