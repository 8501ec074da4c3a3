package io.mapdirect.cli;

import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Output lines written by a platform thread of their own. A worker's campaign runs on a virtual
 * thread, and a virtual thread that blocks in a write to a pipe makes the scheduler add a carrier
 * for the while (compensation); the added carrier could then take the simulation's tasks, the very
 * cross-carrier handoff one carrier avoids. Handing the lines to this thread keeps the writes off
 * the carrier.
 */
final class LineOutbox implements AutoCloseable {
    /** Queued after the last line: the writer stops when it takes it. */
    private static final String END = new String("end of output");

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread writer;

    LineOutbox(PrintWriter out) {
        writer = Thread.ofPlatform().name("worker-output").daemon().start(() -> drain(out));
    }

    void send(String line) {
        lines.add(line);
    }

    private void drain(PrintWriter out) {
        try {
            for (String line = lines.take(); line != END; line = lines.take()) {
                out.println(line);
                if (lines.isEmpty()) {
                    out.flush();
                }
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes every line sent so far, then returns. */
    @Override
    public void close() {
        lines.add(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
