package io.berth.runtime.spec;

import io.berth.linux.Mounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mount options of config.json split into mount(2) flags, propagation flags and the data
 * string passed to the filesystem (anything not a flag, e.g. "mode=755" or "size=65536k").
 */
public record MountOptions(long flags, long clearFlags, long propagation, boolean recursive,
                           String data) {

    private record Flag(boolean clear, long flag) {}

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("ro", new Flag(false, Mounts.MS_RDONLY)),
            Map.entry("rw", new Flag(true, Mounts.MS_RDONLY)),
            Map.entry("nosuid", new Flag(false, Mounts.MS_NOSUID)),
            Map.entry("suid", new Flag(true, Mounts.MS_NOSUID)),
            Map.entry("nodev", new Flag(false, Mounts.MS_NODEV)),
            Map.entry("dev", new Flag(true, Mounts.MS_NODEV)),
            Map.entry("noexec", new Flag(false, Mounts.MS_NOEXEC)),
            Map.entry("exec", new Flag(true, Mounts.MS_NOEXEC)),
            Map.entry("sync", new Flag(false, Mounts.MS_SYNCHRONOUS)),
            Map.entry("async", new Flag(true, Mounts.MS_SYNCHRONOUS)),
            Map.entry("dirsync", new Flag(false, Mounts.MS_DIRSYNC)),
            Map.entry("remount", new Flag(false, Mounts.MS_REMOUNT)),
            Map.entry("mand", new Flag(false, Mounts.MS_MANDLOCK)),
            Map.entry("nomand", new Flag(true, Mounts.MS_MANDLOCK)),
            Map.entry("atime", new Flag(true, Mounts.MS_NOATIME)),
            Map.entry("noatime", new Flag(false, Mounts.MS_NOATIME)),
            Map.entry("diratime", new Flag(true, Mounts.MS_NODIRATIME)),
            Map.entry("nodiratime", new Flag(false, Mounts.MS_NODIRATIME)),
            Map.entry("relatime", new Flag(false, Mounts.MS_RELATIME)),
            Map.entry("norelatime", new Flag(true, Mounts.MS_RELATIME)),
            Map.entry("strictatime", new Flag(false, Mounts.MS_STRICTATIME)),
            Map.entry("nostrictatime", new Flag(true, Mounts.MS_STRICTATIME)),
            Map.entry("lazytime", new Flag(false, Mounts.MS_LAZYTIME)),
            Map.entry("nolazytime", new Flag(true, Mounts.MS_LAZYTIME)),
            Map.entry("nosymfollow", new Flag(false, Mounts.MS_NOSYMFOLLOW)),
            Map.entry("symfollow", new Flag(true, Mounts.MS_NOSYMFOLLOW)),
            Map.entry("bind", new Flag(false, Mounts.MS_BIND)),
            Map.entry("rbind", new Flag(false, Mounts.MS_BIND | Mounts.MS_REC)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", Mounts.MS_PRIVATE, "rprivate", Mounts.MS_PRIVATE | Mounts.MS_REC,
            "shared", Mounts.MS_SHARED, "rshared", Mounts.MS_SHARED | Mounts.MS_REC,
            "slave", Mounts.MS_SLAVE, "rslave", Mounts.MS_SLAVE | Mounts.MS_REC,
            "unbindable", Mounts.MS_UNBINDABLE, "runbindable", Mounts.MS_UNBINDABLE | Mounts.MS_REC);

    /** Options that are recognised but only mean something to other runtimes. */
    private static final List<String> IGNORED = List.of("tmpcopyup", "idmap", "ridmap", "defaults");

    public static MountOptions parse(List<String> options) {
        long flags = 0;
        long clear = 0;
        long propagation = 0;
        boolean recursive = false;
        List<String> data = new ArrayList<>();
        for (String option : options) {
            Flag f = FLAGS.get(option);
            if (f != null) {
                if (f.clear()) {
                    flags &= ~f.flag();
                    clear |= f.flag();
                } else {
                    flags |= f.flag();
                    clear &= ~f.flag();
                }
                recursive |= option.equals("rbind");
            } else if (PROPAGATION.containsKey(option)) {
                propagation |= PROPAGATION.get(option);
            } else if (option.startsWith("r") && FLAGS.containsKey(option.substring(1))) {
                // recursive variants (rro, rnosuid, ...) of mount_setattr(2): applied non-recursively
                Flag r = FLAGS.get(option.substring(1));
                if (!r.clear()) {
                    flags |= r.flag();
                }
            } else if (!IGNORED.contains(option)) {
                data.add(option);
            }
        }
        return new MountOptions(flags, clear, propagation, recursive, String.join(",", data));
    }

    /** Any option is acceptable as filesystem data, except propagation-like typos are not caught. */
    static boolean isKnown(String option) {
        return !option.isBlank();
    }

    public boolean isBind() {
        return (flags & Mounts.MS_BIND) != 0;
    }
}
