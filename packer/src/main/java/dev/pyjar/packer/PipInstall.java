package dev.pyjar.packer;

import dev.pyjar.runtime.internal.ContentHash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Installs pip requirements with GraalPy's own pip (the one its {@code ensurepip} bundles, which
 * knows GraalPy's patches and wheel tags) into a build directory laid out like
 * {@code site-packages}, which the pack then takes like any {@code pythonPath} root.
 *
 * <p>pip runs interpreted and takes tens of seconds, so an installation is reused while its
 * inputs (requirements, requirements file, options and GraalPy version) stay the same.
 *
 * @param requirements requirement specifiers, as on pip's command line
 * @param requirementsFile a requirements file, or null
 * @param options further pip options, such as {@code --no-index} and {@code --find-links=dir}
 */
public record PipInstall(List<String> requirements, Path requirementsFile, List<String> options) {
    private static final String STAMP = ".pyjar-pip-inputs";

    public boolean isEmpty() {
        return requirements.isEmpty() && requirementsFile == null;
    }

    /**
     * The local files and directories pip reads: the requirements file, {@code --find-links}
     * directories, and requirements that name a file (a wheel or an archive). A build cache must
     * hash them all, and so must the reuse of an installation.
     */
    public List<Path> localInputs() {
        List<Path> inputs = new ArrayList<>();
        if (requirementsFile != null) {
            inputs.add(requirementsFile);
        }
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            String findLinks = option.startsWith("--find-links=") ? option.substring("--find-links=".length())
                    : (option.equals("--find-links") || option.equals("-f")) && i + 1 < options.size() ? options.get(++i) : null;
            if (findLinks != null && !findLinks.contains("://")) {
                inputs.add(Path.of(findLinks));
            }
        }
        for (String requirement : requirements) {
            try {
                if (!requirement.contains("://") && Files.isRegularFile(Path.of(requirement))) {
                    inputs.add(Path.of(requirement));
                }
            } catch (InvalidPathException notAPath) {
                // A specifier such as "rich[jupyter]>=13": nothing local to read.
            }
        }
        return inputs;
    }

    /** Installs into {@code directory} unless it already holds this installation; returns it. */
    Path installInto(Path directory, String graalPyVersion, Consumer<String> log) throws BuildException {
        try {
            String inputs = inputs(graalPyVersion);
            Path stamp = directory.resolve(STAMP);
            if (Files.isRegularFile(stamp) && Files.readString(stamp, StandardCharsets.UTF_8).equals(inputs)) {
                log.accept("pip requirements unchanged since the last build: reusing " + directory);
                return directory;
            }
            FileTrees.deleteTree(directory);
            Path pip = StandardLibrary.bundledPip(directory.resolveSibling("pip-wheel"));
            run(pip, directory, log);
            // Console-script launchers belong outside site-packages; main can name a console script instead.
            FileTrees.deleteTree(directory.resolve("bin"));
            Files.writeString(stamp, inputs, StandardCharsets.UTF_8);
            return directory;
        } catch (IOException e) {
            throw new BuildException("cannot install the pip requirements into " + directory + ": " + e.getMessage(), e);
        }
    }

    private void run(Path pip, Path directory, Consumer<String> log) throws BuildException {
        List<String> request = new ArrayList<>(options);
        if (requirementsFile != null) {
            request.addAll(List.of("--requirement", requirementsFile.toString()));
        }
        request.addAll(requirements);
        List<String> arguments = new ArrayList<>(List.of("install", "--target", directory.toString(), "--no-compile",
                "--no-input", "--disable-pip-version-check", "--root-user-action=ignore"));
        arguments.addAll(request);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (Context context = Context.newBuilder("python").engine(GraalPyCompiler.engine()).allowIO(IOAccess.ALL)
                .allowCreateThread(true).allowCreateProcess(true).allowNativeAccess(true)
                .allowEnvironmentAccess(EnvironmentAccess.INHERIT).out(output).err(output).build()) {
            Value main = context.eval("python", "import sys\nsys.path.insert(0, " + pythonString(pip.toString()) + ")\n"
                    + "from pip._internal.cli.main import main\nlambda *arguments: main(list(arguments))");
            status = main.execute(arguments.toArray()).asInt();
        } catch (PolyglotException e) {
            throw new BuildException("pip failed: " + e.getMessage() + "\n" + output.toString(StandardCharsets.UTF_8), e);
        }
        String text = output.toString(StandardCharsets.UTF_8);
        text.lines().forEach(line -> log.accept("pip: " + line));
        if (status != 0) {
            throw new BuildException("pip install " + String.join(" ", request) + " failed with status " + status + ":\n"
                    + text.strip());
        }
    }

    private String inputs(String graalPyVersion) throws IOException {
        StringBuilder text = new StringBuilder("GraalPy ").append(graalPyVersion).append('\n');
        requirements.forEach(r -> text.append("requirement ").append(r).append('\n'));
        options.forEach(o -> text.append("option ").append(o).append('\n'));
        for (Path input : localInputs()) {
            text.append("local ").append(input).append(' ').append(contentHash(input)).append('\n');
        }
        return text.toString();
    }

    /** A file's content hash, or a directory's over its files' relative names and contents. */
    private static String contentHash(Path input) throws IOException {
        if (!Files.isDirectory(input)) {
            return Files.exists(input) ? ContentHash.of(Files.readAllBytes(input)) : "missing";
        }
        ByteArrayOutputStream tree = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(input)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                tree.writeBytes((input.relativize(file) + "\0" + ContentHash.of(Files.readAllBytes(file)) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return ContentHash.of(tree.toByteArray());
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
