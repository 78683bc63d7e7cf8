package dev.stowage.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: the .tar.gz unpacked by the system's {@code tar}, the launcher run by
 * {@code /bin/sh} (dash on Debian, the closest to a strict POSIX sh here), and the .zip compared with it.
 */
class DistributionIT {

    private static final String VERSION = System.getProperty("stowage.version");
    private static final Path TAR = Path.of(System.getProperty("stowage.dist.tar"));
    private static final Path ZIP = Path.of(System.getProperty("stowage.dist.zip"));
    private static final Path FAT_JAR = Path.of(System.getProperty("stowage.dist.fatJar"));

    @TempDir
    static Path unpacked;

    private static Path home;

    @BeforeAll
    static void unpackTarWithSystemTar() throws Exception {
        Result tar = run(List.of("tar", "-xzf", TAR.toString(), "-C", unpacked.toString()), Map.of());
        assertThat(tar.exit).as(tar.output).isZero();
        home = unpacked.resolve("stowage-" + VERSION);
    }

    @Test
    void archiveHoldsLaunchersLibraryJarsAndLicencesButNotTheFatJar() throws IOException {
        assertThat(home.resolve("bin/stowage")).isRegularFile();
        assertThat(home.resolve("bin/stowage.cmd")).isRegularFile();
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
        assertThat(home.resolve("NOTICE")).isRegularFile();
        assertThat(home.resolve("THIRD-PARTY.md")).isRegularFile();
        Set<String> jars = jarNames(home.resolve("lib"));
        assertThat(jars).anyMatch(j -> j.startsWith("dev.stowage.storage-cli-"))
                .anyMatch(j -> j.startsWith("dev.stowage.storage-s3-"))
                .anyMatch(j -> j.startsWith("dev.stowage.storage-openstack-"))
                .anyMatch(j -> j.startsWith("info.picocli.picocli-"))
                .noneMatch(j -> j.equals("stowage.jar"));
    }

    @Test
    void posixLauncherIsExecutableAndHasUnixLineEndings() throws IOException {
        Path launcher = home.resolve("bin/stowage");
        assertThat(Files.getPosixFilePermissions(launcher)).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(launcher)).startsWith("#!/bin/sh\n").doesNotContain("\r");
    }

    @Test
    void versionRunsThroughThePosixLauncher() throws Exception {
        Result r = run(List.of("/bin/sh", home.resolve("bin/stowage").toString(), "--version"), Map.of());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output.strip().lines().findFirst()).as(r.output).hasValue("stowage " + VERSION);
        assertThat(r.output).contains("Java ");
    }

    @Test
    void distributionAndSingleJarAreTheSameCommand() throws Exception {
        Result dist = run(List.of(home.resolve("bin/stowage").toString(), "--help"), Map.of());
        Result jar = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                FAT_JAR.toString(), "--help"), Map.of());
        assertThat(dist.exit).as(dist.output).isZero();
        assertThat(jar.exit).as(jar.output).isZero();
        assertThat(dist.output).isEqualTo(jar.output).contains("serve", "test-connection");
    }

    @Test
    void launcherReachedThroughASymbolicLinkFindsItsJars(@TempDir Path elsewhere) throws Exception {
        Path link = Files.createSymbolicLink(elsewhere.resolve("stowage"), home.resolve("bin/stowage"));
        Result r = run(List.of(link.toString(), "--version"), Map.of());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("stowage ");
    }

    @Test
    void launcherInAFolderWithSpacesInItsPathRuns(@TempDir Path parent) throws Exception {
        Path folder = Files.createDirectories(parent.resolve("Program Files (x86)"));
        Result tar = run(List.of("tar", "-xzf", TAR.toString(), "-C", folder.toString()), Map.of());
        assertThat(tar.exit).as(tar.output).isZero();
        Result r = run(List.of(folder.resolve("stowage-" + VERSION + "/bin/stowage").toString(), "--version"), Map.of());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("stowage ");
    }

    @Test
    void lsOfALocalFolderListsItsFilesAndFolders(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("a.txt"), "a");
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/b.txt"), "b");
        Result r = run(List.of(home.resolve("bin/stowage").toString(), "ls", folder.toUri().toString()), Map.of());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output.lines().map(String::strip)).contains("a.txt", "sub/");
    }

    @Test
    void missingJavaHomeIsNamedInsteadOfAShellError() throws Exception {
        Result r = run(List.of(home.resolve("bin/stowage").toString(), "--version"),
                Map.of("JAVA_HOME", "/nonexistent/java"));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.output).contains("JAVA_HOME is set to '/nonexistent/java'");
    }

    @Test
    void zipHoldsTheSameFilesWithAWindowsLauncherInCrLf() throws IOException {
        Set<String> fromTar;
        try (Stream<Path> files = Files.walk(unpacked)) {
            fromTar = files.filter(Files::isRegularFile).map(p -> unpacked.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> fromZip = new TreeSet<>();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            zip.stream().filter(e -> !e.isDirectory()).forEach(e -> fromZip.add(e.getName()));
            ZipEntry cmd = zip.getEntry("stowage-" + VERSION + "/bin/stowage.cmd");
            try (InputStream in = zip.getInputStream(cmd)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).startsWith("@echo off\r\n").contains("dev.stowage.cli.Main %*\r\n");
                assertThat(text.replace("\r\n", "")).doesNotContain("\n");
            }
        }
        assertThat(fromZip).isEqualTo(fromTar);
    }

    private static Set<String> jarNames(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + output);
        }
        return new Result(p.exitValue(), output);
    }
}
