using System.Net;
using System.Text.Json;
using Build.Tests.Support;

namespace Build.Tests.EndToEnd;

/// <summary>
/// ./build.sh --target=Release with ANNOUNCE_WEBHOOK_URL pointing at an HTTP server on loopback that records each body,
/// three times on one tagged repository against a real registry: a webhook that always answers 500 (the release still
/// succeeds, with a warning), then one that answers 503 and then 200 (the message arrives once, after a retry), then
/// a re-run (nothing is posted). The digest the message names is checked with skopeo.
/// </summary>
[NonParallelizable]
public sealed class AnnounceTests
{
    private const string Token = "secret-e2e-webhook-token";

    private readonly List<(int Run, string Method, string Path, byte[] Body, int Status)> _requests = [];
    private int _run;
    private RegistryProcess _registry = null!;
    private GitRepository _repo = null!;
    private LoopbackHttpListener _server = null!;
    private string _image = null!;
    private string _webhook = null!;
    private ProcessResult _failing = null!;
    private ProcessResult _retried = null!;
    private ProcessResult _again = null!;

    [OneTimeSetUp]
    public void Release()
    {
        _registry = new RegistryProcess();
        _repo = ReleaseRepository.Create("cake.config");
        _repo.Tag("v1.2.3");
        _image = $"{_registry.Address}/acme/announced";
        _server = new LoopbackHttpListener((context, body) =>
        {
            lock (_requests)
            {
                var status = _run switch
                {
                    1 => 500,
                    2 => _requests.Any(request => request.Run == 2) ? 200 : 503,
                    _ => 200,
                };
                _requests.Add((_run, context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body, status));
                context.Response.StatusCode = status;
            }

            context.Response.Close();
        });
        _webhook = new Uri(_server.BaseUri, $"services/T0E2E/B0E2E/{Token}").ToString();
        var environment = new Dictionary<string, string?> { ["ANNOUNCE_WEBHOOK_URL"] = _webhook };
        string[] arguments = ["--target=Release", "--image=" + _image, "--Release_RetryDelay=0.2"];

        _run = 1;
        _failing = BuildProgram.Run(_repo.Path, arguments, environment, TimeSpan.FromMinutes(10));
        _run = 2;
        _retried = BuildProgram.Run(_repo.Path, arguments, environment, TimeSpan.FromMinutes(10));
        _run = 3;
        _again = BuildProgram.Run(_repo.Path, arguments, environment, TimeSpan.FromMinutes(10));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _server.Dispose();
        _repo.Dispose();
        _registry.Dispose();
    }

    private List<(int Run, string Method, string Path, byte[] Body, int Status)> Requests(int run)
    {
        lock (_requests)
        {
            return _requests.Where(request => request.Run == run).ToList();
        }
    }

    [Test]
    public void A_webhook_that_always_fails_leaves_the_release_succeeding_with_a_warning_that_never_shows_the_URL()
    {
        Assert.That(_failing.ExitCode, Is.EqualTo(0), _failing.ToString());
        Assert.That(Requests(1), Has.Count.EqualTo(5), "the first attempt and the default 4 retries");
        Assert.That(Requests(1).Select(request => request.Method), Is.All.EqualTo("POST"));
        Assert.That(_failing.All, Does.Contain("1.2.3 was NOT announced: the webhook at ANNOUNCE_WEBHOOK_URL answered 500 Internal Server Error. Run the release again to retry the announcement."));
        Assert.That(_failing.All, Does.Contain("Retrying POST ANNOUNCE_WEBHOOK_URL"));
        Assert.That(_failing.All, Does.Not.Contain(Token).And.Not.Contain(_webhook).And.Not.Contain(_server.BaseUri.ToString()));
        Assert.That(_failing.All, Does.Not.Contain("***"), "the URL never reached the log, so the masker had nothing to hide");
    }

    [Test]
    public void A_webhook_answering_503_then_200_gets_one_Slack_message_naming_the_digest_skopeo_reports()
    {
        Assert.That(_retried.ExitCode, Is.EqualTo(0), _retried.ToString());
        var requests = Requests(2);
        Assert.That(requests.Select(request => (request.Method, request.Path, request.Status)), Is.EqualTo(new[]
        {
            ("POST", $"/services/T0E2E/B0E2E/{Token}", 503),
            ("POST", $"/services/T0E2E/B0E2E/{Token}", 200),
        }));
        Assert.That(requests[1].Body, Is.EqualTo(requests[0].Body), "one message, sent again after the 503");

        using var json = JsonDocument.Parse(requests[1].Body);
        Assert.That(json.RootElement.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "text" }));
        var text = json.RootElement.GetProperty("text").GetString()!;
        var digest = Skopeo.Digest(_image + ":1.2.3");
        Assert.That(text, Does.StartWith($"rds-csi 1.2.3 was rehearsed: {Path.Combine(_repo.Path, "artifacts", "release", "1.2.3")}\n"));
        Assert.That(text, Does.Contain($"Image: `{_image}@{digest}`"));
        Assert.That(text, Does.Contain($"Verify: `cosign verify --key cosign.pub --insecure-ignore-tlog=true {_image}@{digest}`"));
        Assert.That(File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "release", "1.2.3", "notes.md")), Does.Contain($"cosign verify --key cosign.pub --insecure-ignore-tlog=true {_image}@{digest}"), "the command the release notes print");
        Assert.That(_retried.Output, Does.Contain($"Announced 1.2.3 (slack message to ANNOUNCE_WEBHOOK_URL)"));
        Assert.That(_retried.All, Does.Not.Contain(Token));
    }

    [Test]
    public void A_webhook_URL_that_is_plain_http_to_another_host_stops_the_rehearsal_before_anything_is_pushed_naming_the_variable_not_its_value()
    {
        var image = $"{_registry.Address}/acme/refused";
        var result = BuildProgram.Run(_repo.Path, ["--target=Release", "--image=" + image], new Dictionary<string, string?> { ["ANNOUNCE_WEBHOOK_URL"] = $"http://hooks.example.invalid/services/{Token}" });

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.All, Does.Contain("ANNOUNCE_WEBHOOK_URL is a plain http:// URL to a host that is not loopback").And.Contain("set it to the webhook's https:// URL"));
        Assert.That(result.All, Does.Not.Contain(Token).And.Not.Contain("hooks.example.invalid"));
        Assert.That(Skopeo.Tags(image), Is.Empty, "nothing was pushed");
    }

    [Test]
    public void A_re_run_of_an_announced_release_posts_nothing()
    {
        Assert.That(_again.ExitCode, Is.EqualTo(0), _again.ToString());
        Assert.That(Requests(3), Is.Empty);
        Assert.That(_again.Output, Does.Contain("Skipped Announce because 1.2.3 (").And.Contain(") was announced before (release-state.json): a release is announced once"));
    }
}
