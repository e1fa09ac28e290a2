#Requires -Version 5.1
<#
.SYNOPSIS
    Builds a small Java runtime (jlink) next to vhdboot.cmd, for machines without Java: WinPE, a fresh
    Recovery image, the golden image whose agent runs as SYSTEM.

.DESCRIPTION
    Runs jlink from a JDK 17 or later with the modules listed in installer\jdeps-modules.txt and writes the
    runtime to the folder vhdboot.cmd looks for: runtime\ beside vhdboot.cmd (runtime\bin\java.exe).
    Before building, it runs jdeps on the jar and stops if the jar needs a module the list lacks, so a
    new dependency cannot silently produce a runtime that fails later. Afterwards it runs
    "runtime\bin\java.exe -jar vhdboot.jar --version" to prove the result starts.

    Run it on Windows (jlink builds a runtime for the OS it runs on). It refuses a 32-bit JDK: x64 WinPE runs no
    32-bit programs, and vhdboot.cmd trusts runtime\ to be 64-bit.

.PARAMETER JdkHome
    The JDK to take jlink, jdeps and the modules from. Default: $env:JAVA_HOME.

.PARAMETER Jar
    vhdboot.jar. Default: vhdboot.jar beside this folder (unpacked portable zip), else target\vhdboot.jar
    (source tree).

.PARAMETER Output
    Where to write the runtime. Default: runtime\ beside vhdboot.cmd.

.PARAMETER Force
    Replace an existing runtime folder.

.EXAMPLE
    PS> .\installer\build-runtime.ps1 -JdkHome 'C:\Program Files\Eclipse Adoptium\jdk-17.0.15.6-hotspot'
#>
[CmdletBinding()]
param(
    [string] $JdkHome = $env:JAVA_HOME,
    [string] $Jar,
    [string] $Output,
    [switch] $Force
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$vhdbootHome = Split-Path -Parent $PSScriptRoot
if (-not $Jar) {
    $Jar = Join-Path $vhdbootHome 'vhdboot.jar'
    if (-not (Test-Path -LiteralPath $Jar -PathType Leaf)) {
        $Jar = Join-Path $vhdbootHome 'target\vhdboot.jar'
    }
}
if (-not (Test-Path -LiteralPath $Jar -PathType Leaf)) {
    throw "vhdboot.jar not found ($Jar). Pass -Jar, or run 'mvn -B package' in the source tree first."
}
$Jar = (Resolve-Path -LiteralPath $Jar).ProviderPath
if (-not $Output) {
    $Output = Join-Path $vhdbootHome 'runtime'
}

if (-not $JdkHome) {
    throw 'No JDK given: pass -JdkHome or set JAVA_HOME to a JDK 17 or later (a JRE has no jlink).'
}
$jlink = Join-Path $JdkHome 'bin\jlink.exe'
$jdeps = Join-Path $JdkHome 'bin\jdeps.exe'
foreach ($tool in $jlink, $jdeps) {
    if (-not (Test-Path -LiteralPath $tool -PathType Leaf)) {
        throw "$tool not found: -JdkHome must point at a JDK 17 or later, not a JRE."
    }
}

# vhdboot.cmd trusts runtime\ to be 64-bit: a 32-bit Java cannot see System32\bcdedit.exe on 64-bit Windows.
# java -XshowSettings writes to stderr, which Windows PowerShell turns into errors under 'Stop'.
$ErrorActionPreference = 'Continue'
$settings = (& (Join-Path $JdkHome 'bin\java.exe') -XshowSettings:properties -version 2>&1 | ForEach-Object { "$_" }) -join "`n"
$ErrorActionPreference = 'Stop'
if ($settings -match 'sun\.arch\.data\.model = 32') {
    throw "$JdkHome is a 32-bit JDK; the runtime must be 64-bit. Pass -JdkHome with a 64-bit JDK 17 or later."
}

# The reviewed module list; comments and blank lines are skipped.
$listFile = Join-Path $PSScriptRoot 'jdeps-modules.txt'
$modules = @(Get-Content -LiteralPath $listFile |
    ForEach-Object { $_.Trim() } |
    Where-Object { $_ -and -not $_.StartsWith('#') })
if ($modules.Count -eq 0) {
    throw "$listFile lists no modules."
}

# The jar is multi-release, so jdeps needs --multi-release; without it jdeps refuses to run.
$found = & $jdeps --multi-release 17 --print-module-deps --ignore-missing-deps $Jar
if ($LASTEXITCODE -ne 0) {
    throw "jdeps failed with exit code $LASTEXITCODE."
}
$missing = @(($found -join ',').Split(',') |
    ForEach-Object { $_.Trim() } |
    Where-Object { $_ -and $modules -notcontains $_ })
if ($missing.Count -gt 0) {
    throw "jdeps says vhdboot.jar needs $($missing -join ', '), which $listFile does not list. Add them there."
}

if (Test-Path -LiteralPath $Output) {
    if (-not $Force) {
        throw "$Output already exists. Pass -Force to replace it."
    }
    Remove-Item -LiteralPath $Output -Recurse -Force
}

# --compress=2 (zip) is accepted by every jlink from 17 on; newer ones warn and map it to zip-6.
& $jlink --add-modules ($modules -join ',') --strip-debug --no-header-files --no-man-pages --compress=2 --output $Output
if ($LASTEXITCODE -ne 0) {
    throw "jlink failed with exit code $LASTEXITCODE."
}

$java = Join-Path $Output 'bin\java.exe'
$version = & $java -jar $Jar --version
if ($LASTEXITCODE -ne 0) {
    throw "The new runtime could not run vhdboot.jar (exit code $LASTEXITCODE)."
}
$size = (Get-ChildItem -LiteralPath $Output -Recurse -File | Measure-Object -Property Length -Sum).Sum
Write-Output ('Built {0} ({1:N0} MiB, modules {2}); it runs: {3}' -f $Output, ($size / 1MB), ($modules -join ','), $version)
