package dev.pyjar.runtime;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The Java half of the packed importer ({@code _pyjar.py} is the other): index lookups, checksum
 * checks and the runtime-tag policy happen here, where they are fast and testable; Python only
 * receives where a verified blob lies.
 *
 * <p>Answers are single longs because a long crosses the polyglot boundary in a few microseconds
 * while a composite value costs ten times that per import, in an interpreter without a JIT. Blob
 * references are {@code offset << 32 | length} relative to the pack; negative values are statuses.
 * The functions are polyglot proxies, so they work under any {@code HostAccess} policy.
 */
final class ImportBridge {
    static final long ABSENT = -1;
    /** The pack was compiled for another GraalPy: its code is never run, its source is. */
    static final long STALE = -2;
    static final long CORRUPT = -3;

    private final PythonPack pack;
    private final PackReader reader;
    private final ExtractedFiles extractedFiles;
    private final byte[] importerSource;
    private volatile boolean codeUsable = true;
    /** Set when the pack is stale: top-level names of its standard library, which the running GraalPy's own replaces. */
    private volatile Set<String> foreignStandardLibrary = Set.of();

    /** {@code importerSource}: the {@code _pyjar} source this runtime runs, which a packed copy must have been compiled from. */
    ImportBridge(PythonPack pack, byte[] importerSource) {
        this.pack = pack;
        this.importerSource = importerSource;
        this.reader = pack.reader();
        this.extractedFiles = new ExtractedFiles(reader, CacheDirectory.locate(System.getenv()));
    }

    /** The bridge as {@code _pyjar} sees it; {@code running} is the GraalPy the context runs. */
    ProxyObject toProxy(RuntimeTag running) {
        Map<String, String> properties = reader.properties();
        return ProxyObject.fromMap(Map.ofEntries(
                Map.entry("find", function(args -> find(args[0].asString()))),
                Map.entry("code", function(args -> code(args[0].asInt()))),
                Map.entry("source", function(args -> source(args[0].asInt()))),
                Map.entry("resource", function(args -> resource(args[0].asString()))),
                Map.entry("children", function(args -> children(args[0].asString()))),
                Map.entry("submodules", function(args -> submodules(args[0].asString()))),
                Map.entry("extract_package", function(args -> extractPackage(args[0].asString(), args[1].asString()))),
                Map.entry("extract_resource", function(args -> extractResource(args[0].asString()))),
                Map.entry("accept_runtime", function(args -> acceptRuntime(running))),
                Map.entry("archive", pack.archive().toString()),
                Map.entry("pack_file", pack.mappedFile().toString()),
                Map.entry("pack_offset", pack.offset()),
                Map.entry("pack_length", pack.length()),
                Map.entry("optimize", pack.optimizeLevel()),
                Map.entry("distributions", properties.getOrDefault(PackProperties.DISTRIBUTIONS, "")),
                Map.entry("native_extensions", properties.getOrDefault(PackProperties.NATIVE_EXTENSIONS, "")),
                Map.entry("extracted_packages", properties.getOrDefault(PackProperties.EXTRACTED_PACKAGES, "")),
                Map.entry("standard_library", properties.getOrDefault(PackProperties.STANDARD_LIBRARY, ""))));
    }

    private static ProxyExecutable function(ProxyExecutable body) {
        return body;
    }

    /**
     * Where the pack's compiled {@code _pyjar} lies (a blob reference), or a negative status when it
     * must be compiled from source instead: the pack has none ({@link #ABSENT}, also when its copy was
     * compiled from another version of the source), was built for another GraalPy ({@link #STALE}),
     * or the copy is {@link #CORRUPT}.
     */
    long importerCode(RuntimeTag running) {
        if (!reader.runtimeTag().equals(running)) {
            return STALE;
        }
        try {
            Optional<ModuleEntry> entry = reader.findModule(ImporterModule.NAME);
            Optional<Blob> source = entry.flatMap(ModuleEntry::source);
            if (source.isEmpty() || !reader.read(source.get()).equals(ByteBuffer.wrap(importerSource))) {
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
    String acceptRuntime(RuntimeTag running) {
        RuntimeTag built = reader.runtimeTag();
        if (built.equals(running)) {
            return null;
        }
        codeUsable = false;
        String standard = reader.properties().getOrDefault(PackProperties.STANDARD_LIBRARY, "");
        foreignStandardLibrary = standard.isEmpty() ? Set.of() : Set.of(standard.split(","));
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

    long source(int index) {
        return verified(moduleAt(index).source());
    }

    /**
     * A file of the import root: a data file, or a module's source under its file name
     * ({@code pkg/mod.py}, {@code pkg/__init__.py}), as a directory on disk would hold it.
     */
    long resource(String path) {
        try {
            Optional<Blob> data = reader.findResource(path).map(ResourceEntry::data);
            if (data.isEmpty() && path.endsWith(".py")) {
                data = moduleOfFile(path).flatMap(ModuleEntry::source);
            }
            return verified(data);
        } catch (PackFormatException e) {
            throw damaged(e);
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
     * The names directly below a directory of the import root, one per line, sorted: data files,
     * subdirectories, and the source files of the modules it holds, as on disk; empty when none.
     */
    String children(String directory) {
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
            return String.join("\n", names);
        } catch (PackFormatException e) {
            throw damaged(e);
        }
    }

    /**
     * The modules and regular packages directly inside a package ({@code "pkg."}) or at the top
     * level ({@code ""}), one per line, each {@code name} followed by a tab and 1 for a package, 0 for a module.
     */
    String submodules(String prefix) {
        try {
            int[] range = reader.moduleRange(prefix);
            StringBuilder listing = new StringBuilder();
            for (int i = range[0]; i < range[1]; i++) {
                ModuleEntry entry = reader.moduleAt(i);
                String rest = entry.name().substring(prefix.length());
                // As pkgutil lists a directory: namespace packages are not listed.
                if (rest.indexOf('.') < 0 && entry.kind() != ModuleKind.NAMESPACE_PACKAGE
                        && !foreignStandardLibrary.contains(topLevel(entry.name()))) {
                    listing.append(rest).append('\t').append(entry.kind() == ModuleKind.MODULE ? '0' : '1').append('\n');
                }
            }
            return listing.toString();
        } catch (PackFormatException e) {
            throw damaged(e);
        }
    }

    /** The directory holding the extracted package, or {@code "!"} and why it could not be extracted. */
    String extractPackage(String name, String contentHash) {
        try {
            return extractedFiles.extractPackage(name, contentHash).toString();
        } catch (IOException | PackFormatException e) {
            return "!cannot write package " + name + " of " + pack.archive() + " to disk: " + e.getMessage();
        }
    }

    /** The extracted file, or {@code "!"} and why it could not be extracted. */
    String extractResource(String path) {
        try {
            return extractedFiles.extractResource(path).toString();
        } catch (IOException | PackFormatException e) {
            return "!cannot write " + path + " of " + pack.archive() + " to disk: " + e.getMessage();
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

    private PackDamagedError damaged(PackFormatException e) {
        return new PackDamagedError(pack.archive() + ": the pack is damaged: " + e.getMessage()
                + "; rebuild the jar", e);
    }

    /** Raised into Python when the pack's index itself is damaged: nothing safe can be served. */
    static final class PackDamagedError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PackDamagedError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
