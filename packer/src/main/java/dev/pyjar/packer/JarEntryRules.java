package dev.pyjar.packer;

import java.util.Locale;

/** Which entries of the input jars a merged jar keeps, and which it must merge rather than pick. */
final class JarEntryRules {
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String SERVICES = "META-INF/services/";

    private JarEntryRules() {}

    /**
     * Signatures would no longer match the merged jar and make the JVM refuse it; module
     * descriptors and jar indexes describe one input jar, not the merged one; the manifest is
     * written anew.
     */
    static boolean isDropped(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.equals(MANIFEST) || upper.equals("META-INF/INDEX.LIST")) {
            return true;
        }
        if (upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0
                && (upper.endsWith(".SF") || upper.endsWith(".DSA") || upper.endsWith(".RSA") || upper.endsWith(".EC"))) {
            return true;
        }
        return name.equals("module-info.class") || name.startsWith("META-INF/versions/") && name.endsWith("/module-info.class");
    }

    /** Service registrations from every jar must all survive, so these files are concatenated. */
    static boolean isServiceFile(String name) {
        return name.startsWith(SERVICES) && name.length() > SERVICES.length() && name.indexOf('/', SERVICES.length()) < 0;
    }
}
