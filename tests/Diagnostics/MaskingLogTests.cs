using Build.Diagnostics;
using Build.Tests.Support;
using Cake.Core.Diagnostics;

namespace Build.Tests.Diagnostics;

public sealed class MaskingLogTests
{
    [Test]
    public void Secret_values_are_masked_in_formatted_lines_and_braces_survive()
    {
        var inner = new RecordingLog();
        var log = new MaskingLog(inner, new SecretMasker(["hunter2-password", "ghp_abcdef123456"]));

        log.Write(Verbosity.Normal, LogLevel.Information, "login {0} with {1} into {{registry}}", "robot", "hunter2-password");
        log.Write(Verbosity.Normal, LogLevel.Error, "token=ghp_abcdef123456 {x}");

        Assert.That(inner.Lines.Select(line => line.Message), Is.EqualTo(new[] { "login robot with *** into {registry}", "token=*** {x}" }));
    }

    [Test]
    public void Lines_without_secrets_pass_through_unchanged_with_their_arguments()
    {
        var inner = new RecordingLog();
        var log = new MaskingLog(inner, new SecretMasker(["hunter2-password"]));

        log.Write(Verbosity.Normal, LogLevel.Information, "Version {0}", "1.2.3");

        Assert.That(inner.Text, Is.EqualTo("Version 1.2.3"));
    }

    [Test]
    public void A_secret_containing_another_is_masked_whole_and_short_values_are_left_alone()
    {
        var masker = new SecretMasker(["abcd", "abcdefgh", "x", null, ""]);

        Assert.That(masker.Apply("abcdefgh abcd x"), Is.EqualTo("*** *** x"));
    }

    [Test]
    public void Variables_named_by_secret_env_are_secrets_too()
    {
        var environment = new Dictionary<string, string?> { ["COSIGN_PASSWORD"] = "cosign-pass", ["MY_API_KEY"] = "api-key-value", ["OTHER"] = "visible" };

        var masker = SecretMasker.FromEnvironment(name => environment.GetValueOrDefault(name), ["MY_API_KEY"]);

        Assert.That(masker.Apply("cosign-pass api-key-value visible"), Is.EqualTo("*** *** visible"));
    }
}
