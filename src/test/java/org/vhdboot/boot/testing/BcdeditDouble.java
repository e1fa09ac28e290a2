package org.vhdboot.boot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.vhdboot.boot.BcdeditCommands;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.BcdeditStore;
import org.vhdboot.process.ProcessResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A bcdedit for tests: the in-JVM {@link FakeBcdedit}, or the Python {@link StandinBcdedit} run as a real
 * process. Both keep the system store as the same JSON file ({@code bcd-store.json} in their folder) and answer
 * alike, so a test can prepare a store with one and carry on with the other.
 */
public interface BcdeditDouble {

    /** The program vhdboot is told to run ({@code --bcdedit}); the in-JVM fake refuses any other. */
    String executable();

    /** How vhdboot runs it: the process runner and the code page its output is decoded with. */
    BcdeditProcess process();

    /** The JSON file holding the system store. */
    Path store();

    /** The nth invocation from now fails as if access were denied and leaves the store alone; 0 for none. */
    void failAt(int invocation) throws IOException;

    /** Every invocation's arguments (without the program), oldest first, since the last {@link #clearLog}. */
    List<List<String>> calls() throws IOException;

    void clearLog() throws IOException;

    /** Runs it directly, e.g. {@code /createstore FILE} in a test's setup. */
    default ProcessResult run(String... arguments) throws Exception {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(executable());
        argv.addAll(List.of(arguments));
        return process().runner().run(argv, process().timeout());
    }

    /** The invocations that change a store: everything but {@code /enum}. */
    default List<List<String>> changes() throws IOException {
        return calls().stream().filter(call -> !call.contains("/enum")).toList();
    }

    /** The stored objects of the system store: {@code {guid}} to {@code {type, elements}}. */
    default JsonNode objects() throws IOException {
        return StoreFile.read(store()).get("objects");
    }

    default BcdeditStore systemStore() {
        return new BcdeditStore(BcdeditCommands.systemStore(executable()), process());
    }

    default BcdeditStore offlineStore(Path storeFile) {
        return new BcdeditStore(BcdeditCommands.offlineStore(executable(), storeFile), process());
    }
}
