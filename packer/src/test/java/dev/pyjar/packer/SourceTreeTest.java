package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pyjar.pack.ModuleKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {
    @TempDir
    Path root;

    @Test
    void findsModulesPackagesNamespacePackagesAndPackageData() throws Exception {
        write("app.py", "x = 1");
        write("pkg/__init__.py", "");
        write("pkg/mod.py", "");
        write("pkg/sub/__init__.py", "");
        write("pkg/sub/deep.py", "");
        write("pkg/data/table.csv", "a,b");
        write("pkg/templates-v2/page.html", "<p>");
        write("pkg/__pycache__/mod.cpython-311.pyc", "junk");
        write("ns/part/__init__.py", "");
        write("ns/part/thing.py", "");
        write("notes.txt", "top-level files belong to no package");
        write("data_only/readme.txt", "no python here, but it imports as a namespace package, as on disk");
        write("not-a-name/readme.txt", "cannot be imported, so it is not packed");

        SourceTree tree = SourceTree.scan(root);

        assertEquals(List.of(
                "app MODULE app.py",
                "data_only NAMESPACE_PACKAGE data_only",
                "ns NAMESPACE_PACKAGE ns",
                "ns.part PACKAGE ns/part/__init__.py",
                "ns.part.thing MODULE ns/part/thing.py",
                "pkg PACKAGE pkg/__init__.py",
                "pkg.data NAMESPACE_PACKAGE pkg/data",
                "pkg.mod MODULE pkg/mod.py",
                "pkg.sub PACKAGE pkg/sub/__init__.py",
                "pkg.sub.deep MODULE pkg/sub/deep.py"),
                tree.modules().stream().map(m -> m.name() + " " + m.kind() + " " + m.logicalPath()).sorted().toList());
        assertEquals(List.of("data_only/readme.txt", "pkg/data/table.csv", "pkg/templates-v2/page.html"),
                tree.dataFiles().stream().map(DataFile::packPath).sorted().toList());
        assertEquals(ModuleKind.NAMESPACE_PACKAGE, tree.modules().stream().filter(m -> m.name().equals("ns")).findFirst().orElseThrow().kind());
    }

    @Test
    void refusesModuleFilesWhoseNamesCannotBeImported() throws Exception {
        write("pkg/__init__.py", "");
        write("pkg/my-module.py", "");
        write("2fast.py", "");
        BuildException error = assertThrows(BuildException.class, () -> SourceTree.scan(root));
        assertEquals("2fast.py: '2fast' is not a valid Python module name; rename it (for example to _2fast.py)"
                + " or move it out of the Python source directory\n"
                + "pkg/my-module.py: 'my-module' is not a valid Python module name, so it cannot be imported;"
                + " rename it (for example to my_module.py)", error.getMessage());
    }

    @Test
    void refusesAMissingSourceDirectory() {
        Path missing = root.resolve("src/main/python");
        BuildException error = assertThrows(BuildException.class, () -> SourceTree.scan(missing));
        assertEquals("Python source directory " + missing + " does not exist;"
                + " put the app's modules there or set pythonSourceDirectory", error.getMessage());
    }

    @Test
    void acceptsUnicodeNames() throws Exception {
        write("café/__init__.py", "");
        write("café/données.txt", "x");
        SourceTree tree = SourceTree.scan(root);
        assertEquals(List.of("café"), tree.modules().stream().map(SourceModule::name).toList());
        assertEquals(List.of("café/données.txt"), tree.dataFiles().stream().map(DataFile::packPath).toList());
    }

    @Test
    void anInstalledRootKeepsMetadataListsNativeModulesAndTreatsUnimportableFilesAsData() throws Exception {
        write("lib/__init__.py", "");
        write("lib/_speedups.cpython-311-x86_64-linux-gnu.so", "ELF");
        write("lib/_speedups.graalpy250-312-native-x86_64-linux.so", "ELF");
        write("lib/libs/libfoo-1a2b.so.1", "ELF");
        write("lib/conftest-example.py", "not importable: data, as on disk");
        write("lib-1.0.dist-info/METADATA", "Name: lib\n");
        write("lib-1.0.dist-info/licenses/LICENSE", "MIT");
        write("old-0.1.egg-info", "Name: old\n");
        write("top-level-script.py", "skipped: cannot be imported");

        SourceTree tree = SourceTree.scanInstalled(root);

        assertEquals(List.of("lib", "lib.libs"), tree.modules().stream().map(SourceModule::name).toList());
        assertEquals(List.of("lib-1.0.dist-info", "old-0.1.egg-info"), tree.metadataDirectories());
        assertEquals(List.of("lib-1.0.dist-info/METADATA", "lib-1.0.dist-info/licenses/LICENSE", "lib/conftest-example.py",
                        "lib/libs/libfoo-1a2b.so.1", "old-0.1.egg-info"),
                tree.dataFiles().stream().map(DataFile::packPath).sorted().toList());
        assertEquals(List.of("lib._speedups lib/_speedups.cpython-311-x86_64-linux-gnu.so",
                        "lib._speedups lib/_speedups.graalpy250-312-native-x86_64-linux.so"),
                tree.nativeExtensions().stream().map(e -> e.name() + " " + e.packPath()).toList());
        assertEquals(List.of(false, true), tree.nativeExtensions().stream()
                .map(e -> e.loadableWith(List.of(".graalpy250-312-native-x86_64-linux.so", ".so"))).toList());
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
