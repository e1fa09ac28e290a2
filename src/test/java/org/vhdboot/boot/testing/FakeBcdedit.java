package org.vhdboot.boot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.process.ProcessResult;
import org.vhdboot.process.ProcessRunner;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * bcdedit without a process: the stand-in bcdedit.py's behaviour in the JVM, reached through the
 * {@link ProcessRunner} seam {@link org.vhdboot.boot.BcdeditStore} runs bcdedit with. So the store builds the
 * real command lines and parses bcdedit-shaped output in the chosen display language and code page, while the
 * test pays no process start. It reads the stand-in's tables (bcdedit-model.json) and keeps its stores in the
 * stand-in's JSON files; {@code FakeBcdeditAgreesWithStandinTest} holds the two to the same bytes.
 */
public final class FakeBcdedit implements ProcessRunner, BcdeditDouble {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final StandinModel model = StandinModel.SHARED;
    private final String executable;
    private final Path systemStore;
    private final String language;
    private final Charset charset;
    private final String firmware;
    private final List<List<String>> calls = new ArrayList<>();
    private int invocations;
    private int failAt;

    private FakeBcdedit(Path folder, String language, String encoding, String firmware) {
        if (!model.hasLanguage(language)) {
            throw new IllegalArgumentException("The stand-in speaks no " + language);
        }
        this.executable = folder.resolve("bcdedit").toString();
        this.systemStore = folder.resolve("bcd-store.json");
        this.language = language;
        this.charset = Charset.forName(encoding);
        this.firmware = firmware;
    }

    /** A UEFI machine's fake bcdedit whose system store is {@code bcd-store.json} in {@code folder}. */
    public static FakeBcdedit in(Path folder, String language, String encoding) throws IOException {
        return in(folder, language, encoding, "uefi");
    }

    /** @param firmware {@code uefi} or {@code bios}: shapes the store made on first use */
    public static FakeBcdedit in(Path folder, String language, String encoding, String firmware) throws IOException {
        return new FakeBcdedit(Files.createDirectories(folder), language, encoding, firmware);
    }

    @Override
    public String executable() {
        return executable;
    }

    @Override
    public BcdeditProcess process() {
        return new BcdeditProcess(this, charset, TIMEOUT);
    }

    @Override
    public Path store() {
        return systemStore;
    }

    @Override
    public void failAt(int invocation) {
        failAt = invocation;
        invocations = 0;
    }

    @Override
    public List<List<String>> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void clearLog() {
        calls.clear();
    }

    @Override
    public ProcessResult run(List<String> argv, Duration timeout) throws IOException {
        if (!argv.get(0).equals(executable)) {
            String reason = "error=2, No such file or directory";
            throw new IOException("Cannot run program \"" + argv.get(0) + "\": " + reason, new IOException(reason));
        }
        List<String> arguments = List.copyOf(argv.subList(1, argv.size()));
        calls.add(arguments);
        FakeConsole console = new FakeConsole(language, charset);
        int exitCode = 0;
        try {
            if (++invocations == failAt) {
                throw new BcdeditFailure("denied");
            }
            execute(console, arguments);
        } catch (BcdeditFailure failure) {
            console.fail(failure.key);
            exitCode = 1;
        }
        return new ProcessResult(exitCode, console.stdout.toByteArray(), console.stderr.toByteArray());
    }

    private void execute(FakeConsole console, List<String> argv) throws IOException {
        List<String> args = new ArrayList<>();
        Path offline = withoutStoreSwitch(argv, args);
        boolean verbose = args.removeIf(arg -> arg.equalsIgnoreCase("/v"));
        String command = args.isEmpty() ? "/enum" : args.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        if (command.equals("/createstore")) {
            createStore(console, rest);
            return;
        }
        Path file = offline != null ? offline : systemStore;
        if (offline != null && !Files.isRegularFile(offline)) {
            throw new BcdeditFailure("store_open");
        }
        if (offline == null && !Files.exists(systemStore)) {
            StoreFile.write(systemStore, FakeStore.initial(firmware).json);
        }
        FakeStore store = new FakeStore(StoreFile.read(file));
        Map<String, Supplier<Boolean>> handlers = Map.of(
                "/create", () -> create(console, store, rest),
                "/set", () -> set(console, store, rest),
                "/delete", () -> delete(console, store, rest),
                "/default", () -> setDefault(console, store, rest),
                "/displayorder", () -> changeList(console, store, rest, "displayorder"),
                "/bootsequence", () -> changeList(console, store, rest, "bootsequence"),
                "/timeout", () -> timeout(console, store, rest),
                "/enum", () -> FakeEnumeration.enumerate(console, store, rest, verbose),
                "/export", () -> export(console, store, rest, offline != null));
        Supplier<Boolean> handler = handlers.get(command);
        if (handler == null) {
            throw new BcdeditFailure("bad_args");
        }
        if (handler.get()) {
            StoreFile.write(file, store.json);
        }
    }

    /** Removes {@code /store FILE} (anywhere, as bcdedit allows) into {@code remaining}; returns FILE or null. */
    private static Path withoutStoreSwitch(List<String> argv, List<String> remaining) {
        Path storeFile = null;
        for (int i = 0; i < argv.size(); i++) {
            if (!argv.get(i).equalsIgnoreCase("/store")) {
                remaining.add(argv.get(i));
            } else if (i + 1 >= argv.size()) {
                throw new BcdeditFailure("bad_args");
            } else {
                storeFile = Path.of(argv.get(++i));
            }
        }
        return storeFile;
    }

    private void createStore(FakeConsole console, List<String> rest) throws IOException {
        if (rest.size() != 1) {
            throw new BcdeditFailure("bad_args");
        }
        Path file = Path.of(rest.get(0));
        if (Files.exists(file)) {
            throw new BcdeditFailure("store_exists");
        }
        StoreFile.write(file, FakeStore.empty(firmware).json);
        console.out(List.of(console.text("ok")));
    }

    private boolean create(FakeConsole console, FakeStore store, List<String> args) {
        String guid = null;
        List<String> options = args;
        if (!args.isEmpty() && args.get(0).startsWith("{")) {
            guid = store.resolve(args.get(0));
            options = args.subList(1, args.size());
        }
        String description = null;
        String application = null;
        for (int i = 0; i < options.size(); i += 2) {
            String option = options.get(i).toLowerCase(Locale.ROOT);
            if (!(option.equals("/d") || option.equals("/application")) || i + 1 >= options.size()) {
                throw new BcdeditFailure("bad_args");
            }
            if (option.equals("/d")) {
                description = options.get(i + 1);
            } else {
                application = options.get(i + 1).toLowerCase(Locale.ROOT);
            }
        }
        if (description == null || !model.objectTypes.containsKey(application)) {
            throw new BcdeditFailure("bad_args");
        }
        guid = guid != null ? guid : "{" + UUID.randomUUID() + "}";
        if (store.has(guid) || guid.equals(model.current) || guid.equals(model.defaultEntry)) {
            throw new BcdeditFailure("exists");
        }
        store.add(model.objectTypes.get(application), guid).put("description", description);
        console.out(List.of(console.text("created").replace("{guid}", guid)));
        return true;
    }

    private boolean set(FakeConsole console, FakeStore store, List<String> args) {
        if (args.size() < 3) {
            throw new BcdeditFailure("bad_args");
        }
        String guid = store.existing(args.get(0));
        String name = args.get(1).toLowerCase(Locale.ROOT);
        if (!model.knownElements.contains(name)) {
            throw new BcdeditFailure("bad_element");
        }
        store.elements(guid).set(name, FakeElementValue.of(store, name, args.subList(2, args.size())));
        console.out(List.of(console.text("ok")));
        return true;
    }

    private boolean delete(FakeConsole console, FakeStore store, List<String> args) {
        List<String> found = new ArrayList<>();
        List<String> values = switches(args, Set.of("/f", "/cleanup", "/nocleanup"), found);
        if (values.size() != 1) {
            throw new BcdeditFailure("bad_args");
        }
        String guid = store.existing(values.get(0));
        if (model.aliasOf.containsKey(guid) && !found.contains("/f")) {
            throw new BcdeditFailure("needs_force");
        }
        store.objects().remove(guid);
        if (!found.contains("/nocleanup")) {
            store.objects().forEach(object -> removeReferences((ObjectNode) object.get("elements"), guid));
        }
        if (guid.equals(store.current())) {
            store.json.putNull("current");
        }
        console.out(List.of(console.text("ok")));
        return true;
    }

    private void removeReferences(ObjectNode elements, String guid) {
        for (String name : List.copyOf(iterable(elements))) {
            JsonNode value = elements.get(name);
            if (value.isArray()) {
                ArrayNode kept = FakeStore.guids();
                value.forEach(item -> {
                    if (!item.asText().equals(guid)) {
                        kept.add(item);
                    }
                });
                elements.set(name, kept);
            } else if (model.isKind("object", name) && value.asText().equals(guid)) {
                elements.remove(name);
            }
        }
    }

    private boolean setDefault(FakeConsole console, FakeStore store, List<String> args) {
        if (args.size() != 1) {
            throw new BcdeditFailure("bad_args");
        }
        String guid = store.existing(args.get(0));
        store.bootmgrElements().put("default", guid);
        console.out(List.of(console.text("ok")));
        return true;
    }

    /** {@code /displayorder} and {@code /bootsequence}: replace the list, or add or remove one entry. */
    private boolean changeList(FakeConsole console, FakeStore store, List<String> args, String element) {
        List<String> found = new ArrayList<>();
        List<String> values = switches(args, Set.of("/addfirst", "/addlast", "/remove"), found);
        if (values.isEmpty() || found.size() > 1 || (!found.isEmpty() && values.size() != 1)) {
            throw new BcdeditFailure("bad_args");
        }
        ObjectNode elements = store.bootmgrElements();
        List<String> current = elements.has(element) ? StandinModel.list(elements.get(element)) : new ArrayList<>();
        List<String> changed = new ArrayList<>();
        if (found.equals(List.of("/remove"))) {
            String guid = store.resolve(values.get(0));
            current.stream().filter(item -> !item.equals(guid)).forEach(changed::add);
        } else {
            List<String> guids = values.stream().map(store::existing).toList();
            List<String> others = current.stream().filter(item -> !guids.contains(item)).toList();
            boolean last = found.equals(List.of("/addlast"));
            changed.addAll(last ? others : guids);
            if (!found.isEmpty()) {
                changed.addAll(last ? guids : others);
            }
        }
        elements.set(element, FakeStore.guids(changed.toArray(String[]::new)));
        console.out(List.of(console.text("ok")));
        return true;
    }

    private boolean timeout(FakeConsole console, FakeStore store, List<String> args) {
        if (args.size() != 1 || !args.get(0).matches("[0-9]+")) {
            throw new BcdeditFailure("bad_args");
        }
        store.bootmgrElements().put("timeout", new java.math.BigInteger(args.get(0)).toString());
        console.out(List.of(console.text("ok")));
        return true;
    }

    /** {@code /export} works on the system store only, as Microsoft documents it. */
    private boolean export(FakeConsole console, FakeStore store, List<String> args, boolean offline) {
        if (args.size() != 1 || offline) {
            throw new BcdeditFailure("bad_args");
        }
        try {
            StoreFile.write(Path.of(args.get(0)), store.json);
        } catch (IOException e) {
            throw new BcdeditFailure("denied");
        }
        console.out(List.of(console.text("ok")));
        return false;
    }

    /** Splits plain values from {@code /switches} (lower-cased into {@code found}); unknown switches fail. */
    private static List<String> switches(List<String> args, Set<String> allowed, List<String> found) {
        List<String> values = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("/")) {
                values.add(arg);
            } else if (allowed.contains(arg.toLowerCase(Locale.ROOT))) {
                found.add(arg.toLowerCase(Locale.ROOT));
            } else {
                throw new BcdeditFailure("bad_args");
            }
        }
        return values;
    }

    private static List<String> iterable(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
