using Build.Configuration;
using Build.Tests.Support;

namespace Build.Tests;

public sealed class BuildContextTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private static readonly Dictionary<string, string?> NotInActions = new()
    {
        ["GITHUB_ACTIONS"] = null,
        ["GITHUB_REF"] = null,
    };

    private BuildContext Create(Dictionary<string, string>? arguments = null, Dictionary<string, string>? settings = null, Dictionary<string, string?>? environment = null) =>
        new(CakeContexts.Create(_working.Path, arguments, settings, environment ?? NotInActions));

    [Test]
    public void Rehearsal_is_the_default_and_pushes_to_the_loopback_registry()
    {
        var context = Create();

        Assert.That(context.Options.Mode, Is.EqualTo(ReleaseMode.Rehearsal));
        Assert.That(context.Options.IsPublishing, Is.False);
        Assert.That(context.Options.Settings.Image.Repository, Is.EqualTo("3whiskeywhiskey/rds-csi"));
        Assert.That(context.Options.Settings.Image.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(context.Options.Settings.Image.Port, Is.Not.EqualTo(0), "port 0 in the default is a free port chosen for the working directory");
        Assert.That(context.Options.Settings.Image.IsLoopback, Is.True);
    }

    [Test]
    public void Mode_publish_pushes_to_the_configured_image()
    {
        var context = Create(new() { ["mode"] = "publish" });

        Assert.That(context.Options.Mode, Is.EqualTo(ReleaseMode.Publish));
        Assert.That(context.Options.Settings.Image.FullName, Is.EqualTo("ghcr.io/3whiskeywhiskey/rds-csi"));
    }

    [Test]
    public void A_publish_run_refuses_port_0_which_only_a_rehearsal_s_own_registry_may_use()
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Create(new() { ["mode"] = "publish", ["image"] = "127.0.0.1:0/acme/x" }));

        Assert.That(error!.Message, Does.Contain("port 0 (a free port) is for a rehearsal's own registry"));
    }

    [Test]
    public void A_v_tag_push_in_GitHub_Actions_publishes()
    {
        var context = Create(environment: new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF"] = "refs/tags/v1.2.3", ["GITHUB_REF_NAME"] = "v1.2.3" });

        Assert.That(context.Options.Mode, Is.EqualTo(ReleaseMode.Publish));
        Assert.That(context.Options.GitHubActions.TagName, Is.EqualTo("v1.2.3"));
    }

    [Test]
    public void A_branch_build_in_GitHub_Actions_rehearses()
    {
        var context = Create(environment: new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_REF"] = "refs/heads/main" });

        Assert.That(context.Options.Mode, Is.EqualTo(ReleaseMode.Rehearsal));
    }

    [Test]
    public void An_unknown_mode_fails_naming_the_argument()
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Create(new() { ["mode"] = "yolo" }));

        Assert.That(error!.Message, Does.Contain("--mode 'yolo'").And.Contain("rehearsal, publish"));
    }

    [Test]
    public void Image_argument_overrides_cake_config()
    {
        var context = Create(new() { ["image"] = "127.0.0.1:6000/acme/x" }, new() { ["Release_RehearsalImage"] = "127.0.0.1:5000/other/y" });

        Assert.That(context.Options.Settings.Image.FullName, Is.EqualTo("127.0.0.1:6000/acme/x"));
    }

    [Test]
    public void Relative_paths_resolve_against_the_working_directory()
    {
        var context = Create(settings: new() { ["Release_Context"] = "src/driver", ["Release_Chart"] = "charts/x" });

        Assert.That(context.Options.Settings.ImageContext.FullPath, Is.EqualTo(_working.Path + "/src/driver"));
        Assert.That(context.Options.Settings.Dockerfile.FullPath, Is.EqualTo(_working.Path + "/src/driver/Dockerfile"));
        Assert.That(context.Options.Settings.Chart.FullPath, Is.EqualTo(_working.Path + "/charts/x"));
    }

    [Test]
    public void Every_bad_setting_is_reported_at_once_each_named()
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Create(
            new() { ["builder"] = "kaniko" },
            new() { ["Release_Platforms"] = "linux/sparc", ["Release_RehearsalImage"] = "nope", ["Release_Latest"] = "maybe" }));

        Assert.That(error!.Problems, Has.Count.EqualTo(4));
        Assert.That(error.Message, Does.Contain("--builder 'kaniko'").And.Contain("Release_Platforms").And.Contain("Release_RehearsalImage").And.Contain("Release_Latest"));
    }

    [Test]
    public void Secrets_never_show_in_text()
    {
        var context = Create(environment: new() { ["COSIGN_PASSWORD"] = "hunter2-secret", ["GITHUB_TOKEN"] = "ghp_secretvalue", ["HELM_SIGNING_KEY"] = "pgp-key-text", ["HELM_SIGNING_PASSPHRASE"] = "pgp-pass" });

        Assert.That(context.Options.Secrets.CosignPassword, Is.EqualTo("hunter2-secret"));
        Assert.That((context.Options.Secrets.HelmSigningKey, context.Options.Secrets.HelmSigningPassphrase), Is.EqualTo(("pgp-key-text", "pgp-pass")));
        Assert.That(context.Options.Secrets.ToString(), Does.Not.Contain("hunter2").And.Not.Contain("ghp_").And.Not.Contain("pgp-").And.Contain("HELM_SIGNING_KEY = ***"));
    }

    [Test]
    public void Asking_for_the_version_outside_a_git_repository_says_what_to_do()
    {
        var error = Assert.Throws<BuildConfigurationException>(() => Create().RequireVersion());

        Assert.That(error!.Message, Does.Contain("is not a git repository").And.Contain("--working"));
    }

    [Test]
    public void Without_the_Version_task_the_version_comes_from_git()
    {
        using var repo = new GitRepository();
        repo.Commit();
        repo.Tag("v3.1.4");
        var context = new BuildContext(CakeContexts.Create(repo.Path, environment: NotInActions));

        Assert.That(context.RequireVersion().Text, Is.EqualTo("3.1.4"));
        Assert.That(context.Tags, Does.Contain("3.1"));
    }
}
