using Build.Configuration;
using Build.HelmRepository;
using Build.Preflight;
using Cake.Common.Diagnostics;
using Cake.Core.IO;

namespace Build.Tasks;

[TaskName("HelmIndex")]
[IsDependentOn(typeof(PublishTask))]
[TaskDescription("Adds the chart to the Helm repository's index.yaml as helm repo index --merge does: on the GitHub Pages branch with the release asset's URL (publish mode), or in artifacts/helm-repo with the package (rehearsal); an entry is never changed")]
public sealed class HelmIndexTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    /// <summary>Publish mode commits to the Pages branch with GITHUB_TOKEN.</summary>
    public TaskNeeds Needs(BuildContext context) => new()
    {
        Registry = true,
        SigningKeys = true,
        PushedImage = true,
        Secrets = SecretNeed.GitHubTokenWhenPublishing(context, $"commits the Helm repository's index to the {context.Options.Helm.Branch} branch with it (permissions: contents: write)"),
    };

    public override async Task RunAsync(BuildContext context)
    {
        var version = context.RequireVersion();
        var chart = context.RequireChart();
        var repository = context.Services.HelmRepository;
        // The Helm provenance sits next to its .tgz in the repository, as helm repo index and helm install --verify expect.
        var provenance = ArtifactLayout.ChartProvenance(chart.Package);
        var release = new HelmChartRelease(chart.Package.FullPath, version.GitTag ?? "v" + version.Text, version.CommitTime, Companions: context.FileSystem.Exist(provenance) ? [provenance.FullPath] : []);

        // Each attempt reads the index afresh, so a transient failure is retried from the start.
        var update = await Resilience.Retries.Operations(context.Options.RetrySettings, line => context.Warning("{0}", line), exception => exception is HelmRepositoryException { IsTransient: true })
            .ExecuteAsync(async _ => await repository.AddAsync(release));
        var entry = update.Entry;
        context.Information(
            update.Change switch
            {
                IndexChange.Unchanged => "Helm repository: {0} already lists {1} {2} (sha256 {3}); nothing changed",
                IndexChange.Replaced => "Helm repository: replaced {1} {2} in {0} (sha256 {3}, forced)",
                _ => "Helm repository: added {1} {2} to {0} (sha256 {3})",
            },
            update.IndexLocation,
            entry.Name,
            entry.Version,
            entry.Digest!);
        context.Information("Users add it with: {0}", repository.HowToAdd(context.Options.Settings.Labels.Title));
    }
}
