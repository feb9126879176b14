package io.berth.cli.image;

import io.berth.cli.format.LayerLines;
import io.berth.image.pull.LayerState;
import io.berth.image.pull.PullListener;
import java.io.PrintWriter;
import java.util.List;

/** Pull progress in docker's words: "Pulling fs layer", "Downloading [===>  ]", "Pull complete". */
final class ProgressPrinter implements PullListener {
    private final LayerLines lines;

    ProgressPrinter(PrintWriter out, boolean terminal) {
        this.lines = new LayerLines(out, terminal);
    }

    @Override
    public void layers(List<String> shortIds) {
        lines.start(shortIds, "Pulling fs layer");
    }

    @Override
    public void layer(String shortId, LayerState state, long current, long total) {
        lines.update(shortId, state.text(), current, state == LayerState.DOWNLOADING ? total : 0);
    }
}
