package dev.pyjar.packer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code .whl} file unpacked the way an installer lays it out in {@code site-packages}: its
 * root as is, and {@code <name>.data/purelib} and {@code platlib} merged into it. Scripts, headers
 * and data files of the wheel's {@code .data} directory belong outside {@code site-packages} and
 * are left out.
 */
final class Wheel {
    private Wheel() {}

    /** Unpacks {@code wheel} into {@code directory} (emptied first) and returns it. */
    static Path unpack(Path wheel, Path directory) throws BuildException {
        try {
            FileTrees.unzip(wheel, directory, Wheel::installedPath);
        } catch (IOException e) {
            throw new BuildException("cannot unpack wheel " + wheel + ": " + e.getMessage(), e);
        }
        return directory;
    }

    /** Where an entry goes below {@code site-packages}, or null when it does not go there. */
    private static String installedPath(String entry) {
        int slash = entry.indexOf('/');
        if (slash < 0 || !entry.substring(0, slash).endsWith(".data")) {
            return entry;
        }
        String rest = entry.substring(slash + 1);
        for (String scheme : new String[] {"purelib/", "platlib/"}) {
            if (rest.startsWith(scheme)) {
                return rest.substring(scheme.length());
            }
        }
        return null;
    }
}
