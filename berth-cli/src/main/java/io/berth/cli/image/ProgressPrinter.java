package io.berth.cli.image;

import io.berth.cli.format.HumanUnits;
import io.berth.image.pull.LayerState;
import io.berth.image.pull.PullListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints pull progress as docker does: in a terminal one line per layer, redrawn in place with a
 * progress bar; otherwise one plain line per layer state change, so logs stay readable.
 */
final class ProgressPrinter implements PullListener {
    private static final int BAR = 50;

    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, LayerState> states = new LinkedHashMap<>();
    private long lastDraw;

    ProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void layers(List<String> shortIds) {
        for (String id : shortIds) {
            lines.put(id, "Pulling fs layer");
            if (!terminal) {
                out.println(id + ": Pulling fs layer");
            }
        }
        if (terminal) {
            draw(true);
        }
        out.flush();
    }

    @Override
    public synchronized void layer(String id, LayerState state, long current, long total) {
        LayerState before = states.put(id, state);
        if (terminal) {
            lines.put(id, state == LayerState.DOWNLOADING && total > 0 ? bar(state, current, total) : state.text());
            long now = System.nanoTime();
            if (state != LayerState.DOWNLOADING || now - lastDraw > 100_000_000L) {
                lastDraw = now;
                draw(false);
            }
        } else if (before != state) {
            out.println(id + ": " + state.text());
            out.flush();
        }
    }

    private static String bar(LayerState state, long current, long total) {
        int filled = (int) Math.min(BAR, BAR * current / Math.max(1, total));
        String arrow = filled >= BAR ? "=".repeat(BAR) : "=".repeat(filled) + ">" + " ".repeat(BAR - filled - 1);
        return state.text() + " [" + arrow + "]  " + HumanUnits.size(current) + "/" + HumanUnits.size(total);
    }

    private void draw(boolean first) {
        if (!first) {
            out.print("\033[" + lines.size() + "A");
        }
        for (Map.Entry<String, String> line : new ArrayList<>(lines.entrySet())) {
            out.print("\033[2K" + line.getKey() + ": " + line.getValue() + "\n");
        }
        out.flush();
    }
}
