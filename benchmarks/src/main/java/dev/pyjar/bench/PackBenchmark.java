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
import java.util.Random;
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
 * Cost of opening a mapped pack and of looking modules up in it, for a pack the size of the
 * standard library and for one twenty times larger: opening must not grow with the entry count,
 * lookups only logarithmically.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PackBenchmark {
    private static final String[] WORDS = {"email", "mime", "text", "http", "client", "json", "decoder", "xml", "etree",
        "ElementTree", "asyncio", "events", "logging", "handlers", "importlib", "resources", "abc", "util", "parser", "base"};

    @Param({"1000", "20000"})
    public int entries;

    private Path file;
    private FileChannel channel;
    private MappedByteBuffer mapped;
    private PackReader reader;
    private String[] names;
    private int next;
    private Blob tenKiB;

    @Setup(Level.Trial)
    public void writePack() throws IOException, PackFormatException {
        Random random = new Random(42);
        PackWriter writer = new PackWriter(new RuntimeTag("25.0.3", "graalpy250-312", 0x0a0d0d2a));
        java.util.Set<String> chosen = new java.util.TreeSet<>();
        while (chosen.size() < entries) {
            int depth = 1 + random.nextInt(3);
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                name.append(i == 0 ? "" : ".").append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(entries));
            }
            chosen.add(name.toString());
        }
        names = chosen.toArray(String[]::new);
        for (String name : names) {
            byte[] code = new byte[2048 + random.nextInt(10_240)];
            random.nextBytes(code);
            writer.addModule(name, ModuleKind.MODULE, code, null);
        }
        file = Files.createTempFile("pyjar-bench", ".pack");
        Files.write(file, writer.toByteArray());
        channel = FileChannel.open(file, StandardOpenOption.READ);
        mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        reader = PackReader.open(mapped);
        tenKiB = null;
        for (String name : names) {
            Blob code = reader.findModule(name).orElseThrow().code().orElseThrow();
            if (tenKiB == null || Math.abs(code.length() - 10_240) < Math.abs(tenKiB.length() - 10_240)) {
                tenKiB = code;
            }
        }
        java.util.Collections.shuffle(java.util.Arrays.asList(names), random);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public PackReader open() throws PackFormatException {
        return PackReader.open(mapped);
    }

    @Benchmark
    public Object findHit() throws PackFormatException {
        String name = names[next++ % names.length];
        return reader.findModule(name);
    }

    @Benchmark
    public Object findMiss() throws PackFormatException {
        String name = names[next++ % names.length];
        return reader.findModule(name + "_absent");
    }

    @Benchmark
    public ByteBuffer readTenKiBBlob() throws PackFormatException {
        return reader.read(tenKiB);
    }
}
