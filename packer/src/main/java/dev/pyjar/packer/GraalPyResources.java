package dev.pyjar.packer;

import dev.pyjar.pack.ModuleEntry;
import dev.pyjar.pack.PackFormatException;
import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an app's jar leaves out of GraalPy's own resources, given the pack it carries.
 *
 * <p>GraalPy unpacks its standard library ({@code META-INF/resources/libpython/}, listed in
 * {@code libpython.files}) into a cache directory named after the {@code *.sha256} files, and
 * imports from there what the pack does not hold. The jar leaves out the sources of the modules
 * the pack holds with their source, since the packed importer answers for them first, and the
 * packages that need a native module GraalPy does not have ({@code tkinter}, {@code idlelib},
 * {@code turtle}, {@code turtledemo} need {@code _tkinter}; {@code msilib} needs {@code _msi}):
 * importing them fails either way. It rewrites the file list to match and gives
 * {@code libpython.sha256} a digest of its own, so that GraalPy unpacks this list into a
 * directory of its own and never shares one with a complete GraalPy of the same version.
 *
 * <p>A JVM running GraalPy's other bytecode interpreter ({@code -Dpython.EnableBytecodeDSLInterpreter})
 * finds the pack's code stale, but its GraalPy version is the pack's: the runtime then compiles
 * the pack's standard library sources, which are that GraalPy's own (ImportBridge), so it never
 * needs the files left out here. It does need that interpreter's frozen modules
 * ({@link BytecodeDslFrozenModules}), which only such a JVM reads: the jar keeps them when the
 * build asks for that interpreter ({@link Kept#bytecodeDslInterpreter}) or ran it itself (the
 * pack's runtime tag says so), and otherwise the launcher refuses such a run with a message.
 *
 * <p>{@code ensurepip}'s bundled pip wheel is read only by {@code ensurepip} itself, which no app
 * imports to run and which installs pip where the jar's interpreter does not import from (it
 * starts without {@code site}'s user directory). Unless the build asks for it
 * ({@link Kept#ensurepip}), the jar leaves the wheel out and replaces {@code ensurepip} with
 * {@link #ENSUREPIP_STAND_IN}, which says so when called.
 */
public final class GraalPyResources {
    static final String LIBPYTHON = "META-INF/resources/libpython/";
    static final String FILE_LIST = "META-INF/resources/libpython.files";
    static final String DIGEST = "META-INF/resources/libpython.sha256";
    private static final Set<String> WITHOUT_NATIVE_MODULE = Set.of("tkinter", "idlelib", "turtle", "turtledemo", "msilib");
    private static final String ENSUREPIP = LIBPYTHON + "ensurepip/";
    static final String ENSUREPIP_INIT = ENSUREPIP + "__init__.py";
    /** What {@code ensurepip} is in a jar without its wheel: a module whose functions say how to get it back. */
    static final String ENSUREPIP_STAND_IN = "ensurepip_stand_in.py";
    /** RunningGraalPy's cache tag suffix for the Bytecode DSL interpreter. */
    private static final String BYTECODE_DSL_CACHE_TAG = "+bytecode-dsl";

    /** Leaves nothing out. */
    public static final GraalPyResources ALL = new GraalPyResources(null, new Kept(true, true));

    /**
     * What the build's configuration asks the jar to keep of what a default run never reads.
     *
     * @param bytecodeDslInterpreter GraalPy's frozen modules for its Bytecode DSL interpreter, so
     *        that the jar also runs with {@code -Dpython.EnableBytecodeDSLInterpreter=true}
     * @param ensurepip {@code ensurepip} as GraalPy ships it, with its bundled pip wheel
     */
    public record Kept(boolean bytecodeDslInterpreter, boolean ensurepip) {}

    /** Null when nothing of libpython is left out. */
    private final Set<String> packedSources;
    private final Kept kept;

    private GraalPyResources(Set<String> packedSources, Kept kept) {
        this.packedSources = packedSources;
        this.kept = kept;
    }

    /** Reads which standard library modules the pack holds with their sources, and which interpreter compiled it. */
    public static GraalPyResources forPack(byte[] pack, Kept asked) throws BuildException {
        try {
            PackReader reader = PackReader.open(ByteBuffer.wrap(pack));
            boolean compiledByBytecodeDsl = reader.runtimeTag().cacheTag().endsWith(BYTECODE_DSL_CACHE_TAG);
            Set<String> standardLibrary = Set.copyOf(PackProperties.split(reader.properties().get(PackProperties.STANDARD_LIBRARY), ","));
            Set<String> packed = new HashSet<>();
            for (int i = 0; i < reader.moduleCount(); i++) {
                ModuleEntry module = reader.moduleAt(i);
                if (module.source().isPresent() && standardLibrary.contains(topLevel(module.name()))) {
                    packed.add(module.name());
                }
            }
            return new GraalPyResources(Set.copyOf(packed),
                    new Kept(asked.bytecodeDslInterpreter() || compiledByBytecodeDsl, asked.ensurepip()));
        } catch (PackFormatException e) {
            throw new BuildException("the pack just built is not readable: " + e.getMessage());
        }
    }

    /** Whether the jar leaves this entry out. */
    boolean leavesOut(String entryName) {
        if (!kept.bytecodeDslInterpreter() && BytecodeDslFrozenModules.isOne(entryName)) {
            return true;
        }
        if (!kept.ensurepip() && entryName.startsWith(ENSUREPIP + "_bundled/")) {
            return true;
        }
        if (packedSources == null || !entryName.startsWith(LIBPYTHON) || !entryName.endsWith(".py")) {
            return false;
        }
        String path = entryName.substring(LIBPYTHON.length(), entryName.length() - ".py".length());
        String module = (path.endsWith("/__init__") ? path.substring(0, path.length() - "/__init__".length()) : path).replace('/', '.');
        return packedSources.contains(module) || WITHOUT_NATIVE_MODULE.contains(topLevel(module));
    }

    /** Whether {@link #rewrite} has anything to do: something of libpython is left out or replaced. */
    boolean rewritesFileList() {
        return packedSources != null || !kept.ensurepip();
    }

    /** The libpython files the jar holds with other contents than GraalPy's, by entry name. */
    Map<String, byte[]> replaced() {
        if (kept.ensurepip()) {
            return Map.of();
        }
        try (InputStream in = GraalPyResources.class.getResourceAsStream(ENSUREPIP_STAND_IN)) {
            return Map.of(ENSUREPIP_INIT, in.readAllBytes());
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the packer's own resource " + ENSUREPIP_STAND_IN + " is missing", e);
        }
    }

    /**
     * {@code libpython.files} without the lines of the files left out, and a {@code libpython.sha256}
     * that is the SHA-256 of the original digest, the new list and the replaced files: one entry name each.
     */
    List<byte[]> rewrite(byte[] fileList, byte[] digest) {
        String list = new String(fileList, StandardCharsets.UTF_8);
        String kept = list.lines()
                .filter(line -> !leavesOut(line.split(" = ", 2)[0]))
                .collect(Collectors.joining("\n", "", list.endsWith("\n") ? "\n" : ""));
        byte[] keptBytes = kept.getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(digest);
            sha256.update(keptBytes);
            for (Map.Entry<String, byte[]> file : new TreeMap<>(replaced()).entrySet()) {
                sha256.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha256.update(file.getValue());
            }
            return List.of(keptBytes, HexFormat.of().formatHex(sha256.digest()).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String topLevel(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
