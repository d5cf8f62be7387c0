"""pyjar's importer: serves imports from the pack inside the running jar.

The Java side (ImportBridge) owns the pack: it looks names up in the pack's index, verifies
checksums and says where each blob lies. This side only slices the blob out of a read-only mmap of
the same file and hands it to marshal. Every line here runs in an interpreter without a JIT on
every import, so the hot path is kept to a few builtin calls.
"""

import sys
import marshal
import mmap
import _imp
from _frozen_importlib import ModuleSpec

# Kinds and statuses as ImportBridge encodes them in the longs it returns.
_MODULE, _PACKAGE, _NAMESPACE = 0, 1, 2
_ABSENT, _STALE, _CORRUPT = -1, -2, -3
_LOW32 = 0xFFFFFFFF
# The first byte of a GraalPy code blob whose file name follows as a 4-byte little-endian length
# and UTF-8 bytes; nested code objects take their co_filename from it when the blob is loaded.
_CODE_NAMING_ITS_FILE = 0xC3


class PackedImporter:
    """Meta path finder and loader for one pack; one instance per pack and context."""

    def __init__(self, bridge):
        self._find = bridge.find
        self._code_blob = bridge.code
        self._source = bridge.source
        self._resource_blob = bridge.resource
        self._source_file = bridge.source_file
        self._children = bridge.children
        self._submodules = bridge.submodules
        self._extract_package = bridge.extract_package
        self._extract_resource = bridge.extract_resource
        self.archive = bridge.archive
        self._root = bridge.archive + "/"
        self._distributions = list(bridge.distributions)
        self._natives = {name: path for name, path in bridge.native_extensions}
        # Packages read through __file__ live on disk: their locations are real paths.
        self._extracted = {name: digest for name, digest in bridge.extracted_packages}
        self._extracted_roots = {}
        # A packed standard library package may lack submodules the build left out (excluded, or not
        # reached): its __path__ also names GraalPy's own directory of it, where importlib finds them.
        home = getattr(__graalpython__, "stdlib_home", None)
        self._stdlib_home = home + "/" if home else None
        self._stdlib = frozenset(bridge.standard_library)
        with open(bridge.pack_file, "rb") as f:
            map_offset = bridge.pack_offset - bridge.pack_offset % mmap.ALLOCATIONGRANULARITY
            self._shift = bridge.pack_offset - map_offset
            self._map = mmap.mmap(f.fileno(), self._shift + bridge.pack_length,
                                  offset=map_offset, access=mmap.ACCESS_READ)

    def __repr__(self):
        return f"<PackedImporter {self.archive!r}>"

    # -- finder ------------------------------------------------------------------------------

    def find_spec(self, fullname, path=None, target=None):
        hit = self._find(fullname)
        if hit < 0:
            return self._native_spec(fullname) if fullname in self._natives else None
        kind = hit & 3
        location = self._location(fullname)
        if kind == _NAMESPACE:
            # Its portions were merged at build time; this loader (not importlib's NamespaceLoader,
            # which wants directories) lets importlib.resources read its files.
            spec = ModuleSpec(fullname, self, is_package=True)
            spec.submodule_search_locations = self._package_path(fullname, location)
            return spec
        if kind == _PACKAGE:
            spec = ModuleSpec(fullname, self, origin=location + "/__init__.py",
                              loader_state=hit >> 2, is_package=True)
            spec.submodule_search_locations = self._package_path(fullname, location)
        else:
            spec = ModuleSpec(fullname, self, origin=location + ".py", loader_state=hit >> 2)
        spec.has_location = True
        return spec

    def _package_path(self, fullname, location):
        if self._stdlib_home is not None and fullname.partition(".")[0] in self._stdlib:
            return [location, self._stdlib_home + fullname.replace(".", "/")]
        return [location]

    def invalidate_caches(self):
        pass

    def find_distributions(self, context=None):
        """What importlib.metadata asks every finder: the packed distributions matching the context."""
        if not self._distributions or self.archive not in getattr(context, "path", (self.archive,)):
            return iter(())
        from importlib.metadata import Prepared
        name = getattr(context, "name", None)
        wanted = None if name is None else Prepared(name)
        distribution = _packed_distribution_class()
        found = []
        for directory in self._distributions:
            project = directory.rpartition(".")[0].partition("-")[0]
            if wanted is None or Prepared.normalize(project) == wanted.normalized \
                    or Prepared.legacy_normalize(project) == wanted.legacy_normalized:
                found.append(distribution(self, directory))
        return iter(found)

    def path_hook(self, entry):
        """A sys.path_hooks entry: path-entry finders for the archive and its package directories."""
        if entry == self.archive:
            return PackedPathFinder(self, "")
        if entry.startswith(self._root):
            name = entry[len(self._root):].replace("/", ".")
            hit = self._find(name)
            if hit >= 0 and hit & 3 != _MODULE:
                return PackedPathFinder(self, name + ".")
        raise ImportError("not a directory of a pack", path=entry)

    # -- loader ------------------------------------------------------------------------------

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        spec = module.__spec__
        if spec.loader_state is not None:
            exec(self._code(spec.name, spec.loader_state, spec.origin), module.__dict__)

    def get_code(self, fullname):
        index, origin = self._entry(fullname)
        return self._code(fullname, index, origin)

    def get_source(self, fullname):
        index, _ = self._entry(fullname)
        return self._source(index)

    def is_package(self, fullname):
        return self._find(fullname) & 3 != _MODULE

    def get_filename(self, fullname):
        return self._entry(fullname)[1]

    def get_data(self, path):
        if not path.startswith(self._root):
            # An extracted package's files, or any other file: as FileLoader.get_data does.
            with open(path, "rb") as file:
                return file.read()
        data = self.resource_data(path[len(self._root):])
        if data is None:
            raise FileNotFoundError(path)
        return data

    def get_resource_reader(self, fullname):
        if self._find(fullname) & 3 == _MODULE:
            return None
        return PackedResourceReader(self, fullname.replace(".", "/"))

    # -- for the pack's path finders, distributions and resources ---------------------------

    def resource_data(self, path):
        """The bytes of a file of the import root (a data file or a module's source), or None."""
        data = self._blob(self._resource_blob(path))
        if data is None:
            # Sources are stored compressed, apart from the data files: the bridge inflates them.
            source = self._source_file(path)
            return None if source is None else source.encode("utf-8")
        return data

    def has_resource(self, path):
        return self._resource_blob(path) >= 0 or self._source_file(path) is not None

    def list_directory(self, directory):
        """The names directly below a directory of the import root, as on disk; empty when none."""
        return list(self._children(directory))

    def submodules(self, prefix):
        """(name, is_package) of the modules directly inside a package ("pkg.") or at the top ("")."""
        return [(name, package) for name, package in self._submodules(prefix)]

    # -- internals ---------------------------------------------------------------------------

    def _location(self, fullname):
        if self._extracted:
            top = fullname.partition(".")[0]
            if top in self._extracted:
                return self._extracted_root(top) + fullname.replace(".", "/")
        return self._root + fullname.replace(".", "/")

    def _extracted_root(self, top):
        root = self._extracted_roots.get(top)
        if root is None:
            digest = self._extracted[top]
            root = self._extracted_roots[top] = _extracted(top, lambda: self._extract_package(top, digest)) + "/"
        return root

    def _native_spec(self, fullname):
        result = _extracted(fullname, lambda: self._extract_resource(self._natives[fullname]))
        from importlib.machinery import ExtensionFileLoader
        from importlib.util import spec_from_file_location
        return spec_from_file_location(fullname, result, loader=ExtensionFileLoader(fullname, result))

    def _entry(self, fullname):
        hit = self._find(fullname)
        if hit < 0 or hit & 3 == _NAMESPACE:
            raise ImportError(f"no packed module named {fullname!r}", name=fullname)
        location = self._location(fullname)
        origin = location + "/__init__.py" if hit & 3 == _PACKAGE else location + ".py"
        return hit >> 2, origin

    def _blob(self, ref):
        if ref < 0:
            return None
        start = self._shift + (ref >> 32)
        return self._map[start:start + (ref & _LOW32)]

    def _code(self, fullname, index, origin):
        ref = self._code_blob(index)
        if ref >= 0:
            return _load_code(self._blob(ref), origin)
        source = self._source(index)
        if ref == _CORRUPT:
            fallback = "compiling its packed source instead" if source is not None else "and it has no packed source"
            print(f"pyjar: warning: compiled code of module {fullname!r} is corrupt (checksum mismatch); {fallback}",
                  file=sys.stderr)
        if source is None:
            raise ImportError(f"pyjar: module {fullname!r} has no usable compiled code and no source in the pack; "
                              f"rebuild {self.archive} with pyjar for this GraalPy", name=fullname)
        return compile(source, origin, "exec", dont_inherit=True)


def _load_code(blob, filename):
    """The blob's code, with filename as co_filename of every code object in it, as CPython's
    importer gives a module's functions, methods and nested functions the path it was loaded from.
    The blob names the path the build compiled it under, once, in its header: rewriting the header
    is one copy of the blob, where _imp._fix_co_filename would have to walk every code object (it
    renames the outer one and its direct children only)."""
    try:
        encoded = filename.encode("utf-8")
    except UnicodeEncodeError:
        encoded = None
    length = int.from_bytes(blob[1:5], "little")
    if encoded is not None and blob[0] == _CODE_NAMING_ITS_FILE and 5 + length <= len(blob):
        return marshal.loads(blob[:1] + len(encoded).to_bytes(4, "little") + encoded + blob[5 + length:])
    code = marshal.loads(blob)
    _imp._fix_co_filename(code, filename)
    return code


def _extracted(name, extract):
    """Where extract() had the bridge write module name's files; its refusal as an ImportError."""
    from polyglot import ForeignException
    try:
        return extract()
    except ForeignException as error:
        # The bridge's message (past the Java class name) says which file and why.
        reason = str(error).partition(": ")[2]
        raise ImportError(f"pyjar: {reason}; set PYJAR_CACHE_DIR to a writable directory", name=name) from None


class PackedPathFinder:
    """The path-entry finder of the archive or one of its package directories, for pkgutil and PEP 420."""

    def __init__(self, importer, prefix):
        self._importer = importer
        self._prefix = prefix

    def find_spec(self, fullname, target=None):
        if fullname.startswith(self._prefix) and "." not in fullname[len(self._prefix):]:
            return self._importer.find_spec(fullname)
        return None

    def invalidate_caches(self):
        pass

    def iter_modules(self, prefix=""):
        for name, package in self._importer.submodules(self._prefix):
            yield prefix + name, package


_distribution_class = None


def _packed_distribution_class():
    """Defined on first use: importlib.metadata is costly to import, and only its users need it."""
    global _distribution_class
    if _distribution_class is None:
        from importlib.metadata import Distribution

        class PackedDistribution(Distribution):
            """A distribution whose *.dist-info or *.egg-info metadata is in the pack."""

            def __init__(self, importer, directory):
                self._importer = importer
                self._directory = directory

            def read_text(self, filename):
                path = self._directory + "/" + filename if filename else self._directory
                data = self._importer.resource_data(path)
                return None if data is None else data.decode("utf-8")

            read_text.__doc__ = Distribution.read_text.__doc__

            def locate_file(self, path):
                return PackedPath(self._importer, str(path))

            def __repr__(self):
                return f"<PackedDistribution {self._importer.archive}/{self._directory}>"

        _distribution_class = PackedDistribution
    return _distribution_class


class PackedResourceReader:
    """What importlib.resources asks a package's loader for: the package directory as a Traversable."""

    def __init__(self, importer, directory):
        self._importer = importer
        self._directory = directory

    def files(self):
        return PackedPath(self._importer, self._directory)

    # The pre-3.11 ResourceReader methods, which importlib.resources' legacy functions may still call.
    def open_resource(self, resource):
        return self.files().joinpath(resource).open("rb")

    def resource_path(self, resource):
        raise FileNotFoundError(resource)

    def is_resource(self, name):
        return self.files().joinpath(name).is_file()

    def contents(self):
        return (child.name for child in self.files().iterdir())


class PackedPath:
    """A file or directory of the pack, as an importlib.resources Traversable."""

    def __init__(self, importer, path):
        self._importer = importer
        self._path = path

    @property
    def name(self):
        return self._path.rsplit("/", 1)[-1]

    def __repr__(self):
        return f"PackedPath({self._importer.archive + '/' + self._path!r})"

    def __str__(self):
        return self._importer.archive + "/" + self._path

    def __eq__(self, other):
        return isinstance(other, PackedPath) and (self._importer, self._path) == (other._importer, other._path)

    def __hash__(self):
        return hash((self._importer.archive, self._path))

    def is_file(self):
        return self._importer.has_resource(self._path)

    def is_dir(self):
        return bool(self._importer.list_directory(self._path))

    def exists(self):
        return self.is_file() or self.is_dir()

    def iterdir(self):
        if not self.is_dir():
            raise NotADirectoryError(str(self))
        return iter([PackedPath(self._importer, self._path + "/" + child)
                     for child in self._importer.list_directory(self._path)])

    def joinpath(self, *descendants):
        path = self._path
        for descendant in descendants:
            for part in str(descendant).split("/"):
                if part and part != ".":
                    path = path + "/" + part
        return PackedPath(self._importer, path)

    __truediv__ = joinpath

    def read_bytes(self):
        data = self._importer.resource_data(self._path)
        if data is None:
            raise FileNotFoundError(str(self))
        return data

    def read_text(self, encoding=None, errors=None):
        return self.read_bytes().decode(encoding or "utf-8", errors or "strict")

    def open(self, mode="r", *args, **kwargs):
        import io
        if mode not in ("r", "rb"):
            raise ValueError(f"packed resources are read-only: mode {mode!r}")
        stream = io.BytesIO(self.read_bytes())
        return stream if mode == "rb" else io.TextIOWrapper(stream, *args, **kwargs)


def _agree_on_optimize(level):
    """Makes sys.flags.optimize say the level the pack was compiled with, as python -O/-OO would.

    GraalPy's own option is on or off (level 1), and its sys.flags cannot be instantiated: for
    -OO, sys.flags becomes a look-alike that answers 2 and passes everything else through.
    """
    if not level or sys.flags.optimize == level:
        return
    original = sys.flags

    class flags(tuple):
        __slots__ = ()

        def __getattr__(self, name):
            return level if name == "optimize" else getattr(original, name)

        def __repr__(self):
            return repr(original).replace(f"optimize={original.optimize}", f"optimize={level}")

    # CPython's field order, where optimize comes fourth.
    sys.flags = flags(level if i == 3 else value for i, value in enumerate(original))


def install(bridge):
    """Puts a finder for the bridge's pack first on sys.meta_path and returns it."""
    problem = bridge.accept_runtime()
    if problem:
        print(f"pyjar: warning: {problem}", file=sys.stderr)
    _agree_on_optimize(bridge.optimize)
    importer = PackedImporter(bridge)
    sys.meta_path.insert(0, importer)
    # The archive on sys.path, with a hook that understands it, is what pkgutil.iter_modules(),
    # importlib.metadata and PEP 420 namespace packages walk, as for a zip file on sys.path.
    sys.path_hooks.insert(0, importer.path_hook)
    sys.path.insert(0, importer.archive)
    return importer
