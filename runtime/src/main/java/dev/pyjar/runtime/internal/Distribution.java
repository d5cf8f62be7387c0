package dev.pyjar.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One installed distribution, read from its {@code *.dist-info} or {@code *.egg-info} metadata
 * the way {@code importlib.metadata} reads it: what the jar's bill of materials lists, and where a
 * console script named as {@code main} leads.
 *
 * @param directory     the metadata directory (or egg-info file) below the import root
 * @param licenseFiles  paths below the import root: {@code License-File} entries and the license
 *                      files the metadata directory holds
 * @param consoleScripts {@code [console_scripts]} of {@code entry_points.txt}: name to {@code module:function}
 */
public record Distribution(String directory, String name, String version, String license, List<String> licenseFiles,
                           Map<String, String> consoleScripts) {

    /** Reads a distribution's metadata; {@code read} gives a file below the import root, if there. */
    public static Optional<Distribution> read(String directory, List<String> filesBelow, Function<String, Optional<byte[]>> read) {
        Optional<String> metadata = text(read, directory + "/METADATA")
                .or(() -> text(read, directory + "/PKG-INFO"))
                .or(() -> text(read, directory));
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> headers = headers(metadata.get());
        String fallbackName = directory.substring(0, directory.lastIndexOf('.'));
        int dash = fallbackName.indexOf('-');
        String name = first(headers, "name").orElse(dash < 0 ? fallbackName : fallbackName.substring(0, dash));
        String version = first(headers, "version").orElse(dash < 0 ? "" : fallbackName.substring(dash + 1));
        String license = first(headers, "license-expression").or(() -> first(headers, "license")).orElse("");
        TreeSet<String> licenseFiles = new TreeSet<>();
        for (String file : headers.getOrDefault("license-file", List.of())) {
            String path = directory + "/licenses/" + file;
            licenseFiles.add(filesBelow.contains(path) ? path : directory + "/" + file);
        }
        for (String file : filesBelow) {
            String fileName = file.substring(file.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);
            if (file.startsWith(directory + "/licenses/") || fileName.startsWith("LICENSE") || fileName.startsWith("LICENCE")
                    || fileName.startsWith("COPYING") || fileName.startsWith("NOTICE")) {
                licenseFiles.add(file);
            }
        }
        licenseFiles.retainAll(filesBelow);
        Map<String, String> scripts = text(read, directory + "/entry_points.txt").map(Distribution::consoleScripts).orElse(Map.of());
        return Optional.of(new Distribution(directory, name, version, license, List.copyOf(licenseFiles), scripts));
    }

    private static Optional<String> text(Function<String, Optional<byte[]>> read, String path) {
        return read.apply(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** RFC 822 style headers up to the first blank line; names lower-cased, continuation lines dropped. */
    private static Map<String, List<String>> headers(String text) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && !Character.isWhitespace(line.charAt(0))) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        return headers.getOrDefault(name, List.of()).stream().filter(value -> !value.isEmpty() && !value.equals("UNKNOWN")).findFirst();
    }

    /** The {@code [console_scripts]} section of an INI-style {@code entry_points.txt}. */
    private static Map<String, String> consoleScripts(String entryPoints) {
        Map<String, String> scripts = new TreeMap<>();
        boolean inSection = false;
        for (String raw : entryPoints.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inSection = line.equals("[console_scripts]");
            } else if (inSection && line.contains("=") && !line.startsWith("#") && !line.startsWith(";")) {
                String target = line.substring(line.indexOf('=') + 1).strip();
                int extras = target.indexOf('[');
                scripts.put(line.substring(0, line.indexOf('=')).strip(), (extras < 0 ? target : target.substring(0, extras)).strip());
            }
        }
        return scripts;
    }

    /** One line of the bill of materials: name, version, license and license files, tab-separated. */
    public String billOfMaterialsLine() {
        return name + "\t" + version + "\t" + license + "\t" + String.join(" ", licenseFiles);
    }
}
