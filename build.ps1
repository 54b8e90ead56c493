#!/usr/bin/env pwsh
# Runs the release build program (build/), building it first only when its sources changed.
#   ./build.ps1 --target=Release      rehearse or publish a release
#   ./build.ps1 --target=Verify       the contributors' check (the default target)
#   ./build.ps1 --tree | --help       the task graph | every option
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$out = Join-Path $root 'build/bin/program'
$stamp = Join-Path $out '.stamp'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error "build.ps1: the .NET SDK 10 is required but 'dotnet' is not on PATH. Install it from https://dot.net/download and run ./build.ps1 again."
    exit 127
}

function Test-Stale {
    if (-not (Test-Path $stamp)) { return $true }
    $built = (Get-Item $stamp).LastWriteTimeUtc
    $bin = Join-Path $root 'build/bin'
    $obj = Join-Path $root 'build/obj'
    $newer = Get-ChildItem -Path (Join-Path $root 'build') -Recurse -Force |
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

if (Test-Stale) {
    $sdks = & dotnet --list-sdks 2>$null
    if (-not ($sdks | Where-Object { $_ -match '^10\.' })) {
        Write-Error "build.ps1: the .NET SDK 10 is required to build build/ (found: $($sdks -join ', ')). Install it from https://dot.net/download."
        exit 127
    }
    Write-Host 'build.ps1: building the build program (build/ changed since the last build)...'
    New-Item -ItemType Directory -Force -Path $out | Out-Null
    New-Item -ItemType Directory -Force -Path (Join-Path $root 'build/obj') | Out-Null
    $next = Join-Path $out '.stamp.next'
    Set-Content -Path $next -Value ''
    $publish = @('publish', (Join-Path $root 'build/Build.csproj'), '-c', 'Release', '-o', $out, '--nologo', '-v', 'minimal')
    $rid = Get-RuntimeId
    if ($rid) { $publish += @('-r', $rid, '--self-contained', 'false', '-p:PublishReadyToRun=true') }
    $log = Join-Path $root 'build/bin/build.log'
    & dotnet @publish *> $log
    if ($LASTEXITCODE -ne 0) {
        Get-Content $log | Write-Host
        Write-Error "build.ps1: building build/ failed (log above, also in build/bin/build.log)."
        exit 1
    }
    Move-Item -Force $next $stamp
}

Set-Location $root
$exe = Join-Path $out 'Build.exe'
if (-not (Test-Path $exe)) { $exe = Join-Path $out 'Build' }
if (Test-Path $exe) {
    & $exe @args
} else {
    & dotnet (Join-Path $out 'Build.dll') @args
}
exit $LASTEXITCODE
