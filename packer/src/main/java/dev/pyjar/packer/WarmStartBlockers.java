package dev.pyjar.packer;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The standard library modules that decide how an app's runs may go warm. GraalPy 25 implements
 * some with native code that only one context per process may load, unless every context sets
 * {@code python.IsolateNativeModules}, which copies the libraries with {@code patchelf}; a warm
 * server runs each run in a context of its own. Found among the imports of the app's own modules
 * and its installed packages: the native modules themselves and the standard library modules
 * that need them for their work. An import deeper in the standard library, or from a name
 * computed at run time, is not seen; a warm run that makes one the server cannot serve gets an
 * ImportError that says so (the runtime's _pyjar_warm.py).
 */
final class WarmStartBlockers {
    /** sqlite3 and XML parsing: pure computation, warm where the server finds patchelf. */
    private static final Set<String> NEED_ISOLATION = Set.of(
            "_sqlite3", "sqlite3",
            "pyexpat", "xml.parsers.expat", "xml.etree.ElementTree", "xml.etree.cElementTree", "xml.dom.minidom",
            "xml.dom.expatbuilder", "xml.sax", "xml.sax.expatreader", "plistlib", "xmlrpc.client", "xmlrpc.server");
    /** Terminal control: it would act on the server's own descriptors, not the client's terminal. */
    private static final Set<String> NEVER_WARM = Set.of("termios", "tty", "pty", "getpass");

    private WarmStartBlockers() {}

    /** The imports that keep every run cold. */
    static Set<String> of(Collection<String> imported) {
        return among(imported, NEVER_WARM);
    }

    /** The imports that let runs go warm only with native modules isolated (patchelf). */
    static Set<String> isolated(Collection<String> imported) {
        return among(imported, NEED_ISOLATION);
    }

    private static Set<String> among(Collection<String> imported, Set<String> names) {
        Set<String> found = new TreeSet<>();
        for (String name : imported) {
            if (names.contains(name)) {
                found.add(name);
            }
        }
        return found;
    }
}
