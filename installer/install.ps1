#Requires -Version 5.1
<#
.SYNOPSIS
    Installs vhdboot into %ProgramFiles%\vhdboot: the files, the machine PATH entry, locked-down
    permissions and the "vhdboot" event source.

.DESCRIPTION
    Copies an unpacked portable zip (vhdboot.jar, vhdboot.cmd, bcd-templates, docs, installer and, when
    present, runtime) into the destination and makes the destination an exact copy of it. Then:

    - Permissions: inheritance is removed from the destination; Administrators and SYSTEM get full
      control, Users read and execute, nobody else anything; every file below inherits exactly that.
      The agent's scheduled tasks run vhdboot as SYSTEM, so a jar that ordinary users could replace
      would hand them SYSTEM rights.
    - The destination is added to the machine PATH (once).
    - The "vhdboot" event source is registered in the Application log, so vhdboot's events show their
      text in Event Viewer.

    Running it again with the same package changes nothing and says so. Use -WhatIf to see what it
    would do.

    Exit codes: 0 done (or nothing to do), 1 failed, 9 not run as administrator.

.PARAMETER Source
    The unpacked portable zip (the folder holding vhdboot.jar and vhdboot.cmd), or the .zip file itself.
    Default: the folder above this script, that is, the package this script came in.

.PARAMETER Destination
    Where to install. Default: vhdboot in the 64-bit Program Files folder (C:\Program Files\vhdboot, also
    when a 32-bit PowerShell runs this script). Keep the default unless you have a reason: a folder whose
    parent ordinary users can write to lets them rename it away and put their own in place.

.EXAMPLE
    PS> .\vhdboot-0.1.0\installer\install.ps1
    Installs from the unpacked zip the script is in.

.EXAMPLE
    PS> .\install.ps1 -Source D:\Downloads\vhdboot-0.1.0-portable.zip -WhatIf
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string] $Source,
    [string] $Destination
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Defaults are resolved here, not in param(): Windows PowerShell 5.1 leaves $PSScriptRoot empty while it
# binds the parameters of an advanced script, so a default built from it fails before the script starts.
if (-not $Source) {
    $Source = Split-Path -Parent $PSScriptRoot
}
if (-not $Destination) {
    # A 32-bit PowerShell sees Program Files (x86) as $env:ProgramFiles; ProgramW6432 is the 64-bit one.
    $programFiles = if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }
    $Destination = Join-Path $programFiles 'vhdboot'
}

$EventSource = 'vhdboot'
$EnvironmentKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
# Well-known SIDs rather than names: group names are translated on non-English Windows.
$AdministratorsSid = New-Object System.Security.Principal.SecurityIdentifier 'S-1-5-32-544'
$SystemSid = New-Object System.Security.Principal.SecurityIdentifier 'S-1-5-18'
$UsersSid = New-Object System.Security.Principal.SecurityIdentifier 'S-1-5-32-545'

function Test-Elevated {
    $principal = New-Object System.Security.Principal.WindowsPrincipal ([System.Security.Principal.WindowsIdentity]::GetCurrent())
    return $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

# The package folder: the given folder, or the top folder of the given zip expanded into $ScratchFolder.
function Resolve-Package {
    param([string] $Path, [string] $ScratchFolder)
    if (-not (Test-Path -LiteralPath $Path)) {
        throw "Source $Path does not exist."
    }
    $folder = (Resolve-Path -LiteralPath $Path).ProviderPath
    if (Test-Path -LiteralPath $folder -PathType Leaf) {
        if ([IO.Path]::GetExtension($folder) -ne '.zip') {
            throw "Source $folder is neither a folder nor a .zip file."
        }
        Expand-Archive -LiteralPath $folder -DestinationPath $ScratchFolder
        $folder = $ScratchFolder
        # The portable zip holds one top folder, vhdboot-VERSION.
        $top = @(Get-ChildItem -LiteralPath $folder -Directory)
        if (-not (Test-Path -LiteralPath (Join-Path $folder 'vhdboot.jar')) -and $top.Count -eq 1) {
            $folder = $top[0].FullName
        }
    }
    foreach ($required in 'vhdboot.jar', 'vhdboot.cmd') {
        if (-not (Test-Path -LiteralPath (Join-Path $folder $required) -PathType Leaf)) {
            throw ("$folder holds no $required, so it is not an unpacked vhdboot portable zip. In a source tree," +
                " run 'mvn -B package' and pass target\vhdboot-VERSION-portable.zip as -Source.")
        }
    }
    return $folder.TrimEnd('\')
}

# Paths of all files below $Root, relative to it.
function Get-RelativeFile {
    param([string] $Root)
    if (-not (Test-Path -LiteralPath $Root -PathType Container)) {
        return @()
    }
    $prefix = $Root.TrimEnd('\').Length + 1
    return @(Get-ChildItem -LiteralPath $Root -Recurse -File -Force | ForEach-Object { $_.FullName.Substring($prefix) })
}

function Test-SameContent {
    param([string] $First, [string] $Second)
    if ((Get-Item -LiteralPath $First).Length -ne (Get-Item -LiteralPath $Second).Length) {
        return $false
    }
    return (Get-FileHash -LiteralPath $First).Hash -eq (Get-FileHash -LiteralPath $Second).Hash
}

function New-DesiredRule {
    $inherit = [System.Security.AccessControl.InheritanceFlags] 'ContainerInherit, ObjectInherit'
    $none = [System.Security.AccessControl.PropagationFlags]::None
    $allow = [System.Security.AccessControl.AccessControlType]::Allow
    $full = [System.Security.AccessControl.FileSystemRights]::FullControl
    $read = [System.Security.AccessControl.FileSystemRights]::ReadAndExecute
    return @(
        (New-Object System.Security.AccessControl.FileSystemAccessRule ($AdministratorsSid, $full, $inherit, $none, $allow)),
        (New-Object System.Security.AccessControl.FileSystemAccessRule ($SystemSid, $full, $inherit, $none, $allow)),
        (New-Object System.Security.AccessControl.FileSystemAccessRule ($UsersSid, $read, $inherit, $none, $allow))
    )
}

# One comparable line per rule. Windows adds Synchronize to allow rules when it stores them, so it is
# added here too; otherwise a correct ACL would never compare equal to the wanted one.
function Format-Rule {
    param($Rule)
    $rights = [int] ($Rule.FileSystemRights -bor [System.Security.AccessControl.FileSystemRights]::Synchronize)
    $sid = $Rule.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value
    return '{0}|{1}|{2}|{3}|{4}' -f $sid, $rights, $Rule.InheritanceFlags, $Rule.PropagationFlags, $Rule.AccessControlType
}

function Test-FolderAcl {
    param([string] $Path)
    $acl = Get-Acl -LiteralPath $Path
    if (-not $acl.AreAccessRulesProtected) {
        return $false
    }
    if ($acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value -ne $AdministratorsSid.Value) {
        return $false
    }
    $actual = @($acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]) |
        ForEach-Object { Format-Rule $_ } | Sort-Object)
    $wanted = @(New-DesiredRule | ForEach-Object { Format-Rule $_ } | Sort-Object)
    return ($actual -join ';') -eq ($wanted -join ';')
}

function Set-FolderAcl {
    param([string] $Path)
    # A fresh descriptor: owner Administrators, no inherited rules, exactly the wanted ones.
    $security = New-Object System.Security.AccessControl.DirectorySecurity
    $security.SetOwner($AdministratorsSid)
    $security.SetAccessRuleProtection($true, $false)
    foreach ($rule in New-DesiredRule) {
        $security.AddAccessRule($rule)
    }
    Set-Acl -LiteralPath $Path -AclObject $security
}

# Items below the folder that do not simply inherit its permissions (explicit rules or blocked inheritance).
function Get-NonInheritingItem {
    param([string] $Path)
    return @(Get-ChildItem -LiteralPath $Path -Recurse -Force | Where-Object {
            $acl = Get-Acl -LiteralPath $_.FullName
            $explicit = @($acl.GetAccessRules($true, $false, [System.Security.Principal.SecurityIdentifier]))
            $acl.AreAccessRulesProtected -or $explicit.Count -gt 0
        })
}

# The machine PATH as stored: unexpanded, so entries such as %SystemRoot%\system32 survive the rewrite.
function Get-MachinePath {
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey($EnvironmentKey, $false)
    try {
        return [string] $key.GetValue('Path', '', [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
    } finally {
        $key.Close()
    }
}

# Written back as REG_EXPAND_SZ, the kind Windows uses for it ([Environment]::SetEnvironmentVariable
# would expand the references and store REG_SZ).
function Set-MachinePath {
    param([string] $Value)
    $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey($EnvironmentKey, $true)
    try {
        $key.SetValue('Path', $Value, [Microsoft.Win32.RegistryValueKind]::ExpandString)
    } finally {
        $key.Close()
    }
}

function Test-PathEntry {
    param([string] $Entry, [string] $Folder)
    $expanded = [Environment]::ExpandEnvironmentVariables($Entry).Trim().TrimEnd('\')
    return [string]::Equals($expanded, $Folder.TrimEnd('\'), [StringComparison]::OrdinalIgnoreCase)
}

# Explorer re-reads the machine environment on WM_SETTINGCHANGE "Environment"; without it, consoles
# started from the Start menu keep the old PATH until the next sign-in.
function Send-EnvironmentChange {
    if (-not ('VhdbootSetup.NativeMethods' -as [type])) {
        Add-Type -Namespace VhdbootSetup -Name NativeMethods -MemberDefinition @'
[DllImport("user32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
public static extern IntPtr SendMessageTimeout(IntPtr hWnd, uint msg, UIntPtr wParam, string lParam,
    uint flags, uint timeout, out UIntPtr result);
'@
    }
    $result = [UIntPtr]::Zero
    # HWND_BROADCAST, WM_SETTINGCHANGE, SMTO_ABORTIFHUNG, 5 s.
    [void] [VhdbootSetup.NativeMethods]::SendMessageTimeout([IntPtr] 0xffff, 0x1A, [UIntPtr]::Zero, 'Environment', 2, 5000, [ref] $result)
}

if (-not (Test-Elevated)) {
    [Console]::Error.WriteLine('install.ps1: administrator rights are required (it writes to ' + $Destination +
        ', the machine PATH and the event log registration). Start PowerShell with "Run as administrator" and run it again.')
    exit 9
}

$changes = New-Object System.Collections.Generic.List[string]
$scratch = Join-Path ([IO.Path]::GetTempPath()) ('vhdboot-install-' + [guid]::NewGuid().ToString('N'))
try {
    $package = Resolve-Package -Path $Source -ScratchFolder $scratch
    $Destination = [IO.Path]::GetFullPath($Destination).TrimEnd('\')
    $sameFolder = [string]::Equals($package, $Destination, [StringComparison]::OrdinalIgnoreCase)

    # 1. The folder and its permissions, before any file lands in it.
    if (-not (Test-Path -LiteralPath $Destination -PathType Container)) {
        if ($PSCmdlet.ShouldProcess($Destination, 'Create folder')) {
            [void] [IO.Directory]::CreateDirectory($Destination)
        }
        $changes.Add("created $Destination")
    }
    if (-not (Test-Path -LiteralPath $Destination -PathType Container) -or -not (Test-FolderAcl -Path $Destination)) {
        if ($PSCmdlet.ShouldProcess($Destination, 'Set permissions: Administrators and SYSTEM full control, Users read and execute, no inheritance')) {
            Set-FolderAcl -Path $Destination
        }
        $changes.Add('set permissions on the folder: Administrators and SYSTEM full control, Users read and execute, inheritance removed')
    }

    # 2. The files: make the destination an exact copy of the package. A runtime\ built in place with
    #    build-runtime.ps1 is kept when the package brings none.
    if ($sameFolder) {
        Write-Verbose "Running from the installed copy: the files stay as they are."
    } else {
        $wanted = @(Get-RelativeFile -Root $package)
        $copied = 0
        foreach ($relative in $wanted) {
            $from = Join-Path $package $relative
            $to = Join-Path $Destination $relative
            if ((Test-Path -LiteralPath $to -PathType Leaf) -and (Test-SameContent -First $from -Second $to)) {
                continue
            }
            if ($PSCmdlet.ShouldProcess($to, 'Copy from the package')) {
                [void] [IO.Directory]::CreateDirectory((Split-Path -Parent $to))
                Copy-Item -LiteralPath $from -Destination $to -Force
                # Copies keep a downloaded zip's "from the internet" mark, which would block the installed
                # scripts (uninstall.ps1) under the RemoteSigned policy. Installing is the trust decision.
                Unblock-File -LiteralPath $to
            }
            Write-Verbose "copied $relative"
            $copied++
        }
        if ($copied -gt 0) {
            $changes.Add("copied $copied file(s) from $package")
        }

        $keepRuntime = -not (Test-Path -LiteralPath (Join-Path $package 'runtime') -PathType Container)
        $stale = @(Get-RelativeFile -Root $Destination | Where-Object {
                $wanted -notcontains $_ -and -not ($keepRuntime -and $_ -like 'runtime\*')
            })
        foreach ($relative in $stale) {
            if ($PSCmdlet.ShouldProcess((Join-Path $Destination $relative), 'Delete: not in the package')) {
                Remove-Item -LiteralPath (Join-Path $Destination $relative) -Force
            }
            Write-Verbose "deleted $relative"
        }
        if ($stale.Count -gt 0) {
            $changes.Add("deleted $($stale.Count) file(s) the package no longer has")
            # Deepest first, so a folder is empty when its turn comes.
            Get-ChildItem -LiteralPath $Destination -Recurse -Directory -Force |
                Sort-Object -Property { $_.FullName.Length } -Descending |
                Where-Object { @(Get-ChildItem -LiteralPath $_.FullName -Force).Count -eq 0 } |
                ForEach-Object {
                    if ($PSCmdlet.ShouldProcess($_.FullName, 'Delete empty folder')) {
                        Remove-Item -LiteralPath $_.FullName -Force
                    }
                }
        }
    }

    # 3. Everything below the folder inherits its permissions and nothing else.
    if (Test-Path -LiteralPath $Destination -PathType Container) {
        $loose = @(Get-NonInheritingItem -Path $Destination)
        foreach ($item in $loose) {
            if ($PSCmdlet.ShouldProcess($item.FullName, 'Reset permissions to the inherited ones')) {
                & icacls.exe $item.FullName /reset /q | Out-Null
                if ($LASTEXITCODE -ne 0) {
                    throw "icacls could not reset the permissions of $($item.FullName) (exit code $LASTEXITCODE)."
                }
            }
        }
        if ($loose.Count -gt 0) {
            $changes.Add("reset $($loose.Count) item(s) to inherit the folder's permissions")
        }
    }

    # 4. The machine PATH.
    $machinePath = Get-MachinePath
    $entries = @($machinePath.Split(';') | Where-Object { $_.Trim() })
    if (-not @($entries | Where-Object { Test-PathEntry -Entry $_ -Folder $Destination })) {
        if ($PSCmdlet.ShouldProcess('machine PATH', "Add $Destination")) {
            $newPath = (@($entries) + $Destination) -join ';'
            Set-MachinePath -Value $newPath
            Send-EnvironmentChange
        }
        $changes.Add("added $Destination to the machine PATH")
    }
    # This console too, so vhdboot works here right away.
    $inThisConsole = @($env:Path.Split(';') | Where-Object { $_.Trim() -and (Test-PathEntry -Entry $_ -Folder $Destination) })
    if (-not $WhatIfPreference -and $inThisConsole.Count -eq 0) {
        $env:Path = $env:Path.TrimEnd(';') + ';' + $Destination
    }

    # 5. The event source. The .NET registration points at a message file that renders any event ID as
    #    its text, so events vhdboot writes read properly in Event Viewer.
    if ([System.Diagnostics.EventLog]::SourceExists($EventSource)) {
        $log = [System.Diagnostics.EventLog]::LogNameFromSourceName($EventSource, '.')
        if ($log -ne 'Application') {
            Write-Warning ("The event source '$EventSource' is registered for the '$log' log, so vhdboot's events go" +
                " there instead of Application. Run uninstall.ps1 and install.ps1 to move it.")
        }
    } else {
        if ($PSCmdlet.ShouldProcess("event source $EventSource", 'Register in the Application log')) {
            [System.Diagnostics.EventLog]::CreateEventSource($EventSource, 'Application')
        }
        $changes.Add("registered the event source '$EventSource' in the Application log")
    }
} finally {
    if (Test-Path -LiteralPath $scratch) {
        Remove-Item -LiteralPath $scratch -Recurse -Force
    }
}

if ($WhatIfPreference) {
    Write-Output "What-if run: $($changes.Count) change(s) would be made; nothing was changed."
    exit 0
}

# Prove the installed copy starts. A missing Java is not an install failure (a runtime can follow), but
# the scheduled tasks run as SYSTEM and need one: runtime\ beside vhdboot.cmd, or Java on the machine PATH.
# Windows PowerShell turns a native program's stderr into terminating errors under 'Stop' once it is
# redirected, so the check runs under 'Continue'.
$launcher = Join-Path $Destination 'vhdboot.cmd'
$ErrorActionPreference = 'Continue'
$version = (& $launcher --version 2>&1 | ForEach-Object { "$_".Trim() }) -join ' '
$started = $LASTEXITCODE -eq 0
$ErrorActionPreference = 'Stop'
if (-not $started) {
    Write-Warning ("vhdboot did not start: $version. Install Java 17 or later for all users, or build runtime\" +
        " with installer\build-runtime.ps1 and run install.ps1 again.")
}

if ($changes.Count -eq 0) {
    Write-Output "vhdboot is already installed in $Destination; nothing changed. ($version)"
} else {
    Write-Output "Installed vhdboot in $Destination ($version):"
    $changes | ForEach-Object { Write-Output "  - $_" }
    Write-Output 'Open a new console to get the new PATH. In a golden image, run "vhdboot agent install" next for the nightly cycle.'
}
exit 0
