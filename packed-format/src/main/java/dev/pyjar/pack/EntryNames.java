package dev.pyjar.pack;

/** The rules a module name or resource path must follow to be packed. */
public final class EntryNames {
    private EntryNames() {}

    /** Dotted Python identifiers: {@code pkg.sub.mod}. Returns null when valid, else what is wrong. */
    static String moduleNameProblem(String name) {
        if (name.isEmpty()) {
            return "a module name is empty";
        }
        for (String part : name.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                return "module name '" + name + "' is not a dotted sequence of Python identifiers";
            }
        }
        return null;
    }

    /** '/'-separated, relative, no empty, '.' or '..' segment, no NUL or backslash. Null when valid. */
    static String resourcePathProblem(String path) {
        if (path.isEmpty() || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return "resource path '" + path + "' is empty or holds a NUL or backslash";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "resource path '" + path + "' has an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    /** A Python identifier (PEP 3131: Unicode letters allowed); keywords are not checked here. */
    public static boolean isIdentifier(String part) {
        if (part.isEmpty()) {
            return false;
        }
        int first = part.codePointAt(0);
        return (first == '_' || Character.isUnicodeIdentifierStart(first))
                && part.codePoints().allMatch(c -> c == '_' || Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
    }
}
