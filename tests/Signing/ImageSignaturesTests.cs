using Build.Configuration;
using Build.Signing;
using Build.Tests.Support;

namespace Build.Tests.Signing;

/// <summary>The signing policy of the release's digests, with a <see cref="FakeSigner"/>.</summary>
public sealed class ImageSignaturesTests : TempDirectoryTest
{
    private static readonly ImageName Repository = InMemoryContexts.Pushed.Repository;
    private static readonly string Index = InMemoryContexts.Pushed.IndexDigest;

    [Test]
    public void The_index_digest_is_signed_and_the_platform_digests_only_with_sign_platforms()
    {
        Assert.That(ImageSignatures.DigestsOf(InMemoryContexts.Pushed, new FakeSigner(Working.Path).Settings), Is.EqualTo(new[] { Index }));
        Assert.That(
            ImageSignatures.DigestsOf(InMemoryContexts.Pushed, new FakeSigner(Working.Path, signPlatforms: true).Settings),
            Is.EqualTo(new[] { Index }.Concat(InMemoryContexts.Pushed.PlatformDigests.Values)));
    }

    [Test]
    public async Task A_digest_is_signed_then_verified_and_its_new_signature_manifest_recorded_Fake()
    {
        var signer = new FakeSigner(Working.Path);

        var signed = await new ImageSignatures(signer, Log).SignAsync(Repository, [Index], new Dictionary<string, string>());

        Assert.That(signer.Calls, Is.EqualTo(new[] { $"is signed {Repository.FullName}@{Index}", $"sign {Repository.FullName}@{Index}", $"verify {Repository.FullName}@{Index}" }));
        Assert.That(signed.Digests, Is.EqualTo(new[] { Index }));
        Assert.That(signed.Manifests[Index], Is.EqualTo(signer.SignatureManifests[Index]));
    }

    [Test]
    public async Task A_changed_signature_manifest_is_checked_again_and_not_re_signed_when_it_verifies_Fake()
    {
        var signer = new FakeSigner(Working.Path);
        signer.Signed.Add(Index);
        signer.SignatureManifests[Index] = "sha256:" + new string('8', 64);

        var signed = await new ImageSignatures(signer, Log).SignAsync(Repository, [Index], new Dictionary<string, string> { [Index] = "sha256:" + new string('7', 64) });

        Assert.That(signer.Calls, Is.EqualTo(new[] { $"is signed {Repository.FullName}@{Index}" }));
        Assert.That(signed.Manifests[Index], Is.EqualTo("sha256:" + new string('8', 64)));
        Assert.That(Log.Text, Does.Contain("(the signature verifies; nothing pushed)"));
    }

    [Test]
    public async Task A_digest_without_a_signature_manifest_records_none_Fake()
    {
        var signer = new FakeSigner(Working.Path);
        signer.Signed.Add(Index);

        var signed = await new ImageSignatures(signer, Log).SignAsync(Repository, [Index], new Dictionary<string, string>());

        Assert.That(signed.Manifests, Is.Empty);
        Assert.That(signed.Digests, Is.EqualTo(new[] { Index }));
    }
}
