package dev.pyjar.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.graalvm.polyglot.Source;

/**
 * pyjar's Python half, the module {@code _pyjar}: its source ships in this jar, and the plugin packs
 * a compiled copy of that source into every pack it builds. Compiling 500 lines when the first
 * context starts costs a third of a second, while the parser's Java code is still cold; unmarshalling
 * the packed copy costs a few milliseconds. The packed copy is used only when it was compiled from
 * exactly this source and for the running GraalPy (see {@link ImportBridge#importerCode}).
 */
public final class ImporterModule {
    /** The module's name, reserved: an app cannot pack a module of its own under it. */
    public static final String NAME = "_pyjar";
    /** Its {@code __file__} and the file name its code carries. */
    public static final String FILE_NAME = "<pyjar>/_pyjar.py";

    private static final String RESOURCE = "_pyjar.py";

    /**
     * Loads {@code _pyjar} into {@code sys.modules}, from the pack's compiled copy when the bridge
     * offers one, else from source, and installs the importer. Kept tiny: it is compiled from
     * source in every context. It runs in {@code __main__}, where the app's main module runs later:
     * the last line takes the function's name back out.
     */
    private static final String BOOTSTRAP = """
            def bootstrap(bridge, source, filename):
                import sys, _imp
                from _frozen_importlib_external import MAGIC_NUMBER
                dsl = "+bytecode-dsl" if __graalpython__.is_bytecode_dsl_interpreter else ""
                ref = bridge.importer_code(__graalpython__.get_graalvm_version(), sys.implementation.cache_tag + dsl,
                                           int.from_bytes(MAGIC_NUMBER, "little"))
                if ref >= 0:
                    import marshal
                    with open(bridge.pack_file, "rb") as pack:
                        pack.seek(bridge.pack_offset + (ref >> 32))
                        code = marshal.loads(pack.read(ref & 0xFFFFFFFF))
                    _imp._fix_co_filename(code, filename)
                else:
                    code = compile(source, filename, "exec", dont_inherit=True)
                module = type(sys)("_pyjar")
                module.__file__ = filename
                sys.modules["_pyjar"] = module
                exec(code, module.__dict__)
                module.install(bridge)
                return module
            globals().pop("bootstrap")
            """;

    private ImporterModule() {}

    /** The module's source, as this runtime jar ships it. */
    public static byte[] source() {
        try (InputStream in = ImporterModule.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the pyjar runtime jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A function of (bridge proxy, source text, file name) that returns the installed module. */
    static Source bootstrap() {
        return Source.newBuilder("python", BOOTSTRAP, "<pyjar-bootstrap>").cached(true).buildLiteral();
    }
}
