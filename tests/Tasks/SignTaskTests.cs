using Build.Artifacts;
using Build.Configuration;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>Sign's decisions on an in-memory context with a <see cref="FakeSigner"/>: what it signs, what it leaves, what it records.</summary>
public sealed class SignTaskTests : TempDirectoryTest
{
    private static readonly string Index = InMemoryContexts.Pushed.IndexDigest;
    private static readonly string[] Platforms = [.. InMemoryContexts.Pushed.PlatformDigests.Values];
    private static readonly string Repository = InMemoryContexts.Pushed.Repository.FullName;

    private (BuildContext Context, FakeSigner Signer) Context(SigningMode mode = SigningMode.Rehearsal, bool signPlatforms = false, ReleaseState? earlier = null)
    {
        var context = InMemoryContexts.CreateLogged(Working.Path, Log, null, typeof(VersionTask), typeof(PushTask), typeof(SignTask));
        var signer = new FakeSigner(Working.Path, mode, signPlatforms);
        context.Services.UseSigner(signer);
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Results.Pushed.Set(InMemoryContexts.Pushed);
        context.Services.State.Begin(earlier ?? new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        return (context, signer);
    }

    private static void Run(BuildContext context) => new SignTask().RunAsync(context).GetAwaiter().GetResult();

    [Test]
    public void Sign_signs_the_index_digest_and_every_platform_digest_never_a_tag_Fake()
    {
        var (context, signer) = Context(signPlatforms: true);

        Run(context);

        var signed = signer.Calls.Where(call => call.StartsWith("sign ", StringComparison.Ordinal)).ToList();
        Assert.That(signed, Is.EqualTo(new[] { Index, Platforms[0], Platforms[1] }.Select(digest => $"sign {Repository}@{digest}")));
        Assert.That(signer.Calls.Where(call => call.StartsWith($"verify {Repository}", StringComparison.Ordinal)), Has.Exactly(3).Items, "each signature is verified after signing");
        Assert.That(signer.Calls, Has.None.Contain(":1.2.3").And.None.Contain(":latest"), "a tag can move; a digest cannot");
        Assert.That(context.Results.SignedDigests.Value, Is.EqualTo(new[] { Index, Platforms[0], Platforms[1] }));
        Assert.That(Log.Text, Does.Contain($"Signed {Repository}@{Index} (rehearsal key artifacts/keys/cosign.key); the signature verifies"));
    }

    [Test]
    public void Without_sign_platforms_Sign_signs_only_the_index_digest_Fake()
    {
        var (context, signer) = Context();

        Run(context);

        Assert.That(signer.Calls.Where(call => call.StartsWith("sign ", StringComparison.Ordinal)), Is.EqualTo(new[] { $"sign {Repository}@{Index}" }));
        Assert.That(context.Results.SignedDigests.Value, Is.EqualTo(new[] { Index }));
    }

    [Test]
    public void A_digest_already_signed_is_not_signed_again_Fake()
    {
        var (context, signer) = Context(signPlatforms: true);
        signer.Signed.Add(Platforms[0]);

        Run(context);

        Assert.That(signer.Calls, Has.No.Member($"sign {Repository}@{Platforms[0]}"));
        Assert.That(signer.Calls, Has.Member($"sign {Repository}@{Index}").And.Member($"sign {Repository}@{Platforms[1]}"));
        Assert.That(Log.Text, Does.Contain($"Already signed {Repository}@{Platforms[0]} (the signature verifies; nothing pushed)"));
        Assert.That(context.Results.SignedDigests.Value, Does.Contain(Platforms[0]), "a digest found signed counts as signed");
    }

    [Test]
    public void A_signature_manifest_verified_before_and_unchanged_is_neither_checked_nor_signed_again_Fake()
    {
        var earlier = new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit, SignatureManifests = new Dictionary<string, string> { [Index] = "sha256:" + new string('9', 64) } };
        var (context, signer) = Context(earlier: earlier);
        signer.SignatureManifests[Index] = "sha256:" + new string('9', 64);

        Run(context);

        Assert.That(signer.Calls, Has.No.Member($"is signed {Repository}@{Index}").And.No.Member($"sign {Repository}@{Index}"));
        Assert.That(Log.Text, Does.Contain($"Already signed {Repository}@{Index} (its signature manifest sha256:{new string('9', 64)} is the one verified before; nothing pushed)"));
    }

    [Test]
    public void Sign_attests_the_provenance_to_the_index_digest_and_records_what_it_signed_Fake()
    {
        var (context, signer) = Context();

        Run(context);

        Assert.That(signer.Calls, Has.Member($"attest slsaprovenance1 {Repository}@{Index} provenance.slsa.json"));
        Assert.That(File.Exists(context.Options.Layout.Provenance.FullPath), Is.True);
        var state = context.Services.State.Current!;
        Assert.That(state.SignedDigests, Is.EqualTo(new[] { Index }));
        Assert.That(state.SignatureManifests[Index], Is.EqualTo(signer.SignatureManifests[Index]));
        Assert.That(state.Provenance!.Digest, Is.EqualTo(Index));
        Assert.That(state.CompletedTasks, Has.Member("Sign"));
        Assert.That(context.Results.Artifacts.OfKind(ArtifactKind.PublicKey).Single().Name, Is.EqualTo("cosign.pub"));
    }

    [Test]
    public void A_keyless_signature_adds_no_public_key_to_the_release_Fake()
    {
        var (context, _) = Context(SigningMode.Keyless);

        Run(context);

        Assert.That(context.Results.Artifacts.OfKind(ArtifactKind.PublicKey), Is.Empty);
    }
}
