package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import org.junit.jupiter.api.Test;

import static io.netverify.bounds.relax.RelaxationHarness.EXTREME;
import static io.netverify.bounds.relax.RelaxationHarness.EXTREME_SIGNED;

/**
 * The multi-input and group relaxations (products, quotients, matrix products, softmax) on intervals
 * at the ends of float64, where products overflow or underflow and slopes and intercepts with them
 * (element-wise functions: {@link ElementwiseSamplingTest}). Sound by exact comparison, as always.
 */
class ExtremeIntervalsTest {
    @Test
    void products() {
        RelaxationHarness.of(1, "Mul", Attributes.EMPTY, Input.computed(EXTREME, 2, 3), Input.computed(EXTREME, 2, 3)).check(30, 200);
        RelaxationHarness.of(2, "MatMul", Attributes.EMPTY, Input.computed(EXTREME, 2, 3), Input.computed(EXTREME, 3, 2)).check(30, 200);
    }

    /**
     * Every kind of interval, zero-touching ones too. In these draws float64's outputs overflow to
     * NaN (+inf plus -inf terms), which the harness replaces by the exact values; MatMul's IBP
     * summed such terms to NaN bounds (seed 1000).
     */
    @Test
    void productsOfEveryKind() {
        RelaxationHarness.Kind[] all = RelaxationHarness.Kind.values();
        for (long seed : new long[] {1000, 1003, 2008}) {
            RelaxationHarness.of(seed, "MatMul", Attributes.EMPTY, Input.computed(all, 2, 3), Input.computed(all, 3, 2)).check(30, 200);
        }
        RelaxationHarness.of(3008, "Mul", Attributes.EMPTY, Input.computed(all, 2, 3), Input.computed(all, 2, 3)).check(40, 200);
    }

    /**
     * 1/y's tangent slope underflows for |y| > 1e154, l u overflows, and a row's coefficient on y
     * underflows: the lines must stay sound.
     */
    @Test
    void quotients() {
        RelaxationHarness.of(3, "Div", Attributes.EMPTY, Input.computed(EXTREME, 2, 3), Input.computed(EXTREME_SIGNED, 2, 3)).check(40, 200);
        // every kind of dividend, zero-touching ones too: this draw found a y coefficient that underflowed
        RelaxationHarness.of(3, "Div", Attributes.EMPTY, Input.computed(RelaxationHarness.Kind.values(), 2, 3),
            Input.computed(EXTREME_SIGNED, 2, 3)).check(40, 200);
        // quotients near 1e308 of both signs: a row's float64 sum overflows, checked exactly (the harness did not)
        RelaxationHarness.of(186, "Div", Attributes.EMPTY, Input.computed(RelaxationHarness.Kind.values(), 2, 3),
            Input.computed(EXTREME_SIGNED, 2, 3)).check(10, 100);
        // quotients that overflow to -inf in float64 (1.48 / -7.3e-309) where the lines stayed finite
        RelaxationHarness.of(3000, "Div", Attributes.EMPTY, Input.computed(RelaxationHarness.Kind.values(), 2, 3),
            Input.computed(EXTREME_SIGNED, 2, 3)).check(40, 200);
    }

    @Test
    void softmax() {
        RelaxationHarness.of(4, "Softmax", Attributes.EMPTY, Input.computed(EXTREME, 2, 4)).check(30, 200);
    }

    @Test
    void activations() {
        for (String op : new String[] {"Relu", "Sigmoid", "Exp", "Tanh", "Abs", "LeakyRelu"}) {
            RelaxationHarness.of(5, op, Attributes.EMPTY, Input.computed(EXTREME, 6)).check(30, 200);
        }
    }
}
