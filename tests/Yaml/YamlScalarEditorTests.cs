using Build.Tests.Charts;
using Build.Tests.Support;
using Build.Yaml;

namespace Build.Tests.Yaml;

public sealed class YamlScalarEditorTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly string Values = ChartFixtures.Read("rds-csi-sample/values.yaml");

    [Test]
    public void Setting_the_digest_changes_that_line_only_and_keeps_every_comment()
    {
        var edited = YamlScalarEditor.Set(Values, ["image", "digest"], Digest, "values.yaml");

        var digestLine = Values.Split('\n').ToList().IndexOf("  digest: \"\"") + 1;
        Assert.That(YamlAssert.ChangedLines(Values, edited), Is.EqualTo(new[] { digestLine }));
        Assert.That(YamlAssert.Line(edited, digestLine), Is.EqualTo($"  digest: \"{Digest}\""));
        Assert.That(edited.Split('\n').Where(line => line.TrimStart().StartsWith('#')), Is.EqualTo(Values.Split('\n').Where(line => line.TrimStart().StartsWith('#'))));
    }

    [Test]
    public void Setting_several_values_changes_their_lines_and_YamlDotNet_reads_the_new_values_and_the_same_rest()
    {
        var edited = YamlScalarEditor.SetMany(Values, [(["image", "tag"], "v0.4.0"), (["image", "digest"], Digest), (["controller", "replicas"], "3")], "values.yaml");

        Assert.That(YamlAssert.ChangedLines(Values, edited), Has.Count.EqualTo(3));
        Assert.That(edited, Does.Contain("\n  tag: \"v0.4.0\"\n").And.Contain("\n  replicas: 3\n"));
        Assert.That(YamlAssert.Read(edited, "image", "tag"), Is.EqualTo("v0.4.0"));
        Assert.That(YamlAssert.Read(edited, "image", "digest"), Is.EqualTo(Digest));
        Assert.That(YamlAssert.Read(edited, "controller", "replicas"), Is.EqualTo("3"));
        var expected = Values.Replace("  tag: \"\"", "  tag: \"v0.4.0\"").Replace("  digest: \"\"", $"  digest: \"{Digest}\"").Replace("replicas: 2", "replicas: 3");
        Assert.That(YamlAssert.Documents(edited), Is.EqualTo(YamlAssert.Documents(expected)));
    }

    [TestCase("pullPolicy: IfNotPresent", "Always", "pullPolicy: Always")]
    [TestCase("repository: ghcr.io/a/b   # no tag here", "ghcr.io/a/c", "repository: ghcr.io/a/c   # no tag here")]
    [TestCase("image: ghcr.io/a/b", "ghcr.io/a/b:v1", "image: \"ghcr.io/a/b:v1\"")]
    [TestCase("handle: someone", "@someone", "handle: \"@someone\"")]
    [TestCase("comment: none", "a # b", "comment: \"a # b\"")]
    [TestCase("tag: latest", "1.10", "tag: \"1.10\"")]
    [TestCase("tag: latest", "0.4.0", "tag: 0.4.0")]
    [TestCase("enabled: maybe", "true", "enabled: \"true\"")]
    [TestCase("enabled: false", "true", "enabled: true")]
    [TestCase("replicas: 2", "3", "replicas: 3")]
    [TestCase("replicas: 2", "3.5", "replicas: \"3.5\"")]
    [TestCase("name: 'plain'", "it's", "name: 'it''s'")]
    [TestCase("name: 'one line'", "two\nlines", "name: \"two\\nlines\"")]
    [TestCase("tag: \"\"", "v1", "tag: \"v1\"")]
    [TestCase("path: \"C:\\\\\"", "say \"hi\" \\ bye", "path: \"say \\\"hi\\\" \\\\ bye\"")]
    [TestCase("address:", "10.0.0.1", "address: 10.0.0.1")]
    [TestCase("address:", "", "address: \"\"")]
    [TestCase("address:   # from the secret", "10.0.0.1", "address: 10.0.0.1   # from the secret")]
    [TestCase("digest: ~", Digest, "digest: \"" + Digest + "\"")]
    [TestCase("digest: null", "", "digest: \"\"")]
    [TestCase("text: first\n    second", "one", "text: one")]
    public void A_value_keeps_its_quoting_style_unless_the_new_value_needs_quotes(string line, string value, string expected)
    {
        var yaml = $"# head\ntop:\n  {line}\nafter: kept   # trailing\n";
        var key = line[..line.IndexOf(':')];

        var edited = YamlScalarEditor.Set(yaml, ["top", key], value);

        Assert.That(edited, Is.EqualTo($"# head\ntop:\n  {expected}\nafter: kept   # trailing\n"));
        Assert.That(YamlScalarEditor.Get(edited, ["top", key]), Is.EqualTo(value));
        Assert.That(YamlAssert.Read(edited, "top", key), Is.EqualTo(value), "YamlDotNet reads the value set");
    }

    [TestCase("image", "pullPolicy", "IfNotPresent")]
    [TestCase("image", "repository", "ghcr.io/3whiskeywhiskey/rds-csi")]
    [TestCase("sidecars", "registrar", "image")]
    [TestCase("controller", "replicas", "2")]
    public void Setting_a_value_it_already_has_leaves_the_text_identical(string first, string second, string third)
    {
        string[] path = first == "sidecars" ? [first, second, third] : [first, second];
        var current = YamlScalarEditor.Get(Values, path)!;

        Assert.That(YamlScalarEditor.Set(Values, path, current), Is.EqualTo(Values));
    }

    [Test]
    public void Chart_yaml_version_and_appVersion_are_set_keeping_the_quotes_of_appVersion()
    {
        var chart = ChartFixtures.Read("rds-csi-sample/Chart.yaml");

        var edited = YamlScalarEditor.SetMany(chart, [(["version"], "1.2.3-rc.1"), (["appVersion"], "1.2.3-rc.1")], "Chart.yaml");

        Assert.That(YamlAssert.ChangedLines(chart, edited), Has.Count.EqualTo(2));
        Assert.That(edited, Does.Contain("\nversion: 1.2.3-rc.1\n").And.Contain("\nappVersion: \"1.2.3-rc.1\"\n"));
        Assert.That(YamlScalarEditor.Set(chart, ["appVersion"], "0.3.1"), Is.EqualTo(chart));
    }

    [Test]
    public void Get_reads_values_strings_and_nulls()
    {
        Assert.That(YamlScalarEditor.Get(Values, ["image", "repository"]), Is.EqualTo("ghcr.io/3whiskeywhiskey/rds-csi"));
        Assert.That(YamlScalarEditor.Get(Values, ["image", "tag"]), Is.EqualTo(""));
        Assert.That(YamlScalarEditor.Get(Values, ["sidecars", "registrar", "image"]), Is.EqualTo("registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.12.0"));
        Assert.That(YamlScalarEditor.Get(Values, ["controller", "tolerations", "0", "operator"]), Is.EqualTo("Exists"));
        Assert.That(YamlScalarEditor.Get(Values, ["rds", "address"]), Is.Null, "an empty value is null");
        Assert.That(YamlScalarEditor.Get(Values, ["image", "sha"]), Is.Null, "a missing key is null");
        Assert.That(YamlScalarEditor.Get("", ["image"]), Is.Null, "an empty file has no keys");
    }

    [Test]
    public void A_sequence_item_is_set_by_its_index()
    {
        var edited = YamlScalarEditor.Set(Values, ["controller", "tolerations", "0", "effect"], "NoExecute");

        Assert.That(YamlAssert.ChangedLines(Values, edited), Has.Count.EqualTo(1));
        Assert.That(edited, Does.Contain("      effect: NoExecute\n"));
    }

    [Test]
    public void A_missing_key_names_the_file_the_key_path_and_where_it_stops()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set(Values, ["image", "sha"], Digest, "deploy/helm/rds-csi-driver/values.yaml"));

        Assert.That(error.Message, Does.Contain("deploy/helm/rds-csi-driver/values.yaml").And.Contain("image.sha").And.Contain("'sha' is missing under image"));
    }

    [Test]
    public void A_missing_parent_key_says_so()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set(Values, ["imag", "digest"], Digest, "values.yaml"));

        Assert.That(error.Message, Does.Contain("values.yaml has no key imag.digest: 'imag' is missing under the document root"));
    }

    [Test]
    public void A_path_through_a_value_or_past_the_end_of_a_sequence_is_a_missing_key()
    {
        var throughValue = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set(Values, ["image", "tag", "x"], "1", "values.yaml"));
        var pastEnd = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set(Values, ["controller", "tolerations", "3", "key"], "x", "values.yaml"));

        Assert.That(throughValue.Message, Does.Contain("image.tag is a value, not a mapping with key 'x'"));
        Assert.That(pastEnd.Message, Does.Contain("controller.tolerations has 1 items, so there is no item 3"));
    }

    [Test]
    public void A_path_to_a_mapping_is_refused()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set(Values, ["image"], "x", "values.yaml"));

        Assert.That(error.Message, Does.Contain("values.yaml: image (line 5) is a mapping, not a single value"));
        Assert.Throws<YamlEditException>(() => YamlScalarEditor.Get(Values, ["sidecars"]));
    }

    [TestCase("image: {repository: a, tag: b}\n", "a flow mapping")]
    [TestCase("image:\n  args: [a, b]\n", "a flow sequence")]
    [TestCase("image:\n  tag: |\n    v1\n", "a literal block scalar")]
    [TestCase("image:\n  tag: >-\n    v1\n", "a folded block scalar")]
    [TestCase("base: &tag v1\nimage:\n  tag: *tag\n", "an alias")]
    [TestCase("image:\n  tag: &tag v1\n", "anchor (&) or tag (!)")]
    [TestCase("image:\n  tag: !!str v1\n", "anchor (&) or tag (!)")]
    public void Values_that_cannot_be_edited_in_place_are_refused_with_the_reason(string yaml, string reason)
    {
        string[] path = yaml.Contains("args", StringComparison.Ordinal) ? ["image", "args", "0"] : ["image", "tag"];

        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set(yaml, path, "v2", "values.yaml"));

        Assert.That(error.Message, Does.Contain("values.yaml").And.Contain(reason));
    }

    [Test]
    public void Setting_the_same_path_twice_in_one_edit_is_refused()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.SetMany(Values, [(["image", "tag"], "a"), (["image", "tag"], "b")], "values.yaml"));

        Assert.That(error.Message, Does.Contain("image.tag is set twice"));
    }

    [Test]
    public void Text_that_is_not_YAML_names_the_file()
    {
        var unclosed = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set("image:\n  tag: [v1\nother: x\n", ["image", "tag"], "v2", "values.yaml"));
        var badIndent = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set("image:\n  tag: v1\n bad: x\n", ["image", "tag"], "v2", "values.yaml"));

        Assert.That(unclosed.Message, Does.StartWith("values.yaml is not valid YAML"));
        Assert.That(badIndent.Message, Does.StartWith("values.yaml is not valid YAML (line 3, column"));
    }

    [Test]
    public void A_duplicate_key_on_the_path_is_refused()
    {
        var error = Assert.Throws<YamlEditException>(() => YamlScalarEditor.Set("image:\n  tag: a\n  tag: b\n", ["image", "tag"], "c", "values.yaml"));

        Assert.That(error.Message, Does.Contain("'tag' appears twice under image (lines 2 and 3)"));
    }

    [Test]
    public void Windows_line_endings_stay_as_they_are()
    {
        var crlf = Values.Replace("\n", "\r\n");

        var edited = YamlScalarEditor.Set(crlf, ["image", "digest"], Digest);

        Assert.That(edited, Is.EqualTo(crlf.Replace("  digest: \"\"\r\n", $"  digest: \"{Digest}\"\r\n")));
    }

    [Test]
    public void Set_edits_the_first_document_and_SetInDocuments_the_documents_chosen()
    {
        var manifests = ChartFixtures.Read("manifests/rds-csi.yaml");

        var first = YamlScalarEditor.Set(manifests, ["metadata", "namespace"], "rds-system");
        var workloads = YamlScalarEditor.SetInDocuments(
            manifests,
            document => document.Get("kind") is "Deployment" or "DaemonSet",
            ["metadata", "namespace"],
            "rds-system",
            "rds-csi.yaml");

        Assert.That(YamlAssert.ChangedLines(manifests, first), Has.Count.EqualTo(1));
        Assert.That(YamlScalarEditor.Documents(first)[0].Get("metadata", "namespace"), Is.EqualTo("rds-system"));
        Assert.That(YamlAssert.ChangedLines(manifests, workloads), Has.Count.EqualTo(2));
        Assert.That(
            YamlScalarEditor.Documents(workloads).Select(document => (document.Get("kind"), document.Get("metadata", "namespace"))),
            Is.EqualTo(new (string?, string?)[] { ("ServiceAccount", "kube-system"), ("Deployment", "rds-system"), ("DaemonSet", "rds-system"), ("CronJob", "kube-system") }));
    }

    [Test]
    public void SetInDocuments_names_the_document_without_the_key_and_refuses_to_choose_none()
    {
        var manifests = ChartFixtures.Read("manifests/rds-csi.yaml");

        var missing = Assert.Throws<YamlEditException>(() => YamlScalarEditor.SetInDocuments(manifests, document => document.Get("kind") == "CronJob", ["spec", "replicas"], "2", "rds-csi.yaml"));
        var none = Assert.Throws<YamlEditException>(() => YamlScalarEditor.SetInDocuments(manifests, document => document.Get("kind") == "Service", ["spec", "type"], "NodePort", "rds-csi.yaml"));

        Assert.That(missing.Message, Does.Contain("rds-csi.yaml (document 4) has no key spec.replicas"));
        Assert.That(none.Message, Does.Contain("No document of rds-csi.yaml"));
    }

    [Test]
    public void A_file_is_written_only_when_a_value_changes_and_keeps_its_byte_order_mark()
    {
        using var directory = new TempDirectory();
        var file = directory.Combine("values.yaml");
        File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Values)]);

        var unchanged = YamlScalarEditor.SetManyInFile(file, [(["image", "pullPolicy"], "IfNotPresent")]);
        var changed = YamlScalarEditor.SetManyInFile(file, [(["image", "digest"], Digest)]);

        Assert.That(unchanged, Is.False);
        Assert.That(changed, Is.True);
        var bytes = File.ReadAllBytes(file);
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.That(System.Text.Encoding.UTF8.GetString(bytes[3..]), Is.EqualTo(YamlScalarEditor.Set(Values, ["image", "digest"], Digest)));
    }

    [TestCase("image.digest", new[] { "image", "digest" })]
    [TestCase("spec.template.spec.containers[0].image", new[] { "spec", "template", "spec", "containers", "0", "image" })]
    [TestCase("matrix[1][2]", new[] { "matrix", "1", "2" })]
    public void Key_paths_are_read_and_written_with_dots_and_indexes(string text, string[] segments)
    {
        Assert.That(YamlPath.Parse(text), Is.EqualTo(segments));
        Assert.That(YamlPath.Format(segments), Is.EqualTo(text));
    }

    [TestCase("image..digest")]
    [TestCase("[0].image")]
    [TestCase("containers[x]")]
    public void A_malformed_key_path_is_refused(string text)
    {
        Assert.Throws<ArgumentException>(() => YamlPath.Parse(text));
    }
}
