package dev.pyjar.packer;

import dev.pyjar.runtime.internal.JarUrls;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * GraalPy's standard library, read from the {@code python-resources} jar of the GraalPy this
 * plugin runs (and the runtime ships), never from a machine's cache: the packed standard library
 * is always the one the runtime was built with.
 */
public final class StandardLibrary {
    /** What no application imports: test suites, GUIs, demos, installers, Python 2 converters. */
    public static final List<String> DEFAULT_EXCLUDES = List.of(
            "test", "*.test", "*.tests", "idlelib", "tkinter", "turtle", "turtledemo", "ensurepip", "lib2to3",
            "__hello__", "__phello__", "antigravity", "this", "msilib");

    private static final String PREFIX = "META-INF/resources/libpython/";
    private static final String PROBE = PREFIX + "os.py";

    private StandardLibrary() {}

    /**
     * Copies the standard library's files, less the excluded modules, into {@code directory}
     * (emptied first) and scans it like any import root.
     */
    public static SourceTree extract(Path directory, ModulePatterns excludes) throws BuildException {
        Path jar = pythonResourcesJar();
        try {
            FileTrees.unzip(jar, directory, name -> name.startsWith(PREFIX) && !excluded(name.substring(PREFIX.length()), excludes)
                    ? name.substring(PREFIX.length()) : null);
        } catch (IOException e) {
            throw new BuildException("cannot extract GraalPy's standard library from " + jar + " to " + directory + ": " + e.getMessage(), e);
        }
        return SourceTree.scan(directory);
    }

    /** Copies GraalPy's own pip (the wheel its ensurepip bundles) into {@code directory}, emptied first; returns the wheel. */
    static Path bundledPip(Path directory) throws BuildException {
        Path jar = pythonResourcesJar();
        String bundled = PREFIX + "ensurepip/_bundled/";
        try {
            FileTrees.unzip(jar, directory, name -> name.startsWith(bundled + "pip-") && name.endsWith(".whl")
                    ? name.substring(bundled.length()) : null);
            try (var wheels = Files.list(directory)) {
                return wheels.findFirst().orElseThrow(() -> new BuildException(jar + " bundles no pip wheel under " + bundled));
            }
        } catch (IOException e) {
            throw new BuildException("cannot extract GraalPy's pip from " + jar + ": " + e.getMessage(), e);
        }
    }

    /** A file is excluded with the module its path names, or the package its directory does. */
    private static boolean excluded(String path, ModulePatterns excludes) {
        String withoutSuffix = path.endsWith(".py") ? path.substring(0, path.length() - 3) : path;
        String module = withoutSuffix.endsWith("/__init__") ? withoutSuffix.substring(0, withoutSuffix.length() - 9) : withoutSuffix;
        if (!path.endsWith(".py")) {
            int slash = module.lastIndexOf('/');
            module = slash < 0 ? module : module.substring(0, slash);
        }
        return excludes.matches(module.replace('/', '.'));
    }

    private static Path pythonResourcesJar() throws BuildException {
        URL probe = StandardLibrary.class.getClassLoader().getResource(PROBE);
        return (probe == null ? Optional.<Path>empty() : JarUrls.jarOf(probe)).orElseThrow(() -> new BuildException(
                "GraalPy's python-resources jar is not on the plugin's class path (no " + PROBE + " in a jar file)"));
    }
}
