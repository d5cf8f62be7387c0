package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.AtomicFiles;
import dev.pyjar.runtime.internal.CacheDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The class-data archives of every jar run on this machine, in {@code <cache directory>/archives}:
 * how they are named, published, found, marked as used and removed.
 *
 * <p>An archive's name holds its jar (a readable part of the file name, then a digest of its
 * path), the jar's build (size and modification time) and the JVM (JDK build and the user's
 * options for the tuned JVM), so one can never serve another jar, JDK or set of options; the JVM
 * checks that again and ignores an archive that does not match, which only costs speed.
 * Everything is written under a temporary name and renamed into place, so a reader sees a whole
 * file or none; temporary names carry the writer's process id, so that what a killed writer left
 * is recognised and removed.
 *
 * <p>The archives together stay under a size limit, {@value #LIMIT_VARIABLE} (bytes, or with a
 * k, m or g suffix; default 1g): after each new archive, the least recently used ones (a run that
 * maps an archive marks it as used) go first, and a new build of a jar removes the archives of
 * its older builds at once.
 */
final class ArchiveCache {
    static final String LIMIT_VARIABLE = "PYJAR_CACHE_LIMIT";
    /** Names, in a JVM started with an archive, that archive. */
    static final String MAPPED_PROPERTY = "pyjar.archive";
    static final long DEFAULT_LIMIT = 1L << 30;
    private static final String LOCK_FILE = ".build.lock";
    private static final Pattern TEMPORARY = Pattern.compile(".*\\.(\\d+)\\.(tmp|classlist)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)b?");

    private final Path directory;
    private final long limit;

    ArchiveCache(Path directory, long limit) {
        this.directory = directory;
        this.limit = limit;
    }

    /** The archive cache of this environment; null when there is no cache directory. */
    static ArchiveCache locate(Map<String, String> environment) {
        Path cache = CacheDirectory.locate(environment);
        return cache == null ? null : new ArchiveCache(cache.resolve("archives"), limit(environment.get(LIMIT_VARIABLE)));
    }

    static long limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        Matcher size = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!size.matches()) {
            return DEFAULT_LIMIT;
        }
        int shift = switch (size.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(size.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    Path directory() {
        return directory;
    }

    long limit() {
        return limit;
    }

    /** One jar's archive for one build of it, one JDK and one set of user options, and the name prefixes of that jar's archives and of that build's. */
    record Entry(Path archive, String jarPrefix, String buildPrefix) {
        /** Where a run that has no archive yet records the classes it loads. */
        Path classList() {
            return archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".classlist");
        }
    }

    Entry entry(Path jar, Jdk jdk, List<String> userOptions) throws IOException {
        String jarPrefix = jarKey(jar) + "-";
        String buildPrefix = jarPrefix + NameDigest.of(Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()) + "-";
        String jvmKey = NameDigest.of(jdk.home() + "|" + jdk.vmVersion() + "|" + String.join("\u0000", userOptions));
        return new Entry(directory.resolve(buildPrefix + jvmKey + jdk.archiveKind().extension()), jarPrefix, buildPrefix);
    }

    /** Where a jar gets a path the JVM can archive its classes from ({@link ArchivableJar}). */
    Path jarLink(Path jar) {
        return directory.resolve("jars").resolve(jarKey(jar) + ".jar");
    }

    private static String jarKey(Path jar) {
        Path name = jar.getFileName();
        String readable = (name == null ? "jar" : name.toString()).replaceAll("(?i)\\.jar$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        return readable.substring(0, Math.min(readable.length(), 40)) + "-" + NameDigest.of(jar.toAbsolutePath().toString());
    }

    boolean writable() {
        try {
            Files.createDirectories(directory);
            return Files.isWritable(directory);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * In the JVM that runs the app: the archive it was started with (named by {@link #MAPPED_PROPERTY})
     * becomes the most recently used one. The JVM that maps it marks it, not the one that starts
     * it: the launch script's shortcut and {@code PYJAR_TUNED_JVM=print}'s command start it
     * without a first JVM.
     */
    static void markMappedArchiveUsed() {
        String archive = System.getProperty(MAPPED_PROPERTY);
        if (archive == null) {
            return;
        }
        try {
            Files.setLastModifiedTime(Path.of(archive), FileTime.from(Instant.now()));
        } catch (IOException | RuntimeException e) {
            // A read-only cache keeps its order; the archive is used all the same.
        }
    }

    /** A name next to {@code file} under which this process writes what it then {@link #publish}es. */
    static Path temporarySibling(Path file) {
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /** Renames a whole, freshly written file into place. */
    void publish(Path written, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        AtomicFiles.publish(written, target);
    }

    /**
     * Held while an archive is made: one build at a time per cache directory, whichever jar it is
     * for (a second waits: two dumps at once would only slow each other down). The operating
     * system lets go of it when its holder dies, however it dies. Closing the channel releases it.
     */
    FileChannel lockForBuilding() throws IOException {
        Files.createDirectories(directory);
        FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.lock();
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A file of the cache: its path, size and when it was last used. */
    record Item(Path path, long size, FileTime lastUsed) {}

    /** The archives and jar links, least recently used first; a jar link counts only when it is a copy. */
    List<Item> contents() throws IOException {
        List<Item> items = new ArrayList<>();
        for (Path file : list(directory)) {
            if (isArchive(file)) {
                items.add(item(file, Files.size(file)));
            }
        }
        for (Path link : list(directory.resolve("jars"))) {
            if (link.getFileName().toString().endsWith(".jar")) {
                items.add(item(link, linkCount(link) > 1 ? 0 : Files.size(link)));
            }
        }
        items.sort(Comparator.comparing(Item::lastUsed));
        return items;
    }

    private static Item item(Path file, long size) throws IOException {
        return new Item(file, size, Files.getLastModifiedTime(file));
    }

    /**
     * After {@code kept} was published: removes its jar's archives of other builds (on any JDK),
     * what killed writers left, then the least recently used archives until the cache is within
     * its limit; {@code kept} itself stays even when it alone is over the limit, or the next run
     * would only make it again.
     */
    void prune(Entry kept) throws IOException {
        for (Path file : list(directory)) {
            String name = file.getFileName().toString();
            if (name.startsWith(kept.jarPrefix()) && !name.startsWith(kept.buildPrefix()) && isArchive(file)) {
                Files.deleteIfExists(file);
            }
        }
        removeLeftovers(directory, kept.archive());
        removeLeftovers(directory.resolve("jars"), null);
        removeEarlierLayout();
        List<Item> items = contents();
        long total = items.stream().mapToLong(Item::size).sum();
        for (Item item : items) {
            if (total <= limit) {
                break;
            }
            if (!item.path().equals(kept.archive()) && isArchive(item.path()) && delete(item.path())) {
                total -= item.size();
            }
        }
        removeLinksWithoutArchives();
    }

    /**
     * Removes every archive, jar link and launch script shortcut (which would otherwise still be
     * tried, only to find its archive gone); what is being written right now is left to its writer.
     */
    void clear() throws IOException {
        for (Item item : contents()) {
            delete(item.path());
        }
        removeLeftovers(directory, null);
        if (directory.getParent() != null) {
            for (Path file : list(directory.getParent())) {
                if (LaunchShortcut.isShortcut(file)) {
                    delete(file);
                }
            }
        }
    }

    /** Jar links whose jar has neither an archive nor a class list waiting for its build (which dumps through the link). */
    private void removeLinksWithoutArchives() throws IOException {
        List<String> names = list(directory).stream().map(file -> file.getFileName().toString())
                .filter(name -> isArchive(Path.of(name)) || TEMPORARY.matcher(name).matches()).toList();
        for (Path link : list(directory.resolve("jars"))) {
            String name = link.getFileName().toString();
            String prefix = name.replaceAll("\\.jar$", "") + "-";
            if (name.endsWith(".jar") && names.stream().noneMatch(other -> other.startsWith(prefix))) {
                delete(link);
            }
        }
    }

    /** pyjar 0.1's archives, which lay in the cache directory itself. */
    private void removeEarlierLayout() throws IOException {
        Path cacheDirectory = directory.getParent();
        if (cacheDirectory != null) {
            for (Path file : list(cacheDirectory)) {
                if (isArchive(file)) {
                    delete(file);
                }
            }
        }
    }

    /**
     * What no one will finish: files being written ({@code .tmp}) whose writer is no longer
     * running; class lists of an archive that now exists, and class lists no build took up within
     * a day. (A class list outlives the run that recorded it: it waits for its build.)
     */
    private static void removeLeftovers(Path directory, Path published) throws IOException {
        FileTime dayAgo = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
        for (Path file : list(directory)) {
            String name = file.getFileName().toString();
            Matcher temporary = TEMPORARY.matcher(name);
            if (!temporary.matches()) {
                continue;
            }
            boolean leftover = temporary.group(2).equals("tmp")
                    ? ProcessHandle.of(Long.parseLong(temporary.group(1))).isEmpty()
                    : published != null && name.startsWith(published.getFileName() + ".")
                            || Files.getLastModifiedTime(file).compareTo(dayAgo) < 0;
            if (leftover) {
                delete(file);
            }
        }
    }

    private static boolean isArchive(Path file) {
        String name = file.getFileName().toString();
        return Stream.of(ArchiveKind.values()).anyMatch(kind -> name.endsWith(kind.extension()));
    }

    private static int linkCount(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return 1;
        }
    }

    /** Deleting a file a running JVM maps is fine on POSIX systems; where it is not, the file stays. A leftover temporary file is removed by the next prune. */
    static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
