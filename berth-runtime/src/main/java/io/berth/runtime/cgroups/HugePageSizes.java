package io.berth.runtime.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The page sizes a hugetlb cgroup offers, found from its file names (hugetlb.2MB.*). */
final class HugePageSizes {
    private HugePageSizes() {}

    static List<String> in(CgroupFiles dir, String suffix) {
        if (!Files.isDirectory(dir.dir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir.dir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("hugetlb.") && n.endsWith(suffix) && !n.contains(".rsvd."))
                    .map(n -> n.substring("hugetlb.".length(), n.length() - suffix.length()))
                    .filter(size -> !size.contains(".")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
