package org.stemstream.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** A launcher command run in this JVM: its exit code, what it printed, and its error output. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = StemCli.commandLine().setErr(new PrintWriter(err, true)).execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }

    /** The error output's lines. */
    String[] errLines() {
        return err.strip().split("\\R");
    }
}
