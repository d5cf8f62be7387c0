package dev.pyjar.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive names, the size limit and what pruning keeps, on files in a temporary directory. */
class ArchiveCacheTest {
    private static final Jdk JDK17 = new Jdk(Path.of("/jdk17"), "17.0.15+6", 17);
    private static final Jdk JDK25 = new Jdk(Path.of("/jdk25"), "25.0.3+9", 25);

    @TempDir
    Path work;

    @Test
    void theLimitReadsBytesOrKilobytesMegabytesGigabytes() {
        assertEquals(ArchiveCache.DEFAULT_LIMIT, ArchiveCache.limit(null));
        assertEquals(ArchiveCache.DEFAULT_LIMIT, ArchiveCache.limit("lots"));
        assertEquals(1L << 30, ArchiveCache.DEFAULT_LIMIT);
        assertEquals(0, ArchiveCache.limit("0"));
        assertEquals(500L << 20, ArchiveCache.limit(" 500M "));
        assertEquals(2L << 30, ArchiveCache.limit("2g"));
        assertEquals(4096, ArchiveCache.limit("4k"));
    }

    @Test
    void anArchiveIsNamedAfterItsJarBuildJdkAndOptions() throws IOException {
        Path jar = Files.writeString(work.resolve("my app ü.jar"), "jar");
        ArchiveCache cache = new ArchiveCache(work.resolve("archives"), ArchiveCache.DEFAULT_LIMIT);
        ArchiveCache.Entry on17 = cache.entry(jar, JDK17, List.of());
        ArchiveCache.Entry on25 = cache.entry(jar, JDK25, List.of());
        ArchiveCache.Entry withOptions = cache.entry(jar, JDK17, List.of("-Xss2m"));
        assertTrue(on17.archive().getFileName().toString().matches("my_app__-[0-9a-f]{16}-[0-9a-f]{16}-[0-9a-f]{16}\\.jsa"), on17.toString());
        assertTrue(on25.archive().toString().endsWith(".aot"), on25.toString());
        assertEquals(on17.buildPrefix(), on25.buildPrefix());
        assertNotEquals(on17.archive(), withOptions.archive());
        assertTrue(ArchivableJar.uriPlain(cache.jarLink(jar)), cache.jarLink(jar).toString());

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        ArchiveCache.Entry rebuilt = cache.entry(jar, JDK17, List.of());
        assertEquals(on17.jarPrefix(), rebuilt.jarPrefix());
        assertNotEquals(on17.buildPrefix(), rebuilt.buildPrefix());
    }

    @Test
    void pruningRemovesOlderBuildsThenTheLeastRecentlyUsedUntilWithinTheLimit() throws IOException {
        ArchiveCache cache = new ArchiveCache(work, 3000);
        Path oldest = archive("a-1-x-j.jsa", 1000, 1);
        Path older = archive("b-2-x-j.aot", 1000, 2);
        Path recent = archive("c-3-x-j.jsa", 1000, 4);
        Path otherBuild = archive("d-4-old-j.jsa", 1000, 5);
        Path kept = archive("d-4-new-j.jsa", 1500, 3);
        Path otherJdk = archive("d-4-new-k.aot", 100, 6);
        cache.prune(new ArchiveCache.Entry(kept, "d-4-", "d-4-new-"));
        assertEquals(List.of(kept, otherJdk, recent).stream().sorted().toList(), files());
        assertFalse(Files.exists(oldest) || Files.exists(older) || Files.exists(otherBuild));
    }

    @Test
    void theNewArchiveStaysEvenAloneOverTheLimitAndLeftoversGo() throws IOException {
        ArchiveCache cache = new ArchiveCache(work, 10);
        Path kept = archive("a-1-x-j.jsa", 1000, 1);
        long dead = ProcessHandle.current().pid() + 4_000_000L;
        archive("a-1-x-j.jsa." + dead + ".classlist", 10, now());
        Path beingWritten = archive("b-2-x-j.jsa." + ProcessHandle.current().pid() + ".tmp", 10, now());
        archive("b-2-x-j.jsa." + dead + ".tmp", 10, now());
        Path waiting = archive("b-2-x-j.jsa." + dead + ".classlist", 10, now());
        archive("c-2-x-j.jsa." + dead + ".classlist", 10, now() - 25 * 60);
        cache.prune(new ArchiveCache.Entry(kept, "a-1-", "a-1-x-"));
        assertEquals(List.of(kept, beingWritten, waiting).stream().sorted().toList(), files());
    }

    @Test
    void aJarLinkStaysWhileItsJarHasAnArchiveOrAClassListWaitingForItsBuild() throws IOException {
        ArchiveCache cache = new ArchiveCache(work, ArchiveCache.DEFAULT_LIMIT);
        Path kept = archive("a-1-x-j.jsa", 10, now());
        Path jars = Files.createDirectories(work.resolve("jars"));
        Path withArchive = Files.write(jars.resolve("a-1.jar"), new byte[1]);
        Path waiting = Files.write(jars.resolve("b-2.jar"), new byte[1]);
        archive("b-2-x-j.jsa." + ProcessHandle.current().pid() + ".classlist", 10, now());
        Files.write(jars.resolve("c-3.jar"), new byte[1]);
        cache.prune(new ArchiveCache.Entry(kept, "a-1-", "a-1-x-"));
        try (Stream<Path> files = Files.list(jars)) {
            assertEquals(List.of(withArchive, waiting), files.sorted().toList());
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 60_000;
    }

    private Path archive(String name, int size, long minutes) throws IOException {
        Path file = Files.write(work.resolve(name), new byte[size]);
        Files.setLastModifiedTime(file, FileTime.fromMillis(minutes * 60_000));
        return file;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.sorted().toList();
        }
    }
}
