package dev.pyjar.packer;

import java.nio.file.Path;
import java.util.List;

/**
 * A compiled extension module found under an import root: {@code name} is the module it provides,
 * {@code file} the shared library (its name carries the interpreter it was built for, such as
 * {@code _speedups.cpython-311-x86_64-linux-gnu.so}), {@code packPath} its path below the root.
 */
record NativeExtension(String name, Path file, String packPath) {

    /** A shared library whose name starts with a module name: {@code mod.so}, {@code mod.<tag>.so}, {@code mod.pyd}. */
    static boolean isExtensionFile(String fileName) {
        int dot = fileName.indexOf('.');
        return (fileName.endsWith(".so") || fileName.endsWith(".pyd")) && dot > 0
                && PythonNames.isIdentifier(fileName.substring(0, dot));
    }

    /** Whether GraalPy loads this file: its name ends with one of GraalPy's extension suffixes. */
    boolean loadableWith(List<String> extensionSuffixes) {
        String fileName = file.getFileName().toString();
        return extensionSuffixes.stream().anyMatch(suffix -> fileName.equals(name.substring(name.lastIndexOf('.') + 1) + suffix));
    }
}
