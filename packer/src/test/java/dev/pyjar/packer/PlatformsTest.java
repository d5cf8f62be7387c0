package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformsTest {
    @Test
    void keepsOnlyTheNamedPlatformsNativesAndEverythingElse() throws BuildException {
        Platforms linux = Platforms.of(List.of("linux-x86_64"));
        assertTrue(linux.keeps("META-INF/resources/linux/amd64/lib/graalpy25.0/libpython-native.so"));
        assertTrue(linux.keeps("META-INF/resources/nfi-native/libnfi/linux/amd64/bin/libtrufflenfi.so"));
        assertFalse(linux.keeps("META-INF/resources/linux/aarch64/lib/graalpy25.0/libpython-native.so"));
        assertFalse(linux.keeps("META-INF/resources/darwin/aarch64/native.files"));
        assertFalse(linux.keeps("META-INF/resources/windows/amd64/lib-graalpython/python-native.dll"));
        assertFalse(linux.keeps("META-INF/resources/engine/libtruffleattach/windows/amd64/bin/trufflenfi.dll"));
        // Not a platform's directory: a module named after one.
        assertTrue(linux.keeps("META-INF/resources/libpython/asyncio/windows_events.py"));
        assertTrue(linux.keeps("META-INF/resources/libpython/os.py"));
        assertTrue(linux.keeps("com/oracle/graal/python/Foo.class"));
        assertTrue(Platforms.ALL.keeps("META-INF/resources/darwin/aarch64/native.files"));
    }

    @Test
    void understandsCommonSpellingsAndRefusesOthers() throws BuildException {
        assertTrue(Platforms.of(List.of("macos-arm64")).keeps("META-INF/resources/darwin/aarch64/native.files"));
        assertFalse(Platforms.of(List.of("macos-arm64")).keeps("META-INF/resources/linux/aarch64/native.files"));
        assertThrows(BuildException.class, () -> Platforms.of(List.of("linux")));
        assertThrows(BuildException.class, () -> Platforms.of(List.of("solaris-sparc")));
    }
}
