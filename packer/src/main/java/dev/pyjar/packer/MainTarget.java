package dev.pyjar.packer;

import dev.pyjar.runtime.internal.Distribution;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

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

    /**
     * Resolves {@code main} against what the pack holds: a packed module, {@code module:function}
     * of a packed module, or the name of a packed distribution's console script (as pip's
     * launchers run them).
     */
    static MainTarget resolve(String spec, Set<String> modules, List<Distribution> distributions) throws BuildException {
        String trimmed = spec.trim();
        // A package runs only through its __main__; a console script of the same name is what was meant.
        boolean runnableModule = modules.contains(trimmed)
                && (modules.contains(trimmed + ".__main__") || modules.stream().noneMatch(m -> m.startsWith(trimmed + ".")));
        if (!runnableModule) {
            for (Distribution distribution : distributions) {
                String script = distribution.consoleScripts().get(trimmed);
                if (script != null) {
                    return resolve(script, modules, List.of());
                }
            }
        }
        MainTarget target = parse(trimmed);
        if (!modules.contains(target.module())) {
            throw new BuildException("main names module '" + target.module() + "', which is in neither the Python source"
                    + " directory nor pythonPath" + available(modules.stream().filter(m -> m.indexOf('.') < 0).sorted().toList(), "top-level modules")
                    + available(distributions.stream().flatMap(d -> d.consoleScripts().keySet().stream()).sorted().toList(), "console scripts"));
        }
        return target;
    }

    private static String available(Collection<String> names, String what) {
        return names.isEmpty() ? "" : "; " + what + " there: " + String.join(", ", names);
    }

    private static boolean isDottedName(String name) {
        return !name.isEmpty() && Arrays.stream(name.split("\\.", -1)).allMatch(PythonNames::isIdentifier);
    }

    @Override
    public String toString() {
        return function == null ? module : module + ":" + function;
    }
}
