package dev.pyjar.runtime;

import java.nio.file.Path;

/** The JDK a JVM runs on: where it lives, its exact build and its feature release. */
record Jdk(Path home, String vmVersion, int feature) {

    static Jdk current() {
        return new Jdk(Path.of(System.getProperty("java.home")), System.getProperty("java.vm.version"),
                Runtime.version().feature());
    }

    Path java() {
        return home.resolve("bin").resolve("java");
    }

    ArchiveKind archiveKind() {
        return ArchiveKind.of(feature);
    }
}
