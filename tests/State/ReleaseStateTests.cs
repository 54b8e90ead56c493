using System.Text.Json.Nodes;
using Build.Configuration;
using Build.State;
using Build.Tests.Support;

namespace Build.Tests.State;

/// <summary>artifacts/release-state.json: what it holds, how it reads back, and how a damaged file is refused.</summary>
public sealed class ReleaseStateTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Index = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Amd64 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("rdscsi-state");

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private string StateFile => _directory.Combine("artifacts", ReleaseState.FileName);

    private static ReleaseState Full() => new()
    {
        Version = "1.2.3",
        Commit = Commit,
        Mode = "publish",
        CommitTime = "2026-11-29T18:00:00+00:00",
        GitTag = "v1.2.3",
        IsHighestRelease = true,
        Tags = ["1.2.3", "1.2", "latest"],
        Image = new ImageState("ghcr.io/o/rds-csi", Index, new Dictionary<string, string> { ["linux/amd64"] = Amd64 }, "buildah"),
        SignedDigests = [Index, Amd64],
        SignatureManifests = new Dictionary<string, string> { [Index] = "sha256:sig" },
        AttestationManifests = new Dictionary<string, string> { [Amd64] = "sha256:att" },
        Provenance = new ProvenanceState(Index, "sha256:prov-att", "sha256:predicate", Commit),
        VerifiedChecksums = "sha256:sums",
        AttestedSboms = new Dictionary<string, string> { [Amd64] = "sha256:sbom" },
        Binaries = new Dictionary<string, string> { ["rds-csi-driver_1.2.3_linux_amd64.tar.gz"] = "0a1b" },
        Chart = new ChartState("rds-csi-driver-1.2.3.tgz", "sha256:chart", "1.2.3", "oci://ghcr.io/o/charts/rds-csi-driver", "sha256:chartdigest"),
        Release = new GitHubReleaseState(42, "https://github.com/o/rds-csi/releases/tag/v1.2.3", true, new Dictionary<string, string> { ["SHA256SUMS"] = "sha256:asset" }),
        Announced = ["https://github.com/o/rds-csi/releases/tag/v1.2.3"],
        TransparencyLog = [new Build.Transparency.RekorEntry("signature of SHA256SUMS", 175508996, "c0ffee0000000000000000000000000000000000000000000000000000000000", DateTimeOffset.FromUnixTimeSeconds(1740770291), "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d")],
        CompletedTasks = ["Version", "Push"],
    };

    /// <summary>The file format, written out by hand: a later build must read what an earlier one wrote.</summary>
    private const string FullJson = """
        {
          "version": "1.2.3", "commit": "0123456789abcdef0123456789abcdef01234567", "mode": "publish",
          "commitTime": "2026-11-29T18:00:00+00:00", "gitTag": "v1.2.3", "isHighestRelease": true,
          "tags": ["1.2.3", "1.2", "latest"],
          "image": { "repository": "ghcr.io/o/rds-csi", "indexDigest": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
                     "platforms": { "linux/amd64": "sha256:2222222222222222222222222222222222222222222222222222222222222222" }, "builder": "buildah" },
          "signedDigests": ["sha256:1111111111111111111111111111111111111111111111111111111111111111", "sha256:2222222222222222222222222222222222222222222222222222222222222222"],
          "signatureManifests": { "sha256:1111111111111111111111111111111111111111111111111111111111111111": "sha256:sig" },
          "attestationManifests": { "sha256:2222222222222222222222222222222222222222222222222222222222222222": "sha256:att" },
          "provenance": { "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111", "attestationManifest": "sha256:prov-att",
                          "predicateSha256": "sha256:predicate", "commit": "0123456789abcdef0123456789abcdef01234567" },
          "verifiedChecksums": "sha256:sums",
          "attestedSboms": { "sha256:2222222222222222222222222222222222222222222222222222222222222222": "sha256:sbom" },
          "binaries": { "rds-csi-driver_1.2.3_linux_amd64.tar.gz": "0a1b" },
          "chart": { "file": "rds-csi-driver-1.2.3.tgz", "sha256": "sha256:chart", "version": "1.2.3",
                     "ociReference": "oci://ghcr.io/o/charts/rds-csi-driver", "ociDigest": "sha256:chartdigest" },
          "release": { "id": 42, "url": "https://github.com/o/rds-csi/releases/tag/v1.2.3", "published": true, "assets": { "SHA256SUMS": "sha256:asset" } },
          "announced": ["https://github.com/o/rds-csi/releases/tag/v1.2.3"],
          "transparencyLog": [{ "subject": "signature of SHA256SUMS", "logIndex": 175508996, "uuid": "c0ffee0000000000000000000000000000000000000000000000000000000000",
                                "integratedTime": 1740770291, "logId": "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d",
                                "url": "https://search.sigstore.dev/?logIndex=175508996" }],
          "completedTasks": ["Version", "Push"]
        }
        """;

    private static void AssertSame(ReleaseState actual, ReleaseState expected) => Assert.Multiple(() =>
    {
        Assert.That(actual.Version, Is.EqualTo(expected.Version));
        Assert.That(actual.Commit, Is.EqualTo(expected.Commit));
        Assert.That(actual.Mode, Is.EqualTo(expected.Mode));
        Assert.That(actual.CommitTime, Is.EqualTo(expected.CommitTime));
        Assert.That(actual.GitTag, Is.EqualTo(expected.GitTag));
        Assert.That(actual.IsHighestRelease, Is.EqualTo(expected.IsHighestRelease));
        Assert.That(actual.Tags, Is.EqualTo(expected.Tags));
        Assert.That(actual.Image?.Repository, Is.EqualTo(expected.Image?.Repository));
        Assert.That(actual.Image?.IndexDigest, Is.EqualTo(expected.Image?.IndexDigest));
        Assert.That(actual.Image?.Platforms, Is.EqualTo(expected.Image?.Platforms));
        Assert.That(actual.Image?.Builder, Is.EqualTo(expected.Image?.Builder));
        Assert.That(actual.SignedDigests, Is.EqualTo(expected.SignedDigests));
        Assert.That(actual.SignatureManifests, Is.EqualTo(expected.SignatureManifests));
        Assert.That(actual.AttestationManifests, Is.EqualTo(expected.AttestationManifests));
        Assert.That(actual.Provenance, Is.EqualTo(expected.Provenance));
        Assert.That(actual.VerifiedChecksums, Is.EqualTo(expected.VerifiedChecksums));
        Assert.That(actual.AttestedSboms, Is.EqualTo(expected.AttestedSboms));
        Assert.That(actual.Binaries, Is.EqualTo(expected.Binaries));
        Assert.That(actual.Chart, Is.EqualTo(expected.Chart));
        Assert.That(actual.Release?.Id, Is.EqualTo(expected.Release?.Id));
        Assert.That(actual.Release?.Url, Is.EqualTo(expected.Release?.Url));
        Assert.That(actual.Release?.Published, Is.EqualTo(expected.Release?.Published));
        Assert.That(actual.Release?.Assets, Is.EqualTo(expected.Release?.Assets));
        Assert.That(actual.Announced, Is.EqualTo(expected.Announced));
        Assert.That(actual.TransparencyLog, Is.EqualTo(expected.TransparencyLog));
        Assert.That(actual.CompletedTasks, Is.EqualTo(expected.CompletedTasks));
    });

    [Test]
    public void A_saved_state_is_written_in_the_documented_format()
    {
        Full().Save(StateFile);

        var written = JsonNode.Parse(File.ReadAllText(StateFile));
        Assert.That(JsonNode.DeepEquals(written, JsonNode.Parse(FullJson)), Is.True, written!.ToJsonString());
    }

    [Test]
    public void A_state_file_in_the_documented_format_reads_back_whole()
    {
        _directory.Write(Path.Combine("artifacts", ReleaseState.FileName), FullJson);

        AssertSame(ReleaseState.Load(StateFile)!, Full());
    }

    [Test]
    public void A_state_with_only_version_and_commit_reads_back_with_nothing_else_set()
    {
        new ReleaseState { Version = "0.1.0-dev.1+0123456", Commit = Commit }.Save(StateFile);

        var loaded = ReleaseState.Load(StateFile)!;
        var written = JsonNode.Parse(File.ReadAllText(StateFile))!.AsObject();

        AssertSame(loaded, new ReleaseState { Version = "0.1.0-dev.1+0123456", Commit = Commit });
        Assert.That(written.Select(property => property.Key), Is.EquivalentTo(new[]
        {
            "version", "commit", "isHighestRelease", "tags", "signedDigests", "signatureManifests", "attestationManifests", "attestedSboms", "binaries", "announced", "completedTasks",
        }), "unset values are left out, not written as null");
    }

    [Test]
    public void Values_of_the_wrong_kind_for_optional_fields_read_as_unset()
    {
        _directory.Write(Path.Combine("artifacts", ReleaseState.FileName), $$"""
            { "version": "1.2.3", "commit": "{{Commit}}", "mode": 1, "tags": "1.2.3", "image": null, "chart": [], "provenance": "x",
              "release": null, "signatureManifests": [], "chart": { "file": "c.tgz", "sha256": "s", "version": "1.2.3", "ociReference": null } }
            """);

        var loaded = ReleaseState.Load(StateFile)!;

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Mode, Is.Null);
            Assert.That(loaded.Tags, Is.Empty);
            Assert.That(loaded.Image, Is.Null);
            Assert.That(loaded.Provenance, Is.Null);
            Assert.That(loaded.Release, Is.Null);
            Assert.That(loaded.SignatureManifests, Is.Empty);
            Assert.That(loaded.IsHighestRelease, Is.False);
            Assert.That(loaded.Chart, Is.EqualTo(new ChartState("c.tgz", "s", "1.2.3", null, null)));
        });
    }

    [Test]
    public void The_file_does_not_depend_on_the_order_entries_were_added()
    {
        var first = Full() with { AttestedSboms = new Dictionary<string, string> { ["sha256:b"] = "2", ["sha256:a"] = "1", ["sha256:B"] = "3" } };
        var second = Full() with { AttestedSboms = new Dictionary<string, string> { ["sha256:B"] = "3", ["sha256:a"] = "1", ["sha256:b"] = "2" } };

        first.Save(_directory.Combine("first.json"));
        second.Save(_directory.Combine("second.json"));

        Assert.That(File.ReadAllBytes(_directory.Combine("first.json")), Is.EqualTo(File.ReadAllBytes(_directory.Combine("second.json"))));
        Assert.That(File.ReadAllText(_directory.Combine("first.json")), Does.Match("sha256:B(.|\n)*sha256:a(.|\n)*sha256:b"), "keys in ordinal order");
    }

    [Test]
    public void The_state_file_is_indented_for_people_to_read()
    {
        Full().Save(StateFile);

        Assert.That(File.ReadAllLines(StateFile), Has.Length.GreaterThan(20).And.Some.StartWith("  \"version\": \"1.2.3\""));
    }

    [Test]
    public void Saving_creates_the_directory_replaces_the_old_file_and_leaves_no_temporary_file()
    {
        Full().Save(StateFile);
        (Full() with { CompletedTasks = ["Version", "Push", "Sign"] }).Save(StateFile);

        Assert.That(ReleaseState.Load(StateFile)!.CompletedTasks, Is.EqualTo(new[] { "Version", "Push", "Sign" }));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(StateFile)!).Select(Path.GetFileName), Is.EqualTo(new[] { ReleaseState.FileName }));
    }

    [Test]
    public void No_state_file_means_no_earlier_run()
    {
        Assert.That(ReleaseState.Load(StateFile), Is.Null);
    }

    [TestCase("{ not json", TestName = "A_state_file_that_is_not_JSON_is_refused_naming_it")]
    [TestCase("{ \"commit\": \"0123456789abcdef0123456789abcdef01234567\" }", TestName = "A_state_file_without_a_version_is_refused_naming_it")]
    [TestCase("{ \"version\": \"1.2.3\", \"commit\": \"0123456789abcdef0123456789abcdef01234567\", \"isHighestRelease\": \"yes\" }", TestName = "A_state_file_with_a_field_of_the_wrong_type_is_refused_naming_it")]
    [TestCase("[]", TestName = "A_state_file_that_is_not_an_object_is_refused_naming_it")]
    [TestCase("{ \"version\": \"1.2.3\", \"commit\": \"0123456789abcdef0123456789abcdef01234567\", \"release\": { \"id\": 1.5, \"url\": \"u\", \"published\": true } }", TestName = "A_state_file_with_a_fractional_release_id_is_refused_naming_it")]
    public void A_damaged_state_file_is_refused_naming_it(string json)
    {
        var file = _directory.Write(Path.Combine("artifacts", ReleaseState.FileName), json);

        var error = Assert.Throws<BuildConfigurationException>(() => ReleaseState.Load(file));

        Assert.That(error!.Message, Does.StartWith($"{file} is a corrupt release state, not one this build wrote (").And.EndWith("); delete it to start the release over."));
    }

    [TestCase("0123456789abcdef0123456789abcdef0123456", TestName = "A_commit_of_39_hex_digits_is_refused")]
    [TestCase("0123456789ABCDEF0123456789ABCDEF01234567", TestName = "A_commit_in_upper_case_is_refused")]
    [TestCase("0123456789abcdef0123456789abcdef0123456g", TestName = "A_commit_with_a_non_hex_digit_is_refused")]
    [TestCase("", TestName = "An_empty_commit_is_refused")]
    public void A_commit_that_is_not_a_git_commit_id_is_refused(string commit)
    {
        var file = _directory.Write(Path.Combine("artifacts", ReleaseState.FileName), $$"""{ "version": "1.2.3", "commit": "{{commit}}" }""");

        var error = Assert.Throws<BuildConfigurationException>(() => ReleaseState.Load(file));

        Assert.That(error!.Message, Does.StartWith($"{file} is a corrupt release state: its 'commit' ").And.EndWith(" is not a git commit id (40 or 64 hex digits); delete it to start the release over."));
    }

    [TestCase("0123456789abcdef0123456789abcdef01234567")]
    [TestCase("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void A_SHA_1_or_SHA_256_commit_id_is_accepted(string commit)
    {
        var file = _directory.Write(Path.Combine("artifacts", ReleaseState.FileName), $$"""{ "version": "1.2.3", "commit": "{{commit}}" }""");

        Assert.That(ReleaseState.Load(file)!.Commit, Is.EqualTo(commit));
    }

    [Test]
    public void A_task_is_recorded_as_completed_once_whatever_its_case()
    {
        var state = new ReleaseState { Version = "1.2.3", Commit = Commit }.WithCompleted("Push");

        var again = state.WithCompleted("push");

        Assert.That(state.CompletedTasks, Is.EqualTo(new[] { "Push" }));
        Assert.That(again.CompletedTasks, Is.EqualTo(new[] { "Push" }));
        Assert.That(state.WithCompleted("Sign").CompletedTasks, Is.EqualTo(new[] { "Push", "Sign" }));
    }
}
