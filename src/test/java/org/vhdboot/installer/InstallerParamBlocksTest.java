package org.vhdboot.installer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Windows PowerShell 5.1 evaluates parameter defaults of an advanced script before $PSScriptRoot and
 * $MyInvocation are set, so `install.ps1` without -Source threw before its first line ran. No param() block of
 * any installer script may use them; defaults that need the script's folder are resolved in the body.
 */
class InstallerParamBlocksTest {
    private static final Path INSTALLER = Path.of(System.getProperty("vhdboot.sourceRoot", ".")).resolve("installer");

    @Test
    void noParamBlockOfAnyInstallerScriptUsesTheScriptsLocation() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(INSTALLER)) {
            scripts = files.filter(p -> p.toString().endsWith(".ps1")).sorted().toList();
        }
        assertTrue(scripts.size() >= 4, scripts.toString());
        List<String> broken = new ArrayList<>();
        for (Path script : scripts) {
            List<String> blocks = PowerShellParamBlocks.in(Files.readString(script, StandardCharsets.UTF_8));
            assertTrue(!blocks.isEmpty(), script + " has a param() block the scanner must find");
            for (String block : blocks) {
                List<String> used = PowerShellParamBlocks.scriptLocationVariablesIn(block);
                if (!used.isEmpty()) {
                    broken.add(script.getFileName() + ": " + used + " in " + block.replaceAll("\\s+", " "));
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theScannerFindsEveryBlockAndOnlyCode() {
        String script = """
                <# .SYNOPSIS param($PSScriptRoot) in help is no block #>
                [CmdletBinding()]
                PARAM (
                    [ValidateScript({ Test-Path (Join-Path $_ 'x') })] [string] $Source = (Split-Path -Parent $PSScriptRoot),
                    [string] $Name = 'a ) quote: $MyInvocation',  # $PSCommandPath in a comment
                    [string] $Text = "it's `"$MyInvocation`" )"
                )
                function Get-Thing {
                    param([string] $Path = ${PSCommandPath})
                    $myparam = 'param($PSScriptRoot)'
                }
                $x = @'
                param($MyInvocation)
                '@
                """;
        List<String> blocks = PowerShellParamBlocks.in(script);
        assertEquals(2, blocks.size(), blocks.toString());
        assertTrue(blocks.get(0).startsWith("(") && blocks.get(0).endsWith(")"));
        assertTrue(blocks.get(0).contains("$Text"), "a ) inside strings does not end the block");
        assertEquals(List.of("$psscriptroot", "$myinvocation"),
                PowerShellParamBlocks.scriptLocationVariablesIn(blocks.get(0)),
                "the code and the expandable string count; the single-quoted string and the comment do not");
        assertEquals(List.of("${pscommandpath}"), PowerShellParamBlocks.scriptLocationVariablesIn(blocks.get(1)));
    }
}
