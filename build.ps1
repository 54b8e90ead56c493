#!/usr/bin/env pwsh
# Runs the release build program (build/), building it first only when its sources changed. Same behaviour and exit
# codes as build.sh (127: no .NET SDK 10; 1: building build/ failed; otherwise the program's own).
#   ./build.ps1 --target=Release      rehearse or publish a release
#   ./build.ps1 --target=Verify       the contributors' check (the default target)
#   ./build.ps1 --tree | --help       the task graph | every option
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Errors go to stderr and end the script with build.sh's exit code (Write-Error under 'Stop' would end it with 1 first).
function Exit-WithError([string] $message, [int] $code) {
    [Console]::Error.WriteLine($message)
    exit $code
}

# Started through a symlink: follow it, so that the root is the repository's.
$script = Get-Item -LiteralPath $PSCommandPath -Force
if ($script.LinkType) { $script = $script.ResolveLinkTarget($true) }
$root = $script.Directory.FullName
if (-not (Test-Path -LiteralPath (Join-Path $root 'build/Build.csproj'))) {
    Exit-WithError "build.ps1: $root is not the repository (it has no build/Build.csproj); run the build.ps1 of a clone of it." 1
}

$out = Join-Path $root 'build/bin/program'
$stamp = Join-Path $out '.stamp'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Exit-WithError "build.ps1: the .NET SDK 10 is required but 'dotnet' is not on PATH. Install it from https://dot.net/download and run ./build.ps1 again." 127
}

# Sources newer than the last successful build (directories too, so that deleted files count).
function Test-Stale {
    # -Force: the stamp is a dotfile, which Get-Item does not see without it on Linux and macOS.
    $stampItem = Get-Item -LiteralPath $stamp -Force -ErrorAction SilentlyContinue
    if ($null -eq $stampItem) { return $true }
    $built = $stampItem.LastWriteTimeUtc
    $bin = Join-Path $root 'build/bin'
    $obj = Join-Path $root 'build/obj'
    $newer = Get-ChildItem -LiteralPath (Join-Path $root 'build') -Recurse -Force |
        Where-Object { -not $_.FullName.StartsWith($bin) -and -not $_.FullName.StartsWith($obj) -and $_.LastWriteTimeUtc -gt $built } |
        Select-Object -First 1
    return $null -ne $newer
}

function Get-RuntimeId {
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    if ($arch -notin @('x64', 'arm64')) { return $null }
    if ($IsWindows -or $env:OS -eq 'Windows_NT') { return "win-$arch" }
    if ($IsMacOS) { return "osx-$arch" }
    if ($IsLinux) { return "linux-$arch" }
    return $null
}

# One build of build/ at a time (build.sh takes the same lock): an exclusive open of build/bin/.build.lock, which the
# operating system releases when this process ends, however it ends.
function Lock-Build {
    $path = Join-Path $root 'build/bin/.build.lock'
    New-Item -ItemType Directory -Force -Path (Split-Path $path) | Out-Null
    $deadline = [DateTime]::UtcNow.AddMinutes(15)
    $said = $false
    while ($true) {
        try {
            return [System.IO.File]::Open($path, [System.IO.FileMode]::OpenOrCreate, [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::None)
        } catch [System.IO.IOException] {
            if ([DateTime]::UtcNow -gt $deadline) {
                Exit-WithError "build.ps1: another build of build/ has held $path for 15 minutes; stop it and run ./build.ps1 again." 1
            }
            if (-not $said) {
                [Console]::Error.WriteLine('build.ps1: waiting for another build of build/ to finish...')
                $said = $true
            }
            Start-Sleep -Milliseconds 250
        }
    }
}

if (Test-Stale) {
    $lock = Lock-Build
    try {
        if (Test-Stale) {
            $sdks = & dotnet --list-sdks 2>$null
            if (-not ($sdks | Where-Object { $_ -match '^10\.' })) {
                Exit-WithError "build.ps1: the .NET SDK 10 is required to build build/ (found: $($sdks -join ', ')). Install it from https://dot.net/download and run ./build.ps1 again." 127
            }
            [Console]::Error.WriteLine('build.ps1: building the build program (build/ changed since the last build)...')
            # Create what the build creates first, so that their appearance does not make build/ look newer than the stamp.
            New-Item -ItemType Directory -Force -Path $out | Out-Null
            New-Item -ItemType Directory -Force -Path (Join-Path $root 'build/obj') | Out-Null
            $next = Join-Path $out '.stamp.next'
            Set-Content -LiteralPath $next -Value ''
            $publish = @('publish', (Join-Path $root 'build/Build.csproj'), '-c', 'Release', '-o', $out, '--nologo', '-v', 'minimal')
            $rid = Get-RuntimeId
            if ($rid) { $publish += @('-r', $rid, '--self-contained', 'false', '-p:PublishReadyToRun=true') }
            $log = Join-Path $root 'build/bin/build.log'
            & dotnet @publish *> $log
            if ($LASTEXITCODE -ne 0) {
                [Console]::Error.WriteLine((Get-Content -LiteralPath $log -Raw))
                Exit-WithError 'build.ps1: building build/ failed (log above, also in build/bin/build.log).' 1
            }
            Move-Item -Force -LiteralPath $next -Destination $stamp
        }
    } finally {
        $lock.Dispose()
    }
}

$exe = Join-Path $out 'Build.exe'
if (-not (Test-Path -LiteralPath $exe)) { $exe = Join-Path $out 'Build' }
# The program runs in the repository; the caller's session keeps its own location.
Push-Location -LiteralPath $root
try {
    if (Test-Path -LiteralPath $exe) {
        & $exe @args
    } else {
        & dotnet (Join-Path $out 'Build.dll') @args
    }
    $code = $LASTEXITCODE
} finally {
    Pop-Location
}
exit $code
