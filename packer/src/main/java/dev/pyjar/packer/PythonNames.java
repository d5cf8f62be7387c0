package dev.pyjar.packer;

import dev.pyjar.pack.EntryNames;
import java.util.Set;

/** Python's rules for the names a module path may be made of. */
final class PythonNames {
    private static final Set<String> KEYWORDS = Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private PythonNames() {}

    /** An identifier that is not a keyword. */
    static boolean isIdentifier(String name) {
        return !KEYWORDS.contains(name) && EntryNames.isIdentifier(name);
    }

    /** A valid name close to an invalid one, to suggest in an error message. */
    static String suggest(String name) {
        StringBuilder fixed = new StringBuilder();
        name.codePoints().forEach(c -> fixed.appendCodePoint(c == '_' || Character.isUnicodeIdentifierPart(c) ? c : '_'));
        if (fixed.length() == 0 || !Character.isUnicodeIdentifierStart(fixed.codePointAt(0)) && fixed.charAt(0) != '_') {
            fixed.insert(0, '_');
        }
        String candidate = fixed.toString();
        return KEYWORDS.contains(candidate) ? candidate + "_" : candidate;
    }
}
