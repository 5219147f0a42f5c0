package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The TLS keys of one job ({@code jmpiexec --tls}): a key pair and a self-signed certificate
 * made for this job alone, in a PKCS#12 keystore, which every rank uses both to prove it belongs
 * to the job and to accept only peers that hold the same key (mutual TLS).
 *
 * <p>The JDK has no public API that makes certificates, so the keys are made by the JDK's own
 * {@code keytool} ({@code java.home/bin/keytool}), in a private temporary directory that is
 * deleted at once; the keystore then travels to the ranks inline, in
 * {@value #KEYSTORE_VARIABLE} ({@code base64:...}), with its password in
 * {@value #PASSWORD_VARIABLE}, as the job's secret does. Immutable.
 */
public final class JobKeys {
    /** The keystore: a file's path, or {@value #INLINE} followed by the keystore's bytes in base64. */
    public static final String KEYSTORE_VARIABLE = "JMPI_TLS_KEYSTORE";
    /** The keystore's password (also its key's). */
    public static final String PASSWORD_VARIABLE = "JMPI_TLS_PASSWORD";
    /** The prefix of a keystore given inline. */
    public static final String INLINE = "base64:";

    private static final long KEYTOOL_LIMIT_SECONDS = 60;

    private final byte[] keystore;
    private final String password;

    private JobKeys(byte[] keystore, String password) {
        this.keystore = keystore;
        this.password = password;
    }

    /**
     * Makes a key pair (EC P-256) and a self-signed certificate for a job.
     *
     * @param jobId the job's id (in the certificate's name)
     * @return the keys
     * @throws MpiException {@code ERR_OTHER} when {@code keytool} is missing or fails
     */
    public static JobKeys generate(String jobId) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new MpiException(ErrorClass.ERR_OTHER, "cannot make the job's TLS keys: the JDK's keytool is not at "
                    + keytool + " (run jmpiexec with a full JDK)");
        }
        byte[] pw = new byte[24];
        new SecureRandom().nextBytes(pw);
        String password = HexFormat.of().formatHex(pw);
        Path dir = null;
        try {
            dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory("jmpi-tls-", PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("jmpi-tls-");
            Path store = dir.resolve("job.p12");
            List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                    "-alias", "jmpi-job", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=jmpi job " + jobId.replaceAll("[^A-Za-z0-9-]", ""), "-validity", "3650",
                    "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass:env", "JMPI_KEYTOOL_PASSWORD", "-keypass:env", "JMPI_KEYTOOL_PASSWORD"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("JMPI_KEYTOOL_PASSWORD", password);
            Process p = pb.start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(KEYTOOL_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MpiException(ErrorClass.ERR_OTHER, "cannot make the job's TLS keys: keytool did not finish"
                        + " within " + KEYTOOL_LIMIT_SECONDS + " s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(store)) {
                throw new MpiException(ErrorClass.ERR_OTHER, "cannot make the job's TLS keys: keytool exited with "
                        + p.exitValue() + ": " + output);
            }
            return new JobKeys(Files.readAllBytes(store), password);
        } catch (IOException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, "cannot make the job's TLS keys with " + keytool + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpiException(ErrorClass.ERR_OTHER, "interrupted while making the job's TLS keys", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** @return a copy of the PKCS#12 keystore's bytes */
    public byte[] keystore() {
        return keystore.clone();
    }

    /** @return the keystore's password */
    public String password() {
        return password;
    }

    /**
     * Returns the variables that give a rank these keys: {@value #KEYSTORE_VARIABLE} (inline)
     * and {@value #PASSWORD_VARIABLE}.
     *
     * @return the variables
     */
    public Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(KEYSTORE_VARIABLE, inline());
        v.put(PASSWORD_VARIABLE, password);
        return v;
    }

    /** @return the keystore as a {@value #KEYSTORE_VARIABLE} value: {@code base64:...} */
    public String inline() {
        return INLINE + Base64.getEncoder().encodeToString(keystore);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }

    @Override
    public String toString() {
        return "JobKeys[" + keystore.length + " bytes]";
    }
}
