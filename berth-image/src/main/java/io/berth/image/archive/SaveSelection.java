package io.berth.image.archive;

import io.berth.image.ImageService;
import io.berth.image.content.Digest;
import io.berth.image.manifest.ManifestCodec;
import io.berth.image.reference.ImageReference;
import io.berth.image.reference.InvalidReferenceException;
import io.berth.image.store.ImageRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which images {@code save NAME...} means, as docker save reads its arguments: {@code busybox:1} is
 * that tag; a bare repository name ({@code busybox}) is every tag of it, if it has any; an ID or
 * a {@code name@digest} is the image without a tag. An image named twice is saved once, with
 * both tags.
 */
final class SaveSelection {
    private final ImageService images;
    private final Map<Digest, ImageRecord> records = new LinkedHashMap<>();
    private final Map<Digest, Set<ImageReference>> tags = new LinkedHashMap<>();

    private SaveSelection(ImageService images) {
        this.images = images;
    }

    static List<SavedImage> resolve(ImageService images, List<String> names) throws IOException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("save needs at least one image name or ID");
        }
        SaveSelection selection = new SaveSelection(images);
        for (String name : names) {
            selection.add(name);
        }
        return selection.saved();
    }

    private void add(String name) {
        if (isRepositoryOnly(name) && addRepository(ImageReference.parse(name).repository())) {
            return;
        }
        ImageRecord record = images.find(name);
        include(record);
        asTag(name).filter(tag -> record.tags().contains(tag.toString()))
                .ifPresent(tag -> tags.get(record.id()).add(tag));
    }

    private boolean addRepository(String repository) {
        boolean found = false;
        for (ImageRecord record : images.list()) {
            for (String tag : record.tags()) {
                ImageReference ref = ImageReference.parse(tag);
                if (ref.repository().equals(repository)) {
                    include(record);
                    tags.get(record.id()).add(ref);
                    found = true;
                }
            }
        }
        return found;
    }

    private void include(ImageRecord record) {
        records.putIfAbsent(record.id(), record);
        tags.putIfAbsent(record.id(), new LinkedHashSet<>());
    }

    private List<SavedImage> saved() throws IOException {
        List<SavedImage> saved = new ArrayList<>();
        for (ImageRecord record : records.values()) {
            byte[] config = images.content().read(record.id());
            saved.add(new SavedImage(record, images.manifest(record), config, ManifestCodec.parseConfig(config),
                    List.copyOf(tags.get(record.id()))));
        }
        return saved;
    }

    /** A name with neither tag nor digest: {@code busybox}, {@code localhost:5000/app}. */
    private static boolean isRepositoryOnly(String name) {
        if (name.startsWith("sha256:") || name.contains("@")) {
            return false;
        }
        try {
            ImageReference.parse(name);
        } catch (InvalidReferenceException e) {
            return false;
        }
        return name.lastIndexOf(':') < name.lastIndexOf('/') || name.indexOf(':') < 0;
    }

    private static Optional<ImageReference> asTag(String name) {
        if (name.startsWith("sha256:") || name.contains("@")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageReference.parse(name));
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }
}
