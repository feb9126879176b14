package io.berth.linux;

/**
 * One step the child of {@link ProcessSpawner} performs between fork and exec, in list order
 * (posix_spawn_file_actions_add*(3)). A step that blocks (opening a FIFO that has no reader)
 * holds the child, and posix_spawn's caller, right there.
 */
public sealed interface SpawnAction {
    /** dup2(from, to) */
    record Dup2(int from, int to) implements SpawnAction {}

    /** open(path, flags, mode) onto {@code fd}; a relative path starts at the child's cwd. */
    record Open(int fd, String path, int flags, int mode) implements SpawnAction {}

    /** close(fd) */
    record Close(int fd) implements SpawnAction {}

    /** Closes every fd from {@code first} up. */
    record CloseFrom(int first) implements SpawnAction {}

    /** fchdir(dirFd) */
    record Fchdir(int dirFd) implements SpawnAction {}

    /** chdir(path), resolved in the child's root. */
    record Chdir(String path) implements SpawnAction {}
}
