package dev.pyjar.maven;

import dev.pyjar.packer.JarParts;
import dev.pyjar.runtime.PackLoadException;
import dev.pyjar.runtime.PythonPack;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists what a jar built by {@code pyjar:package}, or a bare pack file, holds: the GraalPy it was
 * compiled for, its properties, every module with its kind and sizes, every data file, the
 * distributions it carries (name, version, license) and totals, and for a jar the room each part
 * of it takes (GraalPy's classes, the pack, natives...). Works outside a project too:
 * {@code mvn dev.pyjar:pyjar-maven-plugin:inspect -Dpyjar.file=app.jar -Dpyjar.filter='rich*'}.
 */
@Mojo(name = "inspect", requiresProject = false, threadSafe = true)
public final class InspectMojo extends AbstractMojo {
    /** The jar or pack file to list; defaults to the project's jar. */
    @Parameter(property = "pyjar.file", defaultValue = "${project.build.directory}/${project.build.finalName}.jar")
    private File file;

    /** Lists only modules, files and distributions whose names match this glob ({@code *} matches anything). */
    @Parameter(property = "pyjar.filter")
    private String filter;

    @Override
    public void execute() throws MojoFailureException {
        File target = file;
        if (target == null || !target.isFile()) {
            throw new MojoFailureException("pyjar:inspect needs a jar or pack file, and " + target + " is none: run it after"
                    + " package in a project, or name one with -Dpyjar.file=<path>");
        }
        try {
            PythonPack pack = target.getName().endsWith(".jar") ? PythonPack.openJar(target.toPath()) : PythonPack.openPackFile(target.toPath());
            pack.inventory(filter).forEach(line -> getLog().info(line));
            if (target.getName().endsWith(".jar")) {
                getLog().info("");
                getLog().info("room in the jar, by part:");
                JarParts.of(target.toPath()).lines().forEach(line -> getLog().info(line));
            }
        } catch (PackLoadException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new MojoFailureException(target + ": cannot read: " + e.getMessage(), e);
        }
    }
}
