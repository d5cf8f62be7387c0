package dev.pyjar.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.regex.Pattern;

/**
 * A jar, and the path by which the tuned JVM's class path reaches it: the jar's own, unless the
 * JDK cannot archive classes from a jar at that path ({@link ArchiveKind#archivesOnlyUriPlainClassPaths}).
 * Then a hard link to the jar in the cache directory, named after the jar's path, or where the
 * cache directory is on another file system, a copy. It is made by the first run that needs it
 * and checked by later ones with one {@code stat} of each file; a symbolic link would not do, as
 * the JVM resolves it back to the jar's own path.
 */
record ArchivableJar(Path real, Path classPath) {
    /** What a {@code file:} URI keeps as it is; JDK 17 also reads back correctly. */
    private static final Pattern URI_PLAIN = Pattern.compile("[A-Za-z0-9/._~+=,@:-]+");

    static ArchivableJar direct(Path jar) {
        return new ArchivableJar(jar, jar);
    }

    /** The route for this jar on this kind of archive; the jar's own path when no other route can be made. */
    static ArchivableJar of(Path jar, ArchiveKind kind, ArchiveCache cache) {
        if (!kind.archivesOnlyUriPlainClassPaths() || uriPlain(jar) || cache == null) {
            return direct(jar);
        }
        Path link = cache.jarLink(jar);
        if (!uriPlain(link)) {
            return direct(jar);
        }
        try {
            if (!current(link, jar)) {
                cache.publish(linkOrCopy(jar, link), link);
            }
            return new ArchivableJar(jar, link);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return direct(jar);
        }
    }

    static boolean uriPlain(Path path) {
        return URI_PLAIN.matcher(path.toString()).matches();
    }

    private static boolean current(Path link, Path jar) throws IOException {
        if (!Files.isRegularFile(link)) {
            return false;
        }
        if (Files.isSameFile(link, jar)) {
            return true;
        }
        // A copy: the JVM checks an archive's jar by size and modification time, and so do we.
        return Files.size(link) == Files.size(jar)
                && Files.getLastModifiedTime(link).equals(Files.getLastModifiedTime(jar));
    }

    private static Path linkOrCopy(Path jar, Path link) throws IOException {
        Path partial = ArchiveCache.temporarySibling(link);
        Files.createDirectories(link.getParent());
        try {
            Files.createLink(partial, jar);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
            FileTime modified = Files.getLastModifiedTime(jar);
            Files.setLastModifiedTime(partial, modified);
        }
        return partial;
    }
}
