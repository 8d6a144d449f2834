package io.trainfree.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ShowTest {
    static Table numbers(int rows) {
        return Table.create("numbers", IntColumn.indexColumn("i", rows, 1));
    }

    @Test
    void showsTheFirstRowsAndCountsTheRest() {
        MimeBundle b = Show.table(numbers(1000), 3);
        String html = b.get(MimeBundle.HTML);
        assertEquals(4, html.split("<tr>", -1).length - 1, html);
        assertTrue(html.contains("<td>3</td>") && !html.contains("<td>4</td>"), html);
        assertTrue(html.endsWith("<p class=\"trainfree-more-rows\">… 997 more rows (1,000 in all)</p>"), html);
        assertTrue(b.text().endsWith("… 997 more rows (1,000 in all)"), b.text());
        assertTrue(b.text().contains("numbers"), "the text keeps Tablesaw's title: " + b.text());
    }

    @Test
    void aShortTableHasNoMoreRowsLine() {
        assertFalse(Show.table(numbers(Show.ROWS)).get(MimeBundle.HTML).contains("more row"));
        assertTrue(Show.table(numbers(Show.ROWS + 1)).text().endsWith("… 1 more row (21 in all)"));
        assertEquals(0, Show.all(numbers(50)).get(MimeBundle.HTML).split("more row").length - 1);
    }

    @Test
    void escapesHtml() {
        Table t = Table.create("<b>&</b>", StringColumn.create("a<b", "x \"y\" <z>"));
        String html = Show.table(t).get(MimeBundle.HTML);
        assertTrue(html.contains("<caption style=\"text-align:left\">&lt;b&gt;&amp;&lt;/b&gt;</caption>"), html);
        assertTrue(html.contains("<th>a&lt;b</th>") && html.contains("<td>x &quot;y&quot; &lt;z&gt;</td>"), html);
    }

    @Test
    void rejectsANegativeRowCount() {
        var e = assertThrows(IllegalArgumentException.class, () -> Show.table(numbers(3), -1));
        assertEquals("rows must be >= 0, got -1", e.getMessage());
    }

    @Test
    void chartAsPngAndSvg() throws Exception {
        var chart = Charts.scatter(Table.create("t", IntColumn.create("x", 1, 2, 3), IntColumn.create("y", 3, 1, 2)),
                "x", "y");
        byte[] png = Base64.getDecoder().decode(Show.chart(chart).get(MimeBundle.PNG));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        String svg = Show.svg(chart).get(MimeBundle.SVG);
        assertTrue(svg.contains("<svg") && svg.contains("width=\"600"), svg.substring(0, Math.min(400, svg.length())));
        assertEquals("XYChart 'y vs x (n = 3)' (600x400)", Show.chart(chart).text());
    }

    @Test
    void mimeBundleNeedsText() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MimeBundle(java.util.Map.of(MimeBundle.HTML, "<b>x</b>")));
        assertTrue(e.getMessage().startsWith("a MIME bundle needs text/plain"), e.getMessage());
    }

    @Test
    void htmlShowsDoublesToSevenSignificantDigits() {
        assertEquals("94.37333", Show.number(94.37333333333333));
        assertEquals("0.02080396", Show.number(0.020803963));
        assertEquals("1713738", Show.number(1713738.0));
        assertEquals("-65.20828", Show.number(-65.208281));
        assertEquals("1.234568e-07", Show.number(1.2345678e-7));
        assertEquals("NaN", Show.number(Double.NaN));
        var t = tech.tablesaw.api.Table.create("t", tech.tablesaw.api.DoubleColumn.create("x", 1.0 / 3));
        assertTrue(Show.html(t, 10).contains("<td>0.3333333</td>"), Show.html(t, 10));
    }
}
