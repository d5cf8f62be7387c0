package dev.pyjar.pack;

/**
 * The GraalPy a pack's code blobs were compiled for. A runtime whose tag differs must not run them.
 *
 * @param graalPyVersion GraalPy's own version, e.g. {@code 25.0.3}
 * @param cacheTag {@code sys.implementation.cache_tag}, e.g. {@code graalpy250-312}
 * @param bytecodeMagic {@code importlib.util.MAGIC_NUMBER} read as a little-endian int
 */
public record RuntimeTag(String graalPyVersion, String cacheTag, int bytecodeMagic) {}
