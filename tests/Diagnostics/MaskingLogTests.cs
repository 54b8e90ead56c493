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

    [Test]
    public void Every_line_of_a_multi_line_secret_is_masked_and_listed_for_add_mask()
    {
        var masker = new SecretMasker(["first-line-1111\r\nsecond-line-2222\n\nab"]);

        Assert.That(masker.Apply("tool said: second-line-2222"), Is.EqualTo("tool said: ***"));
        Assert.That(masker.Apply("first-line-1111\r\nsecond-line-2222\n\nab"), Is.EqualTo("***"), "the whole value is masked whole");
        Assert.That(masker.Values, Is.EquivalentTo(new[] { "first-line-1111\r\nsecond-line-2222\n\nab", "first-line-1111", "second-line-2222" }), "lines shorter than the minimum are not masked");
    }

    [Test]
    public void A_private_key_block_is_never_shown_even_when_no_variable_named_it()
    {
        var masker = new SecretMasker([]);

        var text = masker.Apply("bad key: -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBody\n-----END EC PRIVATE KEY----- (end)");
        var unterminated = masker.Apply("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnsi");

        Assert.That(text, Is.EqualTo("bad key: -----BEGIN EC PRIVATE KEY-----*** (end)"));
        Assert.That(unterminated, Does.Not.Contain("eyJrZGYiOnsi"));
        Assert.That(masker.Apply("-----BEGIN PUBLIC KEY-----"), Is.EqualTo("-----BEGIN PUBLIC KEY-----"));
    }

    [TestCase("cosign.key", false)]
    [TestCase("/home/me/keys/cosign.key", false)]
    [TestCase("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [TestCase("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----", true)]
    [TestCase("-----BEGIN CERTIFICATE-----", true)]
    [TestCase("path/to/the private key", true)]
    [TestCase("eyJrZGYiOnsibmFtZSI6InNjcnlwdCIsInBhcmFtcyI6eyJOIjo2NTUzNiwiciI6OCwicCI6MX19", true)]
    public void Input_text_is_quoted_unless_it_looks_like_key_material(string value, bool hidden)
    {
        Assert.That(InputText.Quote(value), Is.EqualTo(hidden ? InputText.NotShown : $"'{value}'"));
    }

    [Test]
    public void COSIGN_KEY_is_masked_when_it_holds_a_key_and_not_when_it_names_a_file()
    {
        const string pem = "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnsibmFtZSI6InNjcnlwdCJ9\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n";

        var withKey = SecretMasker.FromEnvironment(name => name == "COSIGN_KEY" ? pem : null, []);
        var withPath = SecretMasker.FromEnvironment(name => name == "COSIGN_KEY" ? "/home/me/cosign.key" : null, []);

        Assert.That(withKey.Values, Does.Contain(pem).And.Contain("eyJrZGYiOnsibmFtZSI6InNjcnlwdCJ9"));
        Assert.That(withKey.Apply("body eyJrZGYiOnsibmFtZSI6InNjcnlwdCJ9"), Is.EqualTo("body ***"));
        Assert.That(withPath.Values, Is.Empty);
    }

    [Test]
    public void A_line_at_the_logs_verbosity_is_written_and_a_more_verbose_one_is_not()
    {
        var inner = new RecordingLog { Verbosity = Verbosity.Normal };
        var log = new MaskingLog(inner, new SecretMasker(["hunter2-password"]));

        log.Write(Verbosity.Quiet, LogLevel.Error, "quiet {0}", "hunter2-password");
        log.Write(Verbosity.Normal, LogLevel.Information, "normal");
        log.Write(Verbosity.Verbose, LogLevel.Verbose, "verbose");
        log.Write(Verbosity.Diagnostic, LogLevel.Debug, "diagnostic hunter2-password");

        Assert.That(inner.Lines.Select(line => line.Message), Is.EqualTo(new[] { "quiet ***", "normal" }));
    }

    [Test]
    public void The_masking_log_reads_and_sets_the_verbosity_of_the_log_it_wraps()
    {
        var inner = new RecordingLog { Verbosity = Verbosity.Minimal };
        var log = new MaskingLog(inner, new SecretMasker([]));

        Assert.That(log.Verbosity, Is.EqualTo(Verbosity.Minimal));
        log.Verbosity = Verbosity.Verbose;
        Assert.That(inner.Verbosity, Is.EqualTo(Verbosity.Verbose));
    }

    [Test]
    public void The_lines_of_a_multi_line_secret_are_masked_without_their_indentation()
    {
        var masker = new SecretMasker(["  first-line-1111  \n\tsecond-line-2222\t\n"]);

        Assert.That(masker.Apply("tool said: second-line-2222 and first-line-1111"), Is.EqualTo("tool said: *** and ***"));
    }

    [Test]
    public void Names_in_secret_env_may_be_separated_by_commas_with_spaces_and_given_more_than_once()
    {
        var environment = new Dictionary<string, string?> { ["FIRST_KEY"] = "first-value", ["SECOND_KEY"] = "second-value", ["THIRD_KEY"] = "third-value" };

        var masker = SecretMasker.FromEnvironment(name => environment.GetValueOrDefault(name), [" FIRST_KEY , SECOND_KEY,", "THIRD_KEY"]);

        Assert.That(masker.Apply("first-value second-value third-value"), Is.EqualTo("*** *** ***"));
    }

    [Test]
    public void Every_known_secret_variable_is_masked_from_the_environment()
    {
        var masker = SecretMasker.FromEnvironment(name => name == "COSIGN_KEY" ? null : $"value-of-{name}", []);

        Assert.That(masker.Apply(string.Join(' ', SecretMasker.Variables.Where(name => name != "COSIGN_KEY").Select(name => $"value-of-{name}"))),
            Is.EqualTo(string.Join(' ', SecretMasker.Variables.Where(name => name != "COSIGN_KEY").Select(_ => SecretMasker.Mask))));
    }

    [Test]
    public void A_value_of_up_to_4096_characters_is_quoted_and_a_longer_one_is_not()
    {
        var longest = string.Concat(Enumerable.Repeat("word ", 820))[..InputText.MaxQuotedLength];

        Assert.That(InputText.Quote(longest), Is.EqualTo($"'{longest}'"));
        Assert.That(InputText.Quote(longest + "w"), Is.EqualTo(InputText.NotShown));
    }
}
