package io.trainfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainfree.data.CorruptDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path p = dir.resolve("t.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsQuotedFieldsNansAndInfinities() throws IOException {
        Csv csv = Csv.read(write("net,a,b\n\"(4, 3, 3, 0, 0, 0)\",1.5,\n\"say \"\"hi\"\"\",nan,-inf\n\n"));
        assertEquals(List.of("net", "a", "b"), csv.header());
        assertEquals(2, csv.rowCount());
        assertEquals("(4, 3, 3, 0, 0, 0)", csv.text(0, 0));
        assertEquals("say \"hi\"", csv.text(1, 0));
        assertEquals(1.5, csv.number(0, csv.column("a")), 0.0);
        assertTrue(Double.isNaN(csv.number(0, csv.column("b"))));
        assertTrue(Double.isNaN(csv.number(1, csv.column("a"))));
        assertEquals(Double.NEGATIVE_INFINITY, csv.number(1, csv.column("b")), 0.0);
        assertEquals(3, csv.line(1));
    }

    @Test
    void wrongFieldCountNamesFileAndLine() throws IOException {
        Path p = write("a,b,c\n1,2,3\n4,5\n");
        var e = assertThrows(CorruptDataException.class, () -> Csv.read(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().startsWith(p + ": line 3 has 2 fields, expected 3 (a,b,c)"), e.getMessage());
    }

    @Test
    void badNumberNamesLineAndColumn() throws IOException {
        Csv csv = Csv.read(write("a,b\n1,2\n3,x1\n"));
        var e = assertThrows(CorruptDataException.class, () -> csv.number(1, 1));
        assertTrue(e.getMessage().contains("t.csv: line 3, column 'b': 'x1' is not a number"), e.getMessage());
        var f = assertThrows(CorruptDataException.class, () -> Csv.read(write("a\n1.0d\n")).number(0, 0));
        assertTrue(f.getMessage().contains("'1.0d' is not a number"), f.getMessage());
        assertEquals(1, csv.integer(0, 0));
        Csv ints = Csv.read(write("i\n2.5\n"));
        var g = assertThrows(CorruptDataException.class, () -> ints.integer(0, 0));
        assertTrue(g.getMessage().contains("line 2, column 'i': '2.5' is not an integer"), g.getMessage());
    }

    @Test
    void malformedFilesAreNamed() throws IOException {
        var e = assertThrows(CorruptDataException.class, () -> Csv.read(write("a,b\n\"1,2\n")));
        assertTrue(e.getMessage().contains("line 2 has an unterminated quoted field"), e.getMessage());
        e = assertThrows(CorruptDataException.class, () -> Csv.read(write("a,b\n1,2\n\n3,4\n")));
        assertTrue(e.getMessage().contains("line 3 is empty"), e.getMessage());
        e = assertThrows(CorruptDataException.class, () -> Csv.read(write("a,a\n1,2\n")));
        assertTrue(e.getMessage().contains("line 1: the column 'a' appears twice"), e.getMessage());
        e = assertThrows(CorruptDataException.class, () -> Csv.read(write("")));
        assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
        e = assertThrows(CorruptDataException.class, () -> Csv.read(write("a,b\n\"1\"x,2\n")));
        assertTrue(e.getMessage().contains("line 2, character 4: expected ',' after a quoted field"), e.getMessage());
        Csv csv = Csv.read(write("a,b\n1,2\n"));
        e = assertThrows(CorruptDataException.class, () -> csv.column("zen"));
        assertTrue(e.getMessage().contains("no column 'zen'; columns: a, b"), e.getMessage());
    }
}
