using Build.HelmRepository;

namespace Build.Tests.Support;

/// <summary>A stand-in Helm repository for task unit tests: records what was added and verified, writes nothing.</summary>
public sealed class FakeHelmRepository : IHelmRepository
{
    public List<HelmChartRelease> Added { get; } = [];

    public List<(string Chart, string Version, string Package)> Verified { get; } = [];

    public string HowToAdd(string name) => $"helm repo add {name} https://fake.example.invalid/charts";

    public Task<HelmRepositoryUpdate> AddAsync(HelmChartRelease chart)
    {
        Added.Add(chart);
        var entry = HelmIndexEntry.FromPackage(chart.Package, Path.GetFileName(chart.Package), chart.Created);
        return Task.FromResult(new HelmRepositoryUpdate(entry, IndexChange.Added, "fake/index.yaml"));
    }

    public Task VerifyAsync(string chart, string version, string package, Action<string> report)
    {
        Verified.Add((chart, version, package));
        report($"OK     fake index lists {chart} {version}");
        return Task.CompletedTask;
    }
}
