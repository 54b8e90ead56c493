using System.Net;
using System.Text.Json;
using Build.Announcing;
using Build.Configuration;
using Build.Preflight;
using Build.Resilience;
using Build.State;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>
/// Announce on an in-memory context (no git repository, no registry), posting to a real HTTP server on loopback that
/// records each request and answers with the statuses a test gives.
/// </summary>
public sealed class AnnounceTaskTests
{
    private const string GitHubReleaseUrl = "https://github.invalid/acme/rds-csi/releases/tag/v1.2.3";

    private TempDirectory _working = null!;
    private LoopbackHttpListener _server = null!;
    private readonly List<(string Method, string Path, string? ContentType, byte[] Body)> _requests = [];
    private readonly Queue<HttpStatusCode> _answers = new();

    [SetUp]
    public void SetUp()
    {
        _working = new TempDirectory();
        _requests.Clear();
        _answers.Clear();
        _server = new LoopbackHttpListener((context, body) =>
        {
            lock (_requests)
            {
                _requests.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body));
                context.Response.StatusCode = (int)(_answers.Count > 0 ? _answers.Dequeue() : HttpStatusCode.OK);
            }

            context.Response.Close();
        });
    }

    [TearDown]
    public void TearDown()
    {
        _server.Dispose();
        _working.Dispose();
    }

    /// <summary>The webhook's URL: its path is its secret, as Slack's and Discord's are.</summary>
    private string Webhook => new Uri(_server.BaseUri, "services/T0001/B0002/secret-webhook-token").ToString();

    private string Bundle => _working.Combine("artifacts", "release", "1.2.3");

    /// <summary>A context of <paramref name="mode"/> with this run's results up to Publish, retrying fast.</summary>
    private BuildContext Context(ReleaseMode mode, string? webhook, AnnounceFormat format = AnnounceFormat.Slack)
    {
        var context = InMemoryContexts.Create(
            _working.Path,
            options => options with
            {
                Mode = mode,
                Secrets = options.Secrets with { AnnounceWebhookUrl = webhook },
                Announce = new AnnounceSettings(format),
                RetrySettings = new RetrySettings(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20)),
            },
            mode == ReleaseMode.Publish ? new Dictionary<string, string> { [Arguments.SigningKey] = _working.Combine("cosign.key") } : null,
            typeof(AnnounceTask));
        context.Services.State.Begin(context.Services.State.Recorded ?? new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Results.Pushed.Set(InMemoryContexts.Pushed);
        if (mode == ReleaseMode.Publish)
        {
            context.Results.ReleaseUrl.Set(GitHubReleaseUrl);
        }

        context.Results.ReleaseDirectory.Set(Bundle);
        return context;
    }

    /// <summary>Runs the task as the engine does: ShouldRun first, RunAsync only when it says yes.</summary>
    private static bool Run(BuildContext context, AnnounceTask? task = null)
    {
        task ??= new AnnounceTask();
        if (!task.ShouldRun(context))
        {
            return false;
        }

        task.RunAsync(context).GetAwaiter().GetResult();
        return true;
    }

    private static string Log(BuildContext context) => ((RecordingLog)context.Log).Text;

    private static ReleaseState Saved(BuildContext context) => ReleaseState.Load(context.Options.Layout.StateFile.FullPath)!;

    private static JsonElement Json(byte[] body) => JsonDocument.Parse(body).RootElement;

    [Test]
    public void A_rehearsal_posts_one_Slack_message_with_the_version_the_digest_the_bundle_and_the_verify_command()
    {
        var context = Context(ReleaseMode.Rehearsal, Webhook);

        Assert.That(Run(context), Is.True);

        var request = _requests.Single();
        var body = Json(request.Body);
        Assert.That((request.Method, request.Path, request.ContentType), Is.EqualTo(("POST", "/services/T0001/B0002/secret-webhook-token", "application/json; charset=utf-8")));
        Assert.That(body.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "text" }), "Slack's incoming webhook takes {\"text\": ...}");
        var text = body.GetProperty("text").GetString()!;
        Assert.That(text, Does.StartWith($"rds-csi 1.2.3 was rehearsed: {Bundle}\n"));
        Assert.That(text, Does.Contain($"Image: `127.0.0.1:5000/acme/rds-csi@sha256:{new string('1', 64)}`"));
        Assert.That(text, Does.Contain("Tags: 1.2.3, 1.2, latest, sha-aaaaaaa"));
        Assert.That(text, Does.Contain($"Verify: `cosign verify --key cosign.pub --insecure-ignore-tlog=true 127.0.0.1:5000/acme/rds-csi@sha256:{new string('1', 64)}`"), "the first command of the release notes");
        Assert.That(Saved(context).Announced, Is.EqualTo(new[] { Bundle }));
        Assert.That(Saved(context).CompletedTasks, Does.Contain("Announce"));
        Assert.That(Log(context), Does.Contain($"Announced 1.2.3 (slack message to ANNOUNCE_WEBHOOK_URL): {Bundle}").And.Not.Contain("secret-webhook-token"));
    }

    [Test]
    public void A_publish_run_announces_the_GitHub_release_in_the_structured_json_format()
    {
        var context = Context(ReleaseMode.Publish, Webhook, AnnounceFormat.Json);

        Run(context);

        var body = Json(_requests.Single().Body);
        Assert.That(body.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "project", "version", "mode", "image", "digest", "tags", "releaseUrl", "verify" }));
        Assert.That(body.GetProperty("version").GetString(), Is.EqualTo("1.2.3"));
        Assert.That(body.GetProperty("mode").GetString(), Is.EqualTo("publish"));
        Assert.That(body.GetProperty("digest").GetString(), Is.EqualTo(InMemoryContexts.Pushed.IndexDigest));
        Assert.That(body.GetProperty("image").GetString(), Is.EqualTo(InMemoryContexts.Pushed.Reference));
        Assert.That(body.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()), Is.EqualTo(InMemoryContexts.Pushed.Tags));
        Assert.That(body.GetProperty("releaseUrl").GetString(), Is.EqualTo(GitHubReleaseUrl), "the GitHub release, not the local bundle");
        Assert.That(body.GetProperty("verify").GetString(), Does.StartWith("cosign verify --key cosign.pub ").And.EndWith(" " + InMemoryContexts.Pushed.Reference));
        Assert.That(Saved(context).Announced, Is.EqualTo(new[] { GitHubReleaseUrl }));
    }

    [Test]
    public void Discord_gets_the_same_text_as_content()
    {
        Run(Context(ReleaseMode.Rehearsal, Webhook, AnnounceFormat.Discord));

        var body = Json(_requests.Single().Body);
        Assert.That(body.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "content" }));
        Assert.That(body.GetProperty("content").GetString(), Does.StartWith("rds-csi 1.2.3 was rehearsed: ").And.Contain(InMemoryContexts.Pushed.Reference));
    }

    [Test]
    public void A_release_is_announced_once_a_re_run_skips_and_says_why_but_publishing_the_rehearsed_commit_announces_it()
    {
        Run(Context(ReleaseMode.Rehearsal, Webhook));
        var again = new AnnounceTask();

        Assert.That(Run(Context(ReleaseMode.Rehearsal, Webhook), again), Is.False);
        Assert.That(again.SkippedMessage, Is.EqualTo($"1.2.3 ({Bundle}) was announced before (release-state.json): a release is announced once"));
        Assert.That(_requests, Has.Count.EqualTo(1));

        Assert.That(Run(Context(ReleaseMode.Publish, Webhook)), Is.True, "the GitHub release of the same commit is another release");
        Assert.That(Run(Context(ReleaseMode.Publish, Webhook)), Is.False);
        Assert.That(_requests, Has.Count.EqualTo(2));
    }

    [Test]
    public void Without_a_webhook_the_task_is_skipped_and_says_why()
    {
        var task = new AnnounceTask();

        Assert.That(Run(Context(ReleaseMode.Rehearsal, null), task), Is.False);
        Assert.That(Run(Context(ReleaseMode.Publish, string.Empty), task), Is.False);
        Assert.That(task.SkippedMessage, Is.EqualTo("ANNOUNCE_WEBHOOK_URL is not set: there is no webhook to announce the release to"));
        Assert.That(_requests, Is.Empty);
    }

    [Test]
    public void A_webhook_answering_503_then_200_gets_the_message_once_after_a_retry()
    {
        _answers.Enqueue(HttpStatusCode.ServiceUnavailable);
        var context = Context(ReleaseMode.Rehearsal, Webhook);

        Run(context);

        Assert.That(_requests, Has.Count.EqualTo(2));
        Assert.That(_requests[1].Body, Is.EqualTo(_requests[0].Body), "the same message, sent again");
        Assert.That(Log(context), Does.Contain("Retrying POST ANNOUNCE_WEBHOOK_URL").And.Contain("503"));
        Assert.That(Log(context), Does.Not.Contain("secret-webhook-token").And.Not.Contain(_server.BaseUri.ToString()));
        Assert.That(Saved(context).Announced, Is.EqualTo(new[] { Bundle }));
    }

    [Test]
    public void A_webhook_that_keeps_failing_gets_a_warning_nothing_is_recorded_and_the_next_run_tries_again()
    {
        _answers.Enqueue(HttpStatusCode.InternalServerError);
        _answers.Enqueue(HttpStatusCode.InternalServerError);
        _answers.Enqueue(HttpStatusCode.InternalServerError);
        var context = Context(ReleaseMode.Publish, Webhook);

        Assert.DoesNotThrow(() => Run(context), "a published release is not failed by its announcement");

        Assert.That(_requests, Has.Count.EqualTo(3), "the first attempt and two retries");
        var warnings = ((RecordingLog)context.Log).Lines.Where(line => line.Level == Cake.Core.Diagnostics.LogLevel.Warning).Select(line => line.Message).ToList();
        Assert.That(warnings.Last(), Is.EqualTo("1.2.3 was NOT announced: the webhook at ANNOUNCE_WEBHOOK_URL answered 500 Internal Server Error. Run the release again to retry the announcement."));
        Assert.That(Log(context), Does.Not.Contain("secret-webhook-token").And.Not.Contain(_server.BaseUri.ToString()));
        Assert.That(Saved(context).Announced, Is.Empty);
        Assert.That(Saved(context).CompletedTasks, Does.Not.Contain("Announce"));

        Assert.That(Run(Context(ReleaseMode.Publish, Webhook)), Is.True, "the next run posts again");
        Assert.That(_requests, Has.Count.EqualTo(4));
    }

    [Test]
    public void An_unreachable_webhook_gets_a_warning_that_does_not_show_its_URL()
    {
        var closed = $"http://127.0.0.1:{Build.Registry.LocalRegistry.FreeLoopbackPort()}/services/T0001/B0002/secret-webhook-token";
        var context = Context(ReleaseMode.Rehearsal, closed);

        Assert.DoesNotThrow(() => Run(context));

        Assert.That(Log(context), Does.Contain("1.2.3 was NOT announced: the webhook at ANNOUNCE_WEBHOOK_URL could not be reached"));
        Assert.That(Log(context), Does.Not.Contain("secret-webhook-token"));
        Assert.That(Saved(context).Announced, Is.Empty);
    }

    [Test]
    public void Run_alone_it_announces_an_earlier_runs_release_and_without_one_it_says_to_run_Publish_first()
    {
        var context = InMemoryContexts.Create(_working.Path, options => options with { Secrets = options.Secrets with { AnnounceWebhookUrl = Webhook } }, null, typeof(AnnounceTask));
        context.Results.Version.Set(InMemoryContexts.Version);
        context.Results.Pushed.Set(InMemoryContexts.Pushed);

        var error = Assert.Throws<BuildConfigurationException>(() => Run(context))!;

        Assert.That(error.Message, Is.EqualTo("There is no published release of 1.2.3 to announce: run the Publish task first (drop --exclusive)."));
        Assert.That(_requests, Is.Empty);

        Directory.CreateDirectory(Bundle);
        var again = InMemoryContexts.Create(_working.Path, options => options with { Secrets = options.Secrets with { AnnounceWebhookUrl = Webhook } }, null, typeof(AnnounceTask));
        again.Services.State.Begin(new ReleaseState { Version = "1.2.3", Commit = InMemoryContexts.Version.Commit });
        again.Results.Version.Set(InMemoryContexts.Version);
        again.Results.Pushed.Set(InMemoryContexts.Pushed);
        Assert.That(Run(again), Is.True);
        Assert.That(Json(_requests.Single().Body).GetProperty("text").GetString(), Does.StartWith($"rds-csi 1.2.3 was rehearsed: {Bundle}\n"));
    }

    public static IEnumerable<TestCaseData> WebhookUrls()
    {
        yield return new TestCaseData(ReleaseMode.Publish, "https://hooks.slack.invalid/services/T1/B2/token-9876", null);
        yield return new TestCaseData(ReleaseMode.Publish, "http://127.0.0.1:9/services/token-9876", "ANNOUNCE_WEBHOOK_URL is a plain http:// URL, which would send the webhook's secret in clear text: publish mode posts to https:// only");
        yield return new TestCaseData(ReleaseMode.Rehearsal, "http://127.0.0.1:9/services/token-9876", null);
        yield return new TestCaseData(ReleaseMode.Rehearsal, "http://[::1]:9/services/token-9876", null);
        yield return new TestCaseData(ReleaseMode.Rehearsal, "http://hooks.example.invalid/services/token-9876", "ANNOUNCE_WEBHOOK_URL is a plain http:// URL to a host that is not loopback");
        yield return new TestCaseData(ReleaseMode.Rehearsal, "hooks.example.invalid/services/token-9876", "ANNOUNCE_WEBHOOK_URL is not an https:// URL");
        yield return new TestCaseData(ReleaseMode.Publish, "ftp://hooks.example.invalid/token-9876", "ANNOUNCE_WEBHOOK_URL is not an https:// URL");
    }

    [TestCaseSource(nameof(WebhookUrls))]
    public void The_preflight_refuses_a_webhook_that_is_not_https_naming_the_variable_and_the_fix_but_never_its_value(ReleaseMode mode, string url, string? problem)
    {
        var context = Context(mode, url);

        var secrets = TaskNeeds.Of(context.Options.Plan, context).Single().Secrets;

        if (problem is null)
        {
            Assert.That(secrets, Is.Empty);
            return;
        }

        var secret = secrets.Single();
        Assert.That((secret.Variable, secret.IsSet), Is.EqualTo(("ANNOUNCE_WEBHOOK_URL", false)));
        Assert.That(secret.Problem, Does.StartWith(problem).And.Contain("set it to the webhook's https:// URL").And.Not.Contain("token-9876").And.Not.Contain("example.invalid"));
    }

    [Test]
    public void A_format_other_than_slack_discord_or_json_is_refused_naming_the_setting_and_the_choices()
    {
        var cake = CakeContexts.Create(_working.Path, settings: new Dictionary<string, string> { [AnnounceSettings.FormatKey] = "teams" });

        var error = Assert.Throws<BuildConfigurationException>(() => AnnounceSettings.Read(cake))!;

        Assert.That(error.Message, Is.EqualTo("Announce_Format ([Announce] Format in cake.config) 'teams' is not known; use one of slack, discord, json."));
        Assert.That(AnnounceSettings.Read(CakeContexts.Create(_working.Path, settings: new Dictionary<string, string> { [AnnounceSettings.FormatKey] = "Discord" })).Format, Is.EqualTo(AnnounceFormat.Discord));
        Assert.That(AnnounceSettings.Read(CakeContexts.Create(_working.Path)).Format, Is.EqualTo(AnnounceFormat.Slack), "Slack by default");
    }
}
