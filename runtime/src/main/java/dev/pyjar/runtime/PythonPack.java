package dev.pyjar.runtime;

import dev.pyjar.pack.PackFormatException;
import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackReader;
import dev.pyjar.runtime.internal.JarUrls;
import dev.pyjar.runtime.internal.MappedPack;
import dev.pyjar.runtime.internal.PackInventory;
import dev.pyjar.runtime.internal.RuntimeModule;
import dev.pyjar.runtime.internal.RuntimeModuleLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * A memory-mapped pack of Python modules, and the way to use it from Java: open it from a jar or a
 * pack file once, then make as many GraalPy contexts with its importer installed as you need. The
 * mapping is shared by every context; nothing is copied per context.
 *
 * <pre>{@code
 * PythonPack pack = PythonPack.ofApplication();           // the pack inside this application's jar
 * try (Context context = pack.newContext()) {
 *     context.eval("python", "import mypkg; mypkg.run()");
 * }
 * }</pre>
 */
public final class PythonPack {
    /** Where the plugin stores the pack inside a jar: uncompressed, its data aligned to 4096 bytes. */
    public static final String JAR_ENTRY = "META-INF/pyjar/modules.pack";

    private final MappedPack mapped;

    private PythonPack(MappedPack mapped) {
        this.mapped = mapped;
    }

    /** Maps the pack stored in a jar built by the pyjar plugin. */
    public static PythonPack openJar(Path jar) throws PackLoadException {
        try (FileChannel channel = FileChannel.open(jar, StandardOpenOption.READ)) {
            JarEntryLocator.EntryData entry = JarEntryLocator.locate(jar, channel, JAR_ENTRY);
            if (entry == null) {
                throw new PackLoadException(jar + " holds no pyjar pack (no " + JAR_ENTRY + " entry); build it with the pyjar plugin");
            }
            if (!entry.stored()) {
                return unpackedCopy(jar);
            }
            return map(jar, jar, channel, entry.offset(), entry.size());
        } catch (IOException e) {
            throw new PackLoadException(jar + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * A tool that rewrites jars may have compressed the pack entry, which cannot be mapped then:
     * it is unpacked to a temporary file and mapped from there (the app still runs, only later).
     */
    private static PythonPack unpackedCopy(Path jar) throws IOException, PackLoadException {
        System.err.println("pyjar: warning: " + jar + ": " + JAR_ENTRY + " is compressed (a tool rewrote the jar), so it is"
                + " unpacked to a temporary file instead of mapped in place; rebuild the jar to start faster");
        Path copy = Files.createTempFile("pyjar-", ".pack");
        copy.toFile().deleteOnExit();
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(JAR_ENTRY))) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ)) {
            return map(jar, copy, channel, 0, channel.size());
        }
    }

    /** Maps a pack written to a file of its own. */
    public static PythonPack openPackFile(Path packFile) throws PackLoadException {
        try (FileChannel channel = FileChannel.open(packFile, StandardOpenOption.READ)) {
            return map(packFile, packFile, channel, 0, channel.size());
        } catch (IOException e) {
            throw new PackLoadException(packFile + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Maps the pack of the jar this application runs from (the one that holds {@link #JAR_ENTRY}). */
    public static PythonPack ofApplication() throws PackLoadException {
        return fromClassPath(PythonPack.class.getClassLoader());
    }

    /** Maps the pack of the first jar on {@code loader}'s class path that holds {@link #JAR_ENTRY}. */
    public static PythonPack fromClassPath(ClassLoader loader) throws PackLoadException {
        URL url = loader.getResource(JAR_ENTRY);
        if (url == null) {
            throw new PackLoadException("no " + JAR_ENTRY + " on the class path; build the application jar with the pyjar plugin");
        }
        return openJar(JarUrls.jarOf(url).orElseThrow(() -> new PackLoadException(url + " is not inside a jar file")));
    }

    /** Maps {@code size} bytes at {@code offset} of {@code file}, the pack of {@code archive}. */
    private static PythonPack map(Path archive, Path file, FileChannel channel, long offset, long size) throws IOException, PackLoadException {
        if (size > Integer.MAX_VALUE) {
            throw new PackLoadException(archive + ": the pack is " + size + " bytes; packs are limited to " + Integer.MAX_VALUE);
        }
        MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, offset, size);
        try {
            return new PythonPack(new MappedPack(archive.toAbsolutePath(), file.toAbsolutePath(), offset, (int) size,
                    PackReader.open(buffer)));
        } catch (PackFormatException e) {
            throw new PackLoadException(archive + ": " + e.getMessage(), e);
        }
    }

    /**
     * The jar or pack file this pack was opened from; packed modules' {@code __file__} lie below it.
     * Its bytes are mapped from this file too, unless a tool recompressed the jar's entry
     * ({@link #mappedFile()}).
     */
    public Path archive() {
        return mapped.archive();
    }

    /** The file the pack's bytes are mapped from: {@link #archive()}, or a temporary copy when the jar's entry is compressed. */
    public Path mappedFile() {
        return mapped.mappedFile();
    }

    /** Where the pack's bytes start in {@link #mappedFile()}. */
    public long offset() {
        return mapped.offset();
    }

    /** A reader over the pack's index and blobs (see packed-format/FORMAT.md), for tools that inspect a pack. */
    public PackReader reader() {
        return mapped.reader();
    }

    /** The optimization level the pack's code was compiled with, as {@code python -O} (1) or {@code -OO} (2). */
    public int optimizeLevel() {
        return mapped.optimizeLevel();
    }

    /**
     * What the pack holds, as {@code java -jar app.jar --pyjar-inspect} prints it: modules with kind
     * and sizes, data files, distributions with licenses, runtime tag, properties and totals.
     * {@code filter}, a glob over names (null for everything), narrows the lists.
     */
    public List<String> inventory(String filter) throws PackLoadException {
        try {
            return PackInventory.describe(mapped, filter);
        } catch (PackFormatException e) {
            throw new PackLoadException(archive() + ": the pack is damaged: " + e.getMessage(), e);
        }
    }

    /** The top-level names of the third-party code packed beside the app ({@link PackProperties#INSTALLED_PACKAGES}). */
    List<String> installedPackages() {
        return PackProperties.split(reader().properties().get(PackProperties.INSTALLED_PACKAGES), ",");
    }

    /** What {@code java -jar} runs: {@code module} or {@code module:function}, when the pack names one. */
    public Optional<String> mainTarget() {
        return Optional.ofNullable(reader().properties().get(PackProperties.MAIN));
    }

    /**
     * A Python context builder with what a command-line program expects: files, threads, processes,
     * native access and the environment. No host class lookup: packed code cannot load Java classes.
     */
    public Context.Builder contextBuilder() {
        return commandLineAccess(Context.newBuilder("python")).option("engine.WarnInterpreterOnly", "false");
    }

    /** The same, on a shared engine (engine options then belong to the engine's own builder). */
    public Context.Builder contextBuilder(Engine engine) {
        return commandLineAccess(Context.newBuilder("python").engine(engine));
    }

    private Context.Builder commandLineAccess(Context.Builder builder) {
        if (optimizeLevel() > 0) {
            // GraalPy's flag is on or off; the importer sets sys.flags.optimize to the exact level.
            builder.option("python.PythonOptimizeFlag", "true");
        }
        if (reader().properties().containsKey(PackProperties.NATIVE_EXTENSIONS)) {
            // The build chose these extensions and said so; GraalPy's warning on each load would
            // reach the app's users, who can do nothing about it.
            builder.option("python.WarnExperimentalFeatures", "false");
        }
        return builder.allowIO(IOAccess.ALL)
                .allowCreateThread(true)
                .allowCreateProcess(true)
                .allowNativeAccess(true)
                .allowEnvironmentAccess(EnvironmentAccess.INHERIT);
    }

    /** A context from {@link #contextBuilder()} with this pack's importer installed. */
    public Context newContext() {
        Context context = contextBuilder().build();
        installInto(context);
        return context;
    }

    /**
     * Puts this pack's importer first on the context's {@code sys.meta_path}. The context needs read
     * access to {@link #archive()} (the importer maps it). Returns pyjar's {@code _pyjar} module.
     */
    public Value installInto(Context context) {
        return new RuntimeModuleLoader(context, mapped).installImporter();
    }

    /** Installs the importer, as {@link #installInto}, and returns pyjar's main runner, {@code _pyjar_main}. */
    Value installWithMainRunner(Context context) {
        RuntimeModuleLoader loader = new RuntimeModuleLoader(context, mapped);
        loader.installImporter();
        return loader.load(RuntimeModule.MAIN_RUNNER);
    }

    /** One of pyjar's own modules, loaded into a context whose importer is installed. */
    Value runtimeModule(Context context, RuntimeModule module) {
        return new RuntimeModuleLoader(context, mapped).load(module);
    }
}
