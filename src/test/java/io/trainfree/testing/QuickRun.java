package io.trainfree.testing;

import java.util.Set;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * The quick run: with {@code -Dtrainfree.quick=true} ({@code ./trainfree test --quick} sets it) the tests tagged
 * {@link RealData} or {@link Slow} are left out of the test plan, so they are neither run nor counted. A filter
 * registered with JUnit (META-INF/services) rather than Surefire's {@code excludedGroups}, so that it adds to whatever
 * groups the build's executions select instead of replacing them.
 */
public final class QuickRun implements PostDiscoveryFilter {
    public static final String PROPERTY = "trainfree.quick";
    static final Set<String> LEFT_OUT = Set.of(RealData.TAG, Slow.TAG);

    @Override
    public FilterResult apply(TestDescriptor test) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return FilterResult.included("the full run");
        }
        // a method's tags include its class's
        return test.getTags().stream().map(TestTag::getName).filter(LEFT_OUT::contains).findFirst()
                .map(tag -> FilterResult.excluded("tagged " + tag + ": the quick run leaves it out"))
                .orElseGet(() -> FilterResult.included("not tagged " + String.join(" or ", LEFT_OUT)));
    }
}
