package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pyjar.pack.ModuleKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReachabilityTest {
    @TempDir
    Path root;

    @Test
    void followsImportsThroughTheLibraryAndBringsPackagesAlong() throws Exception {
        List<SourceModule> library = List.of(
                module("json", ModuleKind.PACKAGE, "from .decoder import JSONDecoder\n"),
                module("json.decoder", ModuleKind.MODULE, "import re\n"),
                module("json.tool", ModuleKind.MODULE, "import argparse\n"),
                module("re", ModuleKind.MODULE, "import enum\n"),
                module("enum", ModuleKind.MODULE, ""),
                module("argparse", ModuleKind.MODULE, "import gettext\n"),
                module("gettext", ModuleKind.MODULE, ""),
                module("email", ModuleKind.PACKAGE, ""),
                module("email.mime", ModuleKind.PACKAGE, ""),
                module("email.mime.text", ModuleKind.MODULE, "from email.mime import base\n"),
                module("email.mime.base", ModuleKind.MODULE, ""),
                module("tkinter", ModuleKind.PACKAGE, ""));
        SourceModule app = module("app", ModuleKind.MODULE, "import json\nimport email.mime.text\nimport requests\n");
        Set<String> reached = Reachability.reachable(List.of(app), library, new ModulePatterns(List.of("gett*")));
        assertEquals(Set.of("json", "json.decoder", "re", "enum", "email", "email.mime", "email.mime.text", "email.mime.base",
                "gettext"), reached);
    }

    @Test
    void namesWhatTheAppsModulesImportAndFindsWhatKeepsThemFromWarmStarts() throws Exception {
        SourceModule app = module("app", ModuleKind.MODULE, "import json\nfrom xml.etree import ElementTree\n"
                + "def later():\n    import getpass\n");
        SourceModule other = module("app2", ModuleKind.MODULE, "import importlib\nimportlib.import_module('sql' + 'ite3')\n");
        Set<String> imported = Reachability.imported(List.of(app, other), List.of(), new ModulePatterns(List.of()));
        // The scanner reads the literal's first part only ("sql"): a name computed at run time is
        // not seen, and the warm run refuses that import itself.
        assertEquals(Set.of("json", "xml.etree", "xml.etree.ElementTree", "getpass", "importlib", "sql"), imported);
        assertEquals(Set.of("getpass"), WarmStartBlockers.of(imported));
        assertEquals(Set.of("xml.etree.ElementTree"), WarmStartBlockers.isolated(imported));
    }

    private SourceModule module(String name, ModuleKind kind, String source) throws Exception {
        String path = name.replace('.', '/') + (kind == ModuleKind.PACKAGE ? "/__init__.py" : ".py");
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        return new SourceModule(name, kind, file, path);
    }
}
