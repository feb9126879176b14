package io.berth.image.reference;

import io.berth.image.content.Digest;

/**
 * A fully qualified image reference, {@code domain/path[:tag][@digest]}, normalised as Docker
 * normalises what users type: {@code busybox} is {@code docker.io/library/busybox:latest}.
 * A reference has a tag, a digest, or both; the tag is {@code null} when only a digest was
 * given (Docker adds "latest" only to a bare name), the digest is {@code null} when none was.
 *
 * @param domain the registry, e.g. {@code docker.io} or {@code localhost:5000}
 * @param path   the repository within the registry, e.g. {@code library/busybox}
 * @param tag    nullable
 * @param digest nullable
 */
public record ImageReference(String domain, String path, String tag, Digest digest) {
    /** The domain under which Docker Hub images are named. */
    public static final String DOCKER_HUB = ReferenceParser.DOCKER_HUB;
    /** Where Docker Hub's registry API answers: the name "docker.io" itself serves no registry. */
    private static final String DOCKER_HUB_REGISTRY = "registry-1.docker.io";

    public ImageReference {
        String context = domain + "/" + path + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
        if (domain == null || path == null) {
            throw ReferenceGrammar.invalid(context, "a reference needs a registry domain and a repository path");
        }
        // One name, one value: the forms Docker normalises away are normalised here too.
        domain = ReferenceParser.canonicalDomain(domain);
        path = ReferenceParser.canonicalPath(domain, path);
        ReferenceGrammar.checkDomain(domain, context);
        ReferenceGrammar.checkPath(path, context);
        if (tag != null) {
            ReferenceGrammar.checkTag(tag, context);
        }
        if (tag == null && digest == null) {
            throw ReferenceGrammar.invalid(context, "a reference needs a tag or a digest");
        }
    }

    /**
     * Parses a reference as the docker CLI accepts it, e.g. {@code busybox}, {@code user/app:1},
     * {@code localhost:5000/a/b:1.0}, {@code [::1]:5000/x}, {@code busybox@sha256:...}.
     *
     * @throws InvalidReferenceException naming the text and what is wrong with it
     */
    public static ImageReference parse(String text) {
        return ReferenceParser.parse(text);
    }

    /** {@code domain/path}, the name a registry and the image store know the repository by. */
    public String repository() {
        return domain + "/" + path;
    }

    /** The host[:port] to reach the registry at: Docker Hub's API host for {@code docker.io}, else the domain. */
    public String registryHost() {
        return domain.equals(DOCKER_HUB) ? DOCKER_HUB_REGISTRY : domain;
    }

    /** The repository as Docker shows it: {@code busybox}, {@code user/app}, {@code localhost:5000/x}. */
    public String familiarName() {
        return ReferenceParser.familiarName(domain, path);
    }

    /** The reference as Docker shows it: {@code busybox:latest}, {@code user/app:1@sha256:...}. */
    public String familiarString() {
        return familiarName() + suffix();
    }

    /** The same repository with this tag; a digest, if any, is kept (as Docker's WithTag does). */
    public ImageReference withTag(String newTag) {
        if (newTag == null) {
            throw ReferenceGrammar.invalid(toString(), "a tag cannot be null");
        }
        return new ImageReference(domain, path, newTag, digest);
    }

    /** The same repository with this digest; a tag, if any, is kept (as Docker's WithDigest does). */
    public ImageReference withDigest(Digest newDigest) {
        if (newDigest == null) {
            throw ReferenceGrammar.invalid(toString(), "a digest cannot be null");
        }
        return new ImageReference(domain, path, tag, newDigest);
    }

    /** Fully qualified: {@code docker.io/library/busybox:latest}. */
    @Override
    public String toString() {
        return repository() + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
