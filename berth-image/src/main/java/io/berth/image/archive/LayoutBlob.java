package io.berth.image.archive;

/** A blob to write into a layout: its member name, size and where its bytes come from. */
record LayoutBlob(String name, long size, LayoutSink.BlobContent content) {}
