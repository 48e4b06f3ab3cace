package io.netverify.training;

import java.util.List;

/** Updates parameters in place from their gradients. */
public interface Optimizer {
    /** Updates {@code parameters} from their gradients. */
    void step(List<Parameter> parameters);

    /** Sets the step size (for learning-rate schedules). */
    void learningRate(double rate);
}
