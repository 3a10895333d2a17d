package org.stemstream.producers.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stemstream.producers.feed.FeedLedger.Entry;
import org.stemstream.producers.feed.FeedLedger.Outcome;

/**
 * How the feed before image-only ids ({@code FeedLedger.load} and {@code apply} on main at 5ffcb2e)
 * reads a ledger, copied rule for rule: a feed rolled back to that version must still know every
 * file this one published. In: a ledger file. Out: what that reader would hold, and the lines it
 * would skip with a warning.
 */
final class OldLedgerReader {
    record Read(Map<String, Outcome> committed, Map<String, Entry> unresolved, List<String> skipped) {
    }

    static Read read(Path ledger) throws IOException {
        Map<String, Outcome> committed = new HashMap<>();
        Map<String, Entry> unresolved = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (String line : new String(Files.readAllBytes(ledger), StandardCharsets.UTF_8).split("\n", -1)) {
            if (!line.isEmpty() && !apply(line, committed, unresolved)) {
                skipped.add(line);
            }
        }
        return new Read(committed, unresolved, skipped);
    }

    private static boolean apply(String line, Map<String, Outcome> committed, Map<String, Entry> unresolved) {
        String[] f = line.split("\t", -1);
        try {
            switch (f[0]) {
                case "P" -> {
                    if (f.length != 7) {
                        return false;
                    }
                    unresolved.put(f[1], new Entry(f[1], Outcome.valueOf(f[2]), f[3], Integer.parseInt(f[4]), Long.parseLong(f[5]), f[6]));
                }
                case "C" -> {
                    if (f.length != 4) {
                        return false;
                    }
                    committed.put(f[1], Outcome.valueOf(f[2]));
                    unresolved.remove(f[1]);
                }
                case "A" -> {
                    if (f.length != 2) {
                        return false;
                    }
                    unresolved.remove(f[1]);
                }
                default -> {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private OldLedgerReader() {
    }
}
