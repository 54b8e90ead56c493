using Build.Artifacts;
using Build.Configuration;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>Sbom's decisions on an in-memory context with a <see cref="FakeSbomGenerator"/> and a <see cref="FakeSigner"/>.</summary>
public sealed class SbomTaskTests : TempDirectoryTest
{
    private static readonly string Index = InMemoryContexts.Pushed.IndexDigest;
    private static readonly Platform Amd64 = new("linux", "amd64");
    private static readonly string Amd64Digest = InMemoryContexts.Pushed.PlatformDigests[Amd64];
    private static readonly string Repository = InMemoryContexts.Pushed.Repository.FullName;

    private (BuildContext Context, FakeSigner Signer, FakeSbomGenerator Generator) Context(ReleaseState? earlier = null)
    {
        var context = InMemoryContexts.CreateLogged(Working.Path, Log, null, typeof(VersionTask), typeof(PushTask), typeof(SignTask), typeof(SbomTask));
        var signer = new FakeSigner(Working.Path);
        var generator = new FakeSbomGenerator(context.Options.Layout);
        context.Services.UseSigner(signer);
        context.Services.UseSbomGenerator(generator);
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Results.Pushed.Set(InMemoryContexts.Pushed);
        context.Services.State.Begin(earlier ?? new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        return (context, signer, generator);
    }

    private static void Run(BuildContext context) => new SbomTask().RunAsync(context).GetAwaiter().GetResult();

    [Test]
    public void Sbom_attests_the_index_SBOM_to_the_index_digest_and_each_platform_SBOM_to_its_digest_Fake()
    {
        var (context, signer, generator) = Context();

        Run(context);

        Assert.That(generator.Made, Is.EquivalentTo(InMemoryContexts.Pushed.PlatformDigests.Keys));
        Assert.That(generator.MadeIndex, Is.True);
        var attested = signer.Calls.Where(call => call.StartsWith("attest ", StringComparison.Ordinal)).ToList();
        Assert.That(attested, Has.Member($"attest spdxjson {Repository}@{Index} index.spdx.json"));
        Assert.That(attested, Has.Member($"attest spdxjson {Repository}@{Amd64Digest} linux-amd64.spdx.json"));
        Assert.That(attested, Has.Count.EqualTo(3));
        Assert.That(Log.Text, Does.Contain($"Attested the SBOM of the index to {Repository}@{Index} (spdxjson); the attestation verifies"));
        Assert.That(context.Results.Artifacts.OfKind(ArtifactKind.Sbom).Select(artifact => artifact.Digest), Is.EquivalentTo(InMemoryContexts.Pushed.PlatformDigests.Values.Append(Index)));
    }

    [Test]
    public void An_SBOM_whose_attestation_verifies_is_not_attested_again_Fake()
    {
        var (context, signer, _) = Context();
        signer.Attested.Add((Index, "spdxjson"));

        Run(context);

        Assert.That(signer.Calls, Has.None.StartWith($"attest spdxjson {Repository}@{Index}"));
        Assert.That(Log.Text, Does.Contain($"Already attested the SBOM of the index to {Repository}@{Index} (it verifies; nothing pushed)"));
    }

    [Test]
    public void A_platform_SBOM_an_earlier_run_attested_unchanged_is_kept_not_made_again_Fake()
    {
        var file = new Cake.Core.IO.FilePath(Path.Combine(Working.Path, "artifacts", "sbom", "linux-amd64.spdx.json"));
        Directory.CreateDirectory(file.GetDirectory().FullPath);
        File.WriteAllText(file.FullPath, """{"name":"kept"}""");
        var earlier = new ReleaseState
        {
            Version = "1.2.3",
            Commit = InMemoryContexts.Version.Commit,
            AttestedSboms = new Dictionary<string, string> { [Amd64Digest] = global::Build.Releasing.Checksums.Sha256(file.FullPath) },
        };
        var (context, _, generator) = Context(earlier);

        Run(context);

        Assert.That(generator.Made, Has.No.Member(Amd64));
        Assert.That(File.ReadAllText(file.FullPath), Is.EqualTo("""{"name":"kept"}"""));
        Assert.That(Log.Text, Does.Contain("Kept the SBOM of linux/amd64 an earlier run attested"));
    }

    [Test]
    public void Sbom_records_the_checksum_of_each_attested_SBOM_and_its_attestation_manifest_Fake()
    {
        var (context, signer, _) = Context();

        Run(context);

        var state = context.Services.State.Current!;
        Assert.That(state.AttestedSboms.Keys, Is.EquivalentTo(InMemoryContexts.Pushed.PlatformDigests.Values.Append(Index)));
        Assert.That(state.AttestedSboms[Index], Is.EqualTo(global::Build.Releasing.Checksums.Sha256(context.Options.Layout.IndexSbom.FullPath)));
        Assert.That(state.AttestationManifests[Index], Is.EqualTo(signer.AttestationManifests[Index]));
        Assert.That(state.CompletedTasks, Has.Member("Sbom"));
    }
}
