package dev.pyjar.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackRoundTripTest {
    static final RuntimeTag TAG = new RuntimeTag("25.0.3", "graalpy250-312", 0x0a0d0d2a);
    /** Modules in {@link #samplePack()}. */
    static final int MODULES = 6;

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A small pack with every kind of entry, used by the hostile-input tests too. */
    static byte[] samplePack() {
        return new PackWriter(TAG)
                .property(PackProperties.MAIN, "app.cli:main")
                .property(PackProperties.OPTIMIZE, "0")
                .addModule("app", ModuleKind.PACKAGE, utf8("code of app"), utf8("# app\n"))
                .addModule("app.cli", ModuleKind.MODULE, utf8("code of app.cli"), utf8("def main(): pass\n"))
                .addModule("app.nocode", ModuleKind.MODULE, null, utf8("x = 1\n"))
                .addModule("app.nosource", ModuleKind.MODULE, utf8("code only"), null)
                .addModule("ns", ModuleKind.NAMESPACE_PACKAGE, null, null)
                .addModule("ns.café", ModuleKind.MODULE, utf8("unicode"), utf8("# é\n"))
                .addResource("app/data/table.csv", utf8("a,b\n1,2\n"))
                .addResource("app/data/sub/deep.txt", new byte[0])
                .addResource("app/logo.bin", new byte[] {0, 1, (byte) 0xff})
                .toByteArray();
    }

    @Test
    void everythingWrittenIsReadBack() throws Exception {
        PackReader reader = PackReader.open(ByteBuffer.wrap(samplePack()));
        assertEquals(TAG, reader.runtimeTag());
        assertEquals(Map.of("main", "app.cli:main", "optimize", "0"), reader.properties());
        assertEquals(MODULES, reader.moduleCount());
        assertEquals(3, reader.resourceCount());

        ModuleEntry cli = reader.findModule("app.cli").orElseThrow();
        assertEquals(ModuleKind.MODULE, cli.kind());
        assertEquals("code of app.cli", text(reader.read(cli.code().orElseThrow())));
        assertEquals("def main(): pass\n", text(reader.readSource(cli.source().orElseThrow())));
        assertEquals(ModuleKind.PACKAGE, reader.findModule("app").orElseThrow().kind());
        assertFalse(reader.findModule("app.nocode").orElseThrow().code().isPresent());
        assertFalse(reader.findModule("app.nosource").orElseThrow().source().isPresent());
        ModuleEntry namespace = reader.findModule("ns").orElseThrow();
        assertEquals(ModuleKind.NAMESPACE_PACKAGE, namespace.kind());
        assertTrue(namespace.code().isEmpty() && namespace.source().isEmpty());
        assertEquals("# é\n", text(reader.readSource(reader.findModule("ns.café").orElseThrow().source().orElseThrow())));

        assertEquals("a,b\n1,2\n", text(reader.read(reader.findResource("app/data/table.csv").orElseThrow().data())));
        assertEquals(0, reader.read(reader.findResource("app/data/sub/deep.txt").orElseThrow().data()).remaining());
        assertTrue(reader.findModule("app.missing").isEmpty());
        assertTrue(reader.findModule("").isEmpty());
        assertTrue(reader.findResource("app/data").isEmpty());
    }

    @Test
    void entriesAreSortedAndPrefixRangesListThem() throws Exception {
        PackReader reader = PackReader.open(ByteBuffer.wrap(samplePack()));
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < reader.moduleCount(); i++) {
            names.add(reader.moduleAt(i).name());
        }
        assertEquals(List.of("app", "app.cli", "app.nocode", "app.nosource", "ns", "ns.café"), names);
        assertArrayEquals(new int[] {1, 4}, reader.moduleRange("app."));
        assertArrayEquals(new int[] {0, 4}, reader.moduleRange("app"));
        assertArrayEquals(new int[] {6, 6}, reader.moduleRange("zzz"));
        assertArrayEquals(new int[] {0, 2}, reader.resourceRange("app/data/"));
        assertArrayEquals(new int[] {0, 3}, reader.resourceRange(""));
    }

    @Test
    void theSameEntriesInAnyOrderGiveTheSameBytes() {
        byte[] forward = new PackWriter(TAG).property("b", "2").property("a", "1")
                .addModule("z", ModuleKind.MODULE, utf8("z"), null).addModule("a", ModuleKind.MODULE, utf8("a"), null)
                .addResource("z/x", utf8("1")).addResource("a/x", utf8("2")).toByteArray();
        byte[] backward = new PackWriter(TAG).property("a", "1").property("b", "2")
                .addResource("a/x", utf8("2")).addResource("z/x", utf8("1"))
                .addModule("a", ModuleKind.MODULE, utf8("a"), null).addModule("z", ModuleKind.MODULE, utf8("z"), null).toByteArray();
        assertArrayEquals(forward, backward);
    }

    @Test
    void theExampleInFormatMdIsWhatTheWriterWrites() throws Exception {
        byte[] pack = new PackWriter(new RuntimeTag("25.0.3", "graalpy250-312", 0x0a0d0df3))
                .property("main", "app")
                .addModule("app", ModuleKind.MODULE, new byte[] {(byte) 0xe3, 0, 0, 0}, utf8("pass\n"))
                .addResource("app/x", utf8("hi"))
                .toByteArray();
        String spec = Files.readString(Path.of("FORMAT.md"));
        String example = spec.substring(spec.indexOf("## Example"), spec.indexOf("## What a reader must check"));
        java.io.ByteArrayOutputStream documented = new java.io.ByteArrayOutputStream();
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^[0-9a-f]{8}: ((?:[0-9a-f]{2,4} ){1,8})").matcher(example);
        while (line.find()) {
            documented.write(java.util.HexFormat.of().parseHex(line.group(1).replace(" ", "")));
        }
        assertArrayEquals(documented.toByteArray(), pack);
    }

    @Test
    void anEmptyPackIsValid() throws Exception {
        PackReader reader = PackReader.open(ByteBuffer.wrap(new PackWriter(TAG).toByteArray()));
        assertEquals(0, reader.moduleCount());
        assertEquals(0, reader.resourceCount());
        assertTrue(reader.findModule("x").isEmpty());
        assertArrayEquals(new int[] {0, 0}, reader.moduleRange(""));
    }

    @Test
    void theWriterRefusesDuplicatesAndBadNames() {
        PackWriter writer = new PackWriter(TAG).addModule("a", ModuleKind.MODULE, null, null).addResource("a/x", new byte[0]);
        assertEquals("duplicate module 'a'", assertThrows(IllegalArgumentException.class,
                () -> writer.addModule("a", ModuleKind.PACKAGE, null, null)).getMessage());
        assertEquals("duplicate resource 'a/x'", assertThrows(IllegalArgumentException.class,
                () -> writer.addResource("a/x", new byte[0])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.addModule("a..b", ModuleKind.MODULE, null, null));
        assertThrows(IllegalArgumentException.class, () -> writer.addModule("my-mod", ModuleKind.MODULE, null, null));
        assertThrows(IllegalArgumentException.class, () -> writer.addModule("ns2", ModuleKind.NAMESPACE_PACKAGE, new byte[1], null));
        assertThrows(IllegalArgumentException.class, () -> writer.addResource("../etc/passwd", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> writer.addResource("/abs", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> writer.addResource("a//b", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> writer.addResource("a/./b", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> writer.addResource("a/", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> writer.addResource("a\0b", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> writer.addResource("", new byte[0]));
        for (String bad : new String[] {"", ".", "a.", ".a", "1abc", "a.2b", "a b", "a\0", "a/b", "é-"}) {
            assertThrows(IllegalArgumentException.class, () -> writer.addModule(bad, ModuleKind.MODULE, null, null), bad);
        }
        for (String good : new String[] {"_", "_a1", "π", "日本語.モジュール", "a.b.c_d", "__main__"}) {
            writer.addModule(good, ModuleKind.MODULE, null, null);
        }
        assertEquals("name".repeat(20_000).length() + " bytes", assertThrows(IllegalArgumentException.class,
                () -> writer.addModule("name".repeat(20_000), ModuleKind.MODULE, null, null)).getMessage()
                .replaceAll(".* is (\\d+ bytes).*", "$1"));
        writer.property("k", "v");
        assertEquals("duplicate pack property 'k'",
                assertThrows(IllegalArgumentException.class, () -> writer.property("k", "w")).getMessage());
    }

    @Test
    void indexTablesAndBlobsStartAtAlignedOffsets() throws Exception {
        byte[] pack = samplePack();
        ByteBuffer view = ByteBuffer.wrap(pack).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, view.getInt(PackLayout.MODULE_TABLE_AT) % PackLayout.ALIGNMENT);
        assertEquals(0, view.getInt(PackLayout.RESOURCE_TABLE_AT) % PackLayout.ALIGNMENT);
        PackReader reader = PackReader.open(view);
        for (int i = 0; i < reader.moduleCount(); i++) {
            ModuleEntry module = reader.moduleAt(i);
            module.code().ifPresent(blob -> assertEquals(0, blob.offset() % PackLayout.ALIGNMENT, module + " code"));
            module.source().ifPresent(blob -> assertEquals(0, blob.offset() % PackLayout.ALIGNMENT, module + " source"));
        }
        for (int i = 0; i < reader.resourceCount(); i++) {
            assertEquals(0, reader.resourceAt(i).data().offset() % PackLayout.ALIGNMENT);
        }
    }

    @Test
    void writeToWritesTheSameBytesAndLaterChangesToTheCallersArraysDoNotLeakIn() throws Exception {
        byte[] code = utf8("code");
        byte[] data = utf8("data");
        PackWriter writer = new PackWriter(TAG).addModule("m", ModuleKind.MODULE, code, null).addResource("r", data);
        byte[] before = writer.toByteArray();
        code[0] = 'X';
        data[0] = 'X';
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writer.writeTo(out);
        assertArrayEquals(before, out.toByteArray());
    }

    @Test
    void aLargerPackIsSearchableAndListable() throws Exception {
        PackWriter writer = new PackWriter(TAG);
        List<String> expected = new java.util.ArrayList<>();
        for (String top : new String[] {"email", "email_x", "emailx", "json", "xml"}) {
            writer.addModule(top, ModuleKind.PACKAGE, utf8(top), null);
            expected.add(top);
            for (int i = 0; i < 300; i++) {
                String name = top + ".mod" + i;
                writer.addModule(name, ModuleKind.MODULE, utf8(name), utf8("# " + name));
                writer.addResource(top + "/data/f" + i + ".txt", utf8(name));
                expected.add(name);
            }
        }
        PackReader reader = PackReader.open(ByteBuffer.wrap(writer.toByteArray()));
        assertEquals(expected.size(), reader.moduleCount());
        for (String name : expected) {
            ModuleEntry entry = reader.findModule(name).orElseThrow(() -> new AssertionError(name));
            assertEquals(name, entry.name());
            assertEquals(name, text(reader.read(entry.code().orElseThrow())));
            assertTrue(reader.findModule(name + "_").isEmpty());
        }
        int[] email = reader.moduleRange("email.");
        assertEquals(300, email[1] - email[0]);
        for (int i = email[0]; i < email[1]; i++) {
            assertTrue(reader.moduleAt(i).name().startsWith("email."));
        }
        assertEquals(reader.findModule("email").orElseThrow().index() + 1, email[0]);
        int[] data = reader.resourceRange("json/data/");
        assertEquals(300, data[1] - data[0]);
        assertEquals("json/data/f0.txt", reader.resourceAt(data[0]).path());
        assertArrayEquals(new int[] {0, 0}, reader.moduleRange("a"));
        int[] all = reader.moduleRange("");
        assertArrayEquals(new int[] {0, expected.size()}, all);
    }

    @Test
    void readsInPlaceFromAMappedFileWithoutTouchingTheCallersBuffer(@TempDir Path work) throws Exception {
        Path file = Files.write(work.resolve("test.pack"), samplePack());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            PackReader reader = PackReader.open(mapped);
            PackWalker.walk(mapped);
            assertEquals(0, mapped.position());
            assertEquals(mapped.capacity(), mapped.limit());
            ByteBuffer blob = reader.read(reader.findModule("app").orElseThrow().code().orElseThrow());
            assertTrue(blob.isReadOnly());
            assertEquals("code of app", text(blob));
        }
    }

    @Test
    void opensAPackThatStartsAtTheBuffersPosition() throws Exception {
        byte[] pack = samplePack();
        ByteBuffer padded = ByteBuffer.allocate(pack.length + 100);
        padded.position(100);
        padded.put(pack);
        padded.position(100);
        padded.limit(100 + pack.length);
        PackWalker.walk(padded);
        assertEquals("app.cli:main", PackReader.open(padded).properties().get("main"));
        assertEquals(100, padded.position());
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }
}
