package dev.pyjar.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A copy of a project under src/test/projects, built by a real Maven with the plugin from this build. */
final class TestProject {
    static final Path PROJECTS = Path.of(System.getProperty("pyjar.testProjects"));

    private final Path directory;

    private TestProject(Path directory) {
        this.directory = directory;
    }

    /** Copies project {@code name} into {@code parent/<name>}, with the plugin version filled in. */
    static TestProject copy(String name, Path parent) {
        Path target = parent.resolve(name);
        Path source = PROJECTS.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (file.getFileName().toString().equals("pom.xml")) {
                    Files.writeString(copy, Files.readString(file).replace("@pyjar.version@", System.getProperty("pyjar.version")));
                } else {
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestProject(target);
    }

    Path directory() {
        return directory;
    }

    Path jar(String finalName) {
        return directory.resolve("target").resolve(finalName + ".jar");
    }

    /** Runs {@code mvn -B package} with extra arguments; {@code javaOptions} go to Maven's JVM. */
    ProcessRun mvnPackage(String javaOptions, String... arguments) {
        List<String> goalAndArguments = new ArrayList<>(List.of("package"));
        goalAndArguments.addAll(List.of(arguments));
        return mvn(javaOptions, goalAndArguments);
    }

    /** Runs {@code mvn -B} with goals and arguments. */
    ProcessRun mvn(String javaOptions, List<String> goalsAndArguments) {
        return mvn(Map.of(), javaOptions, goalsAndArguments);
    }

    /** Runs {@code mvn -B} with goals and arguments, and these environment variables set (or, if empty, removed). */
    ProcessRun mvn(Map<String, String> environment, String javaOptions, List<String> goalsAndArguments) {
        return mvn(Path.of(System.getProperty("pyjar.mavenHome")), environment, javaOptions, goalsAndArguments);
    }

    /** Runs {@code mvn -B} of the Maven installed in {@code mavenHome}, with these environment variables set (or, if empty, removed). */
    ProcessRun mvn(Path mavenHome, Map<String, String> environment, String javaOptions, List<String> goalsAndArguments) {
        List<String> command = new ArrayList<>(List.of(mavenHome.resolve("bin/mvn").toString(), "-B", "-ntp",
                "-Dmaven.repo.local=" + System.getProperty("pyjar.localRepository")));
        command.addAll(goalsAndArguments);
        Map<String, String> variables = new java.util.HashMap<>(environment);
        variables.put("MAVEN_OPTS", javaOptions);
        variables.put("JAVA_HOME", System.getProperty("java.home"));
        return ProcessRun.run(command, directory, variables);
    }

    void deletePythonSources() {
        try (Stream<Path> files = Files.walk(directory.resolve("src/main/python"))) {
            for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
