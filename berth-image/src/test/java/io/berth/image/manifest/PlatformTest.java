package io.berth.image.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            linux/amd64,          linux/amd64
            linux/x86_64,         linux/amd64
            linux/x86-64,         linux/amd64
            linux/amd64/v1,       linux/amd64
            linux/amd64/v3,       linux/amd64/v3
            linux/aarch64,        linux/arm64/v8
            linux/arm64,          linux/arm64/v8
            linux/arm64/v8,       linux/arm64/v8
            linux/arm64/8,        linux/arm64/v8
            linux/arm64/v8.2,     linux/arm64/v8.2
            linux/arm,            linux/arm/v7
            linux/arm/7,          linux/arm/v7
            linux/arm/v6,         linux/arm/v6
            linux/arm/5,          linux/arm/v5
            linux/armhf,          linux/arm/v7
            linux/armel,          linux/arm/v6
            linux/i386,           linux/386
            linux/386,            linux/386
            Linux/AMD64,          linux/amd64
            macos/arm64,          darwin/arm64/v8
            linux/s390x,          linux/s390x
            linux/ppc64le,        linux/ppc64le
            linux/riscv64,        linux/riscv64
            arm64,                linux/arm64/v8
            s390x,                linux/s390x
            """)
    void parsesAndNormalisesAsContainerdDoes(String specifier, String expected) {
        assertEquals(expected, Platform.parse(specifier).toString());
    }

    @Test
    void anOsAloneGetsThisMachinesArchitecture() {
        Platform linux = Platform.parse("linux");
        assertEquals("linux", linux.os());
        assertEquals(Platform.defaultPlatform().architecture(), linux.architecture());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            ''                           | want os/arch[/variant]
            linux/amd64/v3/extra         | too many components
            linux/                       | component "" must be
            /amd64                       | component "" must be
            linux/amd 64                 | component "amd 64" must be
            linux/*                      | component "*" must be
            garbage                      | unknown operating system or architecture
            """)
    void refusesGarbageByName(String specifier, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Platform.parse(specifier));
        assertTrue(e.getMessage().startsWith("invalid platform \"" + specifier + "\""), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void nullIsRefusedClearly() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Platform.parse(null)).getMessage()
                .contains("want os/arch"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            amd64,   linux/amd64
            x86_64,  linux/amd64
            aarch64, linux/arm64/v8
            arm64,   linux/arm64/v8
            arm,     linux/arm/v7
            x86,     linux/386
            i386,    linux/386
            ppc64le, linux/ppc64le
            s390x,   linux/s390x
            riscv64, linux/riscv64
            """)
    void theDefaultIsLinuxOnTheJvmsArchitecture(String osArch, String expected) {
        assertEquals(expected, Platform.forJvmArchitecture(osArch).toString());
    }

    @Test
    void thisMachineIsLinux() {
        Platform here = Platform.defaultPlatform();
        assertEquals("linux", here.os());
        assertEquals(Platform.forJvmArchitecture(System.getProperty("os.arch")), here);
    }

    @Test
    void matchingComparesNormalisedForms() {
        assertTrue(Platform.of("linux", "arm64").matches(Platform.of("linux", "arm64", "v8")));
        assertTrue(Platform.of("linux", "aarch64").matches(Platform.parse("linux/arm64")));
        assertTrue(Platform.of("linux", "x86_64").matches(Platform.of("linux", "amd64")));
        assertTrue(Platform.of("linux", "arm").matches(Platform.of("linux", "arm", "v7")));
        assertFalse(Platform.of("linux", "arm", "v6").matches(Platform.of("linux", "arm", "v7")));
        assertFalse(Platform.of("linux", "amd64").matches(Platform.of("windows", "amd64")));
        assertFalse(Platform.of("linux", "amd64", "v3").matches(Platform.of("linux", "amd64")));
    }

    @Test
    void keepsWhatWasWrittenUntilNormalised() {
        Platform raw = new Platform("windows", "amd64", "", "10.0.17763.6293", List.of("win32k"));
        assertNull(raw.variant(), "an empty variant is no variant");
        assertEquals("10.0.17763.6293", raw.osVersion());
        assertEquals("aarch64", Platform.of("linux", "aarch64").architecture());
        assertEquals("windows/amd64", raw.toString());
    }

    @Test
    void osAndArchitectureAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> Platform.of("", "amd64"));
        assertThrows(IllegalArgumentException.class, () -> Platform.of("linux", null));
    }
}
