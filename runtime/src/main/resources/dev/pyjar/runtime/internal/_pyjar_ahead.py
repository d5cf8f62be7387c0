"""Imports made ahead and kept out of sight, in a warm-start server's context (see _pyjar_warm).

A warm run's context is prepared before its run is known. pyjar's own set-up imports modules in
it (subprocess, for os.system), and once the runs before it have ended it imports the standard
library and third-party modules that they imported (import_ahead), which the run would otherwise
import itself.
A cold run's sys.modules holds only what the app imported, so every import made ahead is put out
of sight when it is done (end): the modules leave sys.modules for a finder first on
sys.meta_path (_ImportedAhead), which gives each back the first time the run imports it, with
the modules that its import brought in or asked for, as that import would have left them. What
each import asked for is recorded while the imports are made (begin): builtins.__import__ and
importlib's own import and loading steps are wrapped until end.

A module imported ahead of its run must not take anything of the run's that the run only sets
up when it begins (_RunsState): one whose import would is left to the run.
"""

# Only modules every context has loaded before this one: any other is imported while its import
# is recorded (begin), so that the run gets it with what its import brought in.
import _frozen_importlib as _bootstrap
import builtins
import sys

# What the context held before pyjar's warm set-up: what a cold run's context holds.
_BEFORE = frozenset(sys.modules) - {__name__}

_real_import, _real_gcd_import, _real_load = builtins.__import__, _bootstrap._gcd_import, _bootstrap._load_unlocked


class _ReadAhead(BaseException):
    """A module read the run's state (environment, working directory, standard streams...) while it
    was imported ahead: it must be imported by the run itself. A BaseException, so that an
    `except Exception` around the read cannot hide it."""


class _Unreadable:
    """Stands for a run's standard stream, arguments or environment while modules are imported ahead."""

    def __init__(self, what):
        self._what = what

    def __getattr__(self, name):
        raise _ReadAhead(self._what)

    def _refuse(self, *args, **kwargs):
        raise _ReadAhead(self._what)

    __getitem__ = __setitem__ = __delitem__ = __contains__ = __iter__ = __len__ = __bool__ = _refuse


def _unreadable_function(what):
    def unreadable(*args, **kwargs):
        raise _ReadAhead(what)
    return unreadable


class _RunsState:
    """While it is entered, what a run sets up as its own when it begins reads as _Unreadable:
    its standard streams and arguments, its environment (os.environ and os.environb share one
    mapping), its working directory, its terminals and its process ids."""

    _SYS = ("stdin", "stdout", "stderr", "__stdin__", "__stdout__", "__stderr__", "argv")
    _OS = ("getcwd", "getcwdb", "isatty", "get_terminal_size", "getpid", "getppid")

    def __enter__(self):
        import os
        import posix
        environment = _Unreadable("environment")
        self.replaced = [(sys, name, _Unreadable(name)) for name in self._SYS]
        self.replaced += [(os.environ, "_data", environment), (os.environb, "_data", environment)]
        for name in self._OS:
            stand_in = _unreadable_function(name)
            self.replaced += [(module, name, stand_in) for module in (os, posix) if hasattr(module, name)]
        self.stand_ins = [stand_in for _, _, stand_in in self.replaced]
        self.originals = [getattr(target, name) for target, name, _ in self.replaced]
        for target, name, stand_in in self.replaced:
            setattr(target, name, stand_in)
        return self

    def __exit__(self, *exception):
        for (target, name, _), original in zip(self.replaced, self.originals):
            setattr(target, name, original)

    _FUNCTION = type(_unreadable_function)

    def kept_by(self, module):
        """Whether the module kept one of the stand-ins (as a global, a default argument or a
        class attribute), which would stand for the run's state after it started."""
        values = list(vars(module).values())
        values += [each for value in values if isinstance(value, type) for each in vars(value).values()]
        functions = [value.__func__ if isinstance(value, (staticmethod, classmethod)) else value for value in values]
        values += [default for function in functions if isinstance(function, self._FUNCTION)
                   for default in (function.__defaults__ or ()) + tuple((function.__kwdefaults__ or {}).values())]
        return any(value is stand_in for value in values for stand_in in self.stand_ins)


class _ImportedAhead:
    """A meta path finder that gives the run a module imported ahead, the first time the run
    imports it, with the modules its import brought in or asked for, as that import would have
    left them. Everything it uses was imported before the modules it holds, so that it never
    asks itself for them."""

    def __init__(self):
        self._modules = {}
        self._specs = {}
        self._requires = {}
        self._placed = set()

    def add(self, modules, requires, placed):
        self._modules.update(modules)
        self._specs.update((name, getattr(module, "__spec__", None)) for name, module in modules.items())
        for name, required in requires.items():
            self._requires.setdefault(name, []).extend(required)
        self._placed.update(placed)
        if modules and self not in sys.meta_path:
            sys.meta_path.insert(0, self)

    def find_spec(self, name, path=None, target=None):
        own = self._specs.get(name)
        if own is None:
            return None
        spec = _bootstrap.ModuleSpec(name, self, origin=own.origin, is_package=own.submodule_search_locations is not None)
        spec.has_location = own.has_location
        return spec

    def create_module(self, spec):
        return self._modules[spec.name]

    def exec_module(self, module):
        name = module.__spec__.name
        # importlib gave it the spec find_spec made: its own goes back.
        module.__spec__ = self._specs.pop(name)
        del self._modules[name]
        for required in self._requires.get(name, ()):
            if required in sys.modules:
                continue
            if required in self._placed and required in self._modules:
                del self._specs[required]
                sys.modules[required] = self._modules.pop(required)
            else:
                _real_gcd_import(required)
        if not self._specs and self in sys.meta_path:
            sys.meta_path.remove(self)
        if name == "logging":
            # The one import-time clock of the standard library: relativeCreated counts from here.
            module._startTime = module.time.time()


_finder = _ImportedAhead()
_recording = None


class _Recording:
    """What imports ask for while it is installed: requires[module] lists the modules that the
    module's import asked for (imported or found imported) and the ones its code put into
    sys.modules itself, which are `placed` (as os puts os.path, and typing typing.io)."""

    def __init__(self):
        self.requires = {}
        self.loading = []
        self.loaded = set()
        self.placed = set()

    def install(self):
        builtins.__import__, _bootstrap._gcd_import, _bootstrap._load_unlocked = self.ahead_import, self.ahead_gcd_import, self.ahead_load

    def uninstall(self):
        builtins.__import__, _bootstrap._gcd_import, _bootstrap._load_unlocked = _real_import, _real_gcd_import, _real_load

    def record(self, name):
        if self.loading:
            self.requires.setdefault(self.loading[-1], []).append(name)

    def ahead_import(self, name, globals=None, locals=None, fromlist=(), level=0):
        module = _real_import(name, globals, locals, fromlist, level)
        absolute = _bootstrap._resolve_name(name, _bootstrap._calc___package__(globals), level) if level else name
        self.record(absolute)
        for each in fromlist or ():
            if f"{absolute}.{each}" in sys.modules:
                self.record(f"{absolute}.{each}")
        return module

    def ahead_gcd_import(self, name, package=None, level=0):
        # importlib.import_module's step.
        module = _real_gcd_import(name, package, level)
        self.record(_bootstrap._resolve_name(name, package, level) if level else name)
        return module

    def ahead_load(self, spec):
        self.loading.append(spec.name)
        self.loaded.add(spec.name)
        earlier = set(sys.modules)
        try:
            return _real_load(spec)
        finally:
            self.loading.pop()
            for name in set(sys.modules) - earlier - self.loaded:
                self.requires.setdefault(spec.name, []).append(name)
                self.placed.add(name)


def begin():
    """Imports from here on are made ahead: end() puts them out of sight, with every other module
    imported since this module's own import began (pyjar's set-up's)."""
    global _recording
    _recording = _Recording()
    _recording.install()


def end():
    """Puts the modules imported since begin() out of sight, until the run imports them."""
    global _recording
    recording, _recording = _recording, None
    recording.uninstall()
    ahead = {name: sys.modules.pop(name) for name in list(sys.modules) if name not in _BEFORE}
    _finder.add(ahead, recording.requires, recording.placed)


def import_ahead(*names):
    """Imports the modules `names` (standard library and third-party) ahead of the run that will
    import them (as begin and end do). A module whose import reads the run's state, writes or reads a standard
    stream, warns, changes the warnings filters, fails, or keeps a stand-in for the run's state
    is left to the run, with every module its import brought in: its name is returned, a NUL,
    and why (the server does not try it again)."""
    refused = []
    begin()
    # What the imports are checked with comes back into sys.modules first, not as theirs.
    import os  # noqa: F401 (for _RunsState)
    import posix  # noqa: F401
    import warnings
    try:
        for name in names:
            if name in sys.modules:
                continue
            earlier = set(sys.modules)
            filters = list(warnings.filters)
            with warnings.catch_warnings(record=True) as warned, _RunsState() as state:
                warnings.simplefilter("always")
                try:
                    _real_gcd_import(name)
                    kept = any(state.kept_by(sys.modules[each]) for each in set(sys.modules) - earlier)
                    why = "it kept the run's state" if kept else None
                except BaseException as error:
                    why = f"{type(error).__name__}: {error}"
                if warnings.filters[1:] != filters:
                    # catch_warnings would take the module's own filters back with it.
                    why = "it changed the warnings filters"
            if warned:
                why = f"it warned: {warned[0].message}"
            if why is not None:
                refused.append(f"{name}\0{why}")
                for each in set(sys.modules) - earlier:
                    del sys.modules[each]
    finally:
        end()
    return refused
