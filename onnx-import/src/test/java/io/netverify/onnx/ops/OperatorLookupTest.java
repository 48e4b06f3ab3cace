package io.netverify.onnx.ops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorLookupTest {
    @Test
    void everyOperatorOfThisPackageIsFoundByItsOpType() {
        List<String> ops = List.of("Add", "Sub", "Mul", "Div", "Pow", "Neg", "Abs", "Sqrt", "Reciprocal", "Exp", "Log",
            "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Sin", "Cos", "Erf", "Gelu", "Sign", "Clip", "Identity", "Dropout",
            "Cast", "Softmax", "LogSoftmax", "Max", "Min", "Sum", "Mean", "Equal", "Greater", "Less", "GreaterOrEqual",
            "LessOrEqual", "Where", "Not", "Gemm", "MatMul", "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin",
            "ReduceProd", "Linear", "Affine");
        for (String op : ops) {
            assertTrue(Operators.isSupported(op), op);
        }
    }

    @Test
    void helperClassesAreNotOperators() {
        // A model naming one of these as its op type must get "unsupported operator", not a crash.
        for (String helper : List.of("ElementwiseUnary", "ElementwiseBinary", "ElementwiseVariadic", "Comparison",
            "Reduction", "SoftmaxBase", "Opset", "Arity", "TypeConversion", "SpecialFunctions", "MatrixKernels")) {
            assertFalse(Operators.isSupported(helper), helper);
        }
    }
}
