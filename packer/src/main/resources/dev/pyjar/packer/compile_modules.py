"""Build-time half of pyjar's compiler: runs inside GraalPy, one call per module."""

import _imp
import marshal
import sys
from importlib.util import decode_source
from _frozen_importlib_external import MAGIC_NUMBER


def runtime_tag():
    """What the pack records and the runtime compares before it runs any compiled code.

    GraalPy's two bytecode interpreters marshal code differently under one cache tag and magic,
    so the cache tag names the Bytecode DSL one (see FORMAT.md)."""
    dsl = "+bytecode-dsl" if __graalpython__.is_bytecode_dsl_interpreter else ""
    return [__graalpython__.get_graalvm_version(), sys.implementation.cache_tag + dsl,
            int.from_bytes(MAGIC_NUMBER, "little")]


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
