package io.trainfree.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drawing is throttled by the clock, whatever the number of steps; a fake clock makes it exact. */
class ProgressTest {
    static final long MS = 1_000_000L;

    /** A clock the test moves. */
    static final class FakeClock {
        long now = 5_000 * MS;

        long read() {
            return now;
        }
    }

    final FakeClock clock = new FakeClock();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void detach() {
        Display.attach(null);
    }

    @Test
    void linesAreThrottledOverAFullBenchmarkRun() {
        try (var p = Progress.of(15_625, "scoring", Progress.Style.LINES, out, clock::read)) {
            for (int i = 0; i < 15_625; i++) {
                clock.now += MS; // 1 ms a step: 15.6 s in all
                p.step();
            }
        }
        List<String> lines = output().lines().toList();
        // one at the start, at most one a second, one at the end
        assertTrue(lines.size() >= 15 && lines.size() <= 18, lines.size() + " lines:\n" + output());
        assertTrue(lines.get(0).startsWith("scoring [........................] 0/15,625   0%"), lines.get(0));
        assertTrue(lines.get(1).matches(
                "scoring \\[#+\\.+] 1,000/15,625   6% \\| 1,000/s \\| 0:01 elapsed \\| ETA 0:15"),
                lines.get(1));
        assertEquals("scoring [########################] 15,625/15,625 100% | 1,000/s | done in 0:16",
                lines.get(lines.size() - 1));
    }

    @Test
    void linesGetRarerAsARunGetsLonger() {
        try (var p = Progress.of(0, "long", Progress.Style.LINES, out, clock::read)) {
            for (int i = 0; i < 3600; i++) {
                clock.now += 1000 * MS; // an hour, a step a second
                p.step();
            }
        }
        int lines = (int) output().lines().count();
        assertTrue(lines > 60 && lines < 400, lines + " lines for an hour");
    }

    @Test
    void terminalRedrawsOneLineAtMostTenTimesASecond() {
        try (var p = Progress.of(15_625, "scoring", Progress.Style.TERMINAL, out, clock::read)) {
            for (int i = 0; i < 15_625; i++) {
                clock.now += MS;
                p.step();
            }
        }
        String text = output();
        long redraws = text.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 150 && redraws <= 160, redraws + " redraws");
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line, ended when closed");
        assertTrue(text.stripTrailing().endsWith("done in 0:16"), text.substring(text.length() - 80));
    }

    @Test
    void displayUpdatesOneOutputInPlace() {
        List<String> events = new ArrayList<>();
        Display.attach(new Display.Target() {
            @Override
            public String display(Object value, String... mimeTypes) {
                events.add("display " + ((MimeBundle) value).text());
                return "id-1";
            }

            @Override
            public void update(String displayId, Object value, String... mimeTypes) {
                events.add("update " + displayId + " " + ((MimeBundle) value).get(MimeBundle.HTML));
            }
        });
        assertEquals(Progress.Style.DISPLAY, Progress.detect());
        try (var p = Progress.of(1000, "archs")) {
            for (int i = 0; i < 1000; i++) {
                p.step();
            }
        }
        assertTrue(events.get(0).startsWith("display archs [........................] 0/1,000"), events.get(0));
        String last = events.get(events.size() - 1);
        assertTrue(last.startsWith("update id-1 <div><progress value=\"1000\" max=\"1000\""), last);
        assertTrue(last.contains("1,000/1,000 100%") && last.contains("done in"), last);
    }

    @Test
    void closingEarlySaysStoppedAndClosingTwiceDoesNothing() {
        var p = Progress.of(10, "few", Progress.Style.LINES, out, clock::read);
        p.step(3);
        clock.now += 2_000 * MS;
        p.close();
        p.close();
        List<String> lines = output().lines().toList();
        assertEquals("few [#######.................] 3/10  30% | 1.5/s | stopped after 0:02",
                lines.get(lines.size() - 1));
        assertEquals(2, lines.size());
    }

    @Test
    void anInterruptedThreadStopsTheLoop() {
        var p = Progress.of(100, "loop", Progress.Style.LINES, out, clock::read);
        p.step();
        Thread.currentThread().interrupt();
        try {
            var e = assertThrows(CancellationException.class, p::step);
            assertEquals("loop: interrupted after 1 of 100 steps", e.getMessage());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void clockFormat() {
        assertEquals("0:59", Progress.clock(59.4));
        assertEquals("1:00:01", Progress.clock(3601));
    }
}
