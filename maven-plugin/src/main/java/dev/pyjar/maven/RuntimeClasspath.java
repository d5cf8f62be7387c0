package dev.pyjar.maven;

import dev.pyjar.packer.BuildException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * The jars an executable jar merges: the project's own run-time dependencies, then pyjar's runtime
 * with GraalPy, resolved at this plugin's version so the runtime matches the compiler. Where both
 * name the same artifact, the project's version wins.
 */
final class RuntimeClasspath {
    private final RepositorySystem repositorySystem;
    private final MavenSession session;
    private final MavenProject project;
    private final PluginDescriptor plugin;
    private final Log log;

    RuntimeClasspath(RepositorySystem repositorySystem, MavenSession session, MavenProject project, PluginDescriptor plugin, Log log) {
        this.repositorySystem = repositorySystem;
        this.session = session;
        this.project = project;
        this.plugin = plugin;
        this.log = log;
    }

    List<Path> jars() throws BuildException {
        Map<String, Path> jars = new LinkedHashMap<>();
        Map<String, String> versions = new LinkedHashMap<>();
        for (Artifact artifact : project.getArtifacts()) {
            if (artifact.getArtifactHandler().isAddedToClasspath() && artifact.getFile() != null
                    && (Artifact.SCOPE_COMPILE.equals(artifact.getScope()) || Artifact.SCOPE_RUNTIME.equals(artifact.getScope()))) {
                String key = artifact.getGroupId() + ":" + artifact.getArtifactId();
                jars.putIfAbsent(key, artifact.getFile().toPath());
                versions.putIfAbsent(key, artifact.getVersion());
            }
        }
        for (ArtifactResult result : resolveRuntime()) {
            org.eclipse.aether.artifact.Artifact artifact = result.getArtifact();
            if (!"jar".equals(artifact.getExtension()) || artifact.getFile() == null) {
                continue;
            }
            String key = artifact.getGroupId() + ":" + artifact.getArtifactId();
            String projectVersion = versions.get(key);
            if (projectVersion != null && !projectVersion.equals(artifact.getVersion())) {
                log.warn("pyjar: the project depends on " + key + ":" + projectVersion + " but pyjar's runtime on "
                        + artifact.getVersion() + "; the jar gets the project's. If that is GraalPy, packed code compiled"
                        + " for " + artifact.getVersion() + " will fall back to source at run time.");
            }
            jars.putIfAbsent(key, artifact.getFile().toPath());
        }
        return new ArrayList<>(jars.values());
    }

    private List<ArtifactResult> resolveRuntime() throws BuildException {
        DefaultArtifact runtime = new DefaultArtifact(plugin.getGroupId(), "pyjar-runtime", "jar", plugin.getVersion());
        CollectRequest collect = new CollectRequest(new Dependency(runtime, "runtime"), project.getRemoteProjectRepositories());
        try {
            return repositorySystem.resolveDependencies(session.getRepositorySession(), new DependencyRequest(collect, null))
                    .getArtifactResults();
        } catch (DependencyResolutionException e) {
            throw new BuildException("cannot resolve pyjar's runtime " + runtime + ": " + e.getMessage(), e);
        }
    }
}
