package io.berth.runtime.init;

import io.berth.linux.Fd;
import io.berth.linux.FileCalls;
import io.berth.linux.Namespace;
import io.berth.linux.Namespaces;
import io.berth.linux.ProcessSpawner;
import io.berth.linux.Processes;
import io.berth.linux.Signal;
import io.berth.linux.SpawnRequest;
import io.berth.linux.UnixSockets;
import io.berth.runtime.spec.Linux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Stage 0's half of process creation: on a throwaway thread, join and unshare the container's
 * namespaces, then posix_spawn the init stage JVM there, so it is born inside them (and, with
 * a new pid namespace, as its pid 1). The thread is never reused: after unshare(CLONE_NEWPID)
 * it could not even start another thread.
 */
public final class InitLauncher {
    /** JVM options of the init stage; the AOT cache, when given, must be trained with the same. */
    public static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xss512k",
            "-XX:+DisableAttachMechanism", "-Xlog:disable", "-Xlog:all=off",
            "--enable-native-access=ALL-UNNAMED");
    private static final int HIGH_FD = 200;

    private InitLauncher() {}

    /**
     * What to start: namespaces to join by path and to create, the offsets of a new time
     * namespace, fds to hand over (null entries are skipped), and which stage's main class runs.
     */
    public record Request(Map<Namespace, String> join, Set<Namespace> unshare,
                          Map<String, Linux.TimeOffset> timeOffsets, int preserveFds, List<Fd> handOver,
                          Class<?> mainClass, UserNamespace userNamespace, String joinUserNamespace) {}

    /**
     * The started stage: its pid in our pid namespace, the pid of our direct child (the same,
     * unless util-linux unshare forked it into a new pid namespace), our end of the sync
     * channel, and the numbers the handed-over fds have in the child (-1 for a null entry).
     */
    public record Launched(int pid, int childPid, SyncChannel channel, List<Integer> fds) {}

    public static Launched launch(Request request) {
        Fd[] pair = UnixSockets.pair();
        List<Fd> temporaries = new ArrayList<>();
        try {
            int next = 3 + request.preserveFds();
            List<int[]> fdMap = new ArrayList<>();
            for (int fd = 3; fd < next; fd++) {
                fdMap.add(new int[] {fd, fd});
            }
            int syncFd = next++;
            fdMap.add(new int[] {high(pair[1], temporaries), syncFd});
            List<Integer> numbers = new ArrayList<>();
            for (Fd fd : request.handOver()) {
                if (fd == null) {
                    numbers.add(-1);
                } else {
                    numbers.add(next);
                    fdMap.add(new int[] {high(fd, temporaries), next++});
                }
            }
            List<String> env = List.of(InitMain.SYNC_FD_ENV + "=" + syncFd,
                    InitMain.FDS_ENV + "=" + numbers.stream().map(String::valueOf).collect(
                            java.util.stream.Collectors.joining(",")),
                    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            List<String> argv = stageArgv(request.mainClass());
            Map<Namespace, String> threadJoins = new LinkedHashMap<>(request.join());
            // the kernel lets only a single-threaded process setns into a time namespace: nsenter does
            String joinTime = threadJoins.remove(Namespace.TIME);
            int child;
            int pid;
            if (request.userNamespace() != null) {
                int[] pids = spawnInNewUserNamespace(request, threadJoins, joinTime, argv, env, fdMap, next);
                child = pids[0];
                pid = pids[1];
            } else {
                if (request.joinUserNamespace() != null || joinTime != null) {
                    argv = UserNamespace.enter(request.joinUserNamespace(), joinTime, argv);
                }
                child = spawnInNamespaces(threadJoins, request.unshare(), request.timeOffsets(),
                        new SpawnRequest(argv.getFirst(), argv, env, fdMap, next, true));
                pid = child;
            }
            return new Launched(pid, child, new SyncChannel(pair[0]), List.copyOf(numbers));
        } catch (RuntimeException e) {
            pair[0].close();
            throw e;
        } finally {
            pair[1].close();
            temporaries.forEach(Fd::close);
        }
    }

    /** java, the same options and AOT cache as ours, our class path, the stage's main class. */
    private static List<String> stageArgv(Class<?> mainClass) {
        List<String> argv = new ArrayList<>();
        argv.add(javaExecutable());
        argv.addAll(JVM_OPTIONS);
        String aotCache = System.getProperty("berth.aot.cache");
        if (aotCache != null && Files.isRegularFile(Path.of(aotCache))) {
            argv.add("-XX:AOTCache=" + aotCache);
        }
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(mainClass.getName());
        return argv;
    }

    /**
     * Through {@link UserNamespace}'s single-threaded stages: util-linux unshare creates every
     * new namespace after the user namespace, so only joins happen on our thread, and a new time
     * namespace, whose offsets only we can set. Returns our direct child's pid and the init stage's.
     */
    private static int[] spawnInNewUserNamespace(Request request, Map<Namespace, String> threadJoins,
                                                 String joinTime, List<String> argv, List<String> env,
                                                 List<int[]> fdMap, int closeFrom) {
        UserNamespace user = request.userNamespace();
        int holder = user.path() == null ? user.createHolder() : -1;
        try {
            List<String> wrapped = user.wrap(argv, request.unshare(), holder, joinTime);
            Set<Namespace> onThread = request.unshare().contains(Namespace.TIME)
                    ? EnumSet.of(Namespace.TIME) : Set.of();
            int child = spawnInNamespaces(threadJoins, onThread, request.timeOffsets(),
                    new SpawnRequest(wrapped.getFirst(), wrapped, env, fdMap, closeFrom, true));
            try {
                return new int[] {child, UserNamespace.initPid(child, request.unshare().contains(Namespace.PID))};
            } catch (RuntimeException e) {
                Processes.kill(child, Signal.SIGKILL.number());
                Processes.waitFor(child);
                throw e;
            }
        } finally {
            if (holder > 0) {
                UserNamespace.release(holder);
            }
        }
    }

    private static int high(Fd fd, List<Fd> temporaries) {
        Fd copy = FileCalls.dupAtLeast(fd.number(), HIGH_FD);
        temporaries.add(copy);
        return copy.number();
    }

    private static int spawnInNamespaces(Map<Namespace, String> join, Set<Namespace> unshare,
                                         Map<String, Linux.TimeOffset> timeOffsets, SpawnRequest spawn) {
        java.util.function.Function<SpawnRequest, Callable<Integer>> inNamespaces = request -> () -> {
            // our own fs context, so setns(mnt) and unshare(mnt) are allowed and private
            Namespaces.unshareFlags(Namespaces.CLONE_FS, "CLONE_FS");
            for (Map.Entry<Namespace, String> entry : join.entrySet()) {
                Namespaces.join(entry.getKey(), entry.getValue());
            }
            if (!unshare.isEmpty()) {
                Namespaces.unshare(unshare);
            }
            return ProcessSpawner.spawn(request);
        };
        if (unshare.contains(Namespace.TIME) && !timeOffsets.isEmpty()) {
            return TimeNamespaceOffsets.spawnWith(timeOffsets, spawn, inNamespaces);
        }
        return ThrowawayThread.call("berth-ns-spawn", "starting the init process", inNamespaces.apply(spawn));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
