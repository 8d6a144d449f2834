package io.trainfree.kernel;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.trainfree.notebook.MimeBundle;
import io.trainfree.notebook.Show;
import java.util.Objects;
import java.util.function.Supplier;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * How the kernel shows trainfree's values: a Tablesaw {@link Table} as an HTML table of its first {@value Show#ROWS}
 * rows with a "… n more rows" line (and as text), an XChart chart as a PNG (or SVG). {@link MimeBundle}s render
 * themselves; anything else shows as its {@code toString()}.
 *
 * <p>Under a real IJava install, after {@code %jars}, {@link #registerWithIJava()} adds them to IJava's renderer
 * (and does nothing under the trainfree kernel, which has them):
 * {@snippet :
 * io.trainfree.kernel.Renderers.registerWithIJava();
 * }
 */
public final class Renderers {
    private static final MIMEType PNG = MIMEType.parse(MimeBundle.PNG);
    private static final MIMEType SVG = MIMEType.parse(MimeBundle.SVG);

    private Renderers() {
    }

    /**
     * Under IJava, registers the renderers with IJava's kernel (found by reflection, since IJava is not a dependency);
     * anywhere else does nothing.
     */
    public static void registerWithIJava() {
        Class<?> ijava;
        try {
            ijava = Class.forName("io.github.spencerpark.ijava.IJava", true, Renderers.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return; // not IJava: the trainfree kernel registers its renderers itself
        }
        try {
            Object kernel = ijava.getMethod("getKernelInstance").invoke(null);
            if (kernel != null) {
                register((Renderer) kernel.getClass().getMethod("getRenderer").invoke(kernel));
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("could not add trainfree's renderers to IJava's kernel: " + e, e);
        }
    }

    /** Registers the table and chart renderers, charts as PNG. */
    public static void register(Renderer renderer) {
        register(renderer, () -> MimeBundle.PNG);
    }

    /**
     * Registers the table and chart renderers; {@code chartType} says, each time a chart is shown without an
     * explicit MIME type, whether it is {@code image/png} or {@code image/svg+xml}.
     */
    public static void register(Renderer renderer, Supplier<String> chartType) {
        Objects.requireNonNull(renderer, "renderer");
        Objects.requireNonNull(chartType, "chartType");
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((table, ctx) -> {
                    MimeBundle b = Show.table(table);
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> b.get(MimeBundle.HTML));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, b::text);
                });
        renderer.createRegistration(Chart.class)
                .preferring(PNG, SVG, MIMEType.TEXT_PLAIN)
                .register((chart, ctx) -> {
                    boolean png = ctx.wantsDataRenderedAs(PNG);
                    boolean svg = ctx.wantsDataRenderedAs(SVG);
                    if (png && svg) { // no explicit choice: the session's
                        png = !MimeBundle.SVG.equals(chartType.get());
                        svg = !png;
                    }
                    if (png) {
                        ctx.renderIfRequested(PNG, () -> Show.png(chart));
                    }
                    if (svg) {
                        ctx.renderIfRequested(SVG, () -> Show.svgText(chart));
                    }
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> Show.describe(chart));
                });
    }
}
