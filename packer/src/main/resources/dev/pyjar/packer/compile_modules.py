"""Build-time half of pyjar's compiler: runs inside GraalPy, one call per module."""

import _imp
import marshal
from importlib.util import decode_source


def is_frozen(name):
    """GraalPy serves its frozen modules itself, faster than any finder on sys.meta_path could."""
    return _imp.is_frozen(name)


def extension_suffixes():
    import importlib.machinery
    return list(importlib.machinery.EXTENSION_SUFFIXES)


def compile_module(path, filename, optimize):
    """Returns [code blob, source as UTF-8] or [error kind, line, column, message]."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        text = decode_source(data)
        code = compile(data, filename, "exec", dont_inherit=True, optimize=optimize)
    except SyntaxError as error:
        return [type(error).__name__, error.lineno or 1, error.offset or 1, error.msg]
    except (ValueError, UnicodeDecodeError) as error:
        return [type(error).__name__, 1, 1, str(error)]
    return [marshal.dumps(code), text.encode("utf-8")]
