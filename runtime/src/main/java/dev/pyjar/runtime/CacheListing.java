package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.CacheDirectory;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code java -jar app.jar --pyjar-cache [clear]}: what the class-data archive cache holds, or emptying it. */
final class CacheListing {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private CacheListing() {}

    static int run(ArchiveCache cache, List<String> args) {
        if (cache == null) {
            System.err.println("pyjar: error: there is no cache directory (no home directory); set " + CacheDirectory.VARIABLE);
            return 1;
        }
        boolean clear = args.equals(List.of("clear"));
        if (!clear && !args.isEmpty()) {
            System.err.println("pyjar: error: usage: java -jar app.jar " + Launcher.CACHE_SWITCH + " [clear]");
            return 2;
        }
        try {
            if (clear) {
                cache.clear();
            }
            List<ArchiveCache.Item> items = cache.contents();
            System.out.println(cache.directory() + ": " + items.size() + " files, " + megabytes(items.stream()
                    .mapToLong(ArchiveCache.Item::size).sum()) + " of at most " + megabytes(cache.limit())
                    + " (" + ArchiveCache.LIMIT_VARIABLE + "), least recently used first");
            for (ArchiveCache.Item item : items) {
                System.out.printf("%s  %10s  %s%n", WHEN.format(item.lastUsed().toInstant()), megabytes(item.size()),
                        cache.directory().relativize(item.path()));
            }
            return 0;
        } catch (IOException e) {
            System.err.println("pyjar: error: cannot read " + cache.directory() + ": " + e);
            return 1;
        }
    }

    private static String megabytes(long bytes) {
        return bytes == Long.MAX_VALUE ? "no limit" : String.format("%.1f MB", bytes / 1e6);
    }
}
