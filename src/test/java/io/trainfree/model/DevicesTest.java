package io.trainfree.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DevicesTest {
    @Test
    void cpuAlwaysWorks() {
        assertEquals(Device.cpu(), Devices.select("cpu"));
        assertEquals(Device.cpu(), Devices.select(" CPU "));
    }

    @Test
    void onThisCpuOnlyMachineAutoIsTheCpuAndGpuFailsWithTheFlagToUse() {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "PyTorch sees a GPU on this machine");
        assertEquals(Device.cpu(), Devices.select("auto"));
        for (String gpu : new String[] {"gpu", "cuda", "gpu:0"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Devices.select(gpu));
            assertTrue(e.getMessage().contains("no CUDA GPU visible to PyTorch"), e.getMessage());
            assertTrue(e.getMessage().contains("--device cpu"), e.getMessage());
            assertTrue(e.getMessage().contains("TRAINFREE_PROFILE=cuda"), e.getMessage());
        }
    }

    @Test
    void gpusAreChosenWhereVisible() {
        assertEquals(Device.gpu(0), Devices.select("auto", 2));
        assertEquals(Device.gpu(0), Devices.select("gpu", 2));
        assertEquals(Device.gpu(1), Devices.select("cuda:1", 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Devices.select("gpu:2", 2));
        assertTrue(e.getMessage().contains("gpu:0 to gpu:1"), e.getMessage());
    }

    @Test
    void threadsAreSetForTheProcessAndRestored() {
        int before = Devices.threads();
        int other = before == 1 ? 2 : 1; // a real change whatever the default
        try {
            Devices.setThreads(other);
            assertEquals(other, Devices.threads());
        } finally {
            Devices.setThreads(before);
        }
        assertEquals(before, Devices.threads());
        assertThrows(IllegalArgumentException.class, () -> Devices.setThreads(0));
    }

    @Test
    void unknownDevicesListTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Devices.select("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains(Devices.KNOWN), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Devices.select("gpu:x", 1));
    }
}
