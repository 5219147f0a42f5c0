package io.jmpi.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class-data sharing archive jmpiexec keeps for ranks that run {@code java}: the classes a
 * rank loads from its class path (jmpi, Netty, Kryo, the program's own), parsed and laid out
 * once, then mapped by every later rank of the same program instead of being loaded again.
 *
 * <p>Java ranks start slowly because each JVM loads and verifies some thousand classes; with
 * four ranks on two cores that is most of a job's start-up. The JVM's own remedy is a dynamic
 * class-data sharing archive (JDK 13 and later: {@code -XX:ArchiveClassesAtExit} writes one,
 * {@code -XX:SharedArchiveFile} maps it). jmpiexec manages it so the user does not have to:
 * <ul>
 *   <li>The archive belongs to one program: its key is a digest of the JVM (its path, version
 *       and library), the JVM options before the main class (system properties aside) and every
 *       class-path jar's path, size and modification time, those in jar manifests' {@code
 *       Class-Path} included. A rebuilt jar or another JVM is another program.</li>
 *   <li>When the archive exists, every rank on this machine maps it. When it does not, the first
 *       rank of a job of two or more ranks writes it as it exits (a fraction of a second more
 *       for that rank, once), and jmpiexec keeps it when every rank has exited 0.</li>
 *   <li>The JVM checks an archive itself and runs without it when it does not match; jmpiexec
 *       turns the JVM's class-data sharing messages off, so a rank's output is its own.</li>
 * </ul>
 * jmpiexec leaves the command alone when it is not {@code java} (a script, a shell), when the
 * JVM is older than 13 or its version cannot be read, when the JDK has no archive of its own
 * ({@code lib/server/classes.jsa}, which a dynamic archive extends), when the class path holds a directory (the
 * JVM archives classes from jars only), when the command uses an argument file, a module or its
 * own class-data sharing options ({@code -Xshare}, {@code -XX:SharedArchiveFile} ...), and with
 * {@code --no-cds} or {@code JMPI_CDS=off}. Archives live in {@code $JMPI_CDS_DIR}, else
 * {@code $XDG_CACHE_HOME/jmpi/cds}, else {@code ~/.cache/jmpi/cds}; the {@value #KEPT} most
 * recently used are kept. Ranks on other hosts are not given an archive.
 *
 * <p>An instance serves one job, from the thread that runs it.
 */
final class ClassDataArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    /** The variable that turns the archive off ({@code off}, {@code false}, {@code 0}). */
    static final String SWITCH_VARIABLE = "JMPI_CDS";
    /** The variable naming the directory archives are kept in. */
    static final String DIRECTORY_VARIABLE = "JMPI_CDS_DIR";
    /** How many archives the directory keeps. */
    static final int KEPT = 8;
    /** The first Java release that writes dynamic archives. */
    private static final int FIRST_DYNAMIC_RELEASE = 13;
    private static final String SUFFIX = ".jsa";
    /** Turns off the JVM's class-data sharing messages (a mismatched archive, classes skipped at dump). */
    private static final String QUIET = "-Xlog:cds*=off";
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(\\d+)(?:\\.[^\"\\s]*)?\"?");
    /** Options of {@code java} whose value is the next argument. */
    private static final Set<String> WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "--add-opens",
            "--add-exports", "--add-reads", "--enable-native-access", "--add-modules", "--limit-modules");
    /** Options that mean a module or a source file, which jmpiexec does not look into. */
    private static final List<String> UNSUPPORTED = List.of("-p", "--module-path", "-m", "--module",
            "--upgrade-module-path", "--patch-module", "--source");
    /** Options by which the user handles class-data sharing (or its logging) alone. */
    private static final List<String> OWN_SHARING = List.of("-Xshare", "-XX:SharedArchiveFile",
            "-XX:ArchiveClassesAtExit", "-XX:SharedClassListFile", "-XX:+AutoCreateSharedArchive",
            "-XX:-UseSharedSpaces", "-XX:+UseSharedSpaces", "-XX:DumpLoadedClassList", "-Xlog:cds");

    private final Path archive;
    private final Path pending;
    private boolean writing;

    private ClassDataArchive(Path archive, Path pending) {
        this.archive = archive;
        this.pending = pending;
    }

    /**
     * Finds the archive for a job's command, when jmpiexec can keep one for it.
     *
     * @param command the ranks' command
     * @param env jmpiexec's environment
     * @param workDir the ranks' working directory (relative class-path entries are resolved in it)
     * @param enabled false for {@code --no-cds}
     * @return the archive, or null when the command is left alone
     */
    static ClassDataArchive forCommand(List<String> command, Map<String, String> env, Path workDir, boolean enabled) {
        if (!enabled || isOff(env.get(SWITCH_VARIABLE)) || command.isEmpty()) {
            return null;
        }
        try {
            return find(command, env, workDir);
        } catch (IOException | RuntimeException e) {
            LOG.debug("no class-data sharing archive for {}: {}", command, e.toString());
            return null;
        }
    }

    private static ClassDataArchive find(List<String> command, Map<String, String> env, Path workDir)
            throws IOException {
        Path java = resolveJava(command.get(0), env.get("PATH"), workDir);
        if (java == null) {
            return null;
        }
        Path home = java.getParent().getParent();
        Matcher version = RELEASE_VERSION.matcher(Files.readString(home.resolve("release"), StandardCharsets.UTF_8));
        if (!version.find() || Integer.parseInt(version.group(1)) < FIRST_DYNAMIC_RELEASE) {
            return null;
        }
        if (!Files.isRegularFile(home.resolve("lib/server/classes.jsa"))) {
            return null; // a dynamic archive extends the JDK's own, which this JDK does not have
        }
        if (mentionsSharing(env.get("JDK_JAVA_OPTIONS")) || mentionsSharing(env.get("JAVA_TOOL_OPTIONS"))) {
            return null;
        }
        Digest key = new Digest();
        key.add("jvm", java.toString());
        key.add("version", version.group());
        key.addFile(home.resolve("lib/server/libjvm.so"));
        String classPath = null;
        String jar = null;
        int i = 1;
        for (; i < command.size(); i++) {
            String arg = command.get(i);
            if (!arg.startsWith("-")) {
                break;
            }
            if (arg.startsWith("@") || mentionsSharing(arg) || UNSUPPORTED.stream().anyMatch(
                    u -> arg.equals(u) || arg.startsWith(u + "="))) {
                return null;
            }
            if (arg.equals("-jar")) {
                if (i + 1 >= command.size()) {
                    return null;
                }
                jar = command.get(++i);
                break;
            }
            if (WITH_VALUE.contains(arg)) {
                if (i + 1 >= command.size()) {
                    return null;
                }
                String value = command.get(++i);
                if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) {
                    classPath = value;
                } else {
                    key.add("option", arg + " " + value);
                }
            } else if (arg.startsWith("--class-path=")) {
                classPath = arg.substring("--class-path=".length());
            } else if (!arg.startsWith("-D")) {
                key.add("option", arg);
            }
        }
        if (i >= command.size() || (jar == null && (command.get(i).startsWith("@")
                || command.get(i).endsWith(".java")))) {
            return null; // no main class (java prints its usage), an argument file, or a source file
        }
        if (jar != null) {
            classPath = jar;
        } else if (classPath == null) {
            classPath = env.getOrDefault("CLASSPATH", ".");
        }
        List<Path> jars = classPathJars(classPath, workDir);
        if (jars == null) {
            return null;
        }
        for (Path entry : jars) {
            key.addJar(entry);
        }
        Path dir = directory(env);
        Files.createDirectories(dir);
        String name = key.hex();
        return new ClassDataArchive(dir.resolve(name + SUFFIX),
                dir.resolve(name + SUFFIX + "." + ProcessHandle.current().pid() + ".tmp"));
    }

    /**
     * The words to start one local rank with: the command with the archive's options after
     * {@code java}.
     *
     * @param command the ranks' command
     * @param size the job's size
     * @return the rank's command
     */
    List<String> command(List<String> command, int size) {
        List<String> argv = new ArrayList<>(command.size() + 2);
        argv.add(command.get(0));
        if (Files.isRegularFile(archive)) {
            argv.add("-XX:SharedArchiveFile=" + archive);
            argv.add(QUIET);
        } else if (!writing && size > 1) {
            writing = true; // the first rank of a job of several writes it: a singleton loads little
            argv.add("-XX:ArchiveClassesAtExit=" + pending);
            argv.add(QUIET);
        }
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    /**
     * Keeps a newly written archive when the job succeeded, and drops the oldest archives beyond
     * {@value #KEPT}; marks a used archive as recently used.
     *
     * @param succeeded whether every rank exited 0
     */
    void jobEnded(boolean succeeded) {
        try {
            if (!writing) {
                if (Files.isRegularFile(archive)) {
                    Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
                }
                return;
            }
            if (succeeded && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.debug("kept the class-data sharing archive {}", archive);
                prune(archive.getParent());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("class-data sharing archive {}: {}", archive, e.toString());
        } finally {
            if (writing) {
                try {
                    Files.deleteIfExists(pending);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", pending, e.toString());
                }
            }
        }
    }

    /** @return the archive's path (it may not exist yet) */
    Path archive() {
        return archive;
    }

    private static void prune(Path dir) throws IOException {
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            s.forEach(archives::add);
        }
        if (archives.size() <= KEPT) {
            return;
        }
        archives.sort(Comparator.comparing(ClassDataArchive::modified).reversed());
        for (Path old : archives.subList(KEPT, archives.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static boolean isOff(String value) {
        return value != null && Set.of("off", "false", "0", "no").contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static boolean mentionsSharing(String text) {
        return text != null && OWN_SHARING.stream().anyMatch(text::contains);
    }

    /** The real path of the {@code java} a command starts, or null when the command is not {@code java}. */
    private static Path resolveJava(String program, String path, Path workDir) throws IOException {
        if (!program.equals("java") && !program.endsWith(File.separator + "java")) {
            return null;
        }
        Path candidate = null;
        if (program.contains(File.separator)) {
            candidate = workDir.resolve(program);
        } else if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    candidate = p;
                    break;
                }
            }
        }
        if (candidate == null || !Files.isExecutable(candidate)) {
            return null;
        }
        Path real = candidate.toRealPath();
        return real.getParent() == null || real.getParent().getParent() == null ? null : real;
    }

    /**
     * The jars of a class path, wildcards expanded and relative entries resolved; null when an
     * entry is a directory (the JVM archives classes from jars only).
     */
    private static List<Path> classPathJars(String classPath, Path workDir) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            if (entry.isEmpty()) {
                entry = ".";
            }
            if (entry.equals("*") || entry.endsWith(File.separator + "*")) {
                Path dir = workDir.resolve(entry.substring(0, entry.length() - 1));
                List<Path> found = new ArrayList<>();
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                    for (Path p : s) {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        if (n.endsWith(".jar") && Files.isRegularFile(p)) {
                            found.add(p);
                        }
                    }
                }
                found.sort(Comparator.naturalOrder());
                jars.addAll(found);
                continue;
            }
            Path p = workDir.resolve(entry);
            if (Files.isDirectory(p)) {
                return null;
            }
            if (Files.isRegularFile(p)) {
                jars.add(p.toAbsolutePath().normalize());
            }
        }
        return jars;
    }

    /** A SHA-256 digest of what makes an archive valid for a program. */
    private static final class Digest {
        private final MessageDigest sha;

        Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing", e);
            }
        }

        void add(String what, String value) {
            sha.update((what + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void addFile(Path p) throws IOException {
            if (Files.isRegularFile(p)) {
                add("file", p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
            }
        }

        /** A jar, and the jars its manifest's Class-Path names. */
        void addJar(Path jar) throws IOException {
            addFile(jar);
            String manifestPath;
            try (JarFile j = new JarFile(jar.toFile())) {
                manifestPath = j.getManifest() == null ? null
                        : j.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            }
            if (manifestPath == null) {
                return;
            }
            for (String entry : manifestPath.trim().split("\\s+")) {
                if (!entry.isEmpty() && !entry.contains(":")) {
                    addFile(jar.getParent().resolve(entry).normalize());
                }
            }
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        }
    }

    private static Path directory(Map<String, String> env) {
        String dir = env.get(DIRECTORY_VARIABLE);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String cache = env.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jmpi").resolve("cds");
    }
}
