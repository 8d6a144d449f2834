package io.trainfree.data;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAS-Bench-Suite-Zero's released result files ({@code zc_nasbench201.json}, {@code zc_transbench101_micro.json},
 * {@code zc_transbench101_macro.json}, published by NASLib on Google Drive) and the CSVs trainfree reads from them.
 *
 * <p>Each file maps a task (dataset) to architectures, keyed by NASLib's op tuple as Python prints it, each to its
 * {@code val_accuracy} and, per proxy, {@code {"score": s, "time": t}}. The CSVs keep every number as the JSON
 * spells it (so {@code 0} stays {@code 0} and {@code 7.016657036729157e-05} keeps Python's exponent), are written the
 * way Python's {@code csv} module writes (CRLF line ends, a field quoted only when it holds a comma or a quote), and
 * leave a cell empty where the file has no finite value for it: NAS-Bench-Suite-Zero did not release every proxy for
 * every TransNAS-Bench-101 task.
 */
final class NaslibZeroCost {
    private NaslibZeroCost() {
    }

    /** task -> arch key -> field -> the value's JSON text (proxies: their score), all in file order. */
    static Map<String, Map<String, Map<String, String>>> read(Path file) throws IOException {
        Map<String, Map<String, Map<String, String>>> tasks = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader json = new JsonReader(in)) {
            json.setStrictness(Strictness.LENIENT); // Python's json writes NaN and Infinity bare
            try {
                json.beginObject();
                while (json.hasNext()) {
                    String task = json.nextName();
                    Map<String, Map<String, String>> archs = new LinkedHashMap<>();
                    json.beginObject();
                    while (json.hasNext()) {
                        String arch = json.nextName();
                        archs.put(arch, readArch(json));
                    }
                    json.endObject();
                    tasks.put(task, archs);
                }
                json.endObject();
            } catch (IllegalStateException | com.google.gson.stream.MalformedJsonException e) {
                throw new CorruptDataException(file, "not a NAS-Bench-Suite-Zero result file at " + json.getPath()
                        + ": " + e.getMessage() + " (expected {task: {arch: {val_accuracy, proxy: {score, time}}}})",
                        e);
            }
        }
        return tasks;
    }

    private static Map<String, String> readArch(JsonReader json) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        json.beginObject();
        while (json.hasNext()) {
            String name = json.nextName();
            if (json.peek() == JsonToken.BEGIN_OBJECT) {
                json.beginObject();
                while (json.hasNext()) {
                    if (json.nextName().equals("score")) {
                        fields.put(name, scalar(json));
                    } else {
                        json.skipValue();
                    }
                }
                json.endObject();
            } else if (json.peek() == JsonToken.BEGIN_ARRAY) {
                json.skipValue();
            } else {
                fields.put(name, scalar(json));
            }
        }
        json.endObject();
        return fields;
    }

    /** A number's text as written, a string as is, null for JSON null. */
    private static String scalar(JsonReader json) throws IOException {
        return switch (json.peek()) {
            case NULL -> {
                json.nextNull();
                yield null;
            }
            case BOOLEAN -> Boolean.toString(json.nextBoolean());
            default -> json.nextString();
        };
    }

    /** The value as a CSV cell: empty where the file has none, or none that is finite. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        return switch (value) {
            case "NaN", "Infinity", "-Infinity" -> "";
            default -> value;
        };
    }

    /** Writes rows as Python's {@code csv.writer} does by default. */
    static final class PythonCsv implements AutoCloseable {
        private final Writer out;

        PythonCsv(OutputStream out) {
            this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        }

        void row(List<String> fields) throws IOException {
            for (int i = 0; i < fields.size(); i++) {
                String f = fields.get(i);
                if (i > 0) {
                    out.write(',');
                }
                if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                    out.write('"');
                    out.write(f.replace("\"", "\"\""));
                    out.write('"');
                } else {
                    out.write(f);
                }
            }
            out.write("\r\n");
        }

        @Override
        public void close() throws IOException {
            out.flush(); // the stream belongs to the caller
        }
    }
}
