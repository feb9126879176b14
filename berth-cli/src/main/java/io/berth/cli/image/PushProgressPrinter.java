package io.berth.cli.image;

import io.berth.cli.format.HumanUnits;
import io.berth.image.push.LayerPushEvent;
import io.berth.image.push.PushListener;
import io.berth.image.push.PushState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints push progress as docker does: in a terminal one line per layer (top layer first), redrawn
 * in place with a progress bar while it uploads; otherwise one plain line per state change.
 */
final class PushProgressPrinter implements PushListener {
    private static final int BAR = 50;

    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, PushState> states = new HashMap<>();
    private long lastDraw;
    private int drawn;

    PushProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void layers(List<String> shortIds) {
        for (String id : shortIds) {
            lines.put(id, PushState.PREPARING.text());
            if (!terminal) {
                out.println(id + ": " + PushState.PREPARING.text());
            }
        }
        if (terminal) {
            draw();
        }
        out.flush();
    }

    @Override
    public synchronized void layer(LayerPushEvent event) {
        PushState before = states.put(event.shortId(), event.state());
        if (terminal) {
            boolean transfer = event.state() == PushState.PUSHING && event.total() > 0;
            lines.put(event.shortId(), transfer ? bar(event) : event.text());
            long now = System.nanoTime();
            if (!transfer || now - lastDraw > 100_000_000L) {
                lastDraw = now;
                draw();
            }
        } else if (before != event.state()) {
            out.println(event.shortId() + ": " + event.text());
            out.flush();
        }
    }

    private static String bar(LayerPushEvent event) {
        int filled = (int) Math.min(BAR, BAR * event.current() / Math.max(1, event.total()));
        String arrow = filled >= BAR ? "=".repeat(BAR) : "=".repeat(filled) + ">" + " ".repeat(BAR - filled - 1);
        return event.text() + " [" + arrow + "]  " + HumanUnits.size(event.current()) + "/" + HumanUnits.size(event.total());
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
