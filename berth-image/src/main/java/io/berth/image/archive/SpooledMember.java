package io.berth.image.archive;

import io.berth.image.content.Digest;
import java.nio.file.Path;

/** An archive member not named by its digest, kept in a scratch file until the manifest says what it is. */
record SpooledMember(Path file, Digest digest, long size) {}
