package dev.pyjar.build;

import java.util.Arrays;

/** What {@code java -jar} runs: a module run as {@code __main__}, or {@code module:function}. */
record MainTarget(String module, String function) {

    static MainTarget parse(String spec) throws BuildException {
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        String module = colon < 0 ? trimmed : trimmed.substring(0, colon);
        String function = colon < 0 ? null : trimmed.substring(colon + 1);
        if (!isDottedName(module) || function != null && !isDottedName(function)) {
            throw new BuildException("main '" + spec + "' is not a module name ('app' or 'app.cli') or 'module:function'"
                    + " (such as 'app.cli:main')");
        }
        return new MainTarget(module, function);
    }

    private static boolean isDottedName(String name) {
        return !name.isEmpty() && Arrays.stream(name.split("\\.", -1)).allMatch(PythonNames::isIdentifier);
    }

    @Override
    public String toString() {
        return function == null ? module : module + ":" + function;
    }
}
