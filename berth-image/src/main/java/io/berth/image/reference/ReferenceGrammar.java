package io.berth.image.reference;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The pieces of Docker's reference grammar (distribution/reference, regexp.go) and the checks
 * that apply them. Each check names the offending piece and the reference it came from.
 */
final class ReferenceGrammar {
    /** Letters, digits and '_' first, then up to 127 of those or '.' and '-'. */
    private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
    /** Lower-case alphanumerics separated by one '.', one or two '_', or any number of '-'. */
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final String DOMAIN_LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    /** A DNS-ish name, an IPv4 address or a bracketed IPv6 address (no zone), then an optional port. */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_LABEL + "(?:\\." + DOMAIN_LABEL + ")*|\\[[a-fA-F0-9:]+])(?::[0-9]+)?");
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");
    /** Docker's RepositoryNameTotalLengthMax; it counts the path, not the domain. */
    static final int MAX_PATH_LENGTH = 255;

    private ReferenceGrammar() {}

    /** A bare 64-hex string is an image ID; Docker refuses it as a name so the two are never confused. */
    static boolean looksLikeImageId(String text) {
        return IMAGE_ID.matcher(text).matches();
    }

    static void checkDomain(String domain, String context) {
        if (!DOMAIN.matcher(domain).matches()) {
            throw invalid(context, "registry (" + domain + ") must be a host name, IPv4 address or [IPv6]"
                    + " address, optionally followed by :port");
        }
    }

    static void checkPath(String path, String context) {
        if (!path.equals(path.toLowerCase(Locale.ROOT))) {
            // Docker's own words, which users search for.
            throw new InvalidReferenceException(context,
                    "invalid reference format: repository name (" + path + ") must be lowercase");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw invalid(context, "repository name (" + path + ") must not be more than "
                    + MAX_PATH_LENGTH + " characters");
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                throw invalid(context, "repository name (" + path + ") has an empty path component");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(context, "repository name component (" + component + ") must be lower-case"
                        + " letters and digits, separated by a single '.', '_' or '__', or by dashes");
            }
        }
    }

    static void checkTag(String tag, String context) {
        if (!TAG.matcher(tag).matches()) {
            throw invalid(context, "tag (" + tag + ") must be 1 to 128 letters, digits, '_', '.' or '-',"
                    + " not starting with '.' or '-'");
        }
    }

    static InvalidReferenceException invalid(String context, String problem) {
        return new InvalidReferenceException(context,
                "invalid reference format: " + problem + " in \"" + context + "\"");
    }
}
