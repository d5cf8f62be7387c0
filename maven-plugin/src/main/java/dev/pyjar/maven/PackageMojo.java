package dev.pyjar.maven;

import dev.pyjar.pack.PackFormatException;
import dev.pyjar.pack.PackProperties;
import dev.pyjar.pack.PackReader;
import dev.pyjar.packer.BillOfMaterials;
import dev.pyjar.packer.GraalPyResources;
import dev.pyjar.packer.BuildException;
import dev.pyjar.packer.BuildTimestamp;
import dev.pyjar.packer.JarAssembler;
import dev.pyjar.packer.JarParts;
import dev.pyjar.packer.LaunchScript;
import dev.pyjar.packer.PackBuilder;
import dev.pyjar.packer.PipInstall;
import dev.pyjar.packer.Platforms;
import dev.pyjar.packer.StandardLibrary;
import dev.pyjar.packer.StandardLibraryScope;
import dev.pyjar.runtime.Launcher;
import dev.pyjar.runtime.internal.PackInventory;
import dev.pyjar.runtime.PythonPack;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipFile;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * Packs the project's Python modules, precompiled for GraalPy, into
 * {@code META-INF/pyjar/modules.pack}, and turns the project's jar into one that runs them with
 * {@code java -jar}: the project's classes and dependencies, pyjar's runtime, GraalPy and the pack.
 * The jar the project built first is kept as {@code original-<finalName>.jar}. Without {@code main}
 * the project is a library: its jar just gains the pack.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public final class PackageMojo extends AbstractMojo {
    private static final String LAUNCHER = Launcher.class.getName();
    private static final String PACK_ENTRY = PythonPack.JAR_ENTRY;

    /** The import root of the app's Python code: its modules, packages and package data. */
    @Parameter(property = "pyjar.pythonSourceDirectory", defaultValue = "${project.basedir}/src/main/python", required = true)
    private File pythonSourceDirectory;

    /**
     * Further import roots packed with the app, like entries of {@code sys.path}: directories laid
     * out like {@code site-packages} (with their {@code *.dist-info} or {@code *.egg-info}
     * metadata, which {@code importlib.metadata} then reads from the pack) and {@code .whl} files.
     */
    @Parameter
    private List<File> pythonPath = new ArrayList<>();

    /**
     * Requirements installed with GraalPy's own pip at build time and packed like a
     * {@code pythonPath} directory: {@code rich==13.3.1}, {@code ./libs/tool-1.0-py3-none-any.whl}.
     * The installation is reused while requirements, options and GraalPy stay the same.
     */
    @Parameter
    private List<String> requirements = new ArrayList<>();

    /** A pip requirements file, installed like {@code requirements}. */
    @Parameter(property = "pyjar.requirementsFile")
    private File requirementsFile;

    /**
     * Options for pip: offline from local wheels with {@code --no-index} and
     * {@code --find-links=${project.basedir}/wheels}; an index with {@code --index-url=...}.
     */
    @Parameter
    private List<String> pipOptions = new ArrayList<>();

    /**
     * What {@code java -jar} runs: a module run as {@code __main__} ({@code app}, {@code app.cli}),
     * {@code module:function}, whose return value becomes the exit status, or the name of a console
     * script of a packed distribution ({@code pygmentize}). Unset for a library.
     */
    @Parameter(property = "pyjar.main")
    private String main;

    /** Pack each module's source too: tracebacks, {@code inspect} and the stale-pack fallback need it. */
    @Parameter(property = "pyjar.includeSource", defaultValue = "true")
    private boolean includeSource;

    /**
     * Compile with this optimization level, as {@code python -O} (1: asserts and {@code __debug__}
     * blocks removed) or {@code -OO} (2: docstrings removed too). The runtime runs with the same
     * {@code sys.flags.optimize}.
     */
    @Parameter(property = "pyjar.optimize", defaultValue = "0")
    private int optimize;

    /**
     * Top-level packages whose files are written to a cache directory on first use, so that their
     * {@code __file__} is a real path: for code that opens files next to its modules. The build
     * log names the packages whose code uses {@code __file__}.
     */
    @Parameter
    private List<String> extractPackages = new ArrayList<>();

    /**
     * Pack GraalPy's standard library too, precompiled like the app, so that its imports skip
     * parsing as well. Modules GraalPy has frozen into itself are left to it.
     */
    @Parameter(property = "pyjar.packStandardLibrary", defaultValue = "true")
    private boolean packStandardLibrary;

    /**
     * Standard library modules to leave out of the pack, in addition to the test suites, GUIs,
     * demos and installers left out anyway: patterns like {@code xmlrpc} or {@code *.tests}
     * ({@code *} matches anything; a package's pattern covers its submodules). Left-out modules
     * still import, from GraalPy's own files.
     */
    @Parameter
    private List<String> standardLibraryExcludes = new ArrayList<>();

    /**
     * Which standard library modules to pack: {@code all} (less the excludes), or {@code reachable}:
     * only those the app's and its packages' imports reach, read statically from their sources,
     * plus {@code standardLibraryIncludes}. Modules left out still import, from GraalPy's own files.
     */
    @Parameter(property = "pyjar.standardLibraryScope", defaultValue = "all")
    private String standardLibraryScope;

    /**
     * With {@code standardLibraryScope} {@code reachable}: standard library modules to pack although
     * no import statement names them (imported by names computed at run time), as patterns like
     * {@code encodings.*}; what they import is packed too.
     */
    @Parameter
    private List<String> standardLibraryIncludes = new ArrayList<>();

    /**
     * Put a POSIX {@code sh} launch script in front of an app's jar and make the file executable, so
     * that {@code ./app.jar args} runs it on Linux and macOS with the Java 17+ of {@code JAVA_HOME}
     * or {@code PATH}; {@code java -jar} and zip tools read the file as before. Libraries get none.
     */
    @Parameter(property = "pyjar.executable", defaultValue = "true")
    private boolean executable;

    /**
     * The platforms the app's jar carries GraalPy's native files for, as {@code linux-x86_64},
     * {@code linux-aarch64}, {@code darwin-aarch64} or {@code windows-x86_64}; unset, every platform
     * GraalPy ships. On any other platform the jar fails when GraalPy loads its natives.
     */
    @Parameter(property = "pyjar.platforms")
    private List<String> platforms = new ArrayList<>();

    /**
     * Keep GraalPy's frozen modules for its Bytecode DSL interpreter (2.4 MB), so that the jar also
     * runs in a JVM started with {@code -Dpython.EnableBytecodeDSLInterpreter=true} (from its packed
     * sources: its compiled code is the default interpreter's). Without them, such a run stops at
     * once with a message naming this parameter. A build whose own JVM runs that interpreter keeps
     * them anyway.
     */
    @Parameter(property = "pyjar.bytecodeDslInterpreter", defaultValue = "false")
    private boolean bytecodeDslInterpreter;

    /**
     * Keep {@code ensurepip} as GraalPy ships it, with its bundled pip wheel (1.8 MB). Without it,
     * {@code ensurepip}'s functions and {@code --pyjar-python -m ensurepip} fail with a message
     * naming this parameter.
     */
    @Parameter(property = "pyjar.ensurepip", defaultValue = "false")
    private boolean ensurepip;

    /**
     * Ask for warm starts: a run of the jar goes to a background JVM that keeps GraalPy ready
     * (started on demand, one per user and jar, ended after an idle time), so that it starts in a
     * fraction of the time; without a usable one it runs as before. {@code PYJAR_WARM_START=on|off}
     * overrides this per run. See the README's "Warm start" for what differs in a warm run.
     */
    @Parameter(property = "pyjar.warmStart", defaultValue = "false")
    private boolean warmStart;

    /**
     * Let warm runs load the standard library's native modules that GraalPy loads into one
     * context per process ({@code sqlite3}, XML parsing): the server isolates them per context
     * with GraalPy's experimental {@code python.IsolateNativeModules}, where {@code patchelf} is
     * on the PATH. Off, an app that imports them runs cold. Experimental: a server that had loaded
     * them in some 750 contexts in turn crashed in native code (README, "Warm start").
     */
    @Parameter(property = "pyjar.warmStartNativeIsolation", defaultValue = "false")
    private boolean warmStartNativeIsolation;

    /** Do nothing: the project's jar stays as the jar plugin made it. */
    @Parameter(property = "pyjar.skip", defaultValue = "false")
    private boolean skip;

    /**
     * The time every entry of the jar carries, as Maven's reproducible builds set it (ISO-8601 or
     * seconds since the epoch); unset, a fixed time, so that the jar depends on its sources only.
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Component
    private RepositorySystem repositorySystem;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pyjar: skipped");
            return;
        }
        File jar = project.getArtifact().getFile();
        if (jar == null || !jar.isFile()) {
            throw new MojoFailureException("pyjar:package needs the project's jar, but " + project.getArtifactId()
                    + " has none yet: use <packaging>jar</packaging> and run the package phase (mvn package)");
        }
        if (!standardLibraryScope.equals("all") && !standardLibraryScope.equals("reachable")) {
            throw new MojoFailureException("pyjar: standardLibraryScope must be 'all' or 'reachable', not '" + standardLibraryScope + "'");
        }
        long start = System.nanoTime();
        try {
            String mainTarget = main == null || main.isBlank() ? null : main.trim();
            List<String> excludes = new ArrayList<>(StandardLibrary.DEFAULT_EXCLUDES);
            PipInstall pip = new PipInstall(requirements, requirementsFile == null ? null : requirementsFile.toPath(), pipOptions);
            excludes.addAll(standardLibraryExcludes);
            PackBuilder.Result pack = PackBuilder.build(PackBuilder.builder(pythonSourceDirectory.toPath(),
                            Path.of(project.getBuild().getDirectory(), "pyjar"))
                    .pythonPath(pythonPath.stream().map(File::toPath).toList())
                    .main(mainTarget)
                    .includeSource(includeSource)
                    .optimize(optimize)
                    .displayBase(project.getBasedir().toPath())
                    .standardLibrary(new StandardLibraryScope(packStandardLibrary, excludes,
                            standardLibraryScope.equals("reachable"), standardLibraryIncludes))
                    .extractPackages(extractPackages)
                    .warmStart(warmStart)
                    .warmStartNativeIsolation(warmStartNativeIsolation)
                    .pip(pip)
                    .build());
            pack.warnings().forEach(warning -> getLog().warn("pyjar: " + warning));
            pack.notes().forEach(note -> getLog().info("pyjar: " + note));
            Path original = keepOriginal(jar.toPath());
            List<Path> dependencies = mainTarget == null ? List.of()
                    : new RuntimeClasspath(repositorySystem, session, project, plugin, getLog()).jars();
            JarAssembler.write(new JarAssembler.Inputs(original, dependencies, PACK_ENTRY, pack.pack(),
                    generatedEntries(pack, mainTarget != null), mainTarget == null ? null : LAUNCHER, BuildTimestamp.parse(outputTimestamp).toEpochMilli(),
                    executable && mainTarget != null ? LaunchScript.padded() : null, Platforms.of(platforms),
                    GraalPyResources.forPack(pack.pack(), new GraalPyResources.Kept(bytecodeDslInterpreter, ensurepip))), jar.toPath());
            warnOfUnhashedInputs(pip);
            getLog().info(String.format(Locale.ROOT, "pyjar: packed %d app modules, %d modules of %d distributions from pythonPath,"
                    + " %d standard library modules and %d data files (%s) in %.1f s into %s%s",
                    pack.appModules(), pack.installedModules(), pack.distributions().size(), pack.standardLibraryModules(),
                    pack.dataFiles(), PackInventory.size(pack.pack().length),
                    (System.nanoTime() - start) / 1e9,
                    project.getBasedir().toPath().relativize(jar.toPath()),
                    mainTarget == null ? " (a library: no main)" : " (" + JarParts.of(jar.toPath()).summary(3) + "; runs " + mainTarget + ")"));
        } catch (BuildException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("pyjar: cannot write " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Says which inputs of this goal an active Maven Build Cache Extension would not hash, and how to declare them. */
    private void warnOfUnhashedInputs(PipInstall pip) {
        List<Path> inputs = new ArrayList<>(List.of(pythonSourceDirectory.toPath()));
        pythonPath.forEach(root -> inputs.add(root.toPath()));
        inputs.addAll(pip.localInputs());
        try {
            List<Path> unhashed = new BuildCacheCoverage(session, project, plugin.getPluginLookupKey()).unhashed(inputs);
            Path base = project.getBasedir().toPath();
            for (Path input : unhashed) {
                getLog().warn("pyjar: Maven's build cache does not hash " + base.relativize(input) + ", so after a change there"
                        + " it would restore the jar built before it; declare it, for example as <include glob=\"*\">"
                        + base.relativize(input) + "</include> under <input><global><includes> in .mvn/maven-build-cache-config.xml"
                        + " (README: Build caches)");
            }
        } catch (IOException e) {
            getLog().warn("pyjar: cannot tell whether Maven's build cache hashes pyjar's inputs: " + e.getMessage());
        }
    }

    /**
     * Moves the project's jar aside as {@code original-<name>.jar} and returns that path. When the
     * jar plugin found nothing to rebuild, the jar is still this goal's previous output: the
     * original kept then is still the right input.
     */
    private static Path keepOriginal(Path jar) throws IOException, MojoFailureException {
        Path original = jar.resolveSibling("original-" + jar.getFileName());
        boolean alreadyPacked;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            alreadyPacked = zip.getEntry(PACK_ENTRY) != null;
        }
        if (!alreadyPacked) {
            Files.move(jar, original, StandardCopyOption.REPLACE_EXISTING);
        } else if (!Files.isRegularFile(original)) {
            throw new MojoFailureException(jar + " already holds a pack, but " + original.getFileName()
                    + ", the jar it was made from, is gone; rebuild from scratch: mvn clean package");
        }
        return original;
    }

    /** The entries the plugin writes into the jar besides the pack: the bill of materials, and the warm-start markers where runs go or may go warm, and whether they need isolated native modules for it. */
    private static Map<String, byte[]> generatedEntries(PackBuilder.Result pack, boolean runnable) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        entries.put(BillOfMaterials.JAR_ENTRY, BillOfMaterials.of(pack.distributions()));
        Map<String, String> properties;
        try {
            properties = PackReader.open(ByteBuffer.wrap(pack.pack())).properties();
        } catch (PackFormatException e) {
            throw new IOException("the pack just built does not read back: " + e.getMessage(), e);
        }
        if (runnable && !PackProperties.keepsRunsCold(properties)) {
            entries.put(PackProperties.WARM_START_ALLOWED_JAR_ENTRY, "true\n".getBytes(StandardCharsets.UTF_8));
            if (PackProperties.needsNativeIsolation(properties)) {
                entries.put(PackProperties.WARM_START_ISOLATED_JAR_ENTRY, "true\n".getBytes(StandardCharsets.UTF_8));
            }
            if ("true".equals(properties.get(PackProperties.WARM_START))) {
                entries.put(PackProperties.WARM_START_JAR_ENTRY, "true\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
