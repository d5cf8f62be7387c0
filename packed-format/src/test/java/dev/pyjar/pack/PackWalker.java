package dev.pyjar.pack;

import java.nio.ByteBuffer;

/** Touches every part of a pack the way a runtime could: every module, resource, blob and range. */
final class PackWalker {
    private PackWalker() {}

    /** Returns normally or throws PackFormatException; anything else is a reader bug. */
    static void walk(ByteBuffer buffer) throws PackFormatException {
        PackReader reader = PackReader.open(buffer);
        reader.runtimeTag();
        reader.properties();
        for (int i = 0; i < reader.moduleCount(); i++) {
            ModuleEntry module = reader.moduleAt(i);
            if (module.code().isPresent()) {
                drain(reader.read(module.code().get()));
            }
            if (module.source().isPresent()) {
                drain(reader.readSource(module.source().get()));
            }
            reader.findModule(module.name());
            reader.moduleRange(module.name());
        }
        for (int i = 0; i < reader.resourceCount(); i++) {
            ResourceEntry resource = reader.resourceAt(i);
            drain(reader.read(resource.data()));
            reader.findResource(resource.path());
            reader.resourceRange(resource.path());
        }
        reader.findModule("absent.module");
        reader.resourceRange("");
    }

    private static void drain(ByteBuffer blob) {
        while (blob.hasRemaining()) {
            blob.get();
        }
    }
}
