package dev.pyjar.pack;

/** A run of bytes in the pack: where it starts (from the pack's first byte), how long, and its CRC32C. */
public record Blob(int offset, int length, int crc32c) {}
