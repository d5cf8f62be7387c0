package dev.pyjar.bench;

import dev.pyjar.pack.Blob;
import dev.pyjar.pack.ModuleKind;
import dev.pyjar.pack.PackFormatException;
import dev.pyjar.pack.PackReader;
import dev.pyjar.pack.PackWriter;
import dev.pyjar.pack.RuntimeTag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the packed importer pays per pack and per import: opening a mapped pack, looking a module
 * up (found and not found) and checking a 10 KiB code blob's CRC32C. Two sizes, roughly an app
 * with its dependencies and twenty times that, show that opening does not grow with the entry
 * count and lookups grow only logarithmically.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap: otherwise the heap the big setup grew leaves every later allocation
// paying for fresh pages, and open() measured 15 times slower for 20,000 entries than for 1,000.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class PackBenchmark {
    /** Name parts as they appear in the standard library, so names share prefixes the way real ones do. */
    private static final String[] PARTS = {"email", "mime", "text", "http", "client", "json", "decoder", "xml", "etree",
        "ElementTree", "asyncio", "events", "logging", "handlers", "importlib", "resources", "abc", "util", "parser",
        "base", "encodings", "utf_8", "concurrent", "futures", "unittest", "mock", "collections", "urllib", "request"};
    private static final int TEN_KIB = 10 * 1024;

    @Param({"1000", "20000"})
    public int entries;

    private Path file;
    private FileChannel channel;
    private MappedByteBuffer mapped;
    private PackReader reader;
    private String[] hits;
    private String[] misses;
    private int next;
    private Blob tenKiB;

    @Setup(Level.Trial)
    public void writeAndMapPack() throws IOException, PackFormatException {
        Random random = new Random(42);
        Set<String> names = new TreeSet<>();
        while (names.size() < entries) {
            StringBuilder name = new StringBuilder(PARTS[random.nextInt(PARTS.length)]);
            for (int depth = random.nextInt(3); depth > 0; depth--) {
                name.append('.').append(PARTS[random.nextInt(PARTS.length)]);
            }
            name.append('.').append(PARTS[random.nextInt(PARTS.length)]).append(random.nextInt(entries));
            names.add(name.toString());
        }
        // Code blobs of 1 to 15 KiB, 8 KiB on average; one of exactly 10 KiB for the read benchmark.
        PackWriter writer = new PackWriter(new RuntimeTag("25.0.3", "graalpy250-312", 0x0a0d0d2a));
        byte[] pool = new byte[15 * 1024];
        random.nextBytes(pool);
        String tenKiBModule = null;
        for (String name : names) {
            int length = tenKiBModule == null ? TEN_KIB : 1024 + random.nextInt(14 * 1024);
            tenKiBModule = tenKiBModule == null ? name : tenKiBModule;
            int start = random.nextInt(pool.length - length + 1);
            writer.addModule(name, ModuleKind.MODULE, Arrays.copyOfRange(pool, start, start + length), null);
        }
        file = Files.createTempFile("pyjar-bench", ".pack");
        try (var out = Files.newOutputStream(file)) {
            writer.writeTo(out);
        }
        channel = FileChannel.open(file, StandardOpenOption.READ);
        mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        mapped.load();
        reader = PackReader.open(mapped);
        tenKiB = reader.findModule(tenKiBModule).orElseThrow().code().orElseThrow();

        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, random);
        hits = shuffled.toArray(String[]::new);
        // Misses that share a long prefix with real names, the expensive kind of miss.
        misses = shuffled.stream().map(name -> name + "_").toArray(String[]::new);
    }

    @TearDown(Level.Trial)
    public void deletePack() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public PackReader open() throws PackFormatException {
        return PackReader.open(mapped);
    }

    @Benchmark
    public Optional<?> findModuleHit() throws PackFormatException {
        return reader.findModule(hits[next++ % hits.length]);
    }

    @Benchmark
    public Optional<?> findModuleMiss() throws PackFormatException {
        return reader.findModule(misses[next++ % misses.length]);
    }

    @Benchmark
    public ByteBuffer readTenKiBBlob() throws PackFormatException {
        return reader.read(tenKiB);
    }
}
