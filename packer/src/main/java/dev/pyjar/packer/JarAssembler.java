package dev.pyjar.packer;

import dev.pyjar.runtime.internal.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.TimeZone;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Writes one jar from the project's own jar, the jars it needs at run time and the pack. The
 * output depends only on the inputs' contents: entries are sorted, every timestamp is the given
 * one, build dates are left out of {@link PomProperties}, compressed entries are copied raw (never
 * recompressed, which keeps this fast) and the inputs' uncompressed ones are deflated. The pack is
 * stored uncompressed with its data aligned to {@link #PACK_ALIGNMENT} so that the runtime can map it straight from the jar; it comes right
 * after the manifest, so the runtime's scan of the jar directory finds it among the first entries.
 * Versioned entries that every JVM able to run the jar would choose are folded into the base
 * ({@link VersionedEntries}).
 */
public final class JarAssembler {
    public static final int PACK_ALIGNMENT = 4096;
    private static final int CLASS_FILE_MAGIC = 0xCAFEBABE;
    /** Class-file major versions are the Java version plus this. */
    private static final int MAJOR_VERSION_OF_JAVA_0 = 44;

    /**
     * @param ownJar the project's jar: its entries win over same-named ones in dependencies
     * @param dependencies jars merged in, in order (first wins)
     * @param packEntry name of the pack entry
     * @param generated further entries made by the build (such as the bill of materials); they win over the jars'
     * @param mainClass the manifest's {@code Main-Class}, or null to keep the project's manifest as it is
     * @param launchScript bytes put in front of the zip ({@link LaunchScript}), whose length must be a multiple of
     *        {@link #PACK_ALIGNMENT}; the file is then made executable. Null for a plain jar.
     * @param platforms whose native files the jar keeps
     * @param graalPyResources what of GraalPy's own resources the jar leaves out, given the pack
     */
    public record Inputs(Path ownJar, List<Path> dependencies, String packEntry, byte[] pack, Map<String, byte[]> generated,
                         String mainClass, long timestampMillis, byte[] launchScript, Platforms platforms, GraalPyResources graalPyResources) {}

    private JarAssembler() {}

    public static void write(Inputs inputs, Path output) throws IOException {
        if (inputs.launchScript() != null && inputs.launchScript().length % PACK_ALIGNMENT != 0) {
            throw new IllegalArgumentException("a launch script must fill whole " + PACK_ALIGNMENT + "-byte blocks");
        }
        List<ZipFile> jars = new ArrayList<>();
        try {
            jars.add(open(inputs.ownJar()));
            for (Path dependency : inputs.dependencies()) {
                jars.add(open(dependency));
            }
            Map<String, Source> entries = new TreeMap<>();
            ServiceFiles services = new ServiceFiles();
            Map<String, byte[]> rewritten = new TreeMap<>();
            boolean multiRelease = collect(jars, entries, services, rewritten, inputs.platforms());
            leaveOutUnreadIcuData(entries);
            leaveOut(inputs.graalPyResources(), entries, rewritten);
            Manifest manifest = manifest(jars.get(0), inputs.mainClass(), multiRelease);
            VersionedEntries.fold(entries, javaFloor(entries, manifest));
            Map<String, byte[]> written = new TreeMap<>(services.merged());
            written.putAll(rewritten);
            written.putAll(inputs.generated());
            AtomicFiles.write(output, partial -> {
                if (inputs.launchScript() == null) {
                    writeEntries(partial, inputs, manifest, entries, written);
                    return;
                }
                Path zip = AtomicFiles.partialFile(output);
                try {
                    writeEntries(zip, inputs, manifest, entries, written);
                    ZipPrefix.prepend(inputs.launchScript(), zip, partial);
                    Executable.make(partial);
                } finally {
                    Files.deleteIfExists(zip);
                }
            });
        } finally {
            for (ZipFile jar : jars) {
                jar.close();
            }
        }
    }

    /** Writes the pack first, then {@code entries} and {@code written} (the build's own bytes, which win) in name order. */
    private static void writeEntries(Path partial, Inputs inputs, Manifest manifest, Map<String, Source> entries,
                                     Map<String, byte[]> written) throws IOException {
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(partial)) {
            long time = dosTime(inputs.timestampMillis());
            writeStored(out, "META-INF/", new byte[0], time, 0);
            writeDeflated(out, JarEntryRules.MANIFEST, manifestBytes(manifest), time);
            writeStored(out, inputs.packEntry(), inputs.pack(), time, PACK_ALIGNMENT);
            TreeSet<String> names = new TreeSet<>(entries.keySet());
            names.addAll(written.keySet());
            for (String name : names) {
                if (name.equals("META-INF/") || name.equals(inputs.packEntry())) {
                    continue;
                }
                if (written.containsKey(name)) {
                    writeDeflated(out, name, written.get(name), time);
                } else if (isStoredData(entries.get(name).entry())) {
                    deflate(out, name, entries.get(name), time);
                } else {
                    copyRaw(out, name, entries.get(name), time);
                }
            }
        }
    }

    private record Source(ZipFile jar, ZipArchiveEntry entry) {}

    private static ZipFile open(Path jar) throws IOException {
        return ZipFile.builder().setPath(jar).get();
    }

    /**
     * Gathers every jar's entries (the first jar naming one wins), merges service files into
     * {@code services}, and puts {@link PomProperties} freed of their build dates into {@code rewritten}.
     */
    private static boolean collect(List<ZipFile> jars, Map<String, Source> entries, ServiceFiles services,
                                   Map<String, byte[]> rewritten, Platforms platforms) throws IOException {
        boolean multiRelease = false;
        for (ZipFile jar : jars) {
            for (ZipArchiveEntry entry : Collections.list(jar.getEntries())) {
                String name = entry.getName();
                if (JarEntryRules.isDropped(name) || !platforms.keeps(name)) {
                    continue;
                }
                if (JarEntryRules.isServiceFile(name)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        services.add(name, in);
                    }
                }
                if (entries.putIfAbsent(name, new Source(jar, entry)) == null && PomProperties.isPomProperties(name)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        rewritten.put(name, PomProperties.withoutComments(in));
                    }
                }
            }
            multiRelease |= isMultiRelease(jar);
        }
        return multiRelease;
    }

    /**
     * Drops the GraalPy resources the pack makes redundant or the build did not ask for, puts in
     * the libpython files the jar replaces, with libpython's file list and digest to match.
     */
    private static void leaveOut(GraalPyResources resources, Map<String, Source> entries, Map<String, byte[]> rewritten)
            throws IOException {
        entries.keySet().removeIf(resources::leavesOut);
        for (Map.Entry<String, byte[]> replaced : resources.replaced().entrySet()) {
            if (entries.containsKey(replaced.getKey())) {
                rewritten.put(replaced.getKey(), replaced.getValue());
            }
        }
        Source fileList = entries.get(GraalPyResources.FILE_LIST);
        Source digest = entries.get(GraalPyResources.DIGEST);
        if (resources.rewritesFileList() && fileList != null && digest != null) {
            List<byte[]> lists = resources.rewrite(bytes(fileList), bytes(digest));
            rewritten.put(GraalPyResources.FILE_LIST, lists.get(0));
            rewritten.put(GraalPyResources.DIGEST, lists.get(1));
        }
    }

    private static byte[] bytes(Source source) throws IOException {
        try (InputStream in = source.jar().getInputStream(source.entry())) {
            return in.readAllBytes();
        }
    }

    /** Drops the ICU data no ICU entry point the jar's classes call reads ({@link IcuData}), unless some class calls others. */
    private static void leaveOutUnreadIcuData(Map<String, Source> entries) throws IOException {
        if (entries.keySet().stream().noneMatch(IcuData::leavesOut)) {
            return;
        }
        Set<String> unknownUses = new TreeSet<>();
        for (Map.Entry<String, Source> entry : entries.entrySet()) {
            if (entry.getKey().endsWith(".class") && !IcuData.isIcuClass(entry.getKey())) {
                IcuData.unknownUses(bytes(entry.getValue()), unknownUses);
                if (!unknownUses.isEmpty()) {
                    return;
                }
            }
        }
        entries.keySet().removeIf(IcuData::leavesOut);
    }

    /**
     * The Java version the jar needs at least: the one its main class is compiled for (for pyjar's
     * runtime, the build's {@code maven.compiler.release}). 0, which folds nothing, when the jar
     * names no main class or holds no class file for it.
     */
    private static int javaFloor(Map<String, Source> entries, Manifest manifest) throws IOException {
        String mainClass = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
        Source source = mainClass == null ? null : entries.get(mainClass.replace('.', '/') + ".class");
        if (source == null) {
            return 0;
        }
        try (DataInputStream in = new DataInputStream(source.jar().getInputStream(source.entry()))) {
            if (in.readInt() != CLASS_FILE_MAGIC) {
                return 0;
            }
            in.readUnsignedShort(); // minor version
            return in.readUnsignedShort() - MAJOR_VERSION_OF_JAVA_0;
        } catch (EOFException e) {
            return 0;
        }
    }

    private static boolean isMultiRelease(ZipFile jar) throws IOException {
        Manifest manifest = readManifest(jar);
        return manifest != null && "true".equalsIgnoreCase(manifest.getMainAttributes().getValue("Multi-Release"));
    }

    private static Manifest readManifest(ZipFile jar) throws IOException {
        ZipArchiveEntry entry = jar.getEntry(JarEntryRules.MANIFEST);
        if (entry == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return new Manifest(in);
        }
    }

    private static Manifest manifest(ZipFile ownJar, String mainClass, boolean multiRelease) throws IOException {
        Manifest manifest = readManifest(ownJar);
        if (manifest == null) {
            manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        }
        if (mainClass != null) {
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MAIN_CLASS, mainClass);
            if (multiRelease) {
                main.put(Attributes.Name.MULTI_RELEASE, "true");
            }
            // GraalPy calls native code; without this JDK 22+ warns on every start.
            main.put(new Attributes.Name("Enable-Native-Access"), "ALL-UNNAMED");
        }
        return manifest;
    }

    private static byte[] manifestBytes(Manifest manifest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        manifest.write(bytes);
        return bytes.toByteArray();
    }

    private static void writeStored(ZipArchiveOutputStream out, String name, byte[] data, long time, int alignment) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipArchiveEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setTime(time);
        if (alignment > 0) {
            entry.setAlignment(alignment);
        }
        out.putArchiveEntry(entry);
        out.write(data);
        out.closeArchiveEntry();
    }

    private static void writeDeflated(ZipArchiveOutputStream out, String name, byte[] data, long time) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipArchiveEntry.DEFLATED);
        entry.setTime(time);
        out.putArchiveEntry(entry);
        out.write(data);
        out.closeArchiveEntry();
    }

    private static boolean isStoredData(ZipArchiveEntry entry) {
        return entry.getMethod() == ZipArchiveEntry.STORED && entry.getSize() > 0;
    }

    /**
     * GraalPy's language jar stores its class files uncompressed; deflated they take a third of the
     * room. The JVM inflates them as it loads them, which a run with the tuned JVM's class-data
     * archive mostly skips (see benchmarks/README.md, "Jar size").
     */
    private static void deflate(ZipArchiveOutputStream out, String name, Source source, long time) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipArchiveEntry.DEFLATED);
        entry.setTime(time);
        out.putArchiveEntry(entry);
        try (InputStream in = source.jar().getInputStream(source.entry())) {
            in.transferTo(out);
        }
        out.closeArchiveEntry();
    }

    private static void copyRaw(ZipArchiveOutputStream out, String name, Source source, long time) throws IOException {
        ZipArchiveEntry original = source.entry();
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(original.getMethod());
        entry.setCrc(original.getCrc());
        entry.setSize(original.getSize());
        entry.setCompressedSize(original.getCompressedSize());
        entry.setTime(time);
        try (InputStream raw = source.jar().getRawInputStream(original)) {
            out.addRawArchiveEntry(entry, raw == null ? new ByteArrayInputStream(new byte[0]) : raw);
        }
    }

    /**
     * Zip timestamps are local date-time fields, converted with the default time zone: shifting by
     * its offset makes the stored fields equal the UTC fields of the given instant in any zone.
     */
    private static long dosTime(long utcMillis) {
        return utcMillis - TimeZone.getDefault().getOffset(utcMillis);
    }
}
