package io.trainfree.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsMismatchExceptionTest {
    @Test
    void betweenNamesChangedAndMissingSettingsInTheNewOrder() {
        var now = new LinkedHashMap<String, String>();
        now.put("seed", "42");
        now.put("batch_size", "64");
        now.put("device", "cpu");
        var differences = SettingsMismatchException.between(Map.of("seed", "42", "batch_size", "32"), now);
        assertEquals(List.of(new SettingsMismatchException.Difference("batch_size", "32", "64"),
                new SettingsMismatchException.Difference("device", null, "cpu")), differences);
        assertEquals("batch_size was 32, now 64", differences.get(0).toString());
        assertEquals("device missing there, now cpu", differences.get(1).toString());
        assertEquals(List.of(), SettingsMismatchException.between(now, now));
    }
}
