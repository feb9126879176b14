package io.berth.runtime.init;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DirectLaunchTest {
    @Test
    void kernelReleasesCompare() {
        assertTrue(DirectLaunch.kernelAtLeast("6.18.44-fc-v657", 6, 18));
        assertTrue(DirectLaunch.kernelAtLeast("7.0.1", 6, 18));
        assertFalse(DirectLaunch.kernelAtLeast("6.12.0-amd64", 6, 18));
        assertFalse(DirectLaunch.kernelAtLeast("5.19", 6, 18));
        assertFalse(DirectLaunch.kernelAtLeast("unknown", 6, 18));
    }

    @Test
    void pathsWithinDirectories() {
        assertTrue(DirectLaunch.isWithin("/usr/local/bin", "/usr"));
        assertTrue(DirectLaunch.isWithin("/usr/bin", "/usr/bin"));
        assertTrue(DirectLaunch.isWithin("/anything", "/"));
        assertFalse(DirectLaunch.isWithin("/usr/binary", "/usr/bin"));
        assertFalse(DirectLaunch.isWithin("/usr", "/usr/bin"));
    }
}
