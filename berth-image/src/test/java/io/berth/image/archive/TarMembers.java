package io.berth.image.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** The regular-file members of a tar, in archive order, read with commons-compress (not Berth's reader). */
final class TarMembers {
    private TarMembers() {}

    static Map<String, byte[]> of(byte[] tar) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                members.put(entry.getName(), entry.isFile() ? in.readAllBytes() : null);
            }
        }
        return members;
    }
}
