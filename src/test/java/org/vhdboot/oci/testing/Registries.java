package org.vhdboot.oci.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.vhdboot.testing.MemoryTempDirs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * JUnit extension: starts the test registries once per test run (the CA, one registry with htpasswd, one with
 * token auth) and stops them when the run ends. Test methods and constructors receive {@link Registries.Set}.
 */
public final class Registries implements ParameterResolver, ExecutionCondition {
    /** What a test gets: the CA and the two registries. */
    public record Set(TestCertificates certificates, TestRegistry basic, TestRegistry token) {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return RequiredTool.allInstalled(RequiredTool.DOCKER_REGISTRY, RequiredTool.HTPASSWD, RequiredTool.OPENSSL);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Set.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(Registries.class))
                .getOrComputeIfAbsent("registries", key -> start(), Running.class).set;
    }

    private static Running start() {
        RequiredTool.DOCKER_REGISTRY.require();
        Path folder = null;
        TestRegistry basic = null;
        try {
            folder = MemoryTempDirs.create("vhdboot-oci-registries");
            TestCertificates certificates = TestCertificates.create(Files.createDirectories(folder.resolve("ca")));
            basic = TestRegistry.withBasicAuth(Files.createDirectories(folder.resolve("basic")), certificates);
            TestRegistry token = TestRegistry.withTokenAuth(Files.createDirectories(folder.resolve("token")), certificates);
            return new Running(folder, new Set(certificates, basic, token));
        } catch (Exception | Error e) {
            // A peer missing half way (htpasswd, openssl) leaves nothing running and nothing in memory behind.
            try {
                if (basic != null) {
                    basic.close();
                }
                deleteTree(folder);
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof Error error) {
                throw error;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot start the test registries", e);
        }
    }

    private static void deleteTree(Path folder) throws java.io.IOException {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Stops the registries and deletes their folder when the test run ends. */
    private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Path folder;
        final Set set;

        Running(Path folder, Set set) {
            this.folder = folder;
            this.set = set;
        }

        @Override
        public void close() throws Exception {
            set.basic().close();
            set.token().close();
            deleteTree(folder);
        }
    }
}
