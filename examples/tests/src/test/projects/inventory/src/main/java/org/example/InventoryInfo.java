package org.example;

/** Java code living beside the Python app: it must end up in the executable jar too. */
public final class InventoryInfo {
    private InventoryInfo() {}

    public static String name() {
        return "inventory";
    }
}
