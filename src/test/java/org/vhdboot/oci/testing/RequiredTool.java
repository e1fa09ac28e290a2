package org.vhdboot.oci.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The real programs the OCI tests run; missing, they skip the test on a developer machine and fail it under CI. */
public enum RequiredTool {
    DOCKER_REGISTRY("/usr/bin/docker-registry", "docker-registry"),
    HTPASSWD("/usr/bin/htpasswd", "apache2-utils"),
    OPENSSL("/usr/bin/openssl", "openssl"),
    PYTHON3("/usr/bin/python3", "python3"),
    ZSTD("/usr/bin/zstd", "zstd");

    private final String path;
    private final String debianPackage;

    RequiredTool(String path, String debianPackage) {
        this.path = path;
        this.debianPackage = debianPackage;
    }

    public String path() {
        return path;
    }

    public void require() {
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            failUnderCi(missing.get());
            Assumptions.assumeTrue(false, missing.get());
        }
    }

    /**
     * For an extension's condition, checked before JUnit resolves any parameter (an assumption failing inside
     * parameter resolution is reported as an error, not a skip): disabled on a developer machine, failed under CI.
     */
    public static ConditionEvaluationResult allInstalled(RequiredTool... tools) {
        for (RequiredTool tool : tools) {
            Optional<String> missing = tool.missing();
            if (missing.isPresent()) {
                failUnderCi(missing.get());
                return ConditionEvaluationResult.disabled(missing.get());
            }
        }
        return ConditionEvaluationResult.enabled("the OCI test peers are installed");
    }

    private Optional<String> missing() {
        return Files.isExecutable(Path.of(path)) ? Optional.empty()
                : Optional.of(path + " is not installed (apt-get install " + debianPackage + ")");
    }

    private static void failUnderCi(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true requires the OCI test peers: " + message);
        }
    }

    /** Runs the tool to completion; a non-zero exit fails with its output. */
    public String run(Path workingDirectory, String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = path;
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
