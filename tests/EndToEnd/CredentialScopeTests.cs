using System.Text;
using Build.Registry;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// REGISTRY_USERNAME/REGISTRY_PASSWORD belong to the configured image's registry: they reach buildah and skopeo through a
/// temporary auth file (never a command line that `ps` shows), and a rehearsal never offers them to whatever listens on
/// the rehearsal port.
/// </summary>
[NonParallelizable]
public sealed class CredentialScopeTests
{
    private const string Username = "release-robot";
    private const string Password = "registry-pass-5ecret-7719";

    private static readonly string BasicToken = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    private static Dictionary<string, string?> Login(string configuredImage) => new()
    {
        ["REGISTRY_USERNAME"] = Username,
        ["REGISTRY_PASSWORD"] = Password,
        ["CAKE_RELEASE_IMAGE"] = configuredImage,
    };

    [Test]
    public async Task A_push_and_an_sbom_against_a_registry_that_needs_the_login_never_put_the_password_on_a_command_line()
    {
        using var registry = new AuthenticatedRegistry(Username, Password);
        using var repo = ReleaseRepository.Create();
        var image = $"{registry.Address}/acme/logged-in";
        // The program makes its auth files under its own TMPDIR, so that no other process on the machine (a parallel
        // test run, Stryker) can add or remove one there and change this test's outcome.
        using var temp = new TempDirectory("rdscsi-credscope-tmp");
        var environment = Login(image);
        environment["TMPDIR"] = temp.Path;

        ProcessResult result;
        CommandLineWatch watch;
        using (watch = new CommandLineWatch([Password, BasicToken], ["buildah", "skopeo"]))
        {
            result = BuildProgram.Run(repo.Path, ["--target=Sbom", "--image=" + image, "--verbosity=diagnostic"], environment, TimeSpan.FromMinutes(10));
        }

        Assert.That(watch.Leaks, Is.Empty, "a process's command line carried the registry password");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(watch.Sweeps, Is.GreaterThan(10), "the watch read /proc while the run went on");
        var ours = watch.ToolCommandLines.Where(line => line.Contains(repo.Path, StringComparison.Ordinal)).ToList();
        Assert.That(ours, Has.Some.Contain("manifest push").And.Some.Contain("--authfile"), string.Join("\n", ours));
        Assert.That(ours, Has.Some.Contain("skopeo copy").And.Some.Contain("--src-authfile"), string.Join("\n", ours));
        Assert.That(result.All, Does.Not.Contain(Password).And.Not.Contain(BasicToken).And.Not.Contain("--creds"));
        var authFileLines = ours.Where(line => line.Contains("authfile", StringComparison.Ordinal)).ToList();
        Assert.That(authFileLines, Has.All.Contain(Path.Combine(temp.Path, "rdscsi-auth-")), "the auth files were made under this run's own TMPDIR");
        Assert.That(Directory.GetDirectories(temp.Path, "rdscsi-auth-*"), Is.Empty, "the temporary auth files are deleted after each tool ran");

        using var anonymous = new OciRegistryClient(registry.BaseUri);
        var refused = await Assert.ThrowsAsync<RegistryException>(() => anonymous.ListTagsAsync("acme/logged-in"));
        Assert.That(refused!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized), "the registry really demands the login");
        using var robot = new OciRegistryClient(registry.BaseUri, new RegistryCredentials(Username, Password));
        Assert.That(await robot.ListTagsAsync("acme/logged-in"), Is.Not.Empty, "the image was pushed with the login");
        Assert.That(registry.Log, Does.Contain($"auth.user.name={Username} "), "the registry saw the login");
    }

    [Test]
    public void A_rehearsal_offers_no_login_to_a_listener_on_the_rehearsal_port_that_asks_for_one()
    {
        using var trap = new CredentialTrap();
        using var repo = ReleaseRepository.Create();

        var result = BuildProgram.Run(repo.Path, ["--target=Push", $"--image={trap.Address}/acme/phished"], Login("ghcr.io/3whiskeywhiskey/rds-csi"), TimeSpan.FromMinutes(5));

        Assert.That(trap.Requests, Is.Not.Empty, "the rehearsal talked to the listener, which asked for Basic credentials");
        Assert.That(trap.Authorizations.Where(header => header.Contains(Password, StringComparison.Ordinal) || header.Contains(BasicToken, StringComparison.Ordinal)), Is.Empty, string.Join("\n", trap.Authorizations));
        Assert.That(result.Output, Does.Contain($"REGISTRY_USERNAME/REGISTRY_PASSWORD belong to ghcr.io: the rehearsal registry {trap.Address} gets no credentials"));
        Assert.That(result.ExitCode, Is.Not.EqualTo(0), "a registry that wants a login it is not given stops the rehearsal");
        Assert.That(result.All, Does.Contain("needs credentials"));
    }
}
