package dev.pyjar.runtime.internal;

import dev.pyjar.pack.Blob;
import dev.pyjar.pack.ModuleEntry;
import dev.pyjar.pack.ModuleKind;
import dev.pyjar.pack.PackFormatException;
import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackReader;
import dev.pyjar.pack.ResourceEntry;
import dev.pyjar.pack.RuntimeTag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The Java half of the packed importer ({@code _pyjar.py} is the other): index lookups, checksum
 * checks and the runtime-tag policy happen here, where they are fast and testable; Python only
 * receives where a verified blob lies.
 *
 * <p>The hot path, which every import takes ({@code find}, {@code code}, {@code resource}),
 * answers with single longs, because a long crosses the polyglot boundary far
 * faster than a composite value (see benchmarks/README.md): blob references are
 * {@code offset << 32 | length} relative to the pack, negative values are statuses. Sources are
 * stored compressed, so {@code source} and {@code source_file} inflate them here and answer with
 * the text. The cold paths return lists and throw a {@link BridgeError} that {@code _pyjar} turns into an {@code ImportError}.
 * The functions are polyglot proxies, so they work under any {@code HostAccess} policy.
 */
final class ImportBridge {
    static final long ABSENT = -1;
    /** The pack was compiled for another GraalPy: its code is never run, its source is. */
    static final long STALE = -2;
    static final long CORRUPT = -3;

    private final MappedPack pack;
    private final PackReader reader;
    private final RuntimeTag running;
    private final ExtractedFiles extractedFiles;
    private volatile boolean codeUsable = true;
    /** Set when the pack is from another GraalPy version: top-level names of its standard library, which the running GraalPy's own replaces. */
    private volatile Set<String> foreignStandardLibrary = Set.of();

    /** {@code running}: the GraalPy the context runs. */
    ImportBridge(MappedPack pack, RuntimeTag running) {
        this.pack = pack;
        this.reader = pack.reader();
        this.running = running;
        this.extractedFiles = new ExtractedFiles(reader, CacheDirectory.locate(System.getenv()));
    }

    /** The bridge as {@code _pyjar} sees it. */
    ProxyObject toProxy() {
        Map<String, String> properties = reader.properties();
        return ProxyObject.fromMap(Map.ofEntries(
                Map.entry("find", function(args -> find(args[0].asString()))),
                Map.entry("code", function(args -> code(args[0].asInt()))),
                Map.entry("source", function(args -> source(args[0].asInt()))),
                Map.entry("resource", function(args -> resource(args[0].asString()))),
                Map.entry("source_file", function(args -> sourceFile(args[0].asString()))),
                Map.entry("children", function(args -> children(args[0].asString()))),
                Map.entry("submodules", function(args -> submodules(args[0].asString()))),
                Map.entry("extract_package", function(args -> extractPackage(args[0].asString(), args[1].asString()))),
                Map.entry("extract_resource", function(args -> extractResource(args[0].asString()))),
                Map.entry("accept_runtime", function(args -> acceptRuntime())),
                Map.entry("archive", pack.archive().toString()),
                Map.entry("pack_file", pack.mappedFile().toString()),
                Map.entry("pack_offset", pack.offset()),
                Map.entry("pack_length", pack.length()),
                Map.entry("optimize", pack.optimizeLevel()),
                Map.entry("distributions", list(PackProperties.split(properties.get(PackProperties.DISTRIBUTIONS), "\n"))),
                Map.entry("native_extensions", pairs(properties.get(PackProperties.NATIVE_EXTENSIONS))),
                Map.entry("extracted_packages", pairs(properties.get(PackProperties.EXTRACTED_PACKAGES))),
                Map.entry("standard_library", list(PackProperties.split(properties.get(PackProperties.STANDARD_LIBRARY), ",")))));
    }

    private static ProxyExecutable function(ProxyExecutable body) {
        return body;
    }

    private static ProxyArray list(List<String> items) {
        return ProxyArray.fromList(new ArrayList<>(items));
    }

    /** A property of comma-separated {@code key=value} pairs, as {@code [key, value]} lists. */
    private static ProxyArray pairs(String property) {
        List<Object> pairs = new ArrayList<>();
        for (String pair : PackProperties.split(property, ",")) {
            int equals = pair.indexOf('=');
            pairs.add(ProxyArray.fromArray(pair.substring(0, equals), pair.substring(equals + 1)));
        }
        return ProxyArray.fromList(pairs);
    }

    /**
     * Where the pack's compiled copy of one of pyjar's own modules lies (a blob reference), or a
     * negative status when it must be compiled from source instead: the pack has none
     * ({@link #ABSENT}, also when its copy was compiled from another version of the source), was
     * built for another GraalPy ({@link #STALE}), or the copy is {@link #CORRUPT}.
     */
    long runtimeModuleCode(RuntimeModule module, byte[] source) {
        if (!reader.runtimeTag().equals(running)) {
            return STALE;
        }
        try {
            Optional<ModuleEntry> entry = reader.findModule(module.moduleName());
            Optional<Blob> packedSource = entry.flatMap(ModuleEntry::source);
            if (packedSource.isEmpty() || !reader.readSource(packedSource.get()).equals(ByteBuffer.wrap(source))) {
                return ABSENT;
            }
            return verified(entry.get().code());
        } catch (PackFormatException e) {
            return CORRUPT;
        }
    }

    /**
     * Compares the pack's runtime tag with the running GraalPy. Returns null when they match, else
     * the one-line warning to print; from then on no compiled code of this pack is handed out.
     */
    String acceptRuntime() {
        RuntimeTag built = reader.runtimeTag();
        if (built.equals(running)) {
            return null;
        }
        codeUsable = false;
        // The same GraalPy running its other bytecode interpreter: the packed standard library sources are its own,
        // and the jar's copy of GraalPy's files may lack them (the packer's GraalPyResources).
        if (!built.graalPyVersion().equals(running.graalPyVersion())) {
            foreignStandardLibrary = Set.copyOf(PackProperties.split(reader.properties().get(PackProperties.STANDARD_LIBRARY), ","));
        }
        return pack.archive() + " was compiled for GraalPy " + describe(built) + " but this is GraalPy "
                + describe(running) + "; running its packed sources instead of its compiled code (rebuild the jar to start faster)";
    }

    private static String describe(RuntimeTag tag) {
        return tag.graalPyVersion() + " (" + tag.cacheTag() + ", magic " + Integer.toHexString(tag.bytecodeMagic()) + ")";
    }

    /** {@code index << 2 | kind} of the module, or {@link #ABSENT}. */
    long find(String name) {
        if (!foreignStandardLibrary.isEmpty() && foreignStandardLibrary.contains(topLevel(name))) {
            return ABSENT;
        }
        try {
            Optional<ModuleEntry> entry = reader.findModule(name);
            return entry.map(e -> (long) e.index() << 2 | e.kind().ordinal()).orElse(ABSENT);
        } catch (PackFormatException e) {
            throw damaged(e);
        }
    }

    private static String topLevel(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    long code(int index) {
        if (!codeUsable) {
            return STALE;
        }
        return verified(moduleAt(index).code());
    }

    /** The module's source text, or null when it has none or its blob is damaged. */
    String source(int index) {
        return text(moduleAt(index).source());
    }

    /** A data file of the import root. */
    long resource(String path) {
        try {
            return verified(reader.findResource(path).map(ResourceEntry::data));
        } catch (PackFormatException e) {
            throw damaged(e);
        }
    }

    /**
     * The source text of the module a {@code .py} file of the import root would hold
     * ({@code pkg/mod.py}, {@code pkg/__init__.py}), as a directory on disk would; null when there
     * is none.
     */
    String sourceFile(String path) {
        if (!path.endsWith(".py")) {
            return null;
        }
        try {
            return text(moduleOfFile(path).flatMap(ModuleEntry::source));
        } catch (PackFormatException e) {
            throw damaged(e);
        }
    }

    private String text(Optional<Blob> source) {
        if (source.isEmpty()) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.decode(reader.readSource(source.get())).toString();
        } catch (PackFormatException e) {
            return null;
        }
    }

    private Optional<ModuleEntry> moduleOfFile(String path) throws PackFormatException {
        String stem = path.substring(0, path.length() - ".py".length());
        boolean init = stem.endsWith("/__init__");
        String name = (init ? stem.substring(0, stem.length() - "/__init__".length()) : stem).replace('/', '.');
        if (name.isEmpty() || stem.endsWith("/__init__/__init__")) {
            return Optional.empty();
        }
        Optional<ModuleEntry> module = reader.findModule(name);
        return module.filter(m -> init ? m.kind() == ModuleKind.PACKAGE : m.kind() == ModuleKind.MODULE);
    }

    /**
     * The names directly below a directory of the import root, sorted: data files, subdirectories,
     * and the source files of the modules it holds, as on disk; empty when none.
     */
    ProxyArray children(String directory) {
        String prefix = directory + "/";
        String packagePrefix = directory.replace('/', '.') + ".";
        try {
            TreeSet<String> names = new TreeSet<>();
            int[] range = reader.resourceRange(prefix);
            for (int i = range[0]; i < range[1]; i++) {
                String rest = reader.resourceAt(i).path().substring(prefix.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            }
            int[] modules = reader.moduleRange(packagePrefix);
            for (int i = modules[0]; i < modules[1]; i++) {
                ModuleEntry module = reader.moduleAt(i);
                String rest = module.name().substring(packagePrefix.length());
                int dot = rest.indexOf('.');
                if (dot >= 0) {
                    names.add(rest.substring(0, dot));
                } else if (module.kind() != ModuleKind.MODULE) {
                    names.add(rest);
                } else if (module.source().isPresent()) {
                    names.add(rest + ".py");
                }
            }
            Optional<ModuleEntry> self = reader.findModule(directory.replace('/', '.'));
            if (self.isPresent() && self.get().kind() == ModuleKind.PACKAGE && self.get().source().isPresent()) {
                names.add("__init__.py");
            }
            return list(new ArrayList<>(names));
        } catch (PackFormatException e) {
            throw damaged(e);
        }
    }

    /**
     * The modules and regular packages directly inside a package ({@code "pkg."}) or at the top
     * level ({@code ""}), each as {@code [name, is_package]}.
     */
    ProxyArray submodules(String prefix) {
        try {
            int[] range = reader.moduleRange(prefix);
            List<Object> listing = new ArrayList<>();
            for (int i = range[0]; i < range[1]; i++) {
                ModuleEntry entry = reader.moduleAt(i);
                String rest = entry.name().substring(prefix.length());
                // As pkgutil lists a directory: namespace packages are not listed.
                if (rest.indexOf('.') < 0 && entry.kind() != ModuleKind.NAMESPACE_PACKAGE
                        && !foreignStandardLibrary.contains(topLevel(entry.name()))) {
                    listing.add(ProxyArray.fromArray(rest, entry.kind() != ModuleKind.MODULE));
                }
            }
            return ProxyArray.fromList(listing);
        } catch (PackFormatException e) {
            throw damaged(e);
        }
    }

    /** The directory holding the extracted package. */
    String extractPackage(String name, String contentHash) {
        try {
            return extractedFiles.extractPackage(name, contentHash).toString();
        } catch (IOException | PackFormatException e) {
            throw new BridgeError("cannot write package " + name + " of " + pack.archive() + " to disk: " + e.getMessage(), e);
        }
    }

    /** The extracted file. */
    String extractResource(String path) {
        try {
            return extractedFiles.extractResource(path).toString();
        } catch (IOException | PackFormatException e) {
            throw new BridgeError("cannot write " + path + " of " + pack.archive() + " to disk: " + e.getMessage(), e);
        }
    }

    private ModuleEntry moduleAt(int index) {
        try {
            return reader.moduleAt(index);
        } catch (PackFormatException e) {
            throw damaged(e);
        }
    }

    private long verified(Optional<Blob> blob) {
        if (blob.isEmpty()) {
            return ABSENT;
        }
        try {
            reader.verify(blob.get());
        } catch (PackFormatException e) {
            return CORRUPT;
        }
        return (long) blob.get().offset() << 32 | blob.get().length();
    }

    /** Raised when the pack's index itself is damaged: nothing safe can be served. */
    private BridgeError damaged(PackFormatException e) {
        return new BridgeError(pack.archive() + ": the pack is damaged: " + e.getMessage() + "; rebuild the jar", e);
    }

    /**
     * What the bridge throws into Python; {@code _pyjar} raises it as an {@code ImportError} with
     * this message, which names the file and the fix.
     */
    static final class BridgeError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BridgeError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
