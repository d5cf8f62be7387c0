package dev.pyjar.runtime.internal;

import dev.pyjar.pack.Blob;
import dev.pyjar.pack.ModuleEntry;
import dev.pyjar.pack.PackFormatException;
import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackReader;
import dev.pyjar.pack.ResourceEntry;
import dev.pyjar.pack.RuntimeTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a pack holds, as text for people: its runtime tag and properties, every module with its
 * kind and sizes, every data file, the distributions it carries, and totals. A filter (a glob,
 * {@code *} matching anything) keeps the modules, files and distributions whose name matches.
 */
public final class PackInventory {
    private PackInventory() {}

    /** The inventory of {@code pack}; {@code filter} may be null for everything. */
    public static List<String> describe(MappedPack pack, String filter) throws PackFormatException {
        PackReader reader = pack.reader();
        Pattern pattern = filter == null || filter.isBlank() ? null : Globs.compile(filter);
        List<String> lines = new ArrayList<>();
        RuntimeTag tag = reader.runtimeTag();
        lines.add("pack " + pack.archive() + " (" + size(pack.length()) + ")");
        lines.add("compiled for GraalPy " + tag.graalPyVersion() + " (" + tag.cacheTag() + ", bytecode magic "
                + Integer.toHexString(tag.bytecodeMagic()) + ")");
        reader.properties().forEach((key, value) -> {
            if (!key.equals(PackProperties.DISTRIBUTIONS) && !key.equals(PackProperties.STANDARD_LIBRARY)
                    && !key.equals(PackProperties.STANDARD_LIBRARY_LEFT_OUT)) {
                lines.add("property " + key + " = " + value);
            }
        });
        long code = 0;
        long source = 0;
        int modules = 0;
        lines.add("");
        // Sizes as stored: sources are compressed (FORMAT.md, "Source blobs").
        lines.add(String.format(Locale.ROOT, "%-9s %10s %10s  %s", "kind", "code", "source.z", "module"));
        for (int i = 0; i < reader.moduleCount(); i++) {
            ModuleEntry module = reader.moduleAt(i);
            if (pattern != null && !pattern.matcher(module.name()).matches()) {
                continue;
            }
            modules++;
            code += length(module.code());
            source += length(module.source());
            lines.add(String.format(Locale.ROOT, "%-9s %10s %10s  %s", kind(module), sizeOrDash(module.code()),
                    sizeOrDash(module.source()), module.name()));
        }
        long data = 0;
        int resources = 0;
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%-9s %10s %10s  %s", "", "data", "", "file"));
        for (int i = 0; i < reader.resourceCount(); i++) {
            ResourceEntry resource = reader.resourceAt(i);
            if (pattern != null && !pattern.matcher(resource.path()).matches()) {
                continue;
            }
            resources++;
            data += resource.data().length();
            lines.add(String.format(Locale.ROOT, "%-9s %10s %10s  %s", "file", size(resource.data().length()), "", resource.path()));
        }
        List<Distribution> distributions = distributions(reader).stream()
                .filter(d -> pattern == null || pattern.matcher(d.name()).matches()).toList();
        lines.add("");
        lines.add("distributions:" + (distributions.isEmpty() ? " none" : ""));
        for (Distribution distribution : distributions) {
            lines.add("  " + distribution.name() + " " + distribution.version()
                    + (distribution.license().isEmpty() ? "" : " (" + distribution.license() + ")")
                    + (distribution.licenseFiles().isEmpty() ? "" : ", license files: " + String.join(", ", distribution.licenseFiles())));
        }
        String leftOut = reader.properties().get(PackProperties.STANDARD_LIBRARY_LEFT_OUT);
        if (leftOut != null) {
            List<String> names = PackProperties.split(leftOut, ",").stream()
                    .filter(n -> pattern == null || pattern.matcher(n).matches()).toList();
            lines.add("");
            lines.add("standard library modules the app does not reach, left out (they import from GraalPy's own files): "
                    + (names.isEmpty() ? "none" : names.size()));
            names.forEach(name -> lines.add("  " + name));
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "total: %d modules (%s of code, %s of compressed source), %d files (%s), %d distributions%s",
                modules, size(code), size(source), resources, size(data), distributions.size(),
                pattern == null ? "" : ", matching " + filter.trim()));
        return lines;
    }

    /** The distributions whose metadata the pack holds. */
    public static List<Distribution> distributions(PackReader reader) throws PackFormatException {
        List<Distribution> distributions = new ArrayList<>();
        for (String directory : PackProperties.split(reader.properties().get(PackProperties.DISTRIBUTIONS), "\n")) {
            List<String> files = new ArrayList<>();
            int[] range = reader.resourceRange(directory + "/");
            for (int i = range[0]; i < range[1]; i++) {
                files.add(reader.resourceAt(i).path());
            }
            Distribution.read(directory, files, path -> readResource(reader, path)).ifPresent(distributions::add);
        }
        return distributions;
    }

    private static Optional<byte[]> readResource(PackReader reader, String path) {
        try {
            Optional<ResourceEntry> entry = reader.findResource(path);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            var buffer = reader.read(entry.get().data());
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return Optional.of(bytes);
        } catch (PackFormatException e) {
            return Optional.empty();
        }
    }

    private static String kind(ModuleEntry module) {
        return switch (module.kind()) {
            case MODULE -> "module";
            case PACKAGE -> "package";
            case NAMESPACE_PACKAGE -> "namespace";
        };
    }

    private static long length(Optional<Blob> blob) {
        return blob.map(Blob::length).orElse(0);
    }

    private static String sizeOrDash(Optional<Blob> blob) {
        return blob.map(b -> size(b.length())).orElse("-");
    }

    /** Bytes, KiB or MiB, for people. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
