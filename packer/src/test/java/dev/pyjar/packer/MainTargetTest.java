package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MainTargetTest {
    private static final Set<String> MODULES = Set.of("app", "app.cli", "app.__main__", "tool", "tool.run");

    @Test
    void namesAModuleAFunctionOrAPackageWithMain() throws Exception {
        assertEquals(new MainTarget("app.cli", null), MainTarget.resolve("app.cli", MODULES, List.of()));
        assertEquals(new MainTarget("app.cli", "main"), MainTarget.resolve(" app.cli:main ", MODULES, List.of()));
        assertEquals(new MainTarget("app", null), MainTarget.resolve("app", MODULES, List.of()));
    }

    @Test
    void aMissingModuleIsNamedWithWhatIsThere() {
        BuildException error = assertThrows(BuildException.class, () -> MainTarget.resolve("ap.cli", MODULES, List.of()));
        assertEquals("main names module 'ap.cli', which is in neither the Python source directory nor pythonPath;"
                + " top-level modules there: app, tool", error.getMessage());
    }

    @Test
    void somethingThatIsNotAModuleNameIsRefusedWithAnExample() {
        BuildException error = assertThrows(BuildException.class, () -> MainTarget.resolve("app/cli.py", MODULES, List.of()));
        assertEquals("main 'app/cli.py' is not a module name ('app' or 'app.cli') or 'module:function' (such as 'app.cli:main')",
                error.getMessage());
    }
}
