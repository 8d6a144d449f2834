package io.trainfree.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellTest {
    @Test
    void splitsCodeAndLineMagicsKeepingLineNumbers() {
        Cell c = Cell.parse("int a = 1;\n%jars lib/*.jar 'with space.jar'\n\nimport x.Y;\nY.go()");
        assertTrue(c.cellMagic().isEmpty());
        assertEquals(List.of(
                new Cell.Code("int a = 1;", 0),
                new Cell.Magic("jars", List.of("lib/*.jar", "with space.jar"), 1),
                new Cell.Code("\nimport x.Y;\nY.go()", 2)), c.parts());
    }

    @Test
    void cellMagicOnTheFirstLine() {
        Cell c = Cell.parse("\n%%time\nfoo();");
        assertEquals(new Cell.Magic("time", List.of(), 1), c.cellMagic().orElseThrow());
        assertEquals(List.of(new Cell.Code("foo();", 2)), c.parts());
        assertEquals(List.of(new Cell.Code("foo();\n%%time", 0)), Cell.parse("foo();\n%%time").parts(),
                "%% below the first line is neither a cell nor a line magic: JShell will say it does not compile");
    }

    @Test
    void blankCodeIsDropped() {
        assertEquals(List.of(new Cell.Magic("chart", List.of("svg"), 0)), Cell.parse("%chart svg\n\n  \n").parts());
        assertEquals(List.of(), Cell.parse("").parts());
    }

    @Test
    void modulusAtTheStartOfALineIsNotAMagicWhenFollowedByANumber() {
        assertEquals(List.of(new Cell.Code("int r = 7\n  % 3;", 0)), Cell.parse("int r = 7\n  % 3;").parts());
    }

    @Test
    void argumentsSplitAtBlanksAndKeepQuotedBlanks() {
        assertEquals(List.of("a", "b c", "d\"e"), Cell.split("  a \"b c\"  'd\"e' "));
        assertEquals(List.of(""), Cell.split("''"));
        assertEquals(List.of(), Cell.split("   "));
    }
}
