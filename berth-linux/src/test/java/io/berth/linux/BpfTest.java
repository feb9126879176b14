package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loads real device programs and checks their effect on a shell moved into a cgroup2 child. */
class BpfTest {
    private static final int MOV32_IMM = 0xb4;
    private static final int EXIT = 0x95;

    private Path cgroup;

    @BeforeEach
    void makeCgroup() throws IOException {
        assumeTrue(isRoot(), "needs root");
        Path unified = cgroup2Mount();
        assumeTrue(unified != null, "needs a cgroup2 mount");
        cgroup = unified.resolve("berth-bpf-test-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(cgroup);
    }

    @AfterEach
    void removeCgroup() throws IOException, InterruptedException {
        if (cgroup == null) {
            return;
        }
        // the shell has exited, but the cgroup may take a moment to notice
        for (int i = 0; i < 100; i++) {
            try {
                Files.deleteIfExists(cgroup);
                return;
            } catch (IOException busy) {
                Thread.sleep(10);
            }
        }
        Files.deleteIfExists(cgroup);
    }

    @Test
    void denyAllProgramStopsOpeningDevNull() throws Exception {
        assertEquals(0, catDevNullInCgroup(), "before attaching");
        try (Fd dir = FileCalls.open(cgroup.toString(), FileCalls.O_RDONLY | FileCalls.O_DIRECTORY, 0);
             Fd prog = Bpf.loadCgroupDeviceProgram(returning(0), "Apache")) {
            Bpf.attachCgroupDevice(dir, prog, Bpf.BPF_F_ALLOW_MULTI);
            assertEquals(1, Bpf.queryCgroupDevice(dir).size());
            assertTrue(catDevNullInCgroup() != 0, "cat /dev/null must fail under a deny-all program");
            Bpf.detachCgroupDevice(dir, prog);
            assertEquals(List.of(), Bpf.queryCgroupDevice(dir));
            assertEquals(0, catDevNullInCgroup(), "after detaching");
        }
    }

    @Test
    void allowAllProgramKeepsDevNullOpen() throws Exception {
        try (Fd dir = FileCalls.open(cgroup.toString(), FileCalls.O_RDONLY | FileCalls.O_DIRECTORY, 0);
             Fd prog = Bpf.loadCgroupDeviceProgram(returning(1), "Apache")) {
            Bpf.attachCgroupDevice(dir, prog, Bpf.BPF_F_ALLOW_MULTI);
            int id = Bpf.queryCgroupDevice(dir).getFirst();
            assertEquals(0, catDevNullInCgroup());
            try (Fd again = Bpf.programById(id)) {
                Bpf.detachCgroupDevice(dir, again);
            }
            assertEquals(List.of(), Bpf.queryCgroupDevice(dir));
        }
    }

    @Test
    void verifierRejectionCarriesTheLog() {
        // exit without setting r0: the verifier refuses to read an uninitialised register
        SyscallException e = assertThrows(SyscallException.class,
                () -> Bpf.loadCgroupDeviceProgram(List.of(new Bpf.Instruction(EXIT, 0, 0, 0, 0)), "Apache"));
        assertTrue(e.getMessage().contains("R0"), e.getMessage());
    }

    private static List<Bpf.Instruction> returning(int verdict) {
        return List.of(new Bpf.Instruction(MOV32_IMM, 0, 0, 0, verdict), new Bpf.Instruction(EXIT, 0, 0, 0, 0));
    }

    private int catDevNullInCgroup() throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c",
                "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec cat /dev/null")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static Path cgroup2Mount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] halves = line.split(" - ", 2);
            if (halves.length == 2 && halves[1].startsWith("cgroup2 ")) {
                return Path.of(halves[0].split(" ")[4]);
            }
        }
        return null;
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
