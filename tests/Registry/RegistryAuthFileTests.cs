using System.Text;
using System.Text.Json;
using Build.Registry;

namespace Build.Tests.Registry;

public sealed class RegistryAuthFileTests
{
    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_login_is_written_for_one_host_readable_by_the_owner_only_and_deleted_after()
    {
        string path;
        using (var file = RegistryAuthFile.For("ghcr.io", new RegistryCredentials("robot", "p@ss:word"))!)
        {
            path = file.Path;
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(path)!), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var auths = json.RootElement.GetProperty("auths");
            Assert.That(auths.EnumerateObject().Select(entry => entry.Name), Is.EqualTo(new[] { "ghcr.io" }));
            Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(auths.GetProperty("ghcr.io").GetProperty("auth").GetString()!)), Is.EqualTo("robot:p@ss:word"));
        }

        Assert.That(Directory.Exists(Path.GetDirectoryName(path)), Is.False);
    }

    [Test]
    public void The_file_is_deleted_when_the_tool_that_used_it_failed()
    {
        string? directory = null;

        Assert.Throws<InvalidOperationException>(() =>
        {
            using var file = RegistryAuthFile.For("127.0.0.1:5000", new RegistryCredentials("u", "secret-4"));
            directory = Path.GetDirectoryName(file!.Path);
            throw new InvalidOperationException("buildah failed");
        });

        Assert.That(directory, Is.Not.Null);
        Assert.That(Directory.Exists(directory), Is.False);
    }

    [Test]
    public void Without_a_login_there_is_no_file()
    {
        Assert.That(RegistryAuthFile.For("ghcr.io", null), Is.Null);
    }
}
