#Requires -Version 5.1
<#
.SYNOPSIS
    Removes what install.ps1 put on this Windows: the agent's scheduled tasks, the files in
    %ProgramFiles%\vhdboot, the machine PATH entry and the "vhdboot" event source.

.DESCRIPTION
    Leaves every layout alone: parents, children, vhdboot.ini, logs and boot entries stay. To remove the
    boot entries and children of a layout first, run "vhdboot remove --layout C:\VHD" (add
    --delete-children to delete the children too) before uninstalling.

    The agent's tasks are removed with "vhdboot agent uninstall"; if vhdboot cannot run (for example no
    Java), or tasks remain afterwards, the tasks under \vhdboot\ in Task Scheduler are removed directly.
    Inside a child (Current), this only changes that child: the next reset brings back whatever the
    golden image holds.

    Running it again changes nothing and says so. Use -WhatIf to see what it would do.

    Exit codes: 0 done (or nothing to do), 1 failed, 9 not run as administrator.

.PARAMETER Destination
    The installation folder. Default: vhdboot in the 64-bit Program Files folder (C:\Program Files\vhdboot).

.PARAMETER KeepEventSource
    Keep the "vhdboot" event source, so past events in the Application log still show their text.

.EXAMPLE
    PS> & "$env:ProgramFiles\vhdboot\installer\uninstall.ps1"
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string] $Destination,
    [switch] $KeepEventSource
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Resolved here as in install.ps1: a 32-bit PowerShell sees Program Files (x86) as $env:ProgramFiles.
if (-not $Destination) {
    $programFiles = if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }
    $Destination = Join-Path $programFiles 'vhdboot'
}

$EventSource = 'vhdboot'
$TaskFolder = '\vhdboot\'
$EnvironmentKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'

function Test-Elevated {
    $principal = New-Object System.Security.Principal.WindowsPrincipal ([System.Security.Principal.WindowsIdentity]::GetCurrent())
    return $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Get-AgentTask {
    return @(Get-ScheduledTask -TaskPath $TaskFolder -ErrorAction SilentlyContinue)
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

# Explorer re-reads the machine environment on WM_SETTINGCHANGE "Environment".
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
    [Console]::Error.WriteLine('uninstall.ps1: administrator rights are required (it removes scheduled tasks, ' +
        $Destination + ', a machine PATH entry and an event source). Start PowerShell with "Run as administrator" and run it again.')
    exit 9
}

$Destination = [IO.Path]::GetFullPath($Destination).TrimEnd('\')
$changes = New-Object System.Collections.Generic.List[string]

# 1. The agent's tasks, first through vhdboot itself so it can undo whatever it set up.
$launcher = Join-Path $Destination 'vhdboot.cmd'
if (@(Get-AgentTask).Count -gt 0) {
    if ($PSCmdlet.ShouldProcess("scheduled tasks in $TaskFolder", 'Remove with "vhdboot agent uninstall"')) {
        if (Test-Path -LiteralPath $launcher -PathType Leaf) {
            # Windows PowerShell turns redirected stderr into terminating errors under 'Stop'.
            $ErrorActionPreference = 'Continue'
            $output = (& $launcher agent uninstall 2>&1 | ForEach-Object { "$_".Trim() }) -join ' '
            $agentExit = $LASTEXITCODE
            $ErrorActionPreference = 'Stop'
            if ($agentExit -ne 0) {
                Write-Warning "vhdboot agent uninstall ended with exit code ${agentExit}: $output. Removing the tasks directly."
            }
        }
        # Whatever is left (vhdboot missing, Java missing, a failed run): remove it here.
        foreach ($task in Get-AgentTask) {
            Unregister-ScheduledTask -TaskName $task.TaskName -TaskPath $task.TaskPath -Confirm:$false
        }
    }
    $changes.Add("removed the agent's scheduled tasks in $TaskFolder")
}
# The empty task folder itself; the ScheduledTasks cmdlets cannot delete folders, the COM API can.
$scheduler = New-Object -ComObject 'Schedule.Service'
$scheduler.Connect()
$folderExists = $true
try {
    [void] $scheduler.GetFolder($TaskFolder.TrimEnd('\'))
} catch {
    $folderExists = $false
}
if ($folderExists -and @(Get-AgentTask).Count -eq 0) {
    if ($PSCmdlet.ShouldProcess("Task Scheduler folder $TaskFolder", 'Delete')) {
        $scheduler.GetFolder('\').DeleteFolder($TaskFolder.Trim('\'), 0)
    }
    $changes.Add("deleted the Task Scheduler folder $TaskFolder")
}

# 2. The machine PATH entry (every spelling of it).
$entries = @((Get-MachinePath).Split(';') | Where-Object { $_.Trim() })
$kept = @($entries | Where-Object { -not (Test-PathEntry -Entry $_ -Folder $Destination) })
if ($kept.Count -ne $entries.Count) {
    if ($PSCmdlet.ShouldProcess('machine PATH', "Remove $Destination")) {
        Set-MachinePath -Value ($kept -join ';')
        Send-EnvironmentChange
    }
    $changes.Add("removed $Destination from the machine PATH")
}

# 3. The files. A vhdboot run that was still going when its task was removed may hold the jar a moment.
if (Test-Path -LiteralPath $Destination) {
    if ($PSCmdlet.ShouldProcess($Destination, 'Delete folder')) {
        # A console whose current folder is inside the installation would keep it from being deleted.
        if ((Get-Location).ProviderPath.StartsWith($Destination, [StringComparison]::OrdinalIgnoreCase)) {
            Set-Location -LiteralPath $env:SystemRoot
        }
        for ($attempt = 1; ; $attempt++) {
            try {
                Remove-Item -LiteralPath $Destination -Recurse -Force
                break
            } catch {
                if ($attempt -ge 5) {
                    throw "Could not delete ${Destination}: $($_.Exception.Message) Close programs using vhdboot and run uninstall.ps1 again."
                }
                Start-Sleep -Seconds 2
            }
        }
    }
    $changes.Add("deleted $Destination")
}

# 4. The event source.
if (-not $KeepEventSource -and [System.Diagnostics.EventLog]::SourceExists($EventSource)) {
    if ($PSCmdlet.ShouldProcess("event source $EventSource", 'Unregister')) {
        [System.Diagnostics.EventLog]::DeleteEventSource($EventSource)
    }
    $changes.Add("unregistered the event source '$EventSource'")
}

if ($WhatIfPreference) {
    Write-Output "What-if run: $($changes.Count) change(s) would be made; nothing was changed."
} elseif ($changes.Count -eq 0) {
    Write-Output 'vhdboot is not installed here; nothing changed.'
} else {
    Write-Output 'Uninstalled vhdboot:'
    $changes | ForEach-Object { Write-Output "  - $_" }
    Write-Output 'Layouts (parents, children, vhdboot.ini) and boot entries were left as they are.'
}
exit 0
