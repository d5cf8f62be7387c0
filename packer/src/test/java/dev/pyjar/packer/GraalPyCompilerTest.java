package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyjar.pack.ModuleKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraalPyCompilerTest {
    private static GraalPyCompiler compiler;

    @TempDir
    Path root;

    @BeforeAll
    static void start() {
        compiler = new GraalPyCompiler(0);
    }

    @AfterAll
    static void stop() {
        compiler.close();
    }

    @Test
    void compilesToReproducibleBlobsAndKeepsTheSourceAsUtf8() throws Exception {
        SourceModule latin1 = module("legacy", "# -*- coding: latin-1 -*-\nNAME = 'caf\u00e9'\n", StandardCharsets.ISO_8859_1);
        List<CompiledModule> first = compiler.compile(List.of(latin1), root).orFail();
        List<CompiledModule> again = compiler.compile(List.of(latin1), root).orFail();
        assertTrue(first.get(0).code().length > 0);
        assertArrayEquals(first.get(0).code(), again.get(0).code());
        assertEquals("# -*- coding: latin-1 -*-\nNAME = 'caf\u00e9'\n", new String(first.get(0).source(), StandardCharsets.UTF_8));
    }

    @Test
    void namespacePackagesHaveNoCode() throws Exception {
        CompiledModule compiled = compiler.compile(List.of(new SourceModule("ns", ModuleKind.NAMESPACE_PACKAGE, null, "ns")), root).orFail().get(0);
        assertNull(compiled.code());
    }

    @Test
    void reportsEverySyntaxErrorWithFileLineAndColumn() throws Exception {
        List<SourceModule> modules = List.of(
                module("good", "x = 1\n", StandardCharsets.UTF_8),
                module("bad_one", "x = 1\ndef f(:\n    pass\n", StandardCharsets.UTF_8),
                module("bad_two", "class C:\n  def m(self):\n     return [1, 2\n", StandardCharsets.UTF_8));
        BuildException error = assertThrows(BuildException.class, () -> compiler.compile(modules, root).orFail());
        String[] lines = error.getMessage().split("\n");
        assertEquals("2 Python files failed to compile:", lines[0]);
        assertTrue(lines[1].startsWith("bad_one.py:2:6: SyntaxError: '(' was never closed"), error.getMessage());
        assertTrue(lines[2].startsWith("bad_two.py:3:"), error.getMessage());
        assertEquals(3, lines.length);
    }

    @Test
    void recordsTheRunningGraalPy() {
        assertTrue(compiler.runtimeTag().cacheTag().startsWith("graalpy"), compiler.runtimeTag().toString());
    }

    @Test
    void rebuildsCompileOnlyWhatChangedAndForgetWhatWasRemoved() throws Exception {
        Path cache = root.resolve("target/code-cache");
        SourceModule kept = module("kept", "x = 1\n", StandardCharsets.UTF_8);
        SourceModule changed = module("changed", "y = 1\n", StandardCharsets.UTF_8);
        SourceModule removed = module("removed", "z = 1\n", StandardCharsets.UTF_8);
        byte[] keptCode;
        try (GraalPyCompiler first = new GraalPyCompiler(0, cache)) {
            keptCode = first.compile(List.of(kept, changed, removed), root).orFail().get(0).code();
            first.removeUnusedCacheEntries();
            assertEquals("compiled 3 modules, reused 0 from earlier builds", first.cacheSummary());
        }
        assertEquals(3, entries(cache));

        module("changed", "y = 2\n", StandardCharsets.UTF_8);
        try (GraalPyCompiler second = new GraalPyCompiler(0, cache)) {
            List<CompiledModule> compiled = second.compile(List.of(kept, changed), root).orFail();
            second.removeUnusedCacheEntries();
            assertEquals("compiled 1 modules, reused 1 from earlier builds", second.cacheSummary());
            assertArrayEquals(keptCode, compiled.get(0).code());
            assertArrayEquals(compiler.compile(List.of(changed), root).orFail().get(0).code(), compiled.get(1).code());
            assertEquals("y = 2\n", new String(compiled.get(1).source(), StandardCharsets.UTF_8));
        }
        assertEquals(2, entries(cache), "the removed module's and the old version's entries are gone");

        try (GraalPyCompiler optimized = new GraalPyCompiler(2, cache)) {
            optimized.compile(List.of(kept), root).orFail();
            assertEquals("compiled 1 modules, reused 0 from earlier builds", optimized.cacheSummary());
        }
    }

    @Test
    void aFailedBuildKeepsTheCacheForTheNextOne() throws Exception {
        Path cache = root.resolve("target/code-cache");
        SourceModule good = module("good", "x = 1\n", StandardCharsets.UTF_8);
        try (GraalPyCompiler first = new GraalPyCompiler(0, cache)) {
            first.compile(List.of(good), root).orFail();
        }
        SourceModule bad = module("bad", "def f(:\n", StandardCharsets.UTF_8);
        try (GraalPyCompiler second = new GraalPyCompiler(0, cache)) {
            assertThrows(BuildException.class, () -> second.compile(List.of(bad), root).orFail());
        }
        try (GraalPyCompiler third = new GraalPyCompiler(0, cache)) {
            third.compile(List.of(good), root).orFail();
            assertEquals("compiled 0 modules, reused 1 from earlier builds", third.cacheSummary());
        }
    }

    private static long entries(Path directory) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            return files.count();
        }
    }

    private SourceModule module(String name, String source, java.nio.charset.Charset charset) throws Exception {
        Path file = Files.write(root.resolve(name + ".py"), source.getBytes(charset));
        return new SourceModule(name, ModuleKind.MODULE, file, name + ".py");
    }
}
