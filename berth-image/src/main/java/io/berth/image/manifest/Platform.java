package io.berth.image.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The platform an image runs on, as an index entry's {@code platform} object has it
 * (image-index.md). Kept as written; {@link #normalized()} gives the canonical form that
 * comparisons use.
 *
 * @param os           e.g. "linux"
 * @param architecture a GOARCH value, e.g. "amd64", "arm64"
 * @param variant      nullable, e.g. "v7" for arm, "v8" for arm64
 * @param osVersion    nullable; only Windows images use it
 * @param osFeatures   never null; only Windows images use it
 */
public record Platform(String os, String architecture, String variant, String osVersion, List<String> osFeatures) {
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_.-]+");
    // Go's syslist.go, as containerd's platforms package knows them.
    private static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
            "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos");
    private static final Set<String> KNOWN_ARCH = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
            "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    public Platform {
        if (os == null || os.isBlank()) {
            throw new IllegalArgumentException("a platform needs an os, e.g. \"linux\"");
        }
        if (architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("a platform needs an architecture, e.g. \"amd64\"");
        }
        variant = variant == null || variant.isEmpty() ? null : variant;
        osVersion = osVersion == null || osVersion.isEmpty() ? null : osVersion;
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, null, null, List.of());
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, variant, null, List.of());
    }

    /**
     * Parses {@code os/arch[/variant]} as {@code docker --platform} takes it, normalised
     * ({@code linux/aarch64} is linux/arm64/v8). One component is an os (with this machine's
     * architecture) or an architecture (on linux).
     *
     * @throws IllegalArgumentException naming the specifier and what is wrong with it
     */
    public static Platform parse(String specifier) {
        if (specifier == null || specifier.isBlank()) {
            throw new IllegalArgumentException(
                    "invalid platform \"" + specifier + "\": want os/arch[/variant], e.g. linux/amd64");
        }
        String[] parts = specifier.split("/", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("invalid platform \"" + specifier + "\": too many components"
                    + " (want os/arch[/variant], e.g. linux/arm64/v8)");
        }
        for (String part : parts) {
            if (!COMPONENT.matcher(part).matches()) {
                throw new IllegalArgumentException("invalid platform \"" + specifier + "\": component \"" + part
                        + "\" must be letters, digits, '_', '.' or '-'");
            }
        }
        return switch (parts.length) {
            case 1 -> parseOne(specifier);
            case 2 -> of(parts[0], parts[1]).normalized();
            default -> of(parts[0], parts[1], parts[2]).normalized();
        };
    }

    private static Platform parseOne(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (KNOWN_OS.contains(normalizeOs(lower))) {
            Platform host = defaultPlatform();
            return of(lower, host.architecture(), host.variant()).normalized();
        }
        Platform asArch = of("linux", lower).normalized();
        if (KNOWN_ARCH.contains(asArch.architecture())) {
            return asArch;
        }
        throw new IllegalArgumentException("invalid platform \"" + word + "\": unknown operating system or architecture"
                + " (want os/arch[/variant], e.g. linux/amd64)");
    }

    /** Linux on the architecture this JVM runs on. */
    public static Platform defaultPlatform() {
        return forJvmArchitecture(System.getProperty("os.arch"));
    }

    /** Linux on a JVM {@code os.arch} value, which uses its own names for some architectures. */
    static Platform forJvmArchitecture(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return of("linux", switch (arch) {
            case "x86", "i486", "i586", "i686" -> "386";
            default -> arch;
        }).normalized();
    }

    /**
     * The canonical form comparisons use, as containerd normalises: lower case; x86_64 is amd64
     * (v1 is no variant); aarch64 is arm64, whose default variant is v8; arm's default variant is
     * v7; armhf is arm/v7, armel arm/v6; i386 is 386; macos is darwin.
     */
    public Platform normalized() {
        String arch = architecture.toLowerCase(Locale.ROOT);
        String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        String[] normal = switch (arch) {
            case "i386", "386" -> new String[] {"386", arch.equals("386") ? v : ""};
            case "x86_64", "x86-64", "amd64" -> new String[] {"amd64", v.equals("v1") ? "" : v};
            case "aarch64", "arm64" -> new String[] {"arm64", switch (v) {
                case "", "8", "v8", "v8.0" -> "v8";
                case "9", "v9.0" -> "v9";
                default -> v;
            }};
            case "armhf" -> new String[] {"arm", "v7"};
            case "armel" -> new String[] {"arm", "v6"};
            case "arm" -> new String[] {"arm", switch (v) {
                case "", "7" -> "v7";
                case "5", "6", "8" -> "v" + v;
                default -> v;
            }};
            default -> new String[] {arch, v};
        };
        return new Platform(normalizeOs(os), normal[0], normal[1], osVersion, osFeatures);
    }

    private static String normalizeOs(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    /**
     * Whether this platform is the wanted one once both are normalised (os, architecture and
     * variant; os.version and os.features are ignored, as containerd does on Linux). Exact:
     * no fallback to older variants; {@link PlatformSelector} does that.
     */
    public boolean matches(Platform wanted) {
        Platform self = normalized();
        Platform other = wanted.normalized();
        return self.os.equals(other.os) && self.architecture.equals(other.architecture)
                && Objects.equals(self.variant, other.variant);
    }

    /** {@code os/arch[/variant]}, as docker prints platforms. */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
