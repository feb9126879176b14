package io.berth.image;

import io.berth.image.content.ContentStore;
import io.berth.image.content.Digest;
import io.berth.image.manifest.ImageConfig;
import io.berth.image.manifest.ImageManifest;
import io.berth.image.manifest.Manifest;
import io.berth.image.manifest.ManifestCodec;
import io.berth.image.pull.ImagePuller;
import io.berth.image.pull.PullListener;
import io.berth.image.pull.PullOptions;
import io.berth.image.pull.PullResult;
import io.berth.image.reference.ImageReference;
import io.berth.image.reference.InvalidReferenceException;
import io.berth.image.registry.RegistryClients;
import io.berth.image.store.ImageRecord;
import io.berth.image.store.ImageStore;
import io.berth.image.store.ImageStoreException;
import io.berth.image.unpack.ImageRecorder;
import io.berth.image.unpack.LayerSnapshots;
import io.berth.storage.snapshot.OverlaySnapshotter;
import io.berth.storage.snapshot.Snapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The images of one store: the composition of content store, snapshotter, image database and
 * registries that the command line (and later the daemon) works through.
 */
public final class ImageService implements AutoCloseable {
    private final StoreLayout layout;
    private final ContentStore content;
    private final OverlaySnapshotter snapshotter;
    private final ImageStore images;
    private final RegistryClients registries;

    public ImageService(StoreLayout layout, RegistryClients registries) {
        this.layout = layout;
        this.content = new ContentStore(layout.content());
        this.snapshotter = new OverlaySnapshotter(layout.snapshots());
        this.images = ImageStore.open(layout.database());
        this.registries = registries;
    }

    public StoreLayout layout() {
        return layout;
    }

    public OverlaySnapshotter snapshotter() {
        return snapshotter;
    }

    public ContentStore content() {
        return content;
    }

    /** The image database. */
    public ImageStore store() {
        return images;
    }

    public RegistryClients registries() {
        return registries;
    }

    public LayerSnapshots layerSnapshots() {
        return new LayerSnapshots(content, snapshotter);
    }

    public ImageRecorder recorder() {
        return new ImageRecorder(layerSnapshots(), images);
    }

    /**
     * Runs work that adds blobs or snapshots before an image records them (pull, load, import),
     * so garbage collection in another process cannot take them meanwhile.
     */
    public <T> T withStoreShared(StoreWork<T> work) throws IOException {
        try (StoreLock lock = StoreLock.shared(layout.root())) {
            return work.run();
        }
    }

    @FunctionalInterface
    public interface StoreWork<T> {
        T run() throws IOException;
    }

    public PullResult pull(ImageReference reference, PullOptions options, PullListener listener) throws IOException {
        return withStoreShared(() -> new ImagePuller(registries, content, snapshotter, images).pull(reference, options, listener));
    }

    public List<ImageRecord> list() {
        return images.list();
    }

    /**
     * Finds an image as docker does: a reference (tag or digest) first, then a full or unique
     * partial image ID.
     */
    public ImageRecord find(String nameOrId) {
        Optional<Digest> id = Optional.empty();
        boolean looksLikeId = nameOrId.startsWith("sha256:") || nameOrId.matches("[0-9a-f]{1,64}");
        if (!nameOrId.startsWith("sha256:")) {
            try {
                ImageReference ref = ImageReference.parse(nameOrId);
                id = ref.digest() != null
                        ? images.byRepoDigest(ref.repository() + "@" + ref.digest())
                        : images.byTag(ref.toString());
            } catch (InvalidReferenceException e) {
                if (!looksLikeId) {
                    throw e;
                }
            }
        }
        if (id.isEmpty() && looksLikeId) {
            id = images.byIdPrefix(nameOrId);
        }
        return id.flatMap(images::get).orElseThrow(() -> new ImageStoreException("No such image: " + nameOrId));
    }

    public ImageConfig config(ImageRecord image) throws IOException {
        return ManifestCodec.parseConfig(content.read(image.id()));
    }

    public ImageManifest manifest(ImageRecord image) throws IOException {
        Manifest m = ManifestCodec.parse(content.read(image.manifestDigest()), image.manifestMediaType());
        return (ImageManifest) m;
    }

    /** docker tag SOURCE TARGET. */
    public ImageReference tag(String source, String target) {
        ImageRecord image = find(source);
        ImageReference ref = ImageReference.parse(target);
        if (ref.digest() != null) {
            throw new InvalidReferenceException("refusing to create a tag with a digest reference: " + target);
        }
        images.tag(image.id(), ref.toString());
        return ref;
    }

    /** The snapshots built on an image's top layer: containers (bundles) using it. */
    public List<String> users(ImageRecord image) throws IOException {
        List<String> users = new ArrayList<>();
        if (image.topChainId().isEmpty()) {
            return users;
        }
        for (Snapshot s : snapshotter.list()) {
            if (s.kind() == Snapshot.Kind.ACTIVE && s.parent().equals(image.topChainId())) {
                users.add(s.name());
            }
        }
        return users;
    }

    /**
     * docker rmi: untags {@code nameOrId} and deletes the image once nothing names it. Returns the
     * lines docker prints ("Untagged: ...", "Deleted: ...").
     */
    public List<String> remove(String nameOrId, boolean force) throws IOException {
        ImageRecord image = find(nameOrId);
        List<String> out = new ArrayList<>();
        boolean byName = !image.id().toString().startsWith(nameOrId.startsWith("sha256:") ? nameOrId : "sha256:" + nameOrId);
        if (byName) {
            ImageReference ref = ImageReference.parse(nameOrId);
            if (ref.digest() == null) {
                images.untag(ref.toString());
                out.add("Untagged: " + ref.familiarString());
                image = images.get(image.id()).orElseThrow();
                if (!image.tags().isEmpty()) {
                    return out;
                }
            }
        } else if (image.tags().size() > 1 && !force) {
            throw new ImageStoreException("conflict: unable to delete " + image.id().shortHex()
                    + " (must be forced) - image is referenced in multiple repositories");
        }
        List<String> users = users(image);
        if (!users.isEmpty()) {
            throw new ImageStoreException("conflict: unable to delete " + image.id().shortHex()
                    + " - image is being used by " + String.join(", ", users));
        }
        for (String tag : image.tags()) {
            out.add("Untagged: " + ImageReference.parse(tag).familiarString());
        }
        for (String digest : image.repoDigests()) {
            out.add("Untagged: " + ImageReference.parse(digest).familiarString());
        }
        images.delete(image.id());
        out.add("Deleted: " + image.id());
        out.addAll(collectGarbage());
        return out;
    }

    /**
     * docker image prune: removes dangling images (no tags), or with {@code all} every image no
     * container (active snapshot) uses, then collects their layers and blobs.
     */
    public PruneReport prune(boolean all) throws IOException {
        List<String> lines = new ArrayList<>();
        long before = storeBytes();
        for (ImageRecord image : images.list()) {
            if ((all || image.dangling()) && users(image).isEmpty()) {
                for (String tag : image.tags()) {
                    lines.add("untagged: " + ImageReference.parse(tag).familiarString());
                }
                for (String digest : image.repoDigests()) {
                    lines.add("untagged: " + ImageReference.parse(digest).familiarString());
                }
                images.delete(image.id());
                lines.add("deleted: " + image.id());
            }
        }
        for (String deleted : collectGarbage()) {
            lines.add(deleted.replaceFirst("^Deleted", "deleted"));
        }
        return new PruneReport(lines, Math.max(0, before - storeBytes()));
    }

    /** What prune removed, and the bytes it gave back. */
    public record PruneReport(List<String> deleted, long reclaimedBytes) {
    }

    private long storeBytes() throws IOException {
        return io.berth.storage.DirectoryTree.apparentSize(layout.snapshots().resolve("committed"))
                + io.berth.storage.DirectoryTree.apparentSize(layout.content());
    }

    /**
     * Removes snapshots and blobs no image needs anymore; returns "Deleted: sha256:..." lines for
     * the layer snapshots removed, as docker lists deleted layers.
     */
    public List<String> collectGarbage() throws IOException {
        try (StoreLock lock = StoreLock.exclusive(layout.root())) {
            return collectGarbageLocked();
        }
    }

    private List<String> collectGarbageLocked() throws IOException {
        List<String> deleted = new ArrayList<>();
        var needed = new java.util.HashSet<String>();
        for (ImageRecord image : images.list()) {
            if (image.topChainId().isPresent()) {
                snapshotter.chain(image.topChainId().get()).forEach(s -> needed.add(s.name()));
            }
        }
        for (Snapshot s : snapshotter.list()) {
            if (s.kind() == Snapshot.Kind.ACTIVE) {
                needed.add(s.name());
                s.parent().ifPresent(p -> {
                    try {
                        snapshotter.chain(p).forEach(c -> needed.add(c.name()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
        // children before parents: removeCommitted refuses a snapshot others are built on
        boolean progress = true;
        while (progress) {
            progress = false;
            List<Snapshot> all = snapshotter.list();
            var parents = new java.util.HashSet<String>();
            all.forEach(s -> s.parent().ifPresent(parents::add));
            for (Snapshot s : all) {
                if (s.kind() == Snapshot.Kind.COMMITTED && !needed.contains(s.name()) && !parents.contains(s.name())) {
                    snapshotter.removeCommitted(s.name());
                    deleted.add("Deleted: sha256:" + s.name());
                    progress = true;
                }
            }
        }
        content.cleanIngests(java.time.Duration.ofDays(1));
        var blobs = images.referencedBlobs();
        for (Digest d : content.list()) {
            if (!blobs.contains(d)) {
                content.delete(d);
            }
        }
        return deleted;
    }

    @Override
    public void close() {
        images.close();
    }
}
