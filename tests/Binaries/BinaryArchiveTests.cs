using System.Text;
using Build.Binaries;
using Build.Configuration;
using Build.Tests.Support;

namespace Build.Tests.Binaries;

/// <summary>The release archive: the same bytes every time, and what GNU tar and gzip see in it.</summary>
public sealed class BinaryArchiveTests
{
    private static readonly DateTimeOffset CommitTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static ArchiveFile[] Files() =>
    [
        new("README.md", Encoding.UTF8.GetBytes("# read me\n"), false),
        new("rds-csi-driver", Encoding.UTF8.GetBytes("#!/bin/sh\necho driver\n"), true),
        new("LICENSE", Encoding.UTF8.GetBytes("Apache-2.0\n"), false),
    ];

    [Test]
    public void It_is_named_after_the_binary_the_version_and_the_platform()
    {
        Assert.That(BinaryArchive.FileName("rds-csi-driver", "1.2.3", new Platform("linux", "amd64")), Is.EqualTo("rds-csi-driver_1.2.3_linux_amd64.tar.gz"));
        Assert.That(BinaryArchive.FileName("rds-csi-driver", "1.2.3-rc.1", new Platform("linux", "arm", "v7")), Is.EqualTo("rds-csi-driver_1.2.3-rc.1_linux_arm_v7.tar.gz"));
    }

    [Test]
    public void Two_packs_of_the_same_files_give_identical_bytes_whatever_their_order()
    {
        var first = BinaryArchive.Pack(Files(), CommitTime);
        Thread.Sleep(1100);
        var second = BinaryArchive.Pack(Files().Reverse(), CommitTime);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(BinaryArchive.Pack(Files(), CommitTime.AddSeconds(1)), Is.Not.EqualTo(first), "the commit time is in the archive");
    }

    [Test]
    public void The_gzip_header_has_no_name_and_no_time()
    {
        var archive = BinaryArchive.Pack(Files(), CommitTime);

        Assert.That(archive[..4], Is.EqualTo(new byte[] { 0x1f, 0x8b, 8, 0 }), "deflate, no FNAME/FCOMMENT/FEXTRA flags");
        Assert.That(archive[4..8], Is.EqualTo(new byte[4]), "MTIME 0");
        Assert.That(archive[9], Is.EqualTo(0xff), "OS unknown");
    }

    [Test]
    public void GNU_tar_lists_sorted_top_level_entries_owned_by_0_with_the_commit_time_and_modes_0755_and_0644()
    {
        using var directory = new TempDirectory();
        var archive = directory.Combine("rds-csi-driver_1.2.3_linux_amd64.tar.gz");
        File.WriteAllBytes(archive, BinaryArchive.Pack(Files(), CommitTime));

        var listing = Run.Process("tar", ["--numeric-owner", "--full-time", "-tzvf", archive], environment: new Dictionary<string, string?> { ["TZ"] = "UTC" });

        Assert.That(listing.ExitCode, Is.EqualTo(0), listing.ToString());
        var lines = listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0], Does.Match(@"^-rw-r--r-- 0/0 +11 2023-11-14 22:13:20 LICENSE$"));
        Assert.That(lines[1], Does.Match(@"^-rw-r--r-- 0/0 +10 2023-11-14 22:13:20 README\.md$"));
        Assert.That(lines[2], Does.Match(@"^-rwxr-xr-x 0/0 +22 2023-11-14 22:13:20 rds-csi-driver$"));
        Assert.That(lines.Select(line => line.Split(' ')[^1]), Has.None.StartWith("/").And.None.Contain(".."));

        var extracted = directory.Combine("out");
        Directory.CreateDirectory(extracted);
        Assert.That(Run.Process("tar", ["-xzf", archive, "-C", extracted]).ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(Path.Combine(extracted, "rds-csi-driver")), Is.EqualTo("#!/bin/sh\necho driver\n"));
    }

    [Test]
    public void Read_gives_back_the_files_by_name()
    {
        using var directory = new TempDirectory();
        var archive = directory.Combine("a.tar.gz");
        File.WriteAllBytes(archive, BinaryArchive.Pack(Files(), CommitTime));

        var files = BinaryArchive.Read(archive);

        Assert.That(files.Keys, Is.EquivalentTo(new[] { "LICENSE", "README.md", "rds-csi-driver" }));
        Assert.That(Encoding.UTF8.GetString(files["LICENSE"]), Is.EqualTo("Apache-2.0\n"));
    }
}
