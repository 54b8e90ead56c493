using Build.Configuration;
using Build.Images;
using Build.Tests.Support;

namespace Build.Tests.Images;

public sealed class DigestDirectoryTests
{
    private static readonly IReadOnlyList<Platform> Configured = [new("linux", "amd64"), new("linux", "arm64")];
    private static readonly string Amd64 = "sha256:" + new string('a', 64);
    private static readonly string Arm64 = "sha256:" + new string('b', 64);

    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("rdscsi-digests");

    [TearDown]
    public void TearDown() => _directory.Dispose();

    private string Problem() => Assert.Throws<BuildConfigurationException>(() => DigestDirectory.Read(_directory.Path, Configured))!.Message;

    [Test]
    public void Files_written_per_platform_read_back_in_the_configured_order()
    {
        DigestDirectory.Write(new Cake.Core.IO.DirectoryPath(_directory.Path), Configured[1], Arm64);
        DigestDirectory.Write(new Cake.Core.IO.DirectoryPath(_directory.Path), Configured[0], Amd64);

        var digests = DigestDirectory.Read(_directory.Path, Configured);

        Assert.That(digests.Select(item => (item.Platform.ToString(), item.Digest)), Is.EqualTo(new[] { ("linux/amd64", Amd64), ("linux/arm64", Arm64) }));
        Assert.That(File.ReadAllText(_directory.Combine("linux-arm64")), Is.EqualTo(Arm64 + "\n"));
    }

    [Test]
    public void Files_in_one_sub_folder_per_artifact_as_download_artifact_leaves_them_are_found()
    {
        _directory.Write("digests-linux-amd64/linux-amd64", Amd64);
        _directory.Write("digests-linux-arm64/linux-arm64", Arm64[7..] + "\n");

        var digests = DigestDirectory.Read(_directory.Path, Configured);

        Assert.That(digests.Select(item => item.Digest), Is.EqualTo(new[] { Amd64, Arm64 }), "a bare hex digest (Docker's docs name files so) gets its sha256: prefix");
    }

    [Test]
    public void A_missing_platform_is_named_with_the_command_that_makes_its_digest()
    {
        _directory.Write("linux-amd64", Amd64);

        Assert.That(Problem(), Does.Contain("missing platform linux/arm64").And.Contain("--platform=linux/arm64 --push-by-digest"));
    }

    [Test]
    public void A_duplicate_platform_names_both_files()
    {
        _directory.Write("a/linux-amd64", Amd64);
        _directory.Write("b/linux-amd64", "sha256:" + new string('c', 64));
        _directory.Write("linux-arm64", Arm64);

        Assert.That(Problem(), Does.Contain("duplicate platform linux/amd64").And.Contain(Path.Combine("a", "linux-amd64")).And.Contain(Path.Combine("b", "linux-amd64")));
    }

    [Test]
    public void A_file_with_two_digests_an_unknown_platform_or_no_digest_is_refused_each_named()
    {
        _directory.Write("linux-amd64", Amd64 + "\n" + Arm64 + "\n");
        _directory.Write("linux-arm64", "latest");
        _directory.Write("linux-s390x", "sha256:" + new string('d', 64));

        var problem = Problem();

        Assert.That(problem, Does.Contain("linux-amd64 holds 2 digests"));
        Assert.That(problem, Does.Contain("linux-arm64 holds 'latest', which is not a sha256 digest"));
        Assert.That(problem, Does.Contain("linux-s390x names no configured platform"));
    }

    [Test]
    public void A_folder_that_does_not_exist_is_named()
    {
        var absent = _directory.Combine("absent");

        var problem = Assert.Throws<BuildConfigurationException>(() => DigestDirectory.Read(absent, Configured))!.Message;

        Assert.That(problem, Does.Contain("--from-digests").And.Contain(absent).And.Contain("does not exist"));
    }
}
