package dev.pyjar.packer;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The standard library modules that keep an app from warm starts: GraalPy 25 implements them
 * with native code that only one context per process may ever load (without patchelf, which
 * {@code python.IsolateNativeModules} needs), while a warm server runs each run in a context of
 * its own. Found among the imports of the app's own modules and its installed packages: the
 * native modules themselves and the standard library modules that need them for their work. An
 * import deeper in the standard library, or from a name computed at run time, is not seen; a
 * warm run that makes one gets an ImportError that says so (the runtime's warm_run.py).
 */
final class WarmStartBlockers {
    private static final Set<String> NEED_NATIVE_CODE = Set.of(
            "_sqlite3", "sqlite3",
            "pyexpat", "xml.parsers.expat", "xml.etree.ElementTree", "xml.etree.cElementTree", "xml.dom.minidom",
            "xml.dom.expatbuilder", "xml.sax", "xml.sax.expatreader", "plistlib", "xmlrpc.client", "xmlrpc.server",
            "termios", "tty", "pty", "getpass");

    private WarmStartBlockers() {}

    static Set<String> of(Collection<String> imported) {
        Set<String> blockers = new TreeSet<>();
        for (String name : imported) {
            if (NEED_NATIVE_CODE.contains(name)) {
                blockers.add(name);
            }
        }
        return blockers;
    }
}
