package io.berth.image.manifest;

/**
 * A manifest, index or image config that does not follow its spec, or that Berth does not
 * support (Docker schema 1). The message starts with the document and the JSON field, e.g.
 * {@code manifest layers[2].digest: invalid sha256 digest ...}.
 */
public class ImageFormatException extends IllegalArgumentException {
    private final String field;

    public ImageFormatException(String field, String message) {
        super(message);
        this.field = field == null ? "" : field;
    }

    /** Where in the document, e.g. {@code layers[2].digest}; empty for the document as a whole. */
    public String field() {
        return field;
    }

    /** "DOCUMENT FIELD: PROBLEM", the form every error about a field takes. */
    public static ImageFormatException at(String document, String field, String problem) {
        String where = field == null || field.isEmpty() ? "" : " " + field;
        return new ImageFormatException(field, document + where + ": " + problem);
    }
}
