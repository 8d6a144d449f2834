package io.trainfree.job;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The JSON of the job files, through Gson: records as objects with {@code snake_case} keys in component order
 * ({@code batchSize} is {@code batch_size}), non-finite doubles as {@code null} (JSON has no NaN) and read back as NaN,
 * whole numbers read as {@code Long} into a map. A sidecar is written one top-level key per line, nested lists and
 * objects on one line:
 * <pre>
 * {
 *   "file": "nb201-cifar10.csv",
 *   "proxies": ["grad_norm", "snip"],
 *   "seconds_mean": {"grad_norm": 0.84, "snip": 0.0014}
 * }
 * </pre>
 */
public final class Json {
    /** Doubles as Java writes them ({@link Double#toString}), NaN and infinities as null. */
    private static final TypeAdapter<Double> DOUBLE = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                out.nullValue();
            } else {
                out.value(value.doubleValue());
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            return in.nextDouble();
        }
    };

    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .setFormattingStyle(FormattingStyle.COMPACT.withSpaceAfterSeparators(true))
            .disableHtmlEscaping()
            .serializeNulls()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .registerTypeAdapter(Double.class, DOUBLE)
            .registerTypeAdapter(double.class, DOUBLE)
            .create();

    private Json() {
    }

    /** A record (or any object) as a JSON tree, keys in {@code snake_case}. */
    public static JsonObject tree(Object value) {
        return GSON.toJsonTree(value).getAsJsonObject();
    }

    /**
     * A record's components as text in order, as a journal's header records them: strings, numbers and booleans as
     * written in JSON (without quotes), lists joined by commas.
     */
    public static Map<String, String> text(Object value) {
        var m = new LinkedHashMap<String, String>();
        tree(value).entrySet().forEach(e -> m.put(e.getKey(), text(e.getValue())));
        return m;
    }

    private static String text(JsonElement e) {
        if (e.isJsonArray()) {
            return StreamSupport.stream(e.getAsJsonArray().spliterator(), false).map(Json::text)
                    .collect(Collectors.joining(","));
        }
        return e.isJsonNull() ? "null" : e.isJsonPrimitive() ? e.getAsString() : GSON.toJson(e);
    }

    /** An object in the sidecar layout: one top-level key per line, two-space indented, ending in a line break. */
    public static String write(JsonObject object) {
        var b = new StringBuilder("{\n");
        int k = 0;
        for (var e : object.entrySet()) {
            b.append("  ").append(GSON.toJson(e.getKey())).append(": ").append(GSON.toJson(e.getValue()));
            b.append(++k < object.size() ? ",\n" : "\n");
        }
        return b.append("}\n").toString();
    }

    /** Several objects' keys in one object, in order (a later key replaces an earlier one of the same name). */
    public static JsonObject merged(JsonObject... parts) {
        var all = new JsonObject();
        for (JsonObject p : parts) {
            p.entrySet().forEach(e -> all.add(e.getKey(), e.getValue()));
        }
        return all;
    }

    /**
     * Reads a JSON object file as a map (strings, {@code Long} or {@code Double}, booleans, lists, maps; null for
     * null).
     *
     * @throws FileFormatException if it is not a JSON object
     * @throws UncheckedIOException if it cannot be read
     */
    public static Map<String, Object> readMap(Path file) {
        return read(file, new TypeToken<LinkedHashMap<String, Object>>() { });
    }

    /**
     * Reads a JSON object file into a type (a record: keys in {@code snake_case}, unknown keys ignored, missing ones
     * null or zero).
     *
     * @throws FileFormatException if it is not a JSON object of that shape
     * @throws UncheckedIOException if it cannot be read
     */
    public static <T> T read(Path file, Class<T> type) {
        return read(file, TypeToken.get(type));
    }

    private static <T> T read(Path file, TypeToken<T> type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicFiles.describe(e), e);
        }
        try {
            JsonElement tree = com.google.gson.JsonParser.parseString(text);
            if (!tree.isJsonObject()) {
                throw new FileFormatException(file, 0, "not a JSON object: found " + tree);
            }
            return GSON.fromJson(tree, type);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new FileFormatException(file, 0, "not a JSON object: " + e.getMessage(), e);
        }
    }
}
