package io.netverify.onnx;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared folder reaches the tests: CI must not silently skip every shared-data test. */
class SharedDataTest {
    @Test
    void ciPassesTheSharedFolder() {
        if ("true".equals(System.getenv("CI"))) {
            assertFalse(System.getProperty(SharedData.PROPERTY, "").isBlank(),
                "CI=true but system property " + SharedData.PROPERTY + " is not set (see .ci/run and surefire systemPropertyVariables)");
        }
    }

    @Test
    void sharedFolderListsBenchmarks() {
        assertTrue(Files.isDirectory(SharedData.root()));
        assertTrue(SharedData.benchmarks().contains("test"), "benchmarks: " + SharedData.benchmarks());
        assertFalse(SharedData.instances("test").isEmpty());
    }
}
