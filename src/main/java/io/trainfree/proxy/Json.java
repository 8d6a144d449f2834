package io.trainfree.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the sidecar files: objects (as ordered maps), arrays (lists), strings, numbers (written as
 * Java writes them; non-finite ones as {@code null}, JSON having no NaN), booleans and null.
 */
final class Json {
    private Json() {
    }

    /** An object, two-space indented, top-level keys one per line, nested lists and objects on one line. */
    static String write(Map<String, ?> object) {
        var b = new StringBuilder("{\n");
        int k = 0;
        for (var e : object.entrySet()) {
            b.append("  ").append(string(e.getKey())).append(": ");
            value(b, e.getValue());
            b.append(++k < object.size() ? ",\n" : "\n");
        }
        return b.append("}\n").toString();
    }

    private static void value(StringBuilder b, Object v) {
        switch (v) {
            case null -> b.append("null");
            case String s -> b.append(string(s));
            case Boolean x -> b.append(x);
            case Double d -> b.append(Double.isFinite(d) ? d.toString() : "null");
            case Float f -> value(b, f.doubleValue());
            case Number n -> b.append(n);
            case Map<?, ?> m -> {
                b.append('{');
                int k = 0;
                for (var e : m.entrySet()) {
                    b.append(k++ > 0 ? ", " : "").append(string(String.valueOf(e.getKey()))).append(": ");
                    value(b, e.getValue());
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    b.append(i > 0 ? ", " : "");
                    value(b, l.get(i));
                }
                b.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    static String string(String s) {
        var b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Parses a JSON object.
     *
     * @throws IllegalArgumentException saying where the text stops being JSON
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String text) {
        var p = new Parser(text);
        p.space();
        Object v = p.value();
        p.space();
        if (p.at < text.length()) {
            throw p.error("trailing text");
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, found " + v);
        }
        return (Map<String, Object>) v;
    }

    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            int line = 1;
            for (int i = 0; i < Math.min(at, s.length()); i++) {
                line += s.charAt(i) == '\n' ? 1 : 0;
            }
            return new IllegalArgumentException("line " + line + ": " + what);
        }

        void space() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        void expect(char c) {
            space();
            if (at >= s.length() || s.charAt(at) != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        Object value() {
            space();
            if (at >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(at);
            if (c == '{') {
                at++;
                var m = new LinkedHashMap<String, Object>();
                space();
                if (s.charAt(at) == '}') {
                    at++;
                    return m;
                }
                do {
                    space();
                    String key = (String) stringValue();
                    expect(':');
                    m.put(key, value());
                    space();
                } while (at < s.length() && s.charAt(at++) == ',');
                if (s.charAt(at - 1) != '}') {
                    throw error("expected ',' or '}'");
                }
                return m;
            }
            if (c == '[') {
                at++;
                var l = new ArrayList<>();
                space();
                if (s.charAt(at) == ']') {
                    at++;
                    return l;
                }
                do {
                    l.add(value());
                    space();
                } while (at < s.length() && s.charAt(at++) == ',');
                if (s.charAt(at - 1) != ']') {
                    throw error("expected ',' or ']'");
                }
                return l;
            }
            if (c == '"') {
                return stringValue();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
                at++;
            }
            String n = s.substring(start, at);
            try {
                return n.matches("-?\\d+") ? (Object) Long.valueOf(n) : (Object) Double.valueOf(n);
            } catch (NumberFormatException e) {
                throw error("expected a value, found '" + (n.isEmpty() ? String.valueOf(c) : n) + "'");
            }
        }

        Object stringValue() {
            if (at >= s.length() || s.charAt(at) != '"') {
                throw error("expected a string");
            }
            at++;
            var b = new StringBuilder();
            while (at < s.length() && s.charAt(at) != '"') {
                char c = s.charAt(at++);
                if (c == '\\' && at < s.length()) {
                    char e = s.charAt(at++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            if (at >= s.length()) {
                throw error("unterminated string");
            }
            at++;
            return b.toString();
        }
    }
}
