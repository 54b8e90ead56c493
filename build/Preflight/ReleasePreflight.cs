using Build.Configuration;
using Build.Images;
using Build.Tools.SbomTool;
using Cake.Core.IO;

namespace Build.Preflight;

/// <summary>
/// Everything the planned tasks need, checked before the first of them runs, so that bad input fails before anything
/// is pushed: inputs that must exist, tools that must be installed (installed with apt where possible).
/// </summary>
public static class ReleasePreflight
{
    public static void Run(BuildContext context, IReadOnlyCollection<string> tasks)
    {
        bool Planned(string task) => tasks.Contains(task, StringComparer.OrdinalIgnoreCase);

        if (RegistryTasks.Any(Planned))
        {
            RegistryPreflight.LaunchEarly(context, command => ToolPreflight.IsInstalled(context, command));
        }

        var problems = context.Split.ProblemsWith(Planned).ToList();
        if (context.Split.FromDigests is { } digests && Planned("Push"))
        {
            // The local half of the merge's checks; Push checks each digest in the registry before it tags anything.
            try
            {
                Images.DigestDirectory.Read(digests.FullPath, context.Settings.Platforms);
            }
            catch (BuildConfigurationException exception)
            {
                problems.AddRange(exception.Problems);
            }
        }
        else if (Planned("Build"))
        {
            CheckImageSources(context, problems);
        }

        if (Planned("Release") && context.IsPublishing && string.IsNullOrEmpty(context.Secrets.GitHubToken))
        {
            problems.Add("GITHUB_TOKEN is not set: publish mode makes the GitHub release with it (in Actions: env GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} with permissions contents: write).");
        }

        if (Planned("HelmPackage"))
        {
            CheckChart(context, problems);
            if (context.IsPublishing && problems.Count == 0)
            {
                // Publishing stops at an unpinnable sidecar: found here, that is before the image is pushed and signed.
                problems.AddRange(Charts.SidecarPinning.UnpinnableSidecars(context, context.Settings.Chart.CombineWithFilePath("values.yaml").FullPath));
            }
        }

        if (Planned("Sign"))
        {
            problems.AddRange(Provenance.ReleaseProvenance.MissingActionsVariables(context.GitHubActions));
        }

        problems.AddRange(Reporting.GitHubActionsWriter.For(context).Problems());
        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems);
        }

        ToolPreflight.Ensure(context, Requirements(context, Planned).ToList());

        if (SigningTasks.Any(Planned))
        {
            context.Signer.PrepareKeys();
        }

        if (RegistryTasks.Any(Planned))
        {
            RegistryPreflight.EnsureAsync(context).GetAwaiter().GetResult();
        }
    }

    /// <summary>The tasks that sign or attest.</summary>
    private static readonly string[] SigningTasks = ["Sign", "Sbom", "HelmPackage", "Release"];

    /// <summary>The tasks that talk to the image's registry.</summary>
    private static readonly string[] RegistryTasks = ["Push", "Sign", "Sbom", "Scan", "HelmPackage", "Release", "VerifyRelease"];

    private static IEnumerable<ToolRequirement> Requirements(BuildContext context, Func<string, bool> planned)
    {
        if (planned("Version"))
        {
            yield return ToolRequirement.Git("Version");
        }

        var building = context.Split.FromDigests is null;
        if (planned("Build") && building)
        {
            yield return context.Builder == ImageBuilder.Buildx ? ToolRequirement.DockerBuildx("Build") : ToolRequirement.Buildah("Build");
        }

        if (planned("Push") && building && context.Builder == ImageBuilder.Buildah)
        {
            yield return ToolRequirement.Buildah("Push");
        }

        if (planned("Lint"))
        {
            yield return ToolRequirement.Debian("shellcheck", "shellcheck", "Lint");
            yield return ToolRequirement.Debian("yamllint", "yamllint", "Lint");
        }

        if (planned("Scan") && context.IsPublishing)
        {
            yield return new ToolRequirement("trivy", null, "Scan (publish mode never releases unscanned)", Tools.Trivy.TrivyRunner.InstallHint);
        }

        if (planned("Sbom") && context.Tools.Resolve("syft") is null)
        {
            yield return ToolRequirement.Skopeo("Sbom (image to an OCI layout)");
            yield return ToolRequirement.Umoci("Sbom (unpacking the image for sbom-tool)");
        }

        var image = context.Settings.Image;
        if (RegistryTasks.Any(planned) && image.IsLoopback && !context.IsPublishing && !Registry.LocalRegistry.IsListening(image.Host, image.Port ?? 80))
        {
            yield return ToolRequirement.Registry("the rehearsal registry");
        }
    }

    private static void CheckChart(BuildContext context, List<string> problems)
    {
        try
        {
            Charts.ChartMetadata.Load(context.Settings.Chart.FullPath);
            // Links out of the chart, a .helmignore that drops it all: refused here, before Push, not by HelmPackage after it.
            Charts.ChartPackager.Check(context.Settings.Chart.FullPath);
        }
        catch (Charts.ChartException exception)
        {
            problems.Add($"{SettingKeys.Chart}: {exception.Message}");
        }
    }

    private static void CheckImageSources(BuildContext context, List<string> problems)
    {
        var settings = context.Settings;
        if (!context.FileSystem.Exist(settings.ImageContext))
        {
            problems.Add($"{SettingKeys.Context}: the image build context '{settings.ImageContext.FullPath}' does not exist; point [Release] Context in cake.config at the driver's source.");
        }

        if (!context.FileSystem.Exist(settings.Dockerfile))
        {
            problems.Add($"{SettingKeys.Dockerfile}: '{settings.Dockerfile.FullPath}' does not exist; point [Release] Dockerfile in cake.config at the image's Dockerfile.");
        }

        if (context.IsPublishing && SampleImage.IsSample(settings))
        {
            problems.Add($"{SettingKeys.Context}: '{settings.ImageContext.FullPath}' is the SAMPLE image ({SampleImage.FixturePath}), which publish mode never publishes; set [Release] Context and Dockerfile in cake.config to the driver's source.");
        }
    }
}
