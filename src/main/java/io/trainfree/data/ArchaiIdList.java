package io.trainfree.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fear/archai_natsbench_1000_archs.txt} from microsoft/archai's {@code scripts/main_proxynas_nb_wrapper.py}:
 * the script hard-codes FEAR's 1,000 NATS-Bench (= NAS-Bench-201) architecture ids as one Python list,
 * {@code all_archs = [6983, 14708, ...]}; the file holds them one per line, in the list's order.
 */
final class ArchaiIdList implements Converter {
    private static final Pattern LIST = Pattern.compile("(?m)^\\s*all_archs\\s*=\\s*\\[([0-9,\\s]+)\\]\\s*$");

    @Override
    public void convert(List<Path> inputs, OutputStream out) throws IOException {
        Path script = inputs.getFirst();
        String text = Files.readString(script, StandardCharsets.UTF_8);
        Matcher m = LIST.matcher(text);
        if (!m.find()) {
            throw new CorruptDataException(script,
                    "has no line 'all_archs = [id, id, ...]' (FEAR's architecture list)");
        }
        int line = (int) text.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1;
        StringBuilder ids = new StringBuilder();
        for (String id : m.group(1).split(",")) {
            String t = id.strip();
            if (t.isEmpty()) {
                continue;
            }
            int value = Integer.parseInt(t);
            if (value < 0 || value >= 15_625) {
                throw new CorruptDataException(script, "line " + line + ": id " + value + " is not a NAS-Bench-201 "
                        + "index (0 .. 15624)");
            }
            ids.append(value).append('\n');
        }
        out.write(ids.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
