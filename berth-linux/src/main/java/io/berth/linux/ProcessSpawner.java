package io.berth.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.berth.linux.internal.Check;
import io.berth.linux.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * posix_spawn(3) from the calling thread: the child is born in this thread's namespaces and
 * credentials, and no Java thread is needed afterwards (unlike ProcessBuilder, which cannot be
 * used from a thread that changed its pid namespace).
 */
public final class ProcessSpawner {
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    // glibc's opaque types are 80 and 336 bytes on 64-bit; over-allocate.
    private static final long OPAQUE = 512;

    // posix_spawn(3)
    private static final Libc.Lazy SPAWN = Libc.lazyPlain("posix_spawn", FunctionDescriptor.of(
            JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    // posix_spawn_file_actions_init(3)
    private static final Libc.Lazy FA_INIT = Libc.lazyPlain("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // posix_spawn_file_actions_destroy(3)
    private static final Libc.Lazy FA_DESTROY = Libc.lazyPlain("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // posix_spawn_file_actions_adddup2(3)
    private static final Libc.Lazy FA_DUP2 = Libc.lazyPlain("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    // posix_spawn_file_actions_addclosefrom_np(3), glibc 2.34+
    private static final Libc.Lazy FA_CLOSEFROM = Libc.lazyPlain("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // posix_spawn_file_actions_addopen(3)
    private static final Libc.Lazy FA_OPEN = Libc.lazyPlain("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    // posix_spawn_file_actions_addclose(3)
    private static final Libc.Lazy FA_CLOSE = Libc.lazyPlain("posix_spawn_file_actions_addclose",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // posix_spawn_file_actions_addfchdir_np(3), glibc 2.29+
    private static final Libc.Lazy FA_FCHDIR = Libc.lazyPlain("posix_spawn_file_actions_addfchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // posix_spawn_file_actions_addchdir_np(3), glibc 2.29+
    private static final Libc.Lazy FA_CHDIR = Libc.lazyPlain("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // posix_spawnattr_init(3)
    private static final Libc.Lazy ATTR_INIT = Libc.lazyPlain("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // posix_spawnattr_destroy(3)
    private static final Libc.Lazy ATTR_DESTROY = Libc.lazyPlain("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // posix_spawnattr_setflags(3)
    private static final Libc.Lazy ATTR_FLAGS = Libc.lazyPlain("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    // posix_spawnattr_setsigmask(3)
    private static final Libc.Lazy ATTR_SIGMASK = Libc.lazyPlain("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // posix_spawnattr_setsigdefault(3)
    private static final Libc.Lazy ATTR_SIGDEFAULT = Libc.lazyPlain("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private ProcessSpawner() {}

    /** Starts the process and returns its pid (as seen from the caller's pid namespace). */
    public static int spawn(SpawnRequest request) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE, 16);
            MemorySegment attr = arena.allocate(OPAQUE, 16);
            checkReturn((int) FA_INIT.get().invokeExact(actions), "posix_spawn_file_actions_init");
            checkReturn((int) ATTR_INIT.get().invokeExact(attr), "posix_spawnattr_init");
            try {
                for (SpawnAction action : request.actions()) {
                    add(arena, actions, action);
                }
                MemorySegment empty = Signals.emptySet(arena);
                MemorySegment all = Signals.fullSet(arena);
                checkReturn((int) ATTR_SIGMASK.get().invokeExact(attr, empty), "setsigmask");
                checkReturn((int) ATTR_SIGDEFAULT.get().invokeExact(attr, all), "setsigdefault");
                short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                        | (request.newSession() ? POSIX_SPAWN_SETSID : 0));
                checkReturn((int) ATTR_FLAGS.get().invokeExact(attr, flags), "setflags");
                MemorySegment pid = arena.allocate(JAVA_INT);
                int err = (int) SPAWN.get().invokeExact(pid, arena.allocateFrom(request.path()), actions, attr,
                        CStrings.array(arena, request.argv()), CStrings.array(arena, request.env()));
                if (err != 0) {
                    throw new SyscallException("posix_spawn", request.path(), err);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.get().invokeExact(actions);
                ignored = (int) ATTR_DESTROY.get().invokeExact(attr);
            }
        } catch (Throwable t) {
            throw Check.rethrow(t);
        }
    }

    private static void add(Arena arena, MemorySegment actions, SpawnAction action) throws Throwable {
        switch (action) {
            case SpawnAction.Dup2(int from, int to) ->
                    checkReturn((int) FA_DUP2.get().invokeExact(actions, from, to), "adddup2");
            case SpawnAction.Open(int fd, String path, int flags, int mode) ->
                    checkReturn((int) FA_OPEN.get().invokeExact(actions, fd, arena.allocateFrom(path), flags, mode), "addopen");
            case SpawnAction.Close(int fd) -> checkReturn((int) FA_CLOSE.get().invokeExact(actions, fd), "addclose");
            case SpawnAction.CloseFrom(int first) ->
                    checkReturn((int) FA_CLOSEFROM.get().invokeExact(actions, first), "addclosefrom");
            case SpawnAction.Fchdir(int dirFd) -> checkReturn((int) FA_FCHDIR.get().invokeExact(actions, dirFd), "addfchdir");
            case SpawnAction.Chdir(String path) ->
                    checkReturn((int) FA_CHDIR.get().invokeExact(actions, arena.allocateFrom(path)), "addchdir");
        }
    }

    private static void checkReturn(int err, String what) {
        if (err != 0) {
            throw new SyscallException("posix_spawn", what, err);
        }
    }

}
