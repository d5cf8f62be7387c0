package dev.pyjar.runtime;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which standard library and third-party modules (never the app's own) the next warm run will
 * import, as far as the last runs tell: a spare context imports them ahead
 * ({@link WarmContext#importAhead}). Only modules that each of the last {@value #RUNS} runs
 * imported are named, so that a run of another kind (another subcommand, say) makes the
 * forecast smaller rather than has modules imported for nothing; modules whose import must be
 * left to the run are never named again.
 */
final class ImportForecast {
    static final int RUNS = 3;

    private final Deque<Set<String>> recent = new ArrayDeque<>();
    private final Set<String> refused = new HashSet<>();
    private int runsWithImportsAhead;

    /** A run ended having imported {@code modules}, in this order; {@code hadImportsAhead}: in a context that imported some ahead. */
    synchronized void learn(List<String> modules, boolean hadImportsAhead) {
        if (hadImportsAhead) {
            runsWithImportsAhead++;
        }
        recent.addFirst(new LinkedHashSet<>(modules));
        if (recent.size() > RUNS) {
            recent.removeLast();
        }
    }

    /** These modules read a run's state when imported, or failed: only runs import them. */
    synchronized void refuse(Collection<String> modules) {
        refused.addAll(modules);
    }

    /** How many runs ran in a context that had imported modules ahead. */
    synchronized int runsWithImportsAhead() {
        return runsWithImportsAhead;
    }

    /** The modules to import ahead, in the order the last run's imports of them finished. */
    synchronized List<String> modules() {
        if (recent.isEmpty()) {
            return List.of();
        }
        return recent.getFirst().stream()
                .filter(module -> !refused.contains(module) && recent.stream().allMatch(run -> run.contains(module)))
                .toList();
    }
}
