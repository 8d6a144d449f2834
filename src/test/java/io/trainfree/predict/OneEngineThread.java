package io.trainfree.predict;

import io.trainfree.model.Devices;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class on one libtorch thread, then puts the count back: scores then compare bitwise from run to run,
 * and a training test does not stall when another process shares the two cores (libtorch's threads wait for each
 * other, and with more threads than free cores each wait can take a scheduling slice).
 */
public final class OneEngineThread implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OneEngineThread.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("threads", Devices.threads());
        Devices.setThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Devices.setThreads(context.getStore(NS).get("threads", Integer.class));
    }
}
