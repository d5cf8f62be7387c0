package dev.pyjar.packer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which modules a module's source may import, read from its text without Python: every
 * {@code import} and {@code from ... import} statement wherever it stands (inside functions,
 * {@code try} blocks and {@code if} branches too), and {@code importlib.import_module} and
 * {@code __import__} called with a string literal. It errs on the side of more: {@code from a
 * import b} names both {@code a} and {@code a.b}, for the caller to keep the ones that exist. Imports built at run time from
 * variables cannot be seen; the build's explicit includes are for those.
 */
final class ImportScanner {
    private static final Pattern DOTTED = Pattern.compile("\\.*[\\p{L}_][\\p{L}\\p{N}_]*(?:\\s*\\.\\s*[\\p{L}_][\\p{L}\\p{N}_]*)*|\\.+");
    /** A statement, after the header of a one-line compound statement such as {@code try: import x}. */
    private static final Pattern STATEMENT = Pattern.compile(
            "^(?:(?:if|elif|else|try|except|finally|with|while|for)\\b[^:]*:\\s*)?((?:import|from)\\s.*)$", Pattern.DOTALL);
    private static final Pattern DYNAMIC = Pattern.compile("(?:import_module|__import__)\\(\\s*['\"]([\\p{L}_][\\p{L}\\p{N}_.]*)['\"]");

    private ImportScanner() {}

    /**
     * Absolute names the source may import. {@code packageName} resolves relative imports: the
     * module's own name if it is a package, else the package it is in ("" at the top level).
     */
    static Set<String> imports(String source, String packageName) {
        Set<String> found = new LinkedHashSet<>();
        for (String statement : statements(source)) {
            Matcher match = STATEMENT.matcher(statement.strip());
            if (!match.matches()) {
                continue;
            }
            String text = match.group(1).replaceAll("\\s+", " ");
            if (text.startsWith("import ")) {
                for (String part : text.substring(7).split(",")) {
                    Matcher name = DOTTED.matcher(part.strip());
                    if (name.lookingAt()) {
                        addResolved(found, name.group(), packageName);
                    }
                }
            } else if (text.startsWith("from ")) {
                int importAt = text.indexOf(" import ");
                if (importAt < 0) {
                    continue;
                }
                Matcher from = DOTTED.matcher(text.substring(5, importAt).strip());
                if (!from.matches()) {
                    continue;
                }
                String base = resolve(from.group().replaceAll("\\s", ""), packageName);
                if (base == null) {
                    continue;
                }
                found.add(base);
                for (String part : text.substring(importAt + 8).replace("(", "").replace(")", "").split(",")) {
                    String name = part.strip().split("\\s+")[0];
                    if (!name.isEmpty() && !name.equals("*") && PythonNames.isIdentifier(name)) {
                        found.add(base.isEmpty() ? name : base + "." + name);
                    }
                }
            }
        }
        Matcher dynamic = DYNAMIC.matcher(source);
        while (dynamic.find()) {
            found.add(dynamic.group(1));
        }
        found.remove("");
        return found;
    }

    private static void addResolved(Set<String> found, String name, String packageName) {
        String resolved = resolve(name.replaceAll("\\s", ""), packageName);
        if (resolved != null) {
            found.add(resolved);
        }
    }

    /** {@code ..x} against package {@code a.b.c} is {@code a.b.x}; null when it climbs above the top. */
    private static String resolve(String name, String packageName) {
        int dots = 0;
        while (dots < name.length() && name.charAt(dots) == '.') {
            dots++;
        }
        if (dots == 0) {
            return name;
        }
        String base = packageName;
        for (int i = 1; i < dots; i++) {
            int last = base.lastIndexOf('.');
            if (base.isEmpty()) {
                return null;
            }
            base = last < 0 ? "" : base.substring(0, last);
        }
        if (base.isEmpty()) {
            return null;
        }
        String rest = name.substring(dots);
        return rest.isEmpty() ? base : base + "." + rest;
    }

    /**
     * Python's logical lines, split at {@code ;}, with string literals and comments blanked out:
     * physical lines are joined inside brackets and after a backslash, as the tokenizer joins them.
     */
    private static List<String> statements(String source) {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        int depth = 0;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '#') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                i = skipString(source, i);
                statement.append(" \"\" ");
            } else if (c == '\\' && i + 1 < n && (source.charAt(i + 1) == '\n' || source.charAt(i + 1) == '\r')) {
                i += source.startsWith("\r\n", i + 1) ? 3 : 2;
                statement.append(' ');
            } else if ((c == '\n' || c == '\r') && depth > 0) {
                statement.append(' ');
                i++;
            } else if (c == '\n' || c == '\r' || c == ';' && depth == 0) {
                statements.add(statement.toString());
                statement.setLength(0);
                i++;
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                statement.append(c);
                i++;
            }
        }
        statements.add(statement.toString());
        return statements;
    }

    /** The index after the string literal that starts at {@code start}; an unterminated one-line string ends at its line. */
    private static int skipString(String source, int start) {
        char quote = source.charAt(start);
        boolean triple = source.startsWith(String.valueOf(quote).repeat(3), start);
        int i = start + (triple ? 3 : 1);
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote && (!triple || source.startsWith(String.valueOf(quote).repeat(3), i))) {
                return i + (triple ? 3 : 1);
            } else if (!triple && (c == '\n' || c == '\r')) {
                return i;
            } else {
                i++;
            }
        }
        return i;
    }
}
