package io.berth.image.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * The platforms a machine of one platform can run, best first, after containerd's
 * {@code platforms.Only}: a CPU runs code for its own older variants, and amd64 and arm64
 * CPUs also run 386 and 32-bit arm code.
 */
final class PlatformCompatibility {
    private static final int OLDEST_ARM = 5;

    private PlatformCompatibility() {}

    /** {@code wanted} (normalised) first, then what it can fall back to, in order of preference. */
    static List<Platform> acceptable(Platform wanted) {
        Platform p = wanted.normalized();
        List<Platform> result = new ArrayList<>(List.of(p));
        switch (p.architecture()) {
            case "amd64" -> {
                for (int level = level(p.variant()) - 1; level >= 1; level--) {
                    result.add(variant(p, "amd64", level == 1 ? null : "v" + level));
                }
                result.add(variant(p, "386", null));
            }
            case "arm" -> {
                for (int level = level(p.variant()) - 1; level >= OLDEST_ARM; level--) {
                    result.add(variant(p, "arm", "v" + level));
                }
            }
            case "arm64" -> addArm64(p, result);
            default -> { }
        }
        return result;
    }

    /**
     * arm64/v9.x runs v9.(x-1)..v9 and v8.(x+5)..v8 (v9.0 branched from v8.5); v8.x runs
     * v8.(x-1)..v8; all of them run 32-bit arm/v8 and older.
     */
    private static void addArm64(Platform p, List<Platform> result) {
        String[] parts = p.variant().substring(1).split("\\.", 2);
        int major;
        int minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return; // an unknown variant: only an exact match will do
        }
        if (major != 8 && major != 9) {
            return;
        }
        if (major == 9) {
            for (int m = minor - 1; m >= 0; m--) {
                result.add(variant(p, "arm64", m == 0 ? "v9" : "v9." + m));
            }
            minor += 5;
            result.add(variant(p, "arm64", "v8." + minor));
        }
        for (int m = minor - 1; m >= 0; m--) {
            result.add(variant(p, "arm64", m == 0 ? "v8" : "v8." + m));
        }
        result.addAll(acceptable(variant(p, "arm", "v8")));
    }

    /** The number in "vN"; 1 when there is no variant (amd64's baseline). */
    private static int level(String variant) {
        if (variant == null) {
            return 1;
        }
        try {
            return Integer.parseInt(variant.startsWith("v") ? variant.substring(1) : variant);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Platform variant(Platform base, String architecture, String variant) {
        return new Platform(base.os(), architecture, variant, base.osVersion(), base.osFeatures());
    }
}
