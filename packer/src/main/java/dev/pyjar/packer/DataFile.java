package dev.pyjar.packer;

import java.nio.file.Path;

/** A non-Python file under an import root; {@code packPath} is its '/'-separated path below the root. */
record DataFile(String packPath, Path file) {}
