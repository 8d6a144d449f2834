package io.trainfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ReplayFilterTest {
    @Test
    void aRerunPrintsOnlyWhatTheFirstRunDidNotAlreadyPrint() throws IOException {
        var sink = new StringWriter();
        var filter = new ReplayFilter(sink);
        filter.write("header\nrow 1\n");
        filter.rerun();
        filter.write("head");
        filter.write("er\nrow 1\nrow 2\n");
        assertEquals("header\nrow 1\nrow 2\n", sink.toString());
        filter.rerun(); // a third run, as after a second fetched file
        filter.write("header\nrow 1\nrow 2\nrow 3\n");
        assertEquals("header\nrow 1\nrow 2\nrow 3\n", sink.toString());
    }

    @Test
    void fromWhereARerunDiffersEverythingIsPrinted() throws IOException {
        var sink = new StringWriter();
        var filter = new ReplayFilter(sink);
        filter.write("took 1.2 s\nrow 1\n");
        filter.rerun();
        filter.write("took 1.5 s\nrow 1\n");
        assertEquals("took 1.2 s\nrow 1\n" + "took 1.5 s\nrow 1\n", sink.toString(),
                "from the line that differs, all is printed");
    }
}
