package io.trainfree.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test (class or method) that reads the published data through the standard resolver ({@code $TRAINFREE_DATA},
 * {@code data/}, {@code ../shared/data}); it still skips, saying why, when a file is absent. The quick run
 * ({@code ./trainfree test --quick}, {@link QuickRun}) leaves it out.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(RealData.TAG)
public @interface RealData {
    String TAG = "data";
}
