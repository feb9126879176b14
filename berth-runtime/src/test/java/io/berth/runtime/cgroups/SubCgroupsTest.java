package io.berth.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runc exec --cgroup's argument rules. */
class SubCgroupsTest {
    @Test
    void perControllerAndForAll() {
        SubCgroups sub = SubCgroups.parse(List.of("cpu,cpuacct:a/b", "memory:m", "rest"));
        assertEquals(Map.of("cpu", "a/b", "cpuacct", "a/b", "memory", "m", "", "rest"), sub.paths());
        assertEquals(Optional.of("m"), sub.forAny(List.of("memory")));
        assertEquals(Optional.of("rest"), sub.forAny(List.of("pids")));
        assertEquals(Optional.empty(), SubCgroups.parse(List.of("memory:m")).forAny(List.of("pids")));
        assertEquals(SubCgroups.NONE, SubCgroups.parse(List.of()));
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("invalid --cgroup argument(s): multiple <controller>-less arguments",
                assertThrows(IllegalArgumentException.class, () -> SubCgroups.parse(List.of("a", "b"))).getMessage());
        assertEquals("invalid --cgroup argument(s): controller cpu specified multiple times",
                assertThrows(IllegalArgumentException.class,
                        () -> SubCgroups.parse(List.of("cpu:a", "cpu,memory:b"))).getMessage());
        assertEquals("invalid --cgroup argument: ,cpu:a (empty <controller> prefix)",
                assertThrows(IllegalArgumentException.class, () -> SubCgroups.parse(List.of(",cpu:a"))).getMessage());
    }

    @Test
    void aSubCgroupMustExistInsideTheContainers(@TempDir Path base) throws Exception {
        Files.createDirectories(base.resolve("x/y"));
        assertEquals(base.resolve("x/y"), SubCgroups.within(base, "/x/y"));
        assertThrows(IllegalArgumentException.class, () -> SubCgroups.within(base, "x/../../z"));
        assertThrows(CgroupException.class, () -> SubCgroups.within(base, "nope"));
    }
}
