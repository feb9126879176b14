package io.berth.cli.image;

import io.berth.cli.Berth;
import io.berth.image.ImageService;
import io.berth.image.archive.ArchiveFormat;
import io.berth.image.archive.ImageArchives;
import io.berth.linux.Terminals;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** berth image save [-o FILE] [--format docker-archive|oci-archive|oci-dir] IMAGE...: images to an archive. */
@Command(name = "save", description = "Save one or more images to a tar archive (streamed to STDOUT by default)",
        mixinStandardHelpOptions = true)
public final class SaveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of STDOUT")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "docker-archive",
            description = "docker-archive (default; what docker save writes), oci-archive, or oci-dir (an OCI layout directory, needs -o)")
    String format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "name[:tag] (a name alone saves all its tags), ID or name@digest")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        Berth berth = (Berth) spec.root().userObject();
        ArchiveFormat archiveFormat = ArchiveFormat.parse(format);
        if (output == null && !archiveFormat.isStream()) {
            throw new IllegalArgumentException("--format " + archiveFormat + " writes a directory: give it with -o");
        }
        if (output == null && Terminals.isTerminal(1)) {
            throw new IllegalArgumentException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        try (ImageService images = berth.images()) {
            ImageArchives archives = new ImageArchives(images);
            if (output != null) {
                archives.save(names, archiveFormat, output);
            } else {
                // straight to fd 1: System.out is a PrintStream, which would swallow a write error
                archives.save(names, archiveFormat, new FileOutputStream(FileDescriptor.out));
            }
        }
        return 0;
    }
}
