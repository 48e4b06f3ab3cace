package io.netverify.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without the cluster module, --cluster is one clear error (bench, certify, run) and there is no 'verify worker'. */
class ClusterOptionTest {
    @TempDir
    Path dir;

    @Test
    void clusterWithoutTheModuleIsOneLineAndExit2() throws IOException {
        Path list = Files.writeString(dir.resolve("instances.csv"), "net.onnx,spec.vnnlib,5\n");
        CliRun r = CliRun.of("bench", "--instances", list.toString(), "--out", dir.resolve("out").toString(), "--cluster", "lab");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("verify: --cluster needs the netverify-cluster module on the class path"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(2, CliRun.of("worker", "--cluster", "lab").code());
    }

    @Test
    void certifyAndRunOnAClusterNeedTheModuleToo() throws IOException {
        GateExample.write(dir);
        CliRun certify = CliRun.of("certify", "--onnx", dir.resolve(GateExample.MODEL).toString(), "--data",
            dir.resolve(GateExample.POINTS).toString(), "--eps", "0.01", "--cluster", "lab");
        CliRun run = CliRun.of("run", "--onnx", dir.resolve(GateExample.MODEL).toString(), "--vnnlib", "spec.vnnlib", "--cluster", "lab");
        for (CliRun r : new CliRun[] {certify, run}) {
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("verify: --cluster needs the netverify-cluster module on the class path"), r.err());
        }
    }
}
