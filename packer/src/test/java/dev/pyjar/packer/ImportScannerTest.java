package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImportScannerTest {
    @Test
    void readsEveryFormOfImportStatement() {
        String source = """
                import os, sys as system
                import xml.etree.ElementTree as ET  # a comment: import ignored
                from collections import (OrderedDict,
                                         abc as collections_abc)
                from email.mime import text, \\
                    multipart
                import json; import csv
                try: import zlib
                except ImportError: zlib = None
                def later():
                    from urllib import parse
                if TYPE_CHECKING: from typing import Any
                from concurrent.futures import *
                """;
        assertEquals(List.of("os", "sys", "xml.etree.ElementTree", "collections", "collections.OrderedDict", "collections.abc",
                "email.mime", "email.mime.text", "email.mime.multipart", "json", "csv", "zlib", "urllib", "urllib.parse",
                "typing", "typing.Any", "concurrent.futures"), List.copyOf(ImportScanner.imports(source, "")));
    }

    @Test
    void resolvesRelativeImportsAgainstThePackage() {
        String source = "from . import models\nfrom .util import money\nfrom .. import top\nfrom ...too import far\n";
        assertEquals(Set.of("shop.cart", "shop.cart.models", "shop.cart.util", "shop.cart.util.money", "shop", "shop.top"),
                ImportScanner.imports(source, "shop.cart"));
    }

    @Test
    void stringsAndCommentsNeitherHideNorInventImports() {
        String source = """
                \"\"\"Docstring with a stray ( and a line that reads
                import docstring_words
                \"\"\"
                OPEN = '('  # ) in a comment
                CLOSE = ")\\"("
                from ._path import (  # noqa: E402
                    Path,
                )
                """;
        assertEquals(Set.of("zipfile._path", "zipfile._path.Path"), ImportScanner.imports(source, "zipfile"));
    }

    @Test
    void seesImportsByLiteralNames() {
        assertEquals(Set.of("importlib", "encodings.idna", "pkg.plugin"),
                ImportScanner.imports("import importlib\nimportlib.import_module('encodings.idna')\n__import__(\"pkg.plugin\")\n", ""));
    }

    @Test
    void wordsThatOnlyLookLikeImportsInsideOtherStatementsDoNotCount() {
        assertEquals(Set.of(), ImportScanner.imports("x = 'import os'\nprint('from a import b')\nimportant = 1\nfromage = 2\n", ""));
    }
}
