package io.berth.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.berth.linux.internal.LibcFunction;
import java.lang.foreign.Arena;
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
    private static final LibcFunction SPAWN = LibcFunction.ofInt("posix_spawn");
    // posix_spawn_file_actions_init(3)
    private static final LibcFunction FA_INIT = LibcFunction.ofInt("posix_spawn_file_actions_init");
    // posix_spawn_file_actions_destroy(3)
    private static final LibcFunction FA_DESTROY = LibcFunction.ofInt("posix_spawn_file_actions_destroy");
    // posix_spawn_file_actions_adddup2(3)
    private static final LibcFunction FA_DUP2 = LibcFunction.ofInt("posix_spawn_file_actions_adddup2");
    // posix_spawn_file_actions_addclosefrom_np(3), glibc 2.34+
    private static final LibcFunction FA_CLOSEFROM = LibcFunction.ofInt("posix_spawn_file_actions_addclosefrom_np");
    // posix_spawn_file_actions_addopen(3)
    private static final LibcFunction FA_OPEN = LibcFunction.ofInt("posix_spawn_file_actions_addopen");
    // posix_spawn_file_actions_addclose(3)
    private static final LibcFunction FA_CLOSE = LibcFunction.ofInt("posix_spawn_file_actions_addclose");
    // posix_spawn_file_actions_addfchdir_np(3), glibc 2.29+
    private static final LibcFunction FA_FCHDIR = LibcFunction.ofInt("posix_spawn_file_actions_addfchdir_np");
    // posix_spawn_file_actions_addchdir_np(3), glibc 2.29+
    private static final LibcFunction FA_CHDIR = LibcFunction.ofInt("posix_spawn_file_actions_addchdir_np");
    // posix_spawnattr_init(3)
    private static final LibcFunction ATTR_INIT = LibcFunction.ofInt("posix_spawnattr_init");
    // posix_spawnattr_destroy(3)
    private static final LibcFunction ATTR_DESTROY = LibcFunction.ofInt("posix_spawnattr_destroy");
    // posix_spawnattr_setflags(3)
    private static final LibcFunction ATTR_FLAGS = LibcFunction.ofInt("posix_spawnattr_setflags");
    // posix_spawnattr_setsigmask(3)
    private static final LibcFunction ATTR_SIGMASK = LibcFunction.ofInt("posix_spawnattr_setsigmask");
    // posix_spawnattr_setsigdefault(3)
    private static final LibcFunction ATTR_SIGDEFAULT = LibcFunction.ofInt("posix_spawnattr_setsigdefault");

    private ProcessSpawner() {}

    /** Starts the process and returns its pid (as seen from the caller's pid namespace). */
    public static int spawn(SpawnRequest request) {
        try (Arena arena = Arena.ofConfined()) {
            long actions = arena.allocate(OPAQUE, 16).address();
            long attr = arena.allocate(OPAQUE, 16).address();
            checkReturn(FA_INIT.invoke(actions), "posix_spawn_file_actions_init");
            checkReturn(ATTR_INIT.invoke(attr), "posix_spawnattr_init");
            try {
                for (SpawnAction action : request.actions()) {
                    add(arena, actions, action);
                }
                checkReturn(ATTR_SIGMASK.invoke(attr, Signals.emptySet(arena).address()), "setsigmask");
                checkReturn(ATTR_SIGDEFAULT.invoke(attr, Signals.fullSet(arena).address()), "setsigdefault");
                short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                        | (request.newSession() ? POSIX_SPAWN_SETSID : 0));
                checkReturn(ATTR_FLAGS.invoke(attr, flags), "setflags");
                MemorySegment pid = arena.allocate(JAVA_INT);
                int err = (int) SPAWN.invoke(pid.address(), arena.allocateFrom(request.path()).address(), actions, attr,
                        CStrings.array(arena, request.argv()).address(), CStrings.array(arena, request.env()).address());
                if (err != 0) {
                    throw new SyscallException("posix_spawn", request.path(), err);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                FA_DESTROY.invoke(actions);
                ATTR_DESTROY.invoke(attr);
            }
        }
    }

    // instanceof, not a pattern switch: that would link a SwitchBootstraps call site at run time
    private static void add(Arena arena, long actions, SpawnAction action) {
        if (action instanceof SpawnAction.Dup2(int from, int to)) {
            checkReturn(FA_DUP2.invoke(actions, from, to), "adddup2");
        } else if (action instanceof SpawnAction.Open(int fd, String path, int flags, int mode)) {
            checkReturn(FA_OPEN.invoke(actions, fd, arena.allocateFrom(path).address(), flags, mode), "addopen");
        } else if (action instanceof SpawnAction.Close(int fd)) {
            checkReturn(FA_CLOSE.invoke(actions, fd), "addclose");
        } else if (action instanceof SpawnAction.CloseFrom(int first)) {
            checkReturn(FA_CLOSEFROM.invoke(actions, first), "addclosefrom");
        } else if (action instanceof SpawnAction.Fchdir(int dirFd)) {
            checkReturn(FA_FCHDIR.invoke(actions, dirFd), "addfchdir");
        } else if (action instanceof SpawnAction.Chdir(String path)) {
            checkReturn(FA_CHDIR.invoke(actions, arena.allocateFrom(path).address()), "addchdir");
        } else {
            throw new IllegalArgumentException("no posix_spawn file action for " + action);
        }
    }

    private static void checkReturn(long err, String what) {
        if (err != 0) {
            throw new SyscallException("posix_spawn", what, (int) err);
        }
    }

}
