package io.berth.cli.format;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-layer status lines as docker pull and push print them: in a terminal one line per layer,
 * redrawn in place (with a progress bar while bytes move); otherwise one plain line per change of
 * state, so logs stay readable. Thread-safe: transfers report from several threads.
 */
public final class LayerLines {
    private static final int BAR = 50;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, String> states = new LinkedHashMap<>();
    private long lastDraw;
    private int drawn;

    public LayerLines(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** The layers, in the order their lines appear, all in state {@code text}. */
    public synchronized void start(List<String> ids, String text) {
        for (String id : ids) {
            lines.put(id, text);
            states.put(id, text);
            if (!terminal) {
                out.println(id + ": " + text);
            }
        }
        if (terminal) {
            draw();
        }
        out.flush();
    }

    /** A layer's state; {@code total > 0} shows a progress bar of {@code current} in a terminal. */
    public synchronized void update(String id, String text, long current, long total) {
        String before = states.put(id, text);
        if (!terminal) {
            if (!text.equals(before)) {
                out.println(id + ": " + text);
                out.flush();
            }
            return;
        }
        boolean transfer = total > 0;
        lines.put(id, transfer ? bar(text, current, total) : text);
        long now = System.nanoTime();
        if (!transfer || now - lastDraw > REDRAW_NANOS) {
            lastDraw = now;
            draw();
        }
    }

    private static String bar(String text, long current, long total) {
        int filled = (int) Math.min(BAR, BAR * current / Math.max(1, total));
        String arrow = filled >= BAR ? "=".repeat(BAR) : "=".repeat(filled) + ">" + " ".repeat(BAR - filled - 1);
        return text + " [" + arrow + "]  " + HumanUnits.size(current) + "/" + HumanUnits.size(total);
    }

    private void draw() {
        if (drawn > 0) {
            out.print("\033[" + drawn + "A");
        }
        for (Map.Entry<String, String> line : new ArrayList<>(lines.entrySet())) {
            out.print("\033[2K" + line.getKey() + ": " + line.getValue() + "\n");
        }
        drawn = lines.size();
        out.flush();
    }
}
