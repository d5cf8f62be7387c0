package dev.pyjar.runtime.internal;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

/** Which jar file a class-path resource comes from. */
public final class JarUrls {
    private JarUrls() {}

    /** The local jar file holding {@code resource} ({@code jar:file:/x/app.jar!/name}), if it is in one. */
    public static Optional<Path> jarOf(URL resource) {
        String spec = resource.toString();
        int separator = spec.lastIndexOf("!/");
        if (!spec.startsWith("jar:file:") || separator < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(new URL(spec.substring(4, separator)).toURI()));
        } catch (URISyntaxException | java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
