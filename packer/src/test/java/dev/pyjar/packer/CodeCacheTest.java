package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyjar.pack.ModuleKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeCacheTest {
    private static final byte[] CODE = {1, 2, 3};
    private static final byte[] SOURCE = "x = 1\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    @Test
    void anEntryIsFoundOnlyByTheSameGraalPySourceAndFileName() throws Exception {
        SourceModule module = module("app/mod.py", "x = 1\n");
        CodeCache cache = new CodeCache(root.resolve("cache"), "GraalPy 25.0.1");
        String key = cache.key(module);
        cache.store(key, new CompiledModule(module, CODE, SOURCE));

        CompiledModule found = new CodeCache(root.resolve("cache"), "GraalPy 25.0.1").lookup(module, key).orElseThrow();
        assertArrayEquals(CODE, found.code());
        assertArrayEquals(SOURCE, found.source());

        assertNotEquals(key, new CodeCache(root.resolve("cache"), "GraalPy 25.0.2").key(module), "another GraalPy");
        assertNotEquals(key, new CodeCache(root.resolve("cache"), "GraalPy 25.0.1").key(module("app/other.py", "x = 1\n")),
                "another file name, which is compiled into the code");
        assertNotEquals(key, cache.key(module("app/mod.py", "x = 2\n")), "changed source");
    }

    @Test
    void aDamagedEntryIsAMiss() throws Exception {
        SourceModule module = module("mod.py", "x = 1\n");
        CodeCache cache = new CodeCache(root.resolve("cache"), "GraalPy");
        String key = cache.key(module);
        Files.createDirectories(root.resolve("cache"));
        Files.write(root.resolve("cache").resolve(key), new byte[] {0, 0, 1});
        assertEquals(Optional.empty(), cache.lookup(module, key));
        Files.write(root.resolve("cache").resolve(key), new byte[] {0, 0, 0, 9, 1});
        assertEquals(Optional.empty(), cache.lookup(module, key), "a code length past the end");
        assertEquals(2, cache.misses());
    }

    @Test
    void withoutADirectoryNothingIsKept() throws Exception {
        CodeCache cache = new CodeCache(null, "GraalPy");
        SourceModule module = module("mod.py", "x = 1\n");
        cache.store(cache.key(module), new CompiledModule(module, CODE, SOURCE));
        assertTrue(cache.lookup(module, cache.key(module)).isEmpty());
        cache.removeUnused();
    }

    private SourceModule module(String logicalPath, String source) throws Exception {
        Path file = root.resolve("src").resolve(logicalPath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        return new SourceModule(logicalPath.replace(".py", "").replace('/', '.'), ModuleKind.MODULE, file, logicalPath);
    }
}
