package io.berth.storage.layer;

/** The kinds of filesystem object a layer entry can make. */
enum TarEntryType {
    REGULAR, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO;

    /** Go's archive/tar, which writes most layers, ignores the size field of these types. */
    boolean hasData() {
        return this == REGULAR;
    }
}
