package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.RunningGraalPy;
import dev.pyjar.runtime.internal.RuntimeModule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyjar.pack.Blob;
import dev.pyjar.pack.ModuleKind;
import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackWriter;
import dev.pyjar.pack.RuntimeTag;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Packs written with the format library, imported by real GraalPy contexts sharing one engine. */
class PackedImportTest {
    private static Engine engine;
    private static Context compiler;
    private static RuntimeTag runningTag;

    @TempDir
    Path work;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeAll
    static void startGraalPy() {
        engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
        compiler = Context.newBuilder("python").engine(engine).build();
        compiler.eval("python", """
                import marshal
                def compile_blob(source, filename):
                    return marshal.dumps(compile(source, filename, 'exec', dont_inherit=True))
                """);
        runningTag = RunningGraalPy.tag(compiler);
    }

    @AfterAll
    static void stopGraalPy() {
        compiler.close();
        engine.close();
    }

    /** A pack of a small app: a package with a subpackage, relative imports, data and a namespace package. */
    private PackWriter appPack(RuntimeTag tag, boolean withSource) {
        PackWriter writer = new PackWriter(tag);
        module(writer, "shop", ModuleKind.PACKAGE, "shop/__init__.py", "LOADS = 0\nfrom .prices import price\n", withSource);
        module(writer, "shop.prices", ModuleKind.MODULE, "shop/prices.py",
                "from .util.money import cents\n\ndef price(x):\n    return cents(x) + 1\n", withSource);
        module(writer, "shop.util", ModuleKind.PACKAGE, "shop/util/__init__.py", "", withSource);
        module(writer, "shop.util.money", ModuleKind.MODULE, "shop/util/money.py",
                "import shop\nshop.LOADS += 1\n\ndef cents(x):\n    return int(x * 100)\n", withSource);
        writer.addModule("plugins", ModuleKind.NAMESPACE_PACKAGE, null, null);
        module(writer, "plugins.extra", ModuleKind.MODULE, "plugins/extra.py", "NAME = 'extra'\n", withSource);
        writer.addResource("shop/data/rates.txt", "EUR 1.0\nUSD 1.1\n".getBytes(StandardCharsets.UTF_8));
        writer.addResource("shop/data/more/notes.md", "# notes\n".getBytes(StandardCharsets.UTF_8));
        writer.addResource("shop/logo.bin", new byte[] {0, (byte) 0xff, 7});
        return writer;
    }

    private static void module(PackWriter writer, String name, ModuleKind kind, String file, String source, boolean withSource) {
        writer.addModule(name, kind, compileBlob(source, file), withSource ? source.getBytes(StandardCharsets.UTF_8) : null);
    }

    private static byte[] compileBlob(String source, String file) {
        Value blob = compiler.getBindings("python").getMember("compile_blob").execute(source, file);
        byte[] code = new byte[(int) blob.getBufferSize()];
        blob.readBuffer(0, code, 0, code.length);
        return code;
    }

    private PythonPack write(PackWriter writer) throws Exception {
        return write(writer, "app.pack");
    }

    private PythonPack write(PackWriter writer, String fileName) throws Exception {
        Path file = work.resolve(fileName);
        Files.write(file, writer.toByteArray());
        return PythonPack.openPackFile(file);
    }

    private Context context(PythonPack pack) {
        Context context = pack.contextBuilder(engine).err(stderr).build();
        pack.installInto(context);
        return context;
    }

    private static String eval(Context context, String expression) {
        return context.eval("python", expression).asString();
    }

    @Test
    void importsPackagesSubpackagesAndRelativeImportsFromThePack() throws Exception {
        PythonPack pack = write(appPack(runningTag, true));
        try (Context context = context(pack)) {
            context.eval("python", "import shop, shop.util.money as money");
            assertEquals("123", eval(context, "str(shop.price(1.22))"));
            assertEquals(pack.archive() + "/shop/util/money.py", eval(context, "money.__file__"));
            assertEquals(pack.archive() + "/shop/__init__.py", eval(context, "shop.__file__"));
            assertEquals("['" + pack.archive() + "/shop']", eval(context, "str(shop.__path__)"));
            assertEquals("PackedImporter", eval(context, "type(money.__spec__.loader).__name__"));
            assertEquals(pack.archive() + "/shop/util/money.py", eval(context, "money.cents.__code__.co_filename"));
            assertEquals("True", eval(context, "str(money.__spec__.loader.is_package('shop.util'))"));
        }
        assertEquals("", stderr.toString());
    }

    @Test
    void sourceIsAvailableToInspectAndReloadRunsTheModuleAgain() throws Exception {
        try (Context context = context(write(appPack(runningTag, true)))) {
            context.eval("python", "import importlib, inspect, shop, shop.util.money as money");
            assertEquals("def cents(x):\n    return int(x * 100)\n", eval(context, "inspect.getsource(money.cents)"));
            assertEquals("2", eval(context, "importlib.reload(money); str(shop.LOADS)"));
            assertEquals("shop.util.money", eval(context, "importlib.import_module('.money', 'shop.util').__name__"));
        }
    }

    @Test
    void packageDataIsReadableThroughImportlibResources() throws Exception {
        try (Context context = context(write(appPack(runningTag, true)))) {
            context.eval("python", "from importlib import resources");
            assertEquals("EUR 1.0\nUSD 1.1\n", eval(context, "(resources.files('shop') / 'data' / 'rates.txt').read_text()"));
            // As in a directory on disk: data, subpackages and the modules' source files.
            assertEquals("['__init__.py', 'data', 'logo.bin', 'prices.py', 'util']",
                    eval(context, "str(sorted(p.name for p in resources.files('shop').iterdir()))"));
            assertEquals("LOADS = 0\nfrom .prices import price\n", eval(context, "(resources.files('shop') / '__init__.py').read_text()"));
            assertEquals("True False", eval(context,
                    "f'{resources.files(\"shop\").joinpath(\"data/more\").is_dir()} {resources.files(\"shop\").joinpath(\"data/more\").is_file()}'"));
            assertEquals("b'\\x00\\xff\\x07'", eval(context, "repr(resources.files('shop').joinpath('logo.bin').read_bytes())"));
            assertEquals("# notes\n", eval(context,
                    "import pkgutil; pkgutil.get_data('shop', 'data/more/notes.md').decode()"));
        }
    }

    @Test
    void namespacePackagesAndUnpackedModulesWork() throws Exception {
        try (Context context = context(write(appPack(runningTag, true)))) {
            assertEquals("extra", eval(context, "import plugins.extra; plugins.extra.NAME"));
            assertEquals("None", eval(context, "str(plugins.__file__ if hasattr(plugins, '__file__') else None)"));
            assertEquals("False", eval(context, "import json; str(type(json.__spec__.loader).__name__ == 'PackedImporter')"));
        }
    }

    @Test
    void aCorruptCodeBlobFallsBackToSourceWithOneWarningNamingTheModule() throws Exception {
        PythonPack pack = write(appPack(runningTag, true));
        flipByteOfCode(pack, "shop.prices");
        try (Context context = context(PythonPack.openPackFile(pack.archive()))) {
            assertEquals("123", eval(context, "import shop; str(shop.price(1.22))"));
        }
        assertEquals("pyjar: warning: compiled code of module 'shop.prices' is corrupt (checksum mismatch);"
                + " compiling its packed source instead\n", stderr.toString());
    }

    @Test
    void aPackForAnotherGraalPyRunsItsSourcesAfterOneWarning() throws Exception {
        RuntimeTag other = new RuntimeTag("24.2.0", "graalpy242-311", 0x0a0d0de0);
        PythonPack pack = write(appPack(other, true));
        try (Context context = context(pack)) {
            assertEquals("123", eval(context, "import shop; str(shop.price(1.22))"));
        }
        assertEquals("pyjar: warning: " + pack.archive() + " was compiled for GraalPy 24.2.0 (graalpy242-311, magic a0d0de0)"
                + " but this is GraalPy " + runningTag.graalPyVersion() + " (" + runningTag.cacheTag() + ", magic "
                + Integer.toHexString(runningTag.bytecodeMagic()) + "); running its packed sources instead of its compiled code"
                + " (rebuild the jar to start faster)\n", stderr.toString());
    }

    @Test
    void aPackForAnotherGraalPyLeavesItsStandardLibraryToTheRunningOne() throws Exception {
        PythonPack pack = write(appPack(new RuntimeTag("24.2.0", "graalpy242-311", 1), true)
                .property(dev.pyjar.pack.PackProperties.STANDARD_LIBRARY, "plugins"));
        try (Context context = context(pack)) {
            assertEquals("123", eval(context, "import shop; str(shop.price(1.22))"));
            assertEquals("ModuleNotFoundError", eval(context,
                    "exec('try:\\n import plugins.extra\\nexcept ImportError as e:\\n kind = type(e).__name__'); kind"));
        }
    }

    @Test
    void aPackForAnotherGraalPyWithoutSourcesRefusesToRunItsCode() throws Exception {
        PythonPack pack = write(appPack(new RuntimeTag("24.2.0", "graalpy242-311", 1), false));
        try (Context context = context(pack)) {
            PolyglotException error = org.junit.jupiter.api.Assertions.assertThrows(PolyglotException.class,
                    () -> context.eval("python", "import shop"));
            assertEquals("ImportError: pyjar: module 'shop' has no usable compiled code and no source in the pack;"
                    + " rebuild " + pack.archive() + " with pyjar for this GraalPy", error.getMessage());
        }
    }

    @Test
    void submodulesTheBuildLeftOutOfAPackedStandardLibraryPackageComeFromGraalPysOwnFiles() throws Exception {
        PackWriter writer = new PackWriter(runningTag);
        module(writer, "json", ModuleKind.PACKAGE, "json/__init__.py", "PACKED = True\n", true);
        writer.property(PackProperties.STANDARD_LIBRARY, "json");
        try (Context context = context(write(writer))) {
            assertEquals("True True", eval(context, "import json, json.tool\n"
                    + "f'{json.PACKED} {json.tool.__file__.startswith(__graalpython__.stdlib_home)}'"));
        }
    }

    @Test
    void aStalePackOfThisGraalPyVersionRunsItsStandardLibrarySourcesAndOfAnotherVersionNot() throws Exception {
        // The same version under its other bytecode interpreter: the packed sources are this GraalPy's own, and an
        // app's jar may not carry GraalPy's files of them (the packer's GraalPyResources).
        RuntimeTag otherInterpreter = new RuntimeTag(runningTag.graalPyVersion(), runningTag.cacheTag() + "+other", runningTag.bytecodeMagic());
        RuntimeTag otherVersion = new RuntimeTag("24.2.0", "graalpy242-311", 1);
        for (RuntimeTag tag : new RuntimeTag[] {otherInterpreter, otherVersion}) {
            PackWriter writer = new PackWriter(tag);
            module(writer, "json", ModuleKind.PACKAGE, "json/__init__.py", "PACKED = True\n", true);
            writer.property(PackProperties.STANDARD_LIBRARY, "json");
            try (Context context = context(write(writer))) {
                assertEquals(tag == otherInterpreter ? "True" : "False", eval(context, "import json\nstr(hasattr(json, 'PACKED'))"));
            }
        }
    }

    @Test
    void theBootstrapLeavesMainClean() throws Exception {
        try (Context context = context(write(appPack(runningTag, true)))) {
            assertEquals("[]", eval(context, "str([n for n in globals() if not n.startswith('__')])"));
            assertTrue(eval(context, "import sys; type(sys.meta_path[0]).__name__").equals("PackedImporter"));
        }
    }

    /**
     * A pack whose {@code _pyjar} code was compiled from the runtime's source plus a marker line, and
     * whose packed source is {@code packedSource}: the marker shows which of the two the runtime ran.
     */
    private PythonPack packWithImporter(RuntimeTag tag, String packedSource, String fileName) throws Exception {
        PackWriter writer = appPack(tag, true);
        byte[] code = compileBlob(runtimeImporterSource() + "\nFROM_PACK = True\n", RuntimeModule.IMPORTER.fileName());
        writer.addModule(RuntimeModule.IMPORTER.moduleName(), ModuleKind.MODULE, code, packedSource.getBytes(StandardCharsets.UTF_8));
        return write(writer, fileName);
    }

    private static String runtimeImporterSource() {
        return new String(RuntimeModule.IMPORTER.source(), StandardCharsets.UTF_8);
    }

    @Test
    void thePacksCompiledImporterRunsWhenItWasCompiledFromTheRuntimesSource() throws Exception {
        try (Context context = context(packWithImporter(runningTag, runtimeImporterSource(), "app.pack"))) {
            assertEquals("True <pyjar>/_pyjar.py", eval(context,
                    "import _pyjar; f'{_pyjar.FROM_PACK} {_pyjar.install.__code__.co_filename}'"));
            assertEquals("123", eval(context, "import shop; str(shop.price(1.22))"));
        }
        assertEquals("", stderr.toString());
    }

    @Test
    void theRuntimesOwnImporterRunsWhenThePacksCopyIsOfAnotherVersionCorruptOrForAnotherGraalPy() throws Exception {
        String runtimeSource = runtimeImporterSource();
        PythonPack olderImporter = packWithImporter(runningTag, runtimeSource.replace("pyjar", "pyjar 0.0"), "older.pack");
        PythonPack corrupt = packWithImporter(runningTag, runtimeSource, "corrupt.pack");
        flipByteOfCode(corrupt, RuntimeModule.IMPORTER.moduleName());
        RuntimeTag other = new RuntimeTag("24.2.0", "graalpy242-311", 0x0a0d0de0);
        PythonPack foreign = packWithImporter(other, runtimeSource, "foreign.pack");
        for (PythonPack pack : List.of(olderImporter, PythonPack.openPackFile(corrupt.archive()), foreign)) {
            try (Context context = context(pack)) {
                assertEquals("False 123", eval(context, "import _pyjar, shop; f'{hasattr(_pyjar, \"FROM_PACK\")} {shop.price(1.22)}'"));
            }
        }
    }

    /**
     * Threads of one context import the same 30 modules in different orders, in several contexts
     * at once on one engine and one mapped pack: every module body runs exactly once per context.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void concurrentImportsRunEveryModuleOncePerContext() throws Exception {
        PackWriter writer = new PackWriter(runningTag);
        module(writer, "ledger", ModuleKind.MODULE, "ledger.py", "import threading\nLOCK = threading.Lock()\nRUNS = []\n", true);
        module(writer, "parts", ModuleKind.PACKAGE, "parts/__init__.py", "", true);
        for (int i = 0; i < 30; i++) {
            // Each body but the first imports another too (a tree, no cycles), so that threads meet inside nested imports.
            String imports = i == 0 ? "" : "from . import p" + i / 2 + "\n";
            module(writer, "parts.p" + i, ModuleKind.MODULE, "parts/p" + i + ".py", "import ledger\n" + imports
                    + "sum(range(5000))\nwith ledger.LOCK:\n    ledger.RUNS.append(__name__)\n", true);
        }
        PythonPack pack = write(writer);
        String importAll = """
                import importlib, random, threading
                errors = []
                def work(seed):
                    names = [f'parts.p{i}' for i in range(30)]
                    random.Random(seed).shuffle(names)
                    try:
                        for name in names:
                            importlib.import_module(name)
                    except BaseException as e:
                        errors.append(repr(e))
                threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
                for t in threads: t.start()
                for t in threads: t.join()
                import ledger
                f'{sorted(ledger.RUNS) == sorted(f"parts.p{i}" for i in range(30))} {len(ledger.RUNS)} {errors}'
                """;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.submit(() -> {
                    Context context = context(pack);
                    try {
                        return eval(context, importAll);
                    } finally {
                        ContextCloser.close(context);
                    }
                }));
            }
            for (Future<String> result : results) {
                assertEquals("True 30 []", result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void flipByteOfCode(PythonPack pack, String module) throws Exception {
        Blob code = pack.reader().findModule(module).orElseThrow().code().orElseThrow();
        try (RandomAccessFile file = new RandomAccessFile(pack.archive().toFile(), "rw")) {
            long position = pack.offset() + code.offset() + code.length() / 2;
            file.seek(position);
            int value = file.read();
            file.seek(position);
            file.write(value ^ 1);
        }
    }
}
