package io.berth.image.reference;

import io.berth.image.content.Digest;
import java.util.Locale;

/**
 * Turns what a user types into a fully qualified {@link ImageReference}, as Docker's
 * {@code ParseNormalizedNamed} followed by {@code TagNameOnly} does.
 */
final class ReferenceParser {
    static final String DOCKER_HUB = "docker.io";
    private static final String LEGACY_DOCKER_HUB = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final String DEFAULT_TAG = "latest";

    private ReferenceParser() {}

    static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException(String.valueOf(text),
                    "invalid reference format: repository name must have at least one component");
        }
        if (ReferenceGrammar.looksLikeImageId(text)) {
            throw new InvalidReferenceException(text,
                    "invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings");
        }
        int at = text.indexOf('@');
        String nameAndTag = at < 0 ? text : text.substring(0, at);
        String digestText = at < 0 ? null : text.substring(at + 1);

        // A tag is after the last ':' that follows the last '/'; an earlier ':' belongs to a port.
        int colon = nameAndTag.lastIndexOf(':');
        boolean hasTag = colon > nameAndTag.lastIndexOf('/');
        String name = hasTag ? nameAndTag.substring(0, colon) : nameAndTag;
        String tag = hasTag ? nameAndTag.substring(colon + 1) : null;

        String[] domainAndPath = splitDomain(name);
        String domain = domainAndPath[0];
        String path = domainAndPath[1];
        ReferenceGrammar.checkDomain(domain, text);
        ReferenceGrammar.checkPath(path, text);
        if (tag != null) {
            ReferenceGrammar.checkTag(tag, text);
        }
        Digest digest = digestText == null ? null : digest(digestText, text);
        return new ImageReference(domain, path, tag == null && digest == null ? DEFAULT_TAG : tag, digest);
    }

    /**
     * Docker's rule: the first component names a registry if it has a '.' or ':', is
     * "localhost", or has upper-case letters (which a repository path cannot have); otherwise
     * the name is on Docker Hub, where a one-component name is an official image under library/.
     */
    private static String[] splitDomain(String name) {
        int slash = name.indexOf('/');
        String domain = DOCKER_HUB;
        String path = name;
        if (slash >= 0) {
            String first = name.substring(0, slash);
            if (first.equals("localhost") || first.contains(".") || first.contains(":")
                    || !first.equals(first.toLowerCase(Locale.ROOT))) {
                domain = canonicalDomain(first);
                path = name.substring(slash + 1);
            }
        }
        return new String[] {domain, canonicalPath(domain, path)};
    }

    /** index.docker.io, Docker Hub's old name, is docker.io. */
    static String canonicalDomain(String domain) {
        return domain.equals(LEGACY_DOCKER_HUB) ? DOCKER_HUB : domain;
    }

    /** On Docker Hub a one-component path is an official image, under library/. */
    static String canonicalPath(String domain, String path) {
        return domain.equals(DOCKER_HUB) && !path.contains("/") ? OFFICIAL_PREFIX + path : path;
    }

    private static Digest digest(String digestText, String context) {
        try {
            return Digest.parse(digestText);
        } catch (IllegalArgumentException e) {
            throw ReferenceGrammar.invalid(context, "digest (" + digestText + ") is not valid: " + e.getMessage());
        }
    }

    /** Docker Hub's official images show without "docker.io/library/"; other Hub images without "docker.io/". */
    static String familiarName(String domain, String path) {
        if (!domain.equals(DOCKER_HUB)) {
            return domain + "/" + path;
        }
        if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }
}
