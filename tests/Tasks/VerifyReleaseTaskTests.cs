using System.Reflection;
using System.Text;
using Build.Configuration;
using Build.Releasing;
using Build.Tasks;
using Build.Tests.Support;
using Build.Versioning;
using Semver;
using Path = System.IO.Path;

namespace Build.Tests.Tasks;

/// <summary>VerifyRelease on its own: no task before or after it, the release read from the mode's destination, the checks a FakeReleaseVerification.</summary>
public sealed class VerifyReleaseTaskTests
{
    private TempDirectory _working = null!;
    private FakeReleaseVerification _verification = null!;
    private FakeHelmRepository _helmRepository = null!;

    [SetUp]
    public void SetUp()
    {
        _working = new TempDirectory();
        _verification = new FakeReleaseVerification();
        _helmRepository = new FakeHelmRepository();
        _working.Write("deploy/helm/rds-csi-driver/Chart.yaml", "apiVersion: v2\nname: rds-csi-driver\nversion: 0.1.0\n");
    }

    [TearDown]
    public void TearDown() => _working.Dispose();

    private BuildContext Context(Func<BuildOptions, BuildOptions> change, Dictionary<string, string>? arguments = null)
    {
        var context = InMemoryContexts.Create(_working.Path, change, arguments, typeof(VerifyReleaseTask));
        context.Services.Use(_verification);
        context.Services.Use(_helmRepository);
        return context;
    }

    private static void Run(BuildContext context) => new VerifyReleaseTask().RunAsync(context).GetAwaiter().GetResult();

    [Test]
    public void VerifyRelease_depends_on_no_task_and_no_task_depends_on_it()
    {
        var tasks = typeof(BuildContext).Assembly.GetTypes().Where(type => type.GetCustomAttribute<TaskNameAttribute>() is not null).ToList();

        Assert.That(typeof(VerifyReleaseTask).GetCustomAttributes<IsDependentOnAttribute>(), Is.Empty);
        Assert.That(typeof(VerifyReleaseTask).GetCustomAttributes<IsDependeeOfAttribute>(), Is.Empty);
        Assert.That(tasks.Where(task => task.GetCustomAttributes<IsDependentOnAttribute>().Any(dependency => dependency.Task == typeof(VerifyReleaseTask))), Is.Empty);
    }

    [Test]
    public void A_named_version_is_verified_from_its_bundle_by_its_own_image_tag_without_git()
    {
        var bundle = Directory.CreateDirectory(_working.Combine("artifacts", "release", "1.2.3+build.5")).FullName;

        Run(Context(options => options with { RequestedVersion = "1.2.3+build.5" }));

        Assert.That(_verification.Calls, Is.EqualTo(new[] { ("1.2.3+build.5", bundle, "1.2.3-build.5") }), "an image tag cannot hold '+'");
        Assert.That(_helmRepository.Verified, Is.EqualTo(new[] { ("rds-csi-driver", "1.2.3+build.5", Path.Combine(bundle, "rds-csi-driver-1.2.3+build.5.tgz")) }), "the Helm repository's entry is checked against the released package");
    }

    [Test]
    public void This_run_s_version_of_an_untagged_commit_is_verified_by_its_sha_tag()
    {
        var bundle = Directory.CreateDirectory(_working.Combine("artifacts", "release", "1.2.4-alpha.0.3")).FullName;
        var context = Context(options => options);
        context.Results.Version.Set(new ReleaseVersion(SemVersion.Parse("1.2.4-alpha.0.3"), "abcdef0" + new string('1', 33), DateTimeOffset.UnixEpoch, null, false));

        Run(context);

        Assert.That(_verification.Calls, Is.EqualTo(new[] { ("1.2.4-alpha.0.3", bundle, "sha-abcdef0") }));
    }

    [Test]
    public void Without_a_bundle_a_rehearsal_names_the_missing_folder_and_what_to_run()
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Run(Context(options => options with { RequestedVersion = "9.9.9" })));

        Assert.That(error!.Message, Is.EqualTo($"There is no release bundle of 9.9.9 in {_working.Combine("artifacts", "release", "9.9.9")}: run ./build.sh --target=Release first, or name another version with --version=X.Y.Z."));
        Assert.That(_verification.Calls, Is.Empty);
    }

    [Test]
    public void In_publish_mode_what_GitHub_serves_is_downloaded_afresh_and_verified_and_nothing_is_written_to_GitHub_FakeGitHub()
    {
        using var github = new FakeGitHub("acme", "rds-csi", "ghp_FakeToken0123456789abcdefABCDEF0123");
        var release = github.AddRelease("v1.2.3", draft: false);
        github.AddAsset(release, ReleaseBundle.Checksums, Encoding.UTF8.GetBytes("sums as GitHub serves them\n"));
        var context = Context(
            options => options with
            {
                Mode = ReleaseMode.Publish,
                RequestedVersion = "1.2.3",
                GitHub = new GitHubSettings(github.BaseUri, github.Owner, github.Repository),
                Secrets = options.Secrets with { GitHubToken = github.Token },
            },
            new Dictionary<string, string> { [Arguments.Key] = "cosign.pub" });

        Run(context);

        var verify = _working.Combine("artifacts", "verify", "1.2.3");
        Assert.That(_verification.Calls, Is.EqualTo(new[] { ("1.2.3", verify, "1.2.3") }));
        Assert.That(_helmRepository.Verified, Is.EqualTo(new[] { ("rds-csi-driver", "1.2.3", Path.Combine(verify, "rds-csi-driver-1.2.3.tgz")) }));
        Assert.That(File.ReadAllText(Path.Combine(verify, ReleaseBundle.Checksums)), Is.EqualTo("sums as GitHub serves them\n"));
        Assert.That(Directory.GetFiles(verify).Select(Path.GetFileName), Is.EqualTo(new[] { ReleaseBundle.Checksums }));
        Assert.That(github.Requests.Select(request => request.Method), Is.All.EqualTo("GET"));
    }
}
