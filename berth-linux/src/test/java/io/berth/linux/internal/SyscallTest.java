package io.berth.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Checks the syscall numbers against the kernel's UAPI headers, where the machine has them. */
class SyscallTest {
    private static final Pattern DEFINE = Pattern.compile("#define __NR(?:3264)?_(\\w+)\\s+(\\d+)");

    @Test
    void x86_64NumbersMatchAsmUnistd64() throws IOException {
        check(Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"), "amd64");
    }

    @Test
    void aarch64NumbersMatchAsmGenericUnistd() throws IOException {
        check(Path.of("/usr/include/asm-generic/unistd.h"), "aarch64");
    }

    private static void check(Path header, String arch) throws IOException {
        assumeTrue(Files.isRegularFile(header), "needs " + header + " (linux-libc-dev)");
        Map<String, Long> numbers = new HashMap<>();
        Matcher m = DEFINE.matcher(Files.readString(header));
        while (m.find()) {
            numbers.putIfAbsent(m.group(1), Long.parseLong(m.group(2)));
        }
        for (Syscall call : Syscall.values()) {
            String name = call.name().toLowerCase(Locale.ROOT);
            assertEquals(numbers.get(name), call.number(arch), name + " on " + arch);
        }
    }
}
