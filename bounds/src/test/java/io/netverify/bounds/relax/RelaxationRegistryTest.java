package io.netverify.bounds.relax;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.GradientRules;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.ops.Operators;
import io.netverify.onnx.ops.PackageClasses;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three registries (operators, relaxations, chain rules) agree with each other and with the classes that exist. */
class RelaxationRegistryTest {
    @Test
    void everyOperatorHasARelaxationOrIsListedWithout() {
        Set<String> neither = new TreeSet<>();
        Set<String> both = new TreeSet<>();
        for (String op : Operators.types()) {
            boolean relaxed = Relaxations.find(op).isPresent();
            boolean listed = Relaxations.WITHOUT_RELAXATION.contains(op);
            if (relaxed && listed) {
                both.add(op);
            } else if (!relaxed && !listed) {
                neither.add(op);
            }
        }
        assertEquals(Set.of(), neither, "operators with neither a relaxation nor a place in WITHOUT_RELAXATION");
        assertEquals(Set.of(), both, "operators with a relaxation yet listed in WITHOUT_RELAXATION");
    }

    @Test
    void relaxationsAreOfRegisteredOperators() {
        Set<String> orphans = new TreeSet<>(Relaxations.types());
        orphans.addAll(Relaxations.WITHOUT_RELAXATION);
        orphans.removeAll(Operators.types());
        assertEquals(Set.of(), orphans, "op types the operator registry does not know");
    }

    @Test
    void everyRelaxationClassIsRegisteredOnce() {
        Set<Class<?>> registered = new HashSet<>();
        for (String op : Relaxations.types()) {
            assertTrue(registered.add(Relaxations.find(op).orElseThrow().getClass()), op + " shares its class with another op type");
        }
        Set<Class<?>> classes = Set.copyOf(PackageClasses.implementations(Relaxation.class, Relaxation.class.getPackageName()));
        assertEquals(classes, registered, "relaxation classes without a registry line");
    }

    @Test
    void everyChainRuleIsRegisteredAndItsOperatorHasARelaxation() {
        Set<Class<?>> registered = new HashSet<>();
        for (String op : GradientRules.types()) {
            assertTrue(registered.add(GradientRules.find(op).orElseThrow().getClass()), op);
            assertTrue(Relaxations.find(op).isPresent(), op + " has a chain rule but no relaxation");
        }
        Set<Class<?>> classes = Set.copyOf(PackageClasses.implementations(GradientRule.class,
            GradientRule.class.getPackageName() + ".rules"));
        assertEquals(classes, registered, "chain rule classes without a registry line");
    }

    @Test
    void unregisteredOpTypesGetTheDedicatedException() {
        Node node = new Node("n", "Equal", List.of("a", "b"), List.of("y"), Attributes.EMPTY);
        NoRelaxationException e = assertThrows(NoRelaxationException.class, () -> Relaxations.of(node));
        assertTrue(e.getMessage().contains("Equal"), e.getMessage());
    }
}
