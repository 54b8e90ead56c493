using Build.Releasing;
using Build.Tests.Support;

namespace Build.Tests.Releasing;

public sealed class ChecksumsTests
{
    [Test]
    public void The_file_is_what_sha256sum_writes_and_sha256sum_c_accepts_it()
    {
        using var directory = new TempDirectory();
        var files = new[] { directory.Write("b.yaml", "kind: Namespace\n"), directory.Write("a.tgz", "chart bytes") };

        var sums = Checksums.Compute(files);
        directory.Write("SHA256SUMS", sums);

        var expected = Run.Process("sha256sum", ["a.tgz", "b.yaml"], directory.Path).Output;
        Assert.That(sums, Is.EqualTo(expected));
        Assert.That(Run.Process("sha256sum", ["-c", "SHA256SUMS"], directory.Path).ExitCode, Is.EqualTo(0));
        Assert.That(Checksums.Mismatches(sums, directory.Path), Is.Empty);
    }

    [Test]
    public void A_changed_or_missing_file_is_a_mismatch()
    {
        using var directory = new TempDirectory();
        var sums = Checksums.Compute([directory.Write("a.tgz", "one"), directory.Write("b.yaml", "two")]);
        directory.Write("a.tgz", "One");
        File.Delete(directory.Combine("b.yaml"));

        Assert.That(Checksums.Mismatches(sums, directory.Path), Is.EqualTo(new[] { "a.tgz (sha256 differs)", "b.yaml (missing)" }));
    }
}
