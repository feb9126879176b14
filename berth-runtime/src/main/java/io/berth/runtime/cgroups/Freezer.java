package io.berth.runtime.cgroups;

import java.nio.file.Path;

/**
 * Freezing is asynchronous on both versions: the request is a write, completion must be awaited.
 * v1 may sit in FREEZING when a task is in an uninterruptible sleep; the write is repeated, as
 * runc does, and a freeze that does not complete in time is undone and reported.
 */
sealed interface Freezer {
    long TIMEOUT_MS = 5_000;

    void freeze();

    void thaw();

    boolean frozen();

    /** v1: freezer.state takes FROZEN/THAWED and reads FREEZING while on the way. */
    record V1(Path dir) implements Freezer {
        @Override
        public void freeze() {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (true) {
                CgroupWriter.write(dir.resolve("freezer.state"), "FROZEN");
                if (frozen()) {
                    return;
                }
                if (System.currentTimeMillis() > deadline) {
                    thaw();
                    throw new CgroupException("cgroup: " + dir + " did not reach FROZEN in " + TIMEOUT_MS + " ms");
                }
                CgroupTree.sleep(10);
            }
        }

        @Override
        public void thaw() {
            CgroupWriter.write(dir.resolve("freezer.state"), "THAWED");
        }

        @Override
        public boolean frozen() {
            return new CgroupFiles(dir).read("freezer.state").orElse("").equals("FROZEN");
        }
    }

    /** v2: cgroup.freeze takes 1/0; cgroup.events says "frozen 1" once every task has stopped. */
    record V2(Path dir) implements Freezer {
        @Override
        public void freeze() {
            CgroupWriter.write(dir.resolve("cgroup.freeze"), "1");
            await(true);
        }

        @Override
        public void thaw() {
            CgroupWriter.write(dir.resolve("cgroup.freeze"), "0");
            await(false);
        }

        @Override
        public boolean frozen() {
            return new CgroupFiles(dir).readKeyed("cgroup.events").getOrDefault("frozen", 0L) == 1;
        }

        private void await(boolean wanted) {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (frozen() != wanted) {
                if (System.currentTimeMillis() > deadline) {
                    if (wanted) {
                        CgroupWriter.write(dir.resolve("cgroup.freeze"), "0");
                    }
                    throw new CgroupException("cgroup: " + dir + " did not become " + (wanted ? "frozen" : "thawed")
                            + " in " + TIMEOUT_MS + " ms");
                }
                CgroupTree.sleep(10);
            }
        }
    }
}
