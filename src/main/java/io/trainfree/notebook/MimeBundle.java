package io.trainfree.notebook;

import io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A value rendered for Jupyter: MIME type to data ({@code text/plain} always present; images as base64 strings, as
 * Jupyter wants them). Any kernel built on jupyter-jvm-basekernel, IJava included, shows it as its richest type.
 *
 * @param data MIME type to content, in order of preference; copied
 */
public record MimeBundle(Map<String, String> data) implements DisplayDataRenderable {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";

    public MimeBundle {
        Objects.requireNonNull(data, "data");
        if (!data.containsKey(TEXT)) {
            throw new IllegalArgumentException("a MIME bundle needs text/plain; got " + data.keySet());
        }
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A bundle of text and one richer representation. */
    public static MimeBundle of(String text, String mimeType, String content) {
        var m = new LinkedHashMap<String, String>();
        m.put(Objects.requireNonNull(mimeType, "mimeType"), Objects.requireNonNull(content, "content"));
        m.put(TEXT, Objects.requireNonNull(text, "text"));
        return new MimeBundle(m);
    }

    /** The {@code text/plain} representation. */
    public String text() {
        return data.get(TEXT);
    }

    /** The content for a MIME type, or null. */
    public String get(String mimeType) {
        return data.get(mimeType);
    }

    @Override
    public Set<MIMEType> getSupportedRenderTypes() {
        var types = new LinkedHashSet<MIMEType>();
        data.keySet().forEach(t -> types.add(MIMEType.parse(t)));
        return types;
    }

    @Override
    public Set<MIMEType> getPreferredRenderTypes() {
        return getSupportedRenderTypes();
    }

    @Override
    public void render(RenderContext context) {
        data.forEach((type, content) -> context.renderIfRequested(MIMEType.parse(type), () -> content));
    }

    @Override
    public String toString() {
        return text();
    }
}
