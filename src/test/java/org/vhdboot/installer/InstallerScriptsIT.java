package org.vhdboot.installer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No PowerShell runs on the Linux build, so this holds the installer scripts to the rules that keep them
 * predictable on every Windows: strict mode, stop on the first error, help text, approved verbs, no
 * aliases in pipelines. Their behaviour on Windows is checked by hand (docs/windows-validation.md, step 12).
 */
class InstallerScriptsIT {

    private static final Path INSTALLER = Paths.get(System.getProperty("vhdboot.sourceRoot", ".")).resolve("installer");

    /** Verbs from Get-Verb that these scripts may reasonably use. */
    private static final Set<String> APPROVED_VERBS = Set.of("Add", "Clear", "Copy", "Enter", "Exit", "Find", "Format",
            "Get", "Hide", "Join", "Lock", "Move", "New", "Open", "Pop", "Push", "Remove", "Rename", "Reset", "Resize",
            "Search", "Select", "Set", "Show", "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
            "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Expand", "Initialize", "Limit", "Merge",
            "Mount", "Optimize", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update", "Approve", "Assert",
            "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register",
            "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
            "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace", "Connect", "Disconnect", "Read",
            "Receive", "Send", "Write", "Backup", "Checkpoint", "Edit", "Grant", "Protect", "Revoke", "Unprotect",
            "Use");

    /** Aliases that read fine interactively but hide the command in a script. */
    private static final Pattern ALIAS_IN_PIPELINE =
            Pattern.compile("\\|\\s*(%|\\?|select|where|foreach|sort|measure|gci|ls|dir|cp|mv|rm|del|cat|echo|iex)\\s",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern FUNCTION = Pattern.compile("(?m)^\\s*function\\s+([A-Za-z]+)-([A-Za-z]+)");

    @Test
    void everyScriptFollowsTheRules() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(INSTALLER)) {
            scripts = files.filter(p -> p.toString().endsWith(".ps1")).sorted().collect(Collectors.toList());
        }
        assertEquals(List.of("build-msi.ps1", "build-runtime.ps1", "install.ps1", "uninstall.ps1"),
                scripts.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));

        List<String> broken = new ArrayList<>();
        for (Path script : scripts) {
            String text = Files.readString(script, StandardCharsets.US_ASCII);
            String name = script.getFileName().toString();
            for (String required : List.of("#Requires -Version 5.1", "Set-StrictMode -Version Latest",
                    "$ErrorActionPreference = 'Stop'", ".SYNOPSIS", "[CmdletBinding(")) {
                if (!text.contains(required)) {
                    broken.add(name + ": lacks " + required);
                }
            }
            Matcher function = FUNCTION.matcher(text);
            while (function.find()) {
                if (!APPROVED_VERBS.contains(function.group(1))) {
                    broken.add(name + ": function " + function.group(1) + "-" + function.group(2)
                            + " does not use an approved verb");
                }
            }
            Matcher alias = ALIAS_IN_PIPELINE.matcher(text);
            while (alias.find()) {
                broken.add(name + ": alias in a pipeline: " + alias.group().strip());
            }
        }
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }
}
