package io.netverify.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of {@code verify}: its exit code and what it printed. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o), new PrintWriter(e));
        return new CliRun(code, o.toString(), e.toString());
    }
}
