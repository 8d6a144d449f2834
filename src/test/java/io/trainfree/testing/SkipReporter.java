package io.trainfree.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints every skipped or aborted test with its reason on the console, so that a test skipped for want of data
 * is visible in the build log and not only in the report files.
 */
public final class SkipReporter implements TestExecutionListener {
    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        System.out.println("SKIPPED " + test.getLegacyReportingName() + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
            System.out.println("SKIPPED " + test.getDisplayName() + " (" + parent(test) + "): " + reason);
        }
    }

    private static String parent(TestIdentifier test) {
        String id = test.getUniqueId();
        int cls = id.indexOf("[class:");
        return cls < 0 ? id : id.substring(cls + 7, id.indexOf(']', cls));
    }
}
