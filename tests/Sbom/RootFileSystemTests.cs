using Build.Sbom;
using Build.Tests.Support;

namespace Build.Tests.Sbom;

/// <summary>A real directory tree with links that leave it, stay in it, or point at nothing.</summary>
public sealed class RootFileSystemTests
{
    [Test]
    public void Every_symbolic_link_is_removed_and_nothing_outside_the_rootfs_is_touched()
    {
        using var host = new TempDirectory("rdscsi-host");
        var hostFile = host.Write("host-only.txt", "host");
        using var image = new TempDirectory("rdscsi-rootfs");
        var own = image.Write("etc/os-release", "ID=sample\n");
        Directory.CreateSymbolicLink(image.Combine("hostdir"), host.Path);
        File.CreateSymbolicLink(image.Combine("etc", "hostfile"), hostFile);
        File.CreateSymbolicLink(image.Combine("etc", "relative"), "os-release");
        File.CreateSymbolicLink(image.Combine("dangling"), "/nonexistent/at/all");

        var removed = RootFileSystem.Neutralise(image.Path);

        Assert.That(removed, Is.EqualTo(4));
        var left = Run.Process("find", [image.Path, "-type", "l"]).Output.Trim();
        Assert.That(left, Is.Empty, "find -type l must find no link left");
        Assert.That(File.ReadAllText(own), Is.EqualTo("ID=sample\n"));
        Assert.That(File.ReadAllText(hostFile), Is.EqualTo("host"), "the link's target outside is never touched");
        Assert.That(Directory.Exists(host.Path), Is.True);
    }
}
