package io.berth.image.push;

import io.berth.image.content.BlobNotFoundException;
import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.image.manifest.Descriptor;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.manifest.Manifest;
import io.berth.image.manifest.ManifestCodec;
import io.berth.image.manifest.MediaTypes;
import io.berth.image.reference.ImageReference;
import io.berth.image.reference.InvalidReferenceException;
import io.berth.image.registry.BlobUploads;
import io.berth.image.registry.LocalBlob;
import io.berth.image.registry.RegistryClients;
import io.berth.image.store.ImageRecord;
import io.berth.image.store.ImageStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pushes an image of the store to a registry as docker push does: the layer blobs as stored
 * (compressed, never recompressed) in parallel, then the config, then the manifest bytes exactly
 * as stored, so the registry's digest is the one the image was pulled or loaded with. For an image
 * pulled from a multi-platform index that is the platform manifest. Afterwards the store records
 * {@code REPOSITORY@DIGEST} for the image, which later pushes use as a mount source.
 */
public final class ImagePusher {
    private final RegistryClients registries;
    private final ContentStore content;
    private final ImageStore images;

    public ImagePusher(RegistryClients registries, ContentStore content, ImageStore images) {
        this.registries = registries;
        this.content = content;
        this.images = images;
    }

    /** Pushes {@code image} to {@code target}, which must name a tag and no digest. */
    public PushResult push(ImageRecord image, ImageReference target, PushOptions options, PushListener listener)
            throws IOException {
        if (target.digest() != null || target.tag() == null) {
            throw new InvalidReferenceException("cannot push a digest reference: " + target.familiarString()
                    + " (push a tag; the registry computes the digest)");
        }
        byte[] manifestBytes = readManifest(image, target);
        ImageManifest manifest = parse(manifestBytes, image);
        LocalBlob config = local(manifest.config(), "config", target);
        List<LocalBlob> layers = layers(manifest, target);

        BlobUploads uploads = new BlobUploads(registries.forHost(target.domain()));
        List<String> sources = mountSources(image, target);
        listener.layers(layers.reversed().stream().map(b -> b.digest().shortHex()).toList());
        pushLayers(uploads, target.path(), layers, sources, options, listener);
        new BlobPush(uploads, target.path(), config, sources, options, PushListener.none()).call();
        Digest digest = uploads.putManifest(target.path(), target.tag(), image.manifestMediaType(), manifestBytes);
        if (images.get(image.id()).isPresent()) {
            images.put(image, List.of(), Optional.empty(), Optional.of(target.repository() + "@" + digest));
        }
        return new PushResult(target, digest, manifestBytes.length);
    }

    private byte[] readManifest(ImageRecord image, ImageReference target) throws IOException {
        try {
            return content.read(image.manifestDigest());
        } catch (BlobNotFoundException e) {
            throw missing("the manifest " + image.manifestDigest(), image, target);
        }
    }

    private static ImageManifest parse(byte[] bytes, ImageRecord image) throws IOException {
        Manifest parsed = ManifestCodec.parse(bytes, image.manifestMediaType());
        if (!(parsed instanceof ImageManifest manifest)) {
            throw new IOException("image " + image.id() + " is recorded with an index (" + image.manifestDigest()
                    + ") instead of an image manifest; it cannot be pushed as one image");
        }
        return manifest;
    }

    /** The distinct layer blobs to send, base first; foreign layers stay behind, as docker leaves them. */
    private List<LocalBlob> layers(ImageManifest manifest, ImageReference target) throws IOException {
        Map<Digest, LocalBlob> blobs = new LinkedHashMap<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            if (!foreign(layer) && !blobs.containsKey(layer.digest())) {
                blobs.put(layer.digest(), local(layer, "layer " + (i + 1) + " of " + manifest.layers().size(), target));
            }
        }
        return List.copyOf(blobs.values());
    }

    private static boolean foreign(Descriptor layer) {
        return !layer.urls().isEmpty() && (layer.mediaType().startsWith(MediaTypes.DOCKER_FOREIGN_LAYER)
                || layer.mediaType().startsWith(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE));
    }

    /** The stored blob a descriptor names, checked before anything is sent so a push never stops half-way for it. */
    private LocalBlob local(Descriptor descriptor, String what, ImageReference target) throws IOException {
        Optional<Long> size = content.size(descriptor.digest());
        if (size.isEmpty()) {
            throw new IOException("cannot push " + target.familiarString() + ": " + what + " (" + descriptor.digest()
                    + ") is missing from the content store " + content.root() + "; pull or load the image again");
        }
        if (size.get() != descriptor.size()) {
            throw new IOException("cannot push " + target.familiarString() + ": " + what + " (" + descriptor.digest()
                    + ") is " + size.get() + " bytes in the content store, the manifest says " + descriptor.size());
        }
        return new LocalBlob(descriptor.digest(), descriptor.size(), content.blobPath(descriptor.digest()));
    }

    private IOException missing(String what, ImageRecord image, ImageReference target) {
        return new IOException("cannot push " + target.familiarString() + ": " + what + " of image " + image.id()
                + " is missing from the content store " + content.root() + "; pull or load the image again");
    }

    /** Repositories of the same registry the image was pulled from or pushed to: the registry has its blobs there. */
    private static List<String> mountSources(ImageRecord image, ImageReference target) {
        List<String> sources = new ArrayList<>();
        for (String repoDigest : image.repoDigests()) {
            try {
                ImageReference known = ImageReference.parse(repoDigest);
                if (known.domain().equals(target.domain()) && !known.path().equals(target.path())
                        && !sources.contains(known.path())) {
                    sources.add(known.path());
                }
            } catch (InvalidReferenceException ignored) {
                // a name the store should not hold; it just is no mount source
            }
        }
        return sources;
    }

    private static void pushLayers(BlobUploads uploads, String repository, List<LocalBlob> layers, List<String> sources,
                                   PushOptions options, PushListener listener) throws IOException {
        List<Future<Void>> futures = new ArrayList<>();
        IOException failure = null;
        try (ExecutorService pool = Executors.newFixedThreadPool(options.parallelUploads(),
                Thread.ofPlatform().daemon().name("berth-push-", 0).factory())) {
            for (LocalBlob layer : layers) {
                futures.add(pool.submit(new BlobPush(uploads, repository, layer, sources, options, listener)));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
                        futures.forEach(o -> o.cancel(true));
                    }
                } catch (CancellationException cancelled) {
                    // a sibling failed first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IOException("push interrupted", e);
                    futures.forEach(o -> o.cancel(true));
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
