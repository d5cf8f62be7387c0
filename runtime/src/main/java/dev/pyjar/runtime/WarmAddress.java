package dev.pyjar.runtime;

import dev.pyjar.runtime.internal.CacheDirectory;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the warm-start server of one jar build, JDK and set of JVM options listens: a Unix domain
 * socket named by that compatibility key ({@link #key}), in {@code <cache directory>/warm}, a
 * directory that only its owner may enter. No TCP port: only the same user can reach a server.
 * A directory with another owner or any access for others is refused, never repaired: a run then
 * runs cold.
 *
 * <p>Next to the socket: the server's lock file, which the server holds for as long as it lives
 * (so that of several servers started at once one stays), and its log.
 */
record WarmAddress(Path directory, String key) {
    /** A socket path must fit {@code sun_path}: 108 bytes with the terminating NUL. */
    private static final int SOCKET_PATH_LIMIT = 107;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** The address for {@code jar} as {@code command} would run it; null where there is none (no cache directory, a path too long). */
    static WarmAddress of(Path jar, TunedCommand command, Map<String, String> environment) {
        Path cache = CacheDirectory.locate(environment);
        if (cache == null) {
            return null;
        }
        try {
            WarmAddress address = new WarmAddress(cache.toAbsolutePath().resolve("warm"), key(jar, command.jdk(), command.userOptions()));
            return address.socket().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= SOCKET_PATH_LIMIT ? address : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /**
     * The compatibility key: the jar's path, size, modification time and file identity (a
     * rebuilt jar is a new file: the packer writes it under another name and renames it into
     * place, so even a rebuild within the same clock tick has another identity), pyjar's runtime
     * being inside the jar; the JDK's home and exact build; the user's JVM options.
     */
    static String key(Path jar, Jdk jdk, List<String> userOptions) throws IOException {
        Path real = jar.toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        StringBuilder identity = new StringBuilder().append(real).append('\0').append(attributes.size()).append('\0')
                .append(attributes.lastModifiedTime().toInstant()).append('\0').append(attributes.fileKey()).append('\0')
                .append(jdk.home()).append('\0').append(jdk.vmVersion());
        for (String option : userOptions) {
            identity.append('\0').append(option);
        }
        return NameDigest.wide(identity.toString());
    }

    Path socket() {
        return directory.resolve(key + ".sock");
    }

    Path lockFile() {
        return directory.resolve(key + ".lock");
    }

    Path log() {
        return directory.resolve(key + ".log");
    }

    /** Makes the directory, owner only, if it is missing; false when it cannot be made or is not this user's alone. */
    boolean secure() {
        try {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory.getParent());
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return owner.equals(self) && Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }

    /** A connection to the server, or null when none listens (or the directory is not secure). */
    SocketChannel connect() {
        if (!secure() || !Files.exists(socket(), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket()));
                return channel;
            } catch (IOException e) {
                channel.close();
                return null;
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Whether a server holds the lock (runs, or is starting): then another need not be started. */
    boolean serverAlive() {
        try (FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return true;
        }
    }
}
