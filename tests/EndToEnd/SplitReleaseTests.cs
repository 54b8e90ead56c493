using System.Text.Json;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// A release split the way CI runners do it, with a real registry: two separate clones of one tagged commit each build
/// and push one platform by digest (at the same time), a third clone merges the two digest files and runs the rest of
/// the release. Everything is then checked from the registry with plain HTTP, skopeo and openssl.
/// </summary>
[NonParallelizable]
public sealed class SplitReleaseTests : RegistryFixture
{
    private const string Repository = "acme/split";
    private GitRepository _source = null!;
    private TempDirectory _amd64 = null!;
    private TempDirectory _arm64 = null!;
    private TempDirectory _merge = null!;
    private ProcessResult[] _platformRuns = null!;
    private IReadOnlyList<string> _tagsAfterPlatformRuns = null!;
    private ProcessResult _mergeRun = null!;

    private string Image => $"{Registry.Address}/{Repository}";

    [OneTimeSetUp]
    public void SplitRelease()
    {
        _source = ReleaseRepository.Create("cake.config");
        _source.Tag("v3.1.0");
        _amd64 = Clone(_source);
        _arm64 = Clone(_source);
        _merge = Clone(_source);

        _platformRuns = Task.WhenAll(
            Task.Run(() => BuildProgram.Run(_amd64.Path, ["--target=Push", "--platform=linux/amd64", "--push-by-digest", "--image=" + Image], timeout: TimeSpan.FromMinutes(5))),
            Task.Run(() => BuildProgram.Run(_arm64.Path, ["--target=Push", "--platform=linux/arm64", "--push-by-digest", "--image=" + Image], timeout: TimeSpan.FromMinutes(5))))
            .GetAwaiter().GetResult();
        _tagsAfterPlatformRuns = Http.Tags(Repository);

        // As actions/download-artifact leaves them without merge-multiple: one folder per uploaded artifact.
        CopyDigest(_amd64, "linux-amd64", "digests-linux-amd64");
        CopyDigest(_arm64, "linux-arm64", "digests-linux-arm64");
        _mergeRun = BuildProgram.Run(_merge.Path, ["--target=Release", "--from-digests=collected", "--image=" + Image], timeout: TimeSpan.FromMinutes(10));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _amd64.Dispose();
        _arm64.Dispose();
        _merge.Dispose();
        _source.Dispose();
    }

    private static TempDirectory Clone(GitRepository source)
    {
        var clone = new TempDirectory("rdscsi-clone");
        var result = Run.Git(clone.Path, "clone", "-q", source.Path, ".");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return clone;
    }

    private void CopyDigest(TempDirectory from, string platformFile, string artifactName)
    {
        var target = _merge.Combine("collected", artifactName, platformFile);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(from.Combine("artifacts", "digests", platformFile), target);
    }

    private static string DigestIn(TempDirectory clone, string platformFile) => File.ReadAllText(clone.Combine("artifacts", "digests", platformFile)).Trim();

    private string IndexDigest() => IndexDigestIn(_merge);

    private static string IndexDigestIn(TempDirectory run)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(run.Combine("artifacts", "image.json")));
        return json.RootElement.GetProperty("digest").GetString()!;
    }

    [Test]
    public void Each_platform_run_pushes_one_image_by_digest_and_no_tag()
    {
        foreach (var run in _platformRuns)
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Output, Does.Contain("by digest, no tag"));
            Assert.That(run.Output, Does.Contain("Tags         none (platform images pushed by digest)"), "the summary names no tag it did not push");
        }

        Assert.That(_tagsAfterPlatformRuns, Is.Empty, "a platform run moves no tag");
        foreach (var (clone, file, architecture) in new[] { (_amd64, "linux-amd64", "amd64"), (_arm64, "linux-arm64", "arm64") })
        {
            var digest = DigestIn(clone, file);
            Assert.That(digest, Does.Match("^sha256:[0-9a-f]{64}$"));
            Assert.That(Directory.GetFiles(clone.Combine("artifacts", "digests")).Select(Path.GetFileName), Is.EqualTo(new[] { file }), "only its own platform");
            using var config = JsonDocument.Parse(Http.Blob(Repository, Http.Manifest(Repository, digest)!.RootElement.GetProperty("config").GetProperty("digest").GetString()!));
            Assert.That(config.RootElement.GetProperty("architecture").GetString(), Is.EqualTo(architecture));
        }
    }

    [Test]
    public void The_merge_makes_an_index_of_exactly_the_two_digests_and_every_tag_points_at_it()
    {
        Assert.That(_mergeRun.ExitCode, Is.EqualTo(0), _mergeRun.ToString());
        Assert.That(_mergeRun.Output, Does.Contain("skipped: --from-digests"), "the merge builds nothing");
        var index = IndexDigest();

        using var manifest = Http.Manifest(Repository, index)!;
        var entries = manifest.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(entry => (entry.GetProperty("platform").GetProperty("architecture").GetString(), entry.GetProperty("digest").GetString()))
            .ToList();
        Assert.That(entries, Is.EqualTo(new[] { ("amd64", DigestIn(_amd64, "linux-amd64")), ("arm64", DigestIn(_arm64, "linux-arm64")) }));

        var tags = Http.Tags(Repository).Where(tag => !tag.StartsWith("sha256-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.That(tags, Is.EqualTo(new[] { "3.1", "3.1.0", "latest", "sha-" + _source.ShortHead }));
        foreach (var tag in tags)
        {
            Assert.That(Skopeo.Digest($"{Image}:{tag}"), Is.EqualTo(index), tag);
        }
    }

    [Test]
    public void The_index_signature_its_provenance_and_both_SBOM_attestations_verify_with_the_rehearsal_key()
    {
        var publicKey = File.ReadAllText(_merge.Combine("artifacts", "keys", "cosign.pub"));
        var index = IndexDigest();

        var (payload, signature) = CosignEvidence.Signatures(Http, Repository, index).Single();
        using (var json = JsonDocument.Parse(payload))
        {
            Assert.That(json.RootElement.GetProperty("critical").GetProperty("image").GetProperty("docker-manifest-digest").GetString(), Is.EqualTo(index));
        }

        Assert.That(OpenSsl.Verifies(publicKey, payload, signature), Is.True, "the index signature");
        var provenance = CosignEvidence.Attestations(Http, Repository, index).Single(attestation => attestation.PredicateType == "https://slsa.dev/provenance/v1");
        Assert.That(provenance.SubjectDigest, Is.EqualTo(index));
        Assert.That(OpenSsl.Verifies(publicKey, provenance.Pae, provenance.Signature), Is.True, "the provenance attestation");
        var source = provenance.Statement["predicate"]!["buildDefinition"]!["resolvedDependencies"]!.AsArray()
            .Single(dependency => dependency!["digest"]!["gitCommit"] is not null)!;
        Assert.That(source["digest"]!["gitCommit"]!.GetValue<string>(), Is.EqualTo(_source.Head), "the provenance names the released commit");
        foreach (var digest in new[] { DigestIn(_amd64, "linux-amd64"), DigestIn(_arm64, "linux-arm64") })
        {
            var sbom = CosignEvidence.Attestations(Http, Repository, digest).Single(attestation => attestation.PredicateType == "https://spdx.dev/Document");
            Assert.That(sbom.SubjectDigest, Is.EqualTo(digest));
            Assert.That(OpenSsl.Verifies(publicKey, sbom.Pae, sbom.Signature), Is.True, "the SBOM attestation of " + digest);
            Assert.That(OpenSsl.Verifies(OpenSsl.UnrelatedPublicKey(), sbom.Pae, sbom.Signature), Is.False);
        }
    }

    [Test]
    public void Merging_again_changes_nothing()
    {
        var index = IndexDigest();
        var signatures = CosignEvidence.Signatures(Http, Repository, index).Count;
        using var copy = WorkingCopy.Of(_merge.Path);

        var again = BuildProgram.Run(copy.Path, ["--target=Release", "--from-digests=collected", "--image=" + Image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(IndexDigestIn(copy), Is.EqualTo(index));
        Assert.That(CosignEvidence.Signatures(Http, Repository, index), Has.Count.EqualTo(signatures));
        Assert.That(again.Output, Does.Contain("all already up to date (nothing changed)"));
    }

    /// <summary>Each refused merge runs in its own copy of the merge run: the shared one (its image.json, its state) is only read.</summary>
    private ProcessResult Refused(TempDirectory copy, string directory, string repository)
    {
        var result = BuildProgram.Run(copy.Path, ["--target=Release", "--from-digests=" + directory, $"--image={Registry.Address}/{repository}"], timeout: TimeSpan.FromMinutes(5));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(Http.Tags(repository), Is.Empty, "nothing is tagged");
        return result;
    }

    private static string Write(TempDirectory copy, string directory, string file, string digest)
    {
        var path = copy.Combine(directory, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, digest + "\n");
        return path;
    }

    [Test]
    public void A_missing_platform_is_refused_before_anything_is_tagged()
    {
        using var copy = WorkingCopy.Of(_merge.Path);
        Write(copy, "missing", "linux-amd64", DigestIn(_amd64, "linux-amd64"));

        var result = Refused(copy, "missing", "acme/missing");

        Assert.That(result.All, Does.Contain("missing platform linux/arm64").And.Contain("linux-arm64"));
    }

    [Test]
    public void A_duplicate_platform_is_refused_naming_both_files()
    {
        using var copy = WorkingCopy.Of(_merge.Path);
        Write(copy, "duplicate", "a/linux-amd64", DigestIn(_amd64, "linux-amd64"));
        Write(copy, "duplicate", "b/linux-amd64", DigestIn(_amd64, "linux-amd64"));
        Write(copy, "duplicate", "linux-arm64", DigestIn(_arm64, "linux-arm64"));

        var result = Refused(copy, "duplicate", "acme/duplicate");

        Assert.That(result.All, Does.Contain("duplicate platform linux/amd64").And.Contain("a/linux-amd64").And.Contain("b/linux-amd64"));
    }

    [Test]
    public void A_digest_absent_from_the_registry_is_refused_naming_it()
    {
        var absent = "sha256:" + new string('e', 64);
        using var copy = WorkingCopy.Of(_merge.Path);
        Write(copy, "absent", "linux-amd64", DigestIn(_amd64, "linux-amd64"));
        Write(copy, "absent", "linux-arm64", absent);

        var result = Refused(copy, "absent", Repository + "-absent");

        Assert.That(result.All, Does.Contain("linux/arm64").And.Contain(absent).And.Contain("is not in the registry").And.Contain("Nothing was tagged"));
    }

    [Test]
    public void A_digest_of_another_platform_is_refused_naming_both_platforms()
    {
        // Both digests exist in the registry, but the arm64 file holds the amd64 image.
        using var copy = WorkingCopy.Of(_merge.Path);
        Write(copy, "swapped", "linux-amd64", DigestIn(_amd64, "linux-amd64"));
        Write(copy, "swapped", "linux-arm64", DigestIn(_amd64, "linux-amd64"));
        var tags = Http.Tags(Repository).Order(StringComparer.Ordinal).ToList();

        var result = BuildProgram.Run(copy.Path, ["--target=Release", "--from-digests=swapped", "--image=" + Image], timeout: TimeSpan.FromMinutes(5));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain("is an image for linux/amd64, not linux/arm64"));
        Assert.That(Http.Tags(Repository).Order(StringComparer.Ordinal), Is.EqualTo(tags), "no tag moved");
    }

    [Test]
    public void Pushing_one_platform_under_the_release_tags_or_signing_a_platform_push_is_refused()
    {
        using var copy = WorkingCopy.Of(_amd64.Path);
        var partial = BuildProgram.Run(copy.Path, ["--target=Push", "--platform=linux/amd64", $"--image={Registry.Address}/acme/partial"]);
        var signing = BuildProgram.Run(copy.Path, ["--target=Sign", "--platform=linux/amd64", "--push-by-digest", $"--image={Registry.Address}/acme/partial"]);

        Assert.That(partial.ExitCode, Is.EqualTo(1), partial.ToString());
        Assert.That(partial.All, Does.Contain("without the others").And.Contain("--push-by-digest"));
        Assert.That(signing.ExitCode, Is.EqualTo(1), signing.ToString());
        Assert.That(signing.All, Does.Contain("--target=Push"));
        Assert.That(Http.Tags("acme/partial"), Is.Empty);
    }
}
