package io.trainfree.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class NotebookTest {
    @Test
    void quickIsReadFromTheEnvironmentsUsualSpellings() {
        for (String yes : new String[] {"1", "true", "YES", " on "}) {
            assertTrue(Notebook.truthy(yes), yes);
        }
        for (String no : new String[] {null, "", "0", "false", "no", "quick"}) {
            assertFalse(Notebook.truthy(no), String.valueOf(no));
        }
    }

    @Test
    void quickCanBeSetByAProperty() {
        String before = System.getProperty("trainfree.quick");
        try {
            System.setProperty("trainfree.quick", "1");
            assertTrue(Notebook.quick());
            System.setProperty("trainfree.quick", "0");
            assertFalse(Notebook.quick());
        } finally {
            if (before == null) {
                System.clearProperty("trainfree.quick");
            } else {
                System.setProperty("trainfree.quick", before);
            }
        }
    }

    @Test
    void displayWithoutAKernelPrintsTheText() {
        Display.attach(null);
        PrintStream original = System.out;
        var bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Display.display(Show.table(Table.create("t", IntColumn.create("i", 1, 2)), 1));
        } finally {
            System.setOut(original);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("… 1 more row (2 in all)"), text);
        assertFalse(text.contains("<table"), "text, not HTML: " + text);
        assertEquals(false, Display.attached());
    }
}
