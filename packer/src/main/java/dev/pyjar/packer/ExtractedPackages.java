package dev.pyjar.packer;

import dev.pyjar.runtime.internal.ContentHash;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packages the runtime writes to disk on first use, each under a name that is the hash of its
 * files: a changed package gets a new directory, an unchanged one is reused by every jar and run.
 */
final class ExtractedPackages {
    private ExtractedPackages() {}

    /** The pack property: {@code package=sha256} of each package, comma-separated. */
    static String property(List<String> packages, List<CompiledModule> modules, List<DataFile> dataFiles, boolean includeSource)
            throws BuildException {
        List<String> entries = new ArrayList<>();
        for (String name : packages) {
            Map<String, byte[]> files = new TreeMap<>();
            for (CompiledModule module : modules) {
                String moduleName = module.module().name();
                byte[] source = module.packedSource(includeSource);
                if ((moduleName.equals(name) || moduleName.startsWith(name + ".")) && source != null) {
                    files.put(module.module().logicalPath(), source);
                } else if (moduleName.equals(name)) {
                    files.put(name + "/", new byte[0]);
                }
            }
            if (files.isEmpty()) {
                throw new BuildException("extractPackages names " + name + ", which is not a packed top-level package"
                        + " of the app or its pythonPath");
            }
            for (DataFile dataFile : dataFiles) {
                if (dataFile.packPath().startsWith(name + "/")) {
                    files.put(dataFile.packPath(), read(dataFile));
                }
            }
            entries.add(name + "=" + digest(files));
        }
        return String.join(",", entries);
    }

    private static byte[] read(DataFile dataFile) throws BuildException {
        try {
            return Files.readAllBytes(dataFile.file());
        } catch (IOException e) {
            throw new BuildException("cannot read " + dataFile.file() + ": " + e.getMessage(), e);
        }
    }

    private static String digest(Map<String, byte[]> files) {
        ContentHash hash = new ContentHash();
        files.forEach((path, data) -> hash.add(path).add(data));
        return hash.hex();
    }
}
