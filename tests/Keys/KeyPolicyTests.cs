using Build.Keys;
using Build.Signing;
using Build.Tests.Deploy;
using Build.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.Keys;

/// <summary>The Kyverno key policy regenerated for a set of keys: read back with YamlDotNet, linted with yamllint, checked by PolicyCheck.</summary>
public sealed class KeyPolicyTests
{
    private static (string Id, string Pem) NewKey()
    {
        var pem = CosignKeys.Generate(string.Empty).PublicPem.Trim();
        return (KeyFingerprint.OfPem(pem, "test"), pem);
    }

    private static List<List<string>> AttestorKeys(string policy)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(policy));
        return stream.Documents[0].AllNodes.OfType<YamlMappingNode>()
            .Where(mapping => mapping.Children.ContainsKey(new YamlScalarNode("entries")))
            .Select(attestor => ((YamlSequenceNode)attestor.Children[new YamlScalarNode("entries")])
                .Select(entry => RepositoryFiles.Scalar(entry, "keys", "publicKeys")).ToList())
            .ToList();
    }

    [Test]
    public void Every_attestor_lists_each_key_once_with_its_rekor_settings_and_the_rest_of_the_file_is_unchanged()
    {
        var original = RepositoryFiles.Text(KeyPolicy.RelativePath);
        var keys = new[] { NewKey(), NewKey() };

        var rendered = KeyPolicy.Render(original, keys);

        var attestors = AttestorKeys(rendered);
        Assert.That(attestors, Has.Count.EqualTo(3));
        Assert.That(attestors, Has.All.EqualTo(keys.Select(key => key.Pem).ToList()));
        Assert.That(rendered.Split('\n').Count(line => line.Trim() == "ignoreTlog: true"), Is.EqualTo(6), "each of the 2 keys in each of the 3 attestors keeps the rekor settings");
        Assert.That(rendered.Split('\n').Where(line => !line.StartsWith("                ", StringComparison.Ordinal)), Is.EqualTo(original.Split('\n').Where(line => !line.StartsWith("                ", StringComparison.Ordinal))), "only the entries change");
        using var folder = new TempDirectory();
        var file = folder.Write(KeyPolicy.RelativePath, rendered);
        var lint = Run.Process("yamllint", ["-f", "parsable", "-d", "{extends: relaxed, rules: {line-length: disable}}", file]);
        Assert.That((lint.ExitCode, lint.Output), Is.EqualTo((0, string.Empty)));
        Assert.That(new Build.Verification.PolicyCheck(folder.Path, KeyPolicy.RelativePath).Run().Findings, Is.Empty);
    }

    [Test]
    public void Rendering_again_with_fewer_keys_drops_the_revoked_one_and_no_keys_brings_the_placeholder_back()
    {
        var original = RepositoryFiles.Text(KeyPolicy.RelativePath);
        var (kept, revoked) = (NewKey(), NewKey());

        var twice = KeyPolicy.Render(KeyPolicy.Render(original, [revoked, kept]), [kept]);
        var none = KeyPolicy.Render(twice, []);

        Assert.That(KeyPolicy.PublicKeys(twice), Is.EqualTo(new[] { kept.Pem }));
        Assert.That(twice, Does.Not.Contain(revoked.Pem.Split('\n')[1]));
        Assert.That(none, Is.EqualTo(original), "the placeholder policy is what a clone without keys holds");
    }

    [Test]
    public void The_render_script_prints_a_policy_that_already_lists_the_keys_unchanged()
    {
        var rendered = KeyPolicy.Render(RepositoryFiles.Text(KeyPolicy.RelativePath), [NewKey()]);
        using var folder = new TempDirectory();
        folder.Write(KeyPolicy.RelativePath, rendered);
        var script = folder.Write("deploy/policies/render-key-policy.sh", RepositoryFiles.Text("deploy/policies/render-key-policy.sh"));

        var result = Run.Process("bash", [script, "/nonexistent.pub"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Output, Is.EqualTo(rendered));
    }
}
