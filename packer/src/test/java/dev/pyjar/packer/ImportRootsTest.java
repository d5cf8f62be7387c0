package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pyjar.runtime.internal.Distribution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging import roots, unpacking wheels and resolving main, without GraalPy. */
class ImportRootsTest {
    @TempDir
    Path dir;

    @Test
    void namespacePortionsMergeAndSharedModulesAreRefusedNamingBothRoots() throws Exception {
        write("app/acme/one.py", "");
        write("site/acme/two.py", "");
        write("site/tools.py", "");
        write("extra/tools/__init__.py", "");
        ImportRoots merged = ImportRoots.merge(SourceTree.scan(dir.resolve("app")),
                List.of(SourceTree.scanInstalled(dir.resolve("site"))));
        assertEquals(List.of("acme", "acme.one"), merged.appModules().stream().map(SourceModule::name).toList());
        assertEquals(List.of("acme.two", "tools"), merged.installedModules().stream().map(SourceModule::name).toList());

        BuildException clash = assertThrows(BuildException.class, () -> ImportRoots.merge(SourceTree.scan(dir.resolve("app")),
                List.of(SourceTree.scanInstalled(dir.resolve("site")), SourceTree.scanInstalled(dir.resolve("extra")))));
        assertEquals("module tools is in both " + dir.resolve("site") + " and " + dir.resolve("extra")
                + "\nA pack holds one of each: remove the copy you do not want, or drop one of the roots from pythonPath", clash.getMessage());
    }

    @Test
    void theImportersModuleNameIsRefusedNamingTheRoot() throws Exception {
        write("site/_pyjar/__init__.py", "");
        BuildException error = assertThrows(BuildException.class,
                () -> ImportRoots.merge(null, List.of(SourceTree.scanInstalled(dir.resolve("site")))));
        assertEquals("module _pyjar in " + dir.resolve("site") + ": the name is taken by pyjar's own module of that name, which every pack holds;"
                + " rename the module", error.getMessage());
    }

    @Test
    void aWheelUnpacksLikeAnInstallerWouldAndCannotWriteOutsideItsDirectory() throws Exception {
        Path wheel = wheel("good-1.0-py3-none-any.whl", Map.of(
                "good/__init__.py", "",
                "good-1.0.data/purelib/good_extra.py", "",
                "good-1.0.data/scripts/good", "#!/bin/sh",
                "good-1.0.dist-info/METADATA", "Name: good\n"));
        SourceTree tree = SourceTree.scanInstalled(Wheel.unpack(wheel, dir.resolve("unpacked")));
        assertEquals(List.of("good", "good_extra"), tree.modules().stream().map(SourceModule::name).sorted().toList());
        assertEquals(List.of("good-1.0.dist-info"), tree.metadataDirectories());

        Path hostile = wheel("evil-1.0-py3-none-any.whl", Map.of("../../escaped.py", ""));
        BuildException error = assertThrows(BuildException.class, () -> Wheel.unpack(hostile, dir.resolve("evil")));
        assertEquals(hostile + ": entry ../../escaped.py points outside the directory it unpacks to; the file is damaged or hostile",
                error.getMessage());
    }

    @Test
    void mainNamesAModuleAFunctionOrAConsoleScript() throws Exception {
        Distribution tool = Distribution.read("tool-2.0.dist-info", List.of("tool-2.0.dist-info/LICENSE.txt"), path -> Optional.ofNullable(Map.of(
                "tool-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: tool\nVersion: 2.0\nLicense: MIT\n\nbody: not a header\n",
                "tool-2.0.dist-info/entry_points.txt", "[console_scripts]\ntool = tool.cli:main [extra]\ntool-admin = tool.admin:run\n"
                        + "[gui_scripts]\ntoolw = tool.gui:main\n").get(path)).map(s -> s.getBytes(StandardCharsets.UTF_8))).orElseThrow();
        assertEquals("tool\t2.0\tMIT\ttool-2.0.dist-info/LICENSE.txt", tool.billOfMaterialsLine());
        Set<String> modules = Set.of("tool", "tool.cli", "tool.admin", "app");
        assertEquals("app", MainTarget.resolve("app", modules, List.of(tool)).toString());
        assertEquals("tool.cli:main", MainTarget.resolve("tool", modules, List.of(tool)).toString());
        assertEquals("tool.admin:run", MainTarget.resolve("tool-admin", modules, List.of(tool)).toString());
        BuildException error = assertThrows(BuildException.class, () -> MainTarget.resolve("app:", modules, List.of(tool)));
        assertEquals("main 'app:' is not a module name ('app' or 'app.cli') or 'module:function' (such as 'app.cli:main')", error.getMessage());
        BuildException missing = assertThrows(BuildException.class, () -> MainTarget.resolve("toolw", modules, List.of(tool)));
        assertEquals("main names module 'toolw', which is in neither the Python source directory nor pythonPath;"
                + " top-level modules there: app, tool; console scripts there: tool, tool-admin", missing.getMessage());
    }

    private Path wheel(String name, Map<String, String> files) throws IOException {
        Path wheel = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(wheel))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return wheel;
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
