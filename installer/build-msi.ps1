#Requires -Version 5.1
<#
.SYNOPSIS
    Builds vhdboot-VERSION.msi with jpackage: vhdboot.exe, the jar and its own Java runtime, installed
    per machine into %ProgramFiles%\vhdboot.

.DESCRIPTION
    A recipe for admins who deploy software as MSI (GPO software installation, Intune, ConfigMgr).
    Needs, on Windows:
      - a 64-bit JDK 17 or later (jpackage and jlink come with it), given by -JdkHome or JAVA_HOME;
      - the WiX Toolset on PATH: WiX 3.x (candle.exe, light.exe) for JDK 17 to 23; JDK 24 and later
        also accept WiX 4 and 5 (wix.exe).

    The runtime inside the MSI holds the modules listed in installer\jdeps-modules.txt, the same as
    build-runtime.ps1 builds (jpackage's default jlink options strip debug data and the runtime's own
    java.exe, which vhdboot.exe does not need). The MSI installs vhdboot.exe (a console program taking the same
    arguments as vhdboot.cmd) beside app\vhdboot.jar and runtime\. Its folder inherits the permissions
    of %ProgramFiles% (only administrators, SYSTEM and TrustedInstaller can change it), which is what
    the agent's SYSTEM tasks need.

    What the MSI does not do (jpackage has no option for it), and how to add it in the deployment:
      - PATH: add "%ProgramFiles%\vhdboot" to the machine PATH, or call vhdboot.exe by its full path.
      - The event source: New-EventLog -LogName Application -Source vhdboot (or run
        installer\install.ps1's step in your own script); without it, events show "The description
        for Event ID ... cannot be found".

    The upgrade code below is fixed for vhdboot, so a newer MSI replaces an older one.

.PARAMETER JdkHome
    The JDK whose jpackage to use. Default: $env:JAVA_HOME.

.PARAMETER Jar
    vhdboot.jar. Default: vhdboot.jar beside this folder, else target\vhdboot.jar.

.PARAMETER OutputFolder
    Where the .msi goes. Default: the current folder.

.EXAMPLE
    PS> .\installer\build-msi.ps1 -JdkHome 'C:\Program Files\Eclipse Adoptium\jdk-17.0.15.6-hotspot'
    PS> msiexec /i vhdboot-0.1.0.msi /qn /l*v vhdboot-msi.log
#>
[CmdletBinding()]
param(
    [string] $JdkHome = $env:JAVA_HOME,
    [string] $Jar,
    [string] $OutputFolder = (Get-Location).ProviderPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Never change this: Windows Installer matches upgrades by it.
$UpgradeCode = '6f1c5a1e-2d0b-4c1e-9a51-7b0e3f9d2c41'

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

if (-not $JdkHome) {
    throw 'No JDK given: pass -JdkHome or set JAVA_HOME to a JDK 17 or later.'
}
$jpackage = Join-Path $JdkHome 'bin\jpackage.exe'
$java = Join-Path $JdkHome 'bin\java.exe'
if (-not (Test-Path -LiteralPath $jpackage -PathType Leaf)) {
    throw "$jpackage not found: -JdkHome must point at a JDK 17 or later."
}
if (-not (Get-Command -Name 'candle.exe', 'wix.exe' -CommandType Application -ErrorAction SilentlyContinue)) {
    throw 'The WiX Toolset is not on PATH (candle.exe/light.exe for WiX 3, wix.exe for WiX 4 and later).'
}

# The version the jar reports ("vhdboot 0.1.0") is the MSI's version; jpackage wants digits and dots only.
$version = ((& $java -jar $Jar --version) -join '').Trim() -replace '^vhdboot\s+', ''
if ($version -notmatch '^\d+(\.\d+){0,2}$') {
    throw "The jar reports version '$version', which an MSI cannot carry (digits and dots only)."
}

$modules = @(Get-Content -LiteralPath (Join-Path $PSScriptRoot 'jdeps-modules.txt') |
    ForEach-Object { $_.Trim() } |
    Where-Object { $_ -and -not $_.StartsWith('#') })

# jpackage copies its whole --input folder into the app, so it gets a folder holding only the jar.
$staging = Join-Path ([IO.Path]::GetTempPath()) ('vhdboot-msi-' + [guid]::NewGuid().ToString('N'))
[void] [IO.Directory]::CreateDirectory($staging)
try {
    Copy-Item -LiteralPath $Jar -Destination (Join-Path $staging 'vhdboot.jar')
    $arguments = @(
        '--type', 'msi',
        '--name', 'vhdboot',
        '--app-version', $version,
        '--vendor', 'vhdboot',
        '--description', 'Roll a Windows PC back to a clean state with VHDX native boot and differencing disks',
        '--input', $staging,
        '--main-jar', 'vhdboot.jar',
        '--main-class', 'org.vhdboot.cli.VhdbootCommand',
        '--add-modules', ($modules -join ','),
        # A console program: output on the console, exit codes to the caller.
        '--win-console',
        # One set of JVM options for every command, as jpackage cannot choose them by argument: the set the launchers
        # give `image` and `agent`, whose pulls need C2's SHA-256 intrinsic (docs/benchmarks.md, "JVM options").
        '--java-options', '-XX:+UseSerialGC',
        '--java-options', '-Xms96m',
        '--java-options', '-Xmn64m',
        '--java-options', '-XX:PretenureSizeThreshold=1m',
        '--java-options', '-Xmx1g',
        '--java-options', '-XX:Tier4InvocationThreshold=50000',
        '--java-options', '-XX:Tier4MinInvocationThreshold=6000',
        '--java-options', '-XX:Tier4CompileThreshold=150000',
        '--java-options', '-Xlog:all=warning:stderr',
        '--install-dir', 'vhdboot',
        '--win-upgrade-uuid', $UpgradeCode,
        '--dest', $OutputFolder
    )
    # --app-content exists from JDK 18 on; JDK 17 MSIs carry the templates inside the jar only.
    $jdkMajor = [int] (((& $jpackage --version) -join '').Trim().Split('.')[0])
    if ($jdkMajor -ge 18) {
        $arguments += '--app-content', ((Join-Path $vhdbootHome 'bcd-templates') + ',' + (Join-Path $vhdbootHome 'docs'))
    }
    & $jpackage @arguments
    if ($LASTEXITCODE -ne 0) {
        throw "jpackage failed with exit code $LASTEXITCODE."
    }
} finally {
    Remove-Item -LiteralPath $staging -Recurse -Force
}

Write-Output "Built $(Join-Path $OutputFolder "vhdboot-$version.msi"). Install with: msiexec /i vhdboot-$version.msi /qn"
