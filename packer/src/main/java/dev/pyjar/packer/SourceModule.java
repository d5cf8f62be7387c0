package dev.pyjar.packer;

import dev.pyjar.pack.ModuleKind;
import java.nio.file.Path;

/**
 * A module found under an import root. {@code file} is its source ({@code __init__.py} for a
 * package), null for a namespace package; {@code logicalPath} is that file's path relative to the
 * root, '/'-separated: the file name compiled into its code, so that builds in different
 * directories give identical blobs.
 */
record SourceModule(String name, ModuleKind kind, Path file, String logicalPath) {}
