package dev.pyjar.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Extension;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Which of pyjar's input files Maven's Build Cache Extension would not hash. The extension keys a
 * project's cached jar on the files it finds by itself: Java sources, resources, the paths written
 * in plugin configurations, and the roots users declare. {@code src/main/python} is none of these
 * when it is left at its default, so without a declaration a changed {@code .py} file would bring
 * back the jar of the sources before it. The extension decides the key before any goal runs, so
 * pyjar cannot add its inputs; it can only say which ones are missing.
 */
final class BuildCacheCoverage {
    private static final String EXTENSION = "maven-build-cache-extension";
    private static final String INPUT_PROPERTY = "maven.build.cache.input";
    private static final String GLOB_PROPERTY = "maven.build.cache.input.glob";

    private final MavenSession session;
    private final MavenProject project;
    private final String pluginKey;

    BuildCacheCoverage(MavenSession session, MavenProject project, String pluginKey) {
        this.session = session;
        this.project = project;
        this.pluginKey = pluginKey;
    }

    /** The {@code inputs} (existing files or directories) that an active build cache would not hash; empty when no cache is active. */
    List<Path> unhashed(List<Path> inputs) throws IOException {
        if (!extensionLoaded() || "false".equals(setting("maven.build.cache.enabled"))) {
            return List.of();
        }
        Path config = configFile();
        Element cache = Files.isRegularFile(config) ? parse(config) : null;
        if (cache != null && "false".equals(text(cache, "enabled"))) {
            return List.of();
        }
        List<Path> hashedRoots = new ArrayList<>(declaredRoots());
        if (cache != null) {
            NodeList includes = cache.getElementsByTagNameNS("*", "include");
            for (int i = 0; i < includes.getLength(); i++) {
                // Only <global> includes count for every project; a plugin's <dirScan> has includes of its own.
                if (includes.item(i).getParentNode().getParentNode() instanceof Element section
                        && "global".equals(section.getLocalName())) {
                    hashedRoots.add(resolve(includes.item(i).getTextContent().trim()));
                }
            }
        }
        if (!"false".equals(setting("maven.build.cache.processPlugins"))) {
            hashedRoots.addAll(configuredPaths());
        }
        return inputs.stream().map(this::resolve).filter(Files::exists)
                .filter(input -> hashedRoots.stream().noneMatch(input::startsWith)).toList();
    }

    private boolean extensionLoaded() throws IOException {
        if (project.getBuildExtensions().stream().map(Extension::getArtifactId).anyMatch(EXTENSION::equals)) {
            return true;
        }
        Path coreExtensions = rootDirectory().resolve(".mvn/extensions.xml");
        return Files.isRegularFile(coreExtensions) && Files.readString(coreExtensions).contains(EXTENSION);
    }

    private Path configFile() {
        String configured = setting("maven.build.cache.configPath");
        return configured != null ? Path.of(configured) : rootDirectory().resolve(".mvn/maven-build-cache-config.xml");
    }

    private Path rootDirectory() {
        File root = session.getRequest().getMultiModuleProjectDirectory();
        return (root != null ? root : project.getBasedir()).toPath();
    }

    /** A setting as the extension reads it: the command line first, then the project. */
    private String setting(String name) {
        for (Properties properties : List.of(session.getUserProperties(), session.getSystemProperties(), project.getProperties())) {
            String value = properties.getProperty(name);
            if (value != null) {
                return value.trim();
            }
        }
        return null;
    }

    /** The roots named by {@code maven.build.cache.input*} properties. */
    private List<Path> declaredRoots() {
        Properties properties = project.getProperties();
        return properties.stringPropertyNames().stream()
                .filter(name -> name.startsWith(INPUT_PROPERTY) && !name.equals(GLOB_PROPERTY))
                .map(name -> resolve(properties.getProperty(name).trim())).toList();
    }

    /** Every value in pyjar's own configuration, each read as a path, as the extension probes them. */
    private List<Path> configuredPaths() {
        Plugin plugin = project.getBuild().getPluginsAsMap().get(pluginKey);
        List<Path> paths = new ArrayList<>();
        if (plugin != null) {
            Stream.concat(Stream.of(plugin.getConfiguration()), plugin.getExecutions().stream().map(PluginExecution::getConfiguration))
                    .forEach(configuration -> addValues(configuration, paths));
        }
        return paths;
    }

    private void addValues(Object configuration, List<Path> paths) {
        if (configuration instanceof Xpp3Dom dom) {
            // The extension takes absolute paths under the temporary directory for scratch files, never inputs.
            if (dom.getValue() != null && !dom.getValue().isBlank() && !dom.getValue().startsWith(System.getProperty("java.io.tmpdir"))) {
                try {
                    paths.add(resolve(dom.getValue().trim()));
                } catch (InvalidPathException notAPath) {
                    // The extension skips such values too.
                }
            }
            for (Xpp3Dom child : dom.getChildren()) {
                addValues(child, paths);
            }
        }
    }

    private Path resolve(Path path) {
        return project.getBasedir().toPath().resolve(path).toAbsolutePath().normalize();
    }

    private Path resolve(String path) {
        return resolve(Path.of(path));
    }

    private static String text(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static Element parse(Path config) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(config.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }
}
