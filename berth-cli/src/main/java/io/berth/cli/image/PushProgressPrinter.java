package io.berth.cli.image;

import io.berth.cli.format.LayerLines;
import io.berth.image.push.LayerPushEvent;
import io.berth.image.push.PushListener;
import io.berth.image.push.PushState;
import java.io.PrintWriter;
import java.util.List;

/** Push progress in docker's words: "Preparing", "Pushing [===>  ]", "Pushed", "Mounted from ...". */
final class PushProgressPrinter implements PushListener {
    private final LayerLines lines;

    PushProgressPrinter(PrintWriter out, boolean terminal) {
        this.lines = new LayerLines(out, terminal);
    }

    @Override
    public void layers(List<String> shortIds) {
        lines.start(shortIds, PushState.PREPARING.text());
    }

    @Override
    public void layer(LayerPushEvent event) {
        lines.update(event.shortId(), event.text(), event.current(), event.state() == PushState.PUSHING ? event.total() : 0);
    }
}
