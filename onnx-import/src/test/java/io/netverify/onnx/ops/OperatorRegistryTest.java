package io.netverify.onnx.ops;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorRegistryTest {
    @Test
    void everyOperatorClassIsRegisteredOnce() {
        List<Class<? extends Operator>> classes = PackageClasses.implementations(Operator.class, Operator.class.getPackageName());
        Set<Class<?>> registered = new HashSet<>();
        for (String op : Operators.types()) {
            assertTrue(registered.add(Operators.find(op).orElseThrow().getClass()), op + " shares its class with another op type");
        }
        assertEquals(Set.copyOf(classes), registered, "operator classes without a registry line, or registered from elsewhere");
    }

    @Test
    void opTypesNameTheirClassExceptWhereThatWouldShadowACoreClass() {
        for (String op : Operators.types()) {
            String simple = Operators.find(op).orElseThrow().getClass().getSimpleName();
            assertEquals(op.equals("Shape") ? "ShapeOf" : op, simple, op);
        }
    }

    @Test
    void theRegistryCannotBeChangedFromOutside() {
        Set<String> types = Operators.types();
        assertThrows(UnsupportedOperationException.class, () -> types.remove("Relu"));
    }

    @Test
    void onlyShapeAndSizeReadNothingButTheInputShape() {
        for (String op : Operators.types()) {
            assertEquals(op.equals("Shape") || op.equals("Size"), Operators.find(op).orElseThrow().readsOnlyInputShape(), op);
        }
    }
}
