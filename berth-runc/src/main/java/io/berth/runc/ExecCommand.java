package io.berth.runc;

import io.berth.linux.ExitStatus;
import io.berth.linux.Processes;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.ExecOptions;
import io.berth.runtime.cgroups.SubCgroups;
import io.berth.runtime.spec.Capabilities;
import io.berth.runtime.spec.Process;
import io.berth.runtime.spec.SpecReader;
import io.berth.runtime.spec.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * runc exec: a new process in a running container. Without --process, it is the container's
 * own process settings with the given args, env additions, cwd, user and extra capabilities.
 */
@Command(name = "exec", description = "execute new process inside the container")
final class ExecCommand extends RuncCommand {
    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Parameters(index = "1..*", paramLabel = "<command> [args...]")
    List<String> command = new ArrayList<>();

    @Option(names = {"--process", "-p"}, description = "path to the process.json")
    Path processJson;

    @Option(names = "--console-socket", description = "AF_UNIX socket that receives the pty master")
    String consoleSocket;

    @Option(names = "--cwd", description = "current working directory in the container")
    String cwd;

    @Option(names = {"--env", "-e"}, description = "set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = {"--tty", "-t"}, description = "allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"--user", "-u"}, description = "UID (format: <uid>[:<gid>])")
    String user;

    @Option(names = {"--additional-gids", "-g"}, description = "additional gids")
    List<Long> additionalGids = new ArrayList<>();

    @Option(names = {"--cap", "-c"}, description = "add a capability to the bounding set for the process")
    List<String> caps = new ArrayList<>();

    @Option(names = "--no-new-privs", description = "set the no new privileges value for the process")
    boolean noNewPrivs;

    @Option(names = {"--detach", "-d"}, description = "detach from the container's process")
    boolean detach;

    @Option(names = "--pid-file", description = "file to write the process id to")
    Path pidFile;

    @Option(names = "--preserve-fds", description = "pass N additional file descriptors to the process")
    int preserveFds;

    @Option(names = "--process-label", description = "SELinux label (ignored: SELinux is not supported)")
    String processLabel;

    @Option(names = "--apparmor", description = "AppArmor profile (ignored: AppArmor is not supported)")
    String apparmor;

    @Option(names = "--cgroup", description = "run the process in an (existing) sub-cgroup(s); format is [<controller>:]<cgroup>")
    List<String> cgroups = new ArrayList<>();

    @Option(names = "--ignore-paused", description = "allow exec in a paused container")
    boolean ignorePaused;

    @Override
    public Integer call() throws Exception {
        ContainerRuntime runtime = global.runtime();
        Process process = processJson != null
                ? SpecReader.parse(Files.readAllBytes(processJson), Process.class)
                : fromFlags(runtime.spec(id).process());
        // BERTH_INIT_STAGE=always: an exec stage process too, as for create
        int pid = runtime.exec(id, process, new ExecOptions(consoleSocket, preserveFds, SubCgroups.parse(cgroups), ignorePaused,
                "always".equals(System.getenv("BERTH_INIT_STAGE"))));
        CreateCommand.writePidFile(pidFile, pid);
        if (detach) {
            return 0;
        }
        SignalForwarder forwarder = SignalForwarder.install(pid);
        ExitStatus status;
        try {
            status = Processes.waitFor(pid);
        } finally {
            forwarder.close();
        }
        return status.shellCode();
    }

    private Process fromFlags(Process base) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("exec: no command given (and no --process)");
        }
        List<String> environment = new ArrayList<>(base.env());
        environment.addAll(env);
        User u = base.user();
        if (user != null) {
            String[] parts = user.split(":", 2);
            u = new User(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0,
                    u == null ? null : u.umask(), u == null ? null : u.additionalGids(), null);
        }
        if (!additionalGids.isEmpty()) {
            u = new User(u == null ? 0 : u.uid(), u == null ? 0 : u.gid(), u == null ? null : u.umask(),
                    additionalGids, null);
        }
        Capabilities c = base.capabilities();
        if (!caps.isEmpty()) {
            c = new Capabilities(plus(c == null ? List.of() : c.bounding(), caps),
                    plus(c == null ? List.of() : c.effective(), caps), c == null ? List.of() : c.inheritable(),
                    plus(c == null ? List.of() : c.permitted(), caps), c == null ? List.of() : c.ambient());
        }
        return new Process(tty, base.consoleSize(), u, command, null, environment, cwd != null ? cwd : base.cwd(), c,
                base.rlimits(), noNewPrivs || base.noNewPrivs(), base.apparmorProfile(), base.oomScoreAdj(),
                base.selinuxLabel(), base.ioPriority(), base.scheduler(), base.execCPUAffinity());
    }

    private static List<String> plus(List<String> set, List<String> more) {
        List<String> out = new ArrayList<>(set);
        for (String m : more) {
            String name = m.toUpperCase(java.util.Locale.ROOT).startsWith("CAP_") ? m.toUpperCase(java.util.Locale.ROOT)
                    : "CAP_" + m.toUpperCase(java.util.Locale.ROOT);
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
