using Build.Configuration;
using Build.Images;
using Build.Tasks;
using Build.Tools.SbomTool;
using Cake.Core.IO;

namespace Build.Preflight;

/// <summary>
/// Everything the planned tasks need, checked before the first of them runs, so that bad input fails before anything
/// is pushed: inputs that must exist, tools that must be installed (installed with apt where possible).
/// </summary>
public static class ReleasePreflight
{
    public static void Run(BuildContext context)
    {
        var options = context.Options;
        var plan = options.Plan;
        var needs = TaskNeeds.Of(plan, context);
        var registry = needs.Any(need => need.Registry);
        if (registry)
        {
            RegistryPreflight.LaunchEarly(context, command => ToolPreflight.IsInstalled(context, command));
        }

        var problems = options.Split.ProblemsWith(plan).ToList();
        if (options.Split.FromDigests is { } digests && plan.Has<PushTask>())
        {
            // The local half of the merge's checks; Push checks each digest in the registry before it tags anything.
            try
            {
                Images.DigestDirectory.Read(digests.FullPath, options.Settings.Platforms);
            }
            catch (BuildConfigurationException exception)
            {
                problems.AddRange(exception.Problems);
            }
        }
        else if (plan.Has<BuildTask>())
        {
            CheckImageSources(context, problems);
        }

        problems.AddRange(needs.SelectMany(need => need.Secrets).Where(secret => !secret.IsSet).Select(secret => secret.Problem).Distinct());

        if (plan.Has<HelmPackageTask>())
        {
            CheckChart(context, problems);
            if (options.IsPublishing && problems.Count == 0)
            {
                // Publishing stops at an unpinnable sidecar: found here, that is before the image is pushed and signed.
                problems.AddRange(Charts.SidecarPinning.UnpinnableSidecars(context, options.Settings.Chart.CombineWithFilePath("values.yaml").FullPath));
            }

            // A wrong HELM_SIGNING_PASSPHRASE, or a key that is not deploy/helm-signing.asc's, stops here, before Push.
            problems.AddRange(Signing.HelmKeys.Problems(context));
        }

        if (plan.Has<SignTask>())
        {
            problems.AddRange(Provenance.ReleaseProvenance.MissingActionsVariables(options.GitHubActions));
        }

        problems.AddRange(Reporting.GitHubActionsWriter.For(context).Problems());
        if (problems.Count > 0)
        {
            throw new BuildConfigurationException(problems);
        }

        ToolPreflight.Ensure(context, Requirements(context, needs, registry).ToList());

        if (needs.Any(need => need.SigningKeys))
        {
            context.Services.Signer.PrepareKeys();
        }

        if (registry)
        {
            RegistryPreflight.EnsureAsync(context).GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<ToolRequirement> Requirements(BuildContext context, IReadOnlyList<TaskNeeds> needs, bool registry)
    {
        foreach (var requirement in needs.SelectMany(need => need.Tools))
        {
            yield return requirement;
        }

        var image = context.Options.Settings.Image;
        if (registry && image.IsLoopback && !context.Options.IsPublishing && !Registry.LocalRegistry.IsListening(image.Host, image.Port ?? 80))
        {
            yield return ToolRequirement.Registry("the rehearsal registry");
        }
    }

    private static void CheckChart(BuildContext context, List<string> problems)
    {
        try
        {
            Charts.ChartMetadata.Load(context.Options.Settings.Chart.FullPath);
            // Links out of the chart, a .helmignore that drops it all: refused here, before Push, not by HelmPackage after it.
            Charts.ChartPackager.Check(context.Options.Settings.Chart.FullPath);
        }
        catch (Charts.ChartException exception)
        {
            problems.Add($"{SettingKeys.Chart}: {exception.Message}");
        }
    }

    private static void CheckImageSources(BuildContext context, List<string> problems)
    {
        var settings = context.Options.Settings;
        if (!context.FileSystem.Exist(settings.ImageContext))
        {
            problems.Add($"{SettingKeys.Context}: the image build context '{settings.ImageContext.FullPath}' does not exist; point [Release] Context in cake.config at the driver's source.");
        }

        if (!context.FileSystem.Exist(settings.Dockerfile))
        {
            problems.Add($"{SettingKeys.Dockerfile}: '{settings.Dockerfile.FullPath}' does not exist; point [Release] Dockerfile in cake.config at the image's Dockerfile.");
        }

        if (context.Options.IsPublishing && SampleImage.IsSample(settings))
        {
            problems.Add($"{SettingKeys.Context}: '{settings.ImageContext.FullPath}' is the SAMPLE image ({SampleImage.FixturePath}), which publish mode never publishes; set [Release] Context and Dockerfile in cake.config to the driver's source.");
        }
    }
}
