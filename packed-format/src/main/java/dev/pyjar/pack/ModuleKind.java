package dev.pyjar.pack;

/** What a module entry is; the ordinal is the kind byte stored in the pack. */
public enum ModuleKind {
    /** A {@code .py} module. */
    MODULE,
    /** A regular package: its code is its {@code __init__.py}. */
    PACKAGE,
    /** A PEP 420 namespace package: no code, no source. */
    NAMESPACE_PACKAGE
}
