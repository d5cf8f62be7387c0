package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarAssemblerTest {
    private static final String PACK = "META-INF/pyjar/modules.pack";
    private static final long TIME = BuildTimestamp.DEFAULT.toEpochMilli();
    private static final String MULTI_RELEASE = "Manifest-Version: 1.0\nMulti-Release: true\n";

    @TempDir
    Path work;

    @Test
    void mergesJarsIntoOneRunnableJarWithTheAlignedPackFirst() throws Exception {
        Path out = assemble(work.resolve("app.jar"), "dev.pyjar.runtime.Launcher");
        try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
            List<String> names = Collections.list(zip.getEntriesInPhysicalOrder()).stream().map(ZipArchiveEntry::getName).toList();
            assertEquals(List.of("META-INF/", "META-INF/MANIFEST.MF", PACK, "META-INF/services/x.Provider",
                    "app/Main.class", "lib/A.class", "lib/B.class"), names);
            ZipArchiveEntry pack = zip.getEntry(PACK);
            assertEquals(ZipArchiveEntry.STORED, pack.getMethod());
            assertEquals(0, pack.getDataOffset() % JarAssembler.PACK_ALIGNMENT);
            assertEquals("own", read(zip, "app/Main.class"));
            assertEquals("x.One\nx.Two\n", read(zip, "META-INF/services/x.Provider"));
            // The inputs' stored entries are deflated.
            assertEquals(ZipArchiveEntry.DEFLATED, zip.getEntry("lib/B.class").getMethod());
        }
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(out))) {
            Manifest manifest = jar.getManifest();
            assertEquals("dev.pyjar.runtime.Launcher", manifest.getMainAttributes().getValue("Main-Class"));
            assertEquals("true", manifest.getMainAttributes().getValue("Multi-Release"));
            assertEquals("test", manifest.getMainAttributes().getValue("Created-By"));
        }
    }

    @Test
    void aLibraryKeepsItsManifestAndGainsThePack() throws Exception {
        Path out = work.resolve("lib.jar");
        JarAssembler.write(new JarAssembler.Inputs(ownJar(), List.of(), PACK, new byte[] {1, 2, 3}, Map.of(), null, TIME, null, Platforms.ALL, GraalPyResources.ALL), out);
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(out))) {
            assertNull(jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    @Test
    void theBytesDependOnlyOnTheInputsNotOnTheTimeZone() throws Exception {
        TimeZone zone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu"));
            byte[] east = Files.readAllBytes(assemble(work.resolve("east.jar"), "M"));
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            byte[] west = Files.readAllBytes(assemble(work.resolve("west.jar"), "M"));
            assertArrayEquals(east, west);
        } finally {
            TimeZone.setDefault(zone);
        }
        try (ZipFile zip = ZipFile.builder().setPath(work.resolve("west.jar")).get()) {
            ZipArchiveEntry manifest = zip.getEntry("META-INF/MANIFEST.MF");
            java.time.LocalDateTime stored = java.time.LocalDateTime.ofInstant(
                    java.time.Instant.ofEpochMilli(manifest.getTime()), TimeZone.getDefault().toZoneId());
            assertEquals(java.time.LocalDateTime.of(1980, 2, 1, 0, 0), stored);
        }
    }

    @Test
    void aLaunchScriptGoesInFrontWithEveryOffsetMovedAndThePackStillAligned() throws Exception {
        // More entries than a zip without Zip64 records can count, as with GraalPy's jars.
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 66_000; i++) {
            many.put("many/E" + i + ".class", "e" + i);
        }
        Path dependency = jar("many.jar", "Manifest-Version: 1.0\n", many);
        byte[] script = LaunchScript.padded();
        Path out = work.resolve("app");
        JarAssembler.write(new JarAssembler.Inputs(ownJar(), List.of(dependency), PACK, "pack bytes".getBytes(StandardCharsets.UTF_8),
                Map.of(), "M", TIME, script, Platforms.ALL, GraalPyResources.ALL), out);
        byte[] bytes = Files.readAllBytes(out);
        assertArrayEquals(script, java.util.Arrays.copyOf(bytes, script.length));
        assertTrue(new String(script, StandardCharsets.UTF_8).startsWith("#!/bin/sh\n"));
        assertTrue(Files.isExecutable(out));
        try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
            ZipArchiveEntry pack = zip.getEntry(PACK);
            assertEquals(0, pack.getDataOffset() % JarAssembler.PACK_ALIGNMENT);
            assertEquals("pack bytes", read(zip, PACK));
            assertEquals("e65999", read(zip, "many/E65999.class"));
            assertEquals(66_000 + 4, Collections.list(zip.getEntries()).size());
        }
        // The JDK's reader checks every offset against the central directory's own position.
        try (JarFile jar = new JarFile(out.toFile())) {
            assertEquals("M", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertEquals("e12345", content(jar, "many/E12345.class"));
            assertEquals(66_000 + 4, jar.size());
        }
    }

    @Test
    void mavensBuildDateInPomPropertiesIsLeftOut() throws Exception {
        String properties = "META-INF/maven/org.example/app/pom.properties";
        byte[][] built = new byte[2][];
        String[] dates = {"#Tue Dec 01 13:48:35 UTC 2026", "#Di. Dez. 01 22:48:50 JST 2026"};
        for (int i = 0; i < 2; i++) {
            Path own = jar("own" + i + ".jar", "Manifest-Version: 1.0\n", Map.of("app/Main.class", "own",
                    properties, "#Generated by Maven\r\n" + dates[i] + "\r\nartifactId=app\r\ngroupId=org.example\r\nversion=1.0\r\n"));
            Path out = work.resolve("stamped" + i + ".jar");
            JarAssembler.write(new JarAssembler.Inputs(own, List.of(), PACK, new byte[0], Map.of(), "M", TIME, null, Platforms.ALL, GraalPyResources.ALL), out);
            built[i] = Files.readAllBytes(out);
            try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
                assertEquals("artifactId=app\ngroupId=org.example\nversion=1.0\n", read(zip, properties));
            }
        }
        assertArrayEquals(built[0], built[1]);
    }

    @Test
    void versionsEveryJvmThatCanRunTheJarWouldChooseAreFoldedIntoTheBase() throws Exception {
        Map<String, String> entries = new java.util.HashMap<>(Map.of(
                "x/X.class", "base",
                "META-INF/versions/9/x/X.class", "9",
                "META-INF/versions/11/x/X.class", "11",
                "META-INF/versions/21/x/X.class", "21",
                "META-INF/versions/15/x/Y.class", "15 only",
                "META-INF/versions/11/x/", "",
                "META-INF/versions/8/x/Z.class", "8 is no version"));
        // A deep tree of names, the folded ones among kept ones, as with GraalPy's jars.
        for (int i = 0; i < 40; i++) {
            entries.put("y/N" + i + ".class", "base");
            entries.put("META-INF/versions/9/y/N" + i + ".class", "9 of N" + i);
            entries.put("META-INF/versions/22/y/N" + i + ".class", "22 of N" + i);
        }
        Path dependency = jar("mr.jar", MULTI_RELEASE, entries, Map.of("M.class", classFileStart(61)));
        Path out = work.resolve("app.jar");
        JarAssembler.write(new JarAssembler.Inputs(ownJar(), List.of(dependency), PACK, new byte[0], Map.of(), "M", TIME, null, Platforms.ALL, GraalPyResources.ALL), out);
        try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
            List<String> names = Collections.list(zip.getEntries()).stream().map(ZipArchiveEntry::getName)
                    .filter(name -> name.contains("x/")).sorted().toList();
            assertEquals(List.of("META-INF/versions/21/x/X.class", "META-INF/versions/8/x/Z.class", "x/X.class", "x/Y.class"), names);
            assertEquals("11", read(zip, "x/X.class"));
            assertEquals("15 only", read(zip, "x/Y.class"));
            for (int i = 0; i < 40; i++) {
                assertEquals("9 of N" + i, read(zip, "y/N" + i + ".class"));
            }
        }
        // What the JVM reads is unchanged, on the floor's version and on later ones.
        for (Runtime.Version version : List.of(Runtime.Version.parse("17"), Runtime.Version.parse("21"))) {
            try (JarFile before = new JarFile(dependency.toFile(), true, java.util.zip.ZipFile.OPEN_READ, version);
                 JarFile after = new JarFile(out.toFile(), true, java.util.zip.ZipFile.OPEN_READ, version)) {
                for (String name : List.of("x/X.class", "x/Y.class", "x/Z.class")) {
                    assertEquals(content(before, name), content(after, name), name + " on " + version);
                }
            }
        }
    }

    @Test
    void theFloorIsTheJavaVersionTheMainClassIsCompiledFor() throws Exception {
        Map<String, String> entries = Map.of(
                "x/Y.class", "base",
                "META-INF/versions/11/x/Y.class", "11",
                "META-INF/versions/15/x/Y.class", "15");
        // Java 11 to 14 read version 11 and later ones version 15: only 11 folds.
        Path java11 = jar("java11.jar", MULTI_RELEASE, entries, Map.of("M.class", classFileStart(55)));
        Path out = work.resolve("app11.jar");
        JarAssembler.write(new JarAssembler.Inputs(ownJar(), List.of(java11), PACK, new byte[0], Map.of(), "M", TIME, null, Platforms.ALL, GraalPyResources.ALL), out);
        try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
            assertEquals("11", read(zip, "x/Y.class"));
            assertEquals("15", read(zip, "META-INF/versions/15/x/Y.class"));
        }
        // No class file for the main class: nothing is known, nothing folds.
        Path noMain = jar("no-main.jar", MULTI_RELEASE, entries, Map.of());
        JarAssembler.write(new JarAssembler.Inputs(ownJar(), List.of(noMain), PACK, new byte[0], Map.of(), "M", TIME, null, Platforms.ALL, GraalPyResources.ALL), out);
        try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
            assertEquals("base", read(zip, "x/Y.class"));
            assertEquals("11", read(zip, "META-INF/versions/11/x/Y.class"));
        }
    }

    /** The first eight bytes of a class file of the given major version (61 is Java 17). */
    private static final String ICU = "org/graalvm/shadowed/com/ibm/icu/";
    private static final String ICU_DATA = ICU + "impl/data/icudata/";

    @Test
    void icuDataNoCalledIcuServiceReadsIsLeftOut() throws Exception {
        Path out = withIcu("app.jar", "uses Lorg/graalvm/shadowed/com/ibm/icu/text/Normalizer2; and org/graalvm/shadowed/com/ibm/icu/lang/UCharacter");
        try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
            List<String> kept = Collections.list(zip.getEntries()).stream().map(ZipArchiveEntry::getName)
                    .filter(name -> name.startsWith(ICU_DATA)).sorted().toList();
            assertEquals(List.of(ICU_DATA + "brkitr/word.brk", ICU_DATA + "ibm-1386_P100-2001.cnv", ICU_DATA + "nfc.nrm",
                    ICU_DATA + "res_index.res", ICU_DATA + "root.res", ICU_DATA + "supplementalData.res", ICU_DATA + "uprops.icu"), kept);
        }
    }

    @Test
    void icuDataStaysWhenAnyClassCallsAnotherIcuService() throws Exception {
        for (String caller : new String[] {"Lorg/graalvm/shadowed/com/ibm/icu/text/DateFormat;",
            "Class.forName(\"org.graalvm.shadowed.com.ibm.icu.util.TimeZone\")"}) {
            try (ZipFile zip = ZipFile.builder().setPath(withIcu("js.jar", caller)).get()) {
                assertEquals(13, Collections.list(zip.getEntries()).stream().filter(e -> e.getName().startsWith(ICU_DATA)).count(), caller);
            }
        }
    }

    /** A jar whose class js/Caller.class holds {@code caller}, with ICU's classes and data of each kind. */
    private Path withIcu(String name, String caller) throws IOException {
        Map<String, String> entries = new java.util.HashMap<>();
        entries.put("js/Caller.class", caller);
        entries.put(ICU + "text/DateFormat.class", "refers to " + ICU + "util/Calendar inside ICU");
        for (String data : new String[] {"brkitr/word.brk", "coll/root.res", "zone/de.res", "lang/fr.res", "translit/root.res",
            "ibm-1386_P100-2001.cnv", "ibm-37_P100-1995.cnv", "nfc.nrm", "uprops.icu", "de_AT.res", "root.res", "res_index.res",
            "supplementalData.res"}) {
            entries.put(ICU_DATA + data, data);
        }
        Path out = work.resolve(name);
        JarAssembler.write(new JarAssembler.Inputs(ownJar(), List.of(jar("icu.jar", "Manifest-Version: 1.0\n", entries)), PACK,
                new byte[0], Map.of(), "M", TIME, null, Platforms.ALL, GraalPyResources.ALL), out);
        return out;
    }

    @Test
    void libpythonLosesWhatThePackServesAndWhatGraalPyCannotImportWithItsFileListAndDigestToMatch() throws Exception {
        String lib = "META-INF/resources/libpython/";
        List<String> files = List.of(lib + "csv.py", lib + "json/__init__.py", lib + "json/decoder.py", lib + "json/x.txt",
                lib + "tkinter/__init__.py");
        Path graalPy = graalPyJar(files);
        for (String cacheTag : new String[] {"graalpy250-312", "graalpy250-312+bytecode-dsl"}) {
            Path out = work.resolve("app-" + cacheTag + ".jar");
            assembleWithGraalPy(graalPy, cacheTag, new GraalPyResources.Kept(true, true), out);
            try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
                List<String> kept = files.stream().filter(f -> zip.getEntry(f) != null).toList();
                assertEquals(List.of(lib + "csv.py", lib + "json/x.txt"), kept);
                assertEquals(kept.stream().map(f -> f + " = rw-rw-r--").collect(java.util.stream.Collectors.joining("\n")),
                        read(zip, "META-INF/resources/libpython.files"));
                String digest = read(zip, "META-INF/resources/libpython.sha256");
                assertTrue(digest.matches("[0-9a-f]{64}") && !digest.startsWith("867b555c"), digest);
            }
        }
    }

    @Test
    void theBytecodeDslFrozenModulesStayOnlyWhenTheBuildAsksForThemOrRanThatInterpreter() throws Exception {
        Path graalPy = graalPyJar(List.of());
        String[][] cases = {{"graalpy250-312", "false", null}, {"graalpy250-312", "true", "dsl"},
                {"graalpy250-312+bytecode-dsl", "false", "dsl"}};
        for (String[] c : cases) {
            Path out = work.resolve("dsl-" + c[0] + "-" + c[1] + ".jar");
            assembleWithGraalPy(graalPy, c[0], new GraalPyResources.Kept(Boolean.parseBoolean(c[1]), false), out);
            try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
                assertEquals("default", read(zip, FROZEN + "FrozenOS.bin"), String.join(" ", c));
                assertEquals(c[2], zip.getEntry(FROZEN + "FrozenOS.bin_dsl") == null ? null : read(zip, FROZEN + "FrozenOS.bin_dsl"),
                        String.join(" ", c));
                // Only GraalPy's frozen modules: a resource of that name elsewhere is someone else's.
                assertEquals("other", read(zip, "x/FrozenOS.bin_dsl"));
            }
        }
    }

    @Test
    void ensurepipLosesItsWheelAndSaysHowToKeepItUnlessTheBuildAsksForIt() throws Exception {
        String ensurepip = "META-INF/resources/libpython/ensurepip/";
        List<String> files = List.of(ensurepip + "__init__.py", ensurepip + "__main__.py", ensurepip + "_bundled/pip-24.3.1-py3-none-any.whl");
        Path graalPy = graalPyJar(files);
        Path without = work.resolve("without.jar");
        assembleWithGraalPy(graalPy, "graalpy250-312", new GraalPyResources.Kept(false, false), without);
        Path with = work.resolve("with.jar");
        assembleWithGraalPy(graalPy, "graalpy250-312", new GraalPyResources.Kept(false, true), with);
        String digestWithout;
        try (ZipFile zip = ZipFile.builder().setPath(without).get()) {
            assertNull(zip.getEntry(files.get(2)));
            assertTrue(read(zip, files.get(0)).contains("<ensurepip>true</ensurepip> to keep it"), read(zip, files.get(0)));
            assertEquals(files.get(1), read(zip, files.get(1)));
            assertEquals(files.get(0) + " = rw-rw-r--\n" + files.get(1) + " = rw-rw-r--", read(zip, "META-INF/resources/libpython.files"));
            digestWithout = read(zip, "META-INF/resources/libpython.sha256");
        }
        try (ZipFile zip = ZipFile.builder().setPath(with).get()) {
            for (String file : files) {
                assertEquals(file, read(zip, file));
            }
            // Another home than the jar without the wheel: GraalPy unpacks each into a directory named by this digest.
            assertNotEquals(digestWithout, read(zip, "META-INF/resources/libpython.sha256"));
        }
    }

    private static final String FROZEN = "com/oracle/graal/python/builtins/objects/module/";

    /** A stand-in for GraalPy's language and resources jars: frozen modules of both interpreters, libpython with these files. */
    private Path graalPyJar(List<String> libpythonFiles) throws IOException {
        Map<String, String> entries = new java.util.HashMap<>(Map.of(FROZEN + "FrozenOS.bin", "default", FROZEN + "FrozenOS.bin_dsl", "dsl",
                "x/FrozenOS.bin_dsl", "other",
                "META-INF/resources/libpython.sha256", "867b555c23c04fbc53e866455df20b6484ee03aec35301dc07b7229d0579db62",
                "META-INF/resources/libpython.files",
                libpythonFiles.stream().map(f -> f + " = rw-rw-r--").collect(java.util.stream.Collectors.joining("\n"))));
        libpythonFiles.forEach(f -> entries.put(f, f));
        return jar("python-language.jar", "Manifest-Version: 1.0\n", entries);
    }

    /** Assembles an app jar over {@code graalPy} with a pack compiled under {@code cacheTag} that holds json with its sources, and csv without. */
    private void assembleWithGraalPy(Path graalPy, String cacheTag, GraalPyResources.Kept kept, Path out) throws Exception {
        byte[] pack = new dev.pyjar.pack.PackWriter(new dev.pyjar.pack.RuntimeTag("25.0.3", cacheTag, 1))
                .property(dev.pyjar.pack.PackProperties.STANDARD_LIBRARY, "json")
                .addModule("json", dev.pyjar.pack.ModuleKind.PACKAGE, new byte[1], "# json".getBytes(StandardCharsets.UTF_8))
                .addModule("json.decoder", dev.pyjar.pack.ModuleKind.MODULE, new byte[1], "# decoder".getBytes(StandardCharsets.UTF_8))
                .addModule("csv", dev.pyjar.pack.ModuleKind.MODULE, new byte[1], null)
                .toByteArray();
        JarAssembler.write(new JarAssembler.Inputs(ownJar(), List.of(graalPy), PACK, pack, Map.of(), "M", TIME, null,
                Platforms.ALL, GraalPyResources.forPack(pack, kept)), out);
    }

    private static byte[] classFileStart(int majorVersion) {
        return new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, (byte) majorVersion};
    }

    private static String content(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        if (entry == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path assemble(Path out, String mainClass) throws IOException {
        Path dependencyOne = jar("one.jar", "Manifest-Version: 1.0\n", Map.of(
                "module-info.class", "descriptor",
                "META-INF/ONE.SF", "signature",
                "META-INF/ONE.RSA", "signature",
                "META-INF/services/x.Provider", "# comment\nx.One\n",
                "app/Main.class", "dependency's",
                "lib/A.class", "a"));
        Path dependencyTwo = jar("two.jar", MULTI_RELEASE, Map.of(
                "META-INF/versions/11/module-info.class", "descriptor",
                "META-INF/services/x.Provider", "x.Two\nx.One\n",
                "lib/B.class", "b"), ZipEntry.STORED);
        JarAssembler.write(new JarAssembler.Inputs(ownJar(), List.of(dependencyOne, dependencyTwo), PACK,
                "pack bytes".getBytes(StandardCharsets.UTF_8), Map.of(), mainClass, TIME, null, Platforms.ALL, GraalPyResources.ALL), out);
        return out;
    }

    private Path ownJar() throws IOException {
        return jar("own.jar", "Manifest-Version: 1.0\nCreated-By: test\n", Map.of("app/Main.class", "own"));
    }

    private Path jar(String name, String manifest, Map<String, String> entries) throws IOException {
        return jar(name, manifest, entries, Map.of());
    }

    private Path jar(String name, String manifest, Map<String, String> entries, int method) throws IOException {
        return jar(name, manifest, entries, Map.of(), method);
    }

    private Path jar(String name, String manifest, Map<String, String> textEntries, Map<String, byte[]> binaryEntries) throws IOException {
        return jar(name, manifest, textEntries, binaryEntries, ZipEntry.DEFLATED);
    }

    private Path jar(String name, String manifest, Map<String, String> textEntries, Map<String, byte[]> binaryEntries, int method)
            throws IOException {
        Map<String, byte[]> entries = new java.util.TreeMap<>(binaryEntries);
        textEntries.forEach((entryName, text) -> entries.put(entryName, text.getBytes(StandardCharsets.UTF_8)));
        Path jar = work.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.write(manifest.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                if (method == ZipEntry.STORED) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(entry.getValue());
                    zipEntry.setMethod(ZipEntry.STORED);
                    zipEntry.setSize(entry.getValue().length);
                    zipEntry.setCrc(crc.getValue());
                }
                out.putNextEntry(zipEntry);
                out.write(entry.getValue());
            }
        }
        return jar;
    }

    private static String read(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
