package dev.pyjar.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pyjar.runtime.internal.JarUrls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.graalvm.polyglot.Context;

/** Builds a small C extension module for the GraalPy on the class path, with gcc and GraalPy's own headers. */
final class NativeExtension {
    private static final String SOURCE = """
            #define PY_SSIZE_T_CLEAN
            #include <Python.h>

            static PyObject *triple(PyObject *self, PyObject *arg) {
                long value = PyLong_AsLong(arg);
                if (value == -1 && PyErr_Occurred()) {
                    return NULL;
                }
                return PyLong_FromLong(3 * value);
            }

            static PyMethodDef methods[] = {{"triple", triple, METH_O, "Triples an integer, in C."}, {NULL, NULL, 0, NULL}};
            static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "%1$s", NULL, -1, methods};

            PyMODINIT_FUNC PyInit_%1$s(void) {
                return PyModule_Create(&module);
            }
            """;

    private NativeExtension() {}

    /** Compiles module {@code name} (with a {@code triple(int)} function) into {@code directory}; returns the file. */
    static Path compile(String name, Path directory) throws IOException {
        Path work = Files.createTempDirectory("pyjar-cext");
        Path include = work.resolve("include");
        extractHeaders(include);
        Path source = Files.writeString(work.resolve(name + ".c"), SOURCE.formatted(name));
        Path library = directory.resolve(name + extensionSuffix());
        Files.createDirectories(directory);
        ProcessRun gcc = ProcessRun.run(List.of("gcc", "-shared", "-fPIC", "-O1", "-I", include.toString(), "-o", library.toString(),
                source.toString()), work, Map.of());
        assertEquals(0, gcc.exitStatus(), gcc.toString());
        return library;
    }

    private static String extensionSuffix() {
        try (Context context = Context.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build()) {
            return context.eval("python", "import importlib.machinery; importlib.machinery.EXTENSION_SUFFIXES[0]").asString();
        }
    }

    /** GraalPy's C headers, from its python-resources jar on the class path. */
    private static void extractHeaders(Path include) throws IOException {
        String probe = "META-INF/resources/include/Python.h";
        Path jar = JarUrls.jarOf(NativeExtension.class.getClassLoader().getResource(probe)).orElseThrow();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.isDirectory() && entry.getName().startsWith("META-INF/resources/include/")) {
                    Path target = include.resolve(entry.getName().substring("META-INF/resources/include/".length()));
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }
}
