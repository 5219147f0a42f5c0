package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data sharing archive jmpiexec keeps for Java ranks: which commands get one, what its
 * key depends on, how a job writes and keeps it, and (through jmpiexec) that ranks really map it.
 */
@Timeout(120)
class ClassDataArchiveTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String MAIN = ArchiveProbeRank.class.getName();

    @TempDir
    Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put(ClassDataArchive.DIRECTORY_VARIABLE, dir.resolve("cds").toString());
        return env;
    }

    /** A jar holding the probe rank, with a manifest Class-Path naming {@code lib/dep.jar}. */
    private Path probeJar() throws IOException {
        Path jar = dir.resolve("probe.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/dep.jar");
        String entry = MAIN.replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m);
             InputStream in = ArchiveProbeRank.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        Files.createDirectories(dir.resolve("lib"));
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(dir.resolve("lib/dep.jar")), m)) {
            out.flush();
        }
        return jar;
    }

    private ClassDataArchive find(String... command) {
        return ClassDataArchive.forCommand(List.of(command), env(), dir, true);
    }

    @Test
    void shouldLetTheFirstRankOfAJobWriteTheArchiveAndEveryRankMapItOnceItExists() throws Exception {
        String jar = probeJar().toString();
        List<String> command = List.of(JAVA, "-Xmx64m", "-cp", jar, MAIN, "arg");
        ClassDataArchive archive = ClassDataArchive.forCommand(command, env(), dir, true);
        assertThat(archive).isNotNull();
        List<String> first = archive.command(command, 4);
        assertThat(first.get(0)).isEqualTo(JAVA);
        assertThat(first.get(1)).startsWith("-XX:ArchiveClassesAtExit=" + archive.archive());
        assertThat(first.get(2)).isEqualTo("-Xlog:cds*=off");
        assertThat(first.subList(3, first.size())).isEqualTo(command.subList(1, command.size()));
        assertThat(archive.command(command, 4)).as("only one rank writes").isEqualTo(command);

        Path pending = Path.of(first.get(1).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.writeString(pending, "archive");
        archive.jobEnded(true);
        assertThat(pending).doesNotExist();
        assertThat(archive.archive()).hasContent("archive");

        ClassDataArchive again = ClassDataArchive.forCommand(command, env(), dir, true);
        assertThat(again.archive()).isEqualTo(archive.archive());
        for (int r = 0; r < 2; r++) {
            List<String> argv = again.command(command, 4);
            assertThat(argv.subList(0, 3)).containsExactly(JAVA, "-XX:SharedArchiveFile=" + archive.archive(),
                    "-Xlog:cds*=off");
            assertThat(argv.subList(3, argv.size())).isEqualTo(command.subList(1, command.size()));
        }
    }

    @Test
    void shouldDropAPendingArchiveWhenTheJobFailedAndNotWriteOneForASingleton() throws Exception {
        String jar = probeJar().toString();
        List<String> command = List.of(JAVA, "-cp", jar, MAIN);
        ClassDataArchive archive = ClassDataArchive.forCommand(command, env(), dir, true);
        assertThat(archive.command(command, 1)).as("a singleton loads too little to be worth an archive")
                .isEqualTo(command);
        List<String> first = archive.command(command, 2);
        Path pending = Path.of(first.get(1).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.writeString(pending, "half written");
        archive.jobEnded(false);
        assertThat(pending).doesNotExist();
        assertThat(archive.archive()).doesNotExist();
    }

    @Test
    void shouldKeyTheArchiveOnTheJvmOptionsAndTheJarsButNotOnPropertiesOrArguments() throws Exception {
        Path jar = probeJar();
        Path base = find(JAVA, "-cp", jar.toString(), MAIN).archive();
        assertThat(find(JAVA, "-Dx=1", "-cp", jar.toString(), MAIN, "more", "args").archive()).isEqualTo(base);
        assertThat(find(JAVA, "--class-path=" + jar, MAIN).archive()).isEqualTo(base);
        assertThat(find(JAVA, "-Xmx64m", "-cp", jar.toString(), MAIN).archive()).isNotEqualTo(base);
        assertThat(find(JAVA, "-cp", "probe.jar", MAIN).archive()).as("relative to the working directory")
                .isEqualTo(base);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 10_000));
        Path rebuilt = find(JAVA, "-cp", jar.toString(), MAIN).archive();
        assertThat(rebuilt).as("a rebuilt jar").isNotEqualTo(base);
        Path dep = dir.resolve("lib/dep.jar");
        Files.setLastModifiedTime(dep, FileTime.fromMillis(Files.getLastModifiedTime(dep).toMillis() - 10_000));
        assertThat(find(JAVA, "-cp", jar.toString(), MAIN).archive()).as("a jar of the manifest's Class-Path")
                .isNotEqualTo(rebuilt);
    }

    @Test
    void shouldExpandClassPathWildcardsAndTakeTheJarOfJavaDashJar() throws Exception {
        Path jar = probeJar();
        Path wildcard = find(JAVA, "-cp", dir.resolve("lib") + "/*", MAIN).archive();
        Path listed = find(JAVA, "-cp", dir.resolve("lib/dep.jar").toString(), MAIN).archive();
        assertThat(wildcard).isEqualTo(listed);
        assertThat(find(JAVA, "-jar", jar.toString(), "arg")).isNotNull();
        Map<String, String> env = env();
        env.put("CLASSPATH", jar.toString());
        assertThat(ClassDataArchive.forCommand(List.of(JAVA, MAIN), env, dir, true).archive())
                .isEqualTo(find(JAVA, "-cp", jar.toString(), MAIN).archive());
    }

    @Test
    void shouldLeaveCommandsAloneThatItCannotKeepAnArchiveFor() throws Exception {
        String jar = probeJar().toString();
        Files.createDirectories(dir.resolve("classes"));
        assertThat(find("sh", "-c", "exec java -cp " + jar + " " + MAIN)).as("not java").isNull();
        assertThat(find(JAVA, "-cp", jar + ":" + dir.resolve("classes"), MAIN)).as("a directory").isNull();
        assertThat(find(JAVA, "-cp", jar)).as("no main class").isNull();
        assertThat(find(JAVA, "-Xshare:off", "-cp", jar, MAIN)).as("-Xshare").isNull();
        assertThat(find(JAVA, "-XX:SharedArchiveFile=/x.jsa", "-cp", jar, MAIN)).isNull();
        assertThat(find(JAVA, "-Xlog:cds=info", "-cp", jar, MAIN)).isNull();
        assertThat(find(JAVA, "@args.txt")).as("an argument file").isNull();
        assertThat(find(JAVA, "-cp", jar, "@args.txt")).isNull();
        assertThat(find(JAVA, "-p", jar, "-m", "app/app.Main")).as("a module").isNull();
        assertThat(find(JAVA, "Main.java")).as("a source file").isNull();
        assertThat(find(dir.resolve("java").toString(), "-cp", jar, MAIN)).as("no such java").isNull();
        assertThat(ClassDataArchive.forCommand(List.of(JAVA, "-cp", jar, MAIN), env(), dir, false))
                .as("--no-cds").isNull();
        for (String off : List.of("off", "false", "0", "NO")) {
            Map<String, String> env = env();
            env.put(ClassDataArchive.SWITCH_VARIABLE, off);
            assertThat(ClassDataArchive.forCommand(List.of(JAVA, "-cp", jar, MAIN), env, dir, true)).as(off).isNull();
        }
        Map<String, String> env = env();
        env.put("JDK_JAVA_OPTIONS", "-Xshare:off");
        assertThat(ClassDataArchive.forCommand(List.of(JAVA, "-cp", jar, MAIN), env, dir, true)).isNull();
        assertThat(find("java", "-cp", jar, MAIN)).as("java from PATH").isNotNull();
    }

    @Test
    void shouldNeedAJdkOfThirteenOrLaterWithAnArchiveOfItsOwn() throws Exception {
        String jar = probeJar().toString();
        Path home = dir.resolve("jdk");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Files.createDirectories(home.resolve("lib/server"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
        assertThat(find(java.toString(), "-cp", jar, MAIN)).as("no lib/server/classes.jsa").isNull();
        Files.writeString(home.resolve("lib/server/classes.jsa"), "base");
        assertThat(find(java.toString(), "-cp", jar, MAIN)).isNotNull();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"11.0.20\"\n");
        assertThat(find(java.toString(), "-cp", jar, MAIN)).as("Java 11").isNull();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\n");
        assertThat(find(java.toString(), "-cp", jar, MAIN)).as("no version").isNull();
    }

    @Test
    void shouldKeepOnlyTheMostRecentlyUsedArchives() throws Exception {
        Path cds = Files.createDirectories(dir.resolve("cds"));
        for (int i = 0; i < ClassDataArchive.KEPT + 3; i++) {
            Path old = cds.resolve("old" + i + ".jsa");
            Files.writeString(old, "x");
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        List<String> command = List.of(JAVA, "-cp", probeJar().toString(), MAIN);
        ClassDataArchive archive = ClassDataArchive.forCommand(command, env(), dir, true);
        List<String> first = archive.command(command, 2);
        Files.writeString(Path.of(first.get(1).substring("-XX:ArchiveClassesAtExit=".length())), "new");
        archive.jobEnded(true);
        List<String> left;
        try (Stream<Path> s = Files.list(cds)) {
            left = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 4; i < ClassDataArchive.KEPT + 3; i++) {
            expected.add("old" + i + ".jsa");
        }
        expected.add(archive.archive().getFileName().toString());
        assertThat(left).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldMakeTheSecondJobsRanksLoadTheirClassesFromTheArchiveTheFirstJobWrote() throws Exception {
        String jar = probeJar().toString();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        String[] args = {"-n", "2", JAVA, "-Xlog:class+load=info:file=" + logs + "/load.%p.txt", "-cp", jar, MAIN};
        JmpiExecRun.Result first = JmpiExecRun.run(env -> env.putAll(env()), "", args);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("probe rank 0", "probe rank 1").doesNotContain("cds");
        List<Path> archives;
        try (Stream<Path> s = Files.list(dir.resolve("cds"))) {
            archives = s.toList();
        }
        assertThat(archives).hasSize(1);
        assertThat(archives.get(0).getFileName().toString()).endsWith(".jsa");
        try (Stream<Path> s = Files.list(logs)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }

        JmpiExecRun.Result second = JmpiExecRun.run(env -> env.putAll(env()), "", args);
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("probe rank 0", "probe rank 1").doesNotContain("cds");
        List<Path> loads;
        try (Stream<Path> s = Files.list(logs)) {
            loads = s.toList();
        }
        assertThat(loads).hasSize(2);
        for (Path log : loads) {
            assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains(MAIN + " source: shared objects file (top)"));
        }

        JmpiExecRun.Result off = JmpiExecRun.run(env -> env.putAll(env()), "", "--no-cds", "-n", "1", JAVA,
                "-Xlog:class+load=info", "-cp", jar, MAIN);
        assertThat(off.exitCode()).as(off.stderr()).isZero();
        assertThat(off.stdout()).contains(MAIN + " source: file:").doesNotContain("shared objects file (top)");
    }
}
