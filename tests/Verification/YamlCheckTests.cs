using Build.Tests.Support;
using Build.Verification;

namespace Build.Tests.Verification;

/// <summary>YamlCheck on YAML files written to a temp folder.</summary>
public sealed class YamlCheckTests
{
    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp() => _root = new TempDirectory("yamlcheck");

    [TearDown]
    public void TearDown() => _root.Dispose();

    private CheckResult Run(params string[] roots) => new YamlCheck(_root.Path, roots).Run();

    [Test]
    public void Multi_document_files_parse_and_every_document_is_counted()
    {
        _root.Write("deploy/app.yaml", "kind: A\n---\nkind: B\n---\nkind: C\n");
        _root.Write("deploy/nested/other.yml", "key: value\n");

        var result = Run("deploy");

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Summary, Does.StartWith("Parsed 2 YAML files (4 documents) under deploy;"));
    }

    [Test]
    public void A_syntax_error_names_the_file_and_its_line()
    {
        _root.Write("deploy/good.yaml", "a: 1\n");
        _root.Write("deploy/bad.yaml", "a: 1\nb: [unclosed\nc: 3\n");

        var finding = Run("deploy").Findings.Single();

        Assert.That(finding.File, Is.EqualTo("deploy/bad.yaml"));
        Assert.That(finding.Line, Is.InRange(2, 4));
        Assert.That(finding.Message, Does.StartWith("is not valid YAML:").And.EndWith("Fix it at that line."));
    }

    [Test]
    public void A_tab_indentation_error_is_found()
    {
        _root.Write(".github/workflows/ci.yml", "jobs:\n  build:\n\truns-on: ubuntu-24.04\n");

        var finding = Run(".github").Findings.Single();

        Assert.That(finding.File, Is.EqualTo(".github/workflows/ci.yml"));
        Assert.That(finding.Line, Is.EqualTo(3), finding.ToString());
    }

    [Test]
    public void A_duplicate_key_is_a_finding()
    {
        _root.Write("deploy/dup.yaml", "image: a\nreplicas: 1\nimage: b\n");

        var finding = Run("deploy").Findings.Single();

        Assert.That(finding.Line, Is.EqualTo(3));
        Assert.That(finding.Message, Does.Contain("Duplicate key"));
    }

    [Test]
    public void Helm_templates_are_skipped_and_counted()
    {
        _root.Write("deploy/helm/demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        _root.Write("deploy/helm/demo/templates/deployment.yaml", "metadata:\n  {{- include \"demo.labels\" . | nindent 2 }}\n");

        var result = Run("deploy");

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Summary, Does.Contain("Parsed 1 YAML files").And.Contain("skipped 1 Helm templates"));
    }

    [Test]
    public void A_templates_folder_outside_a_chart_is_checked()
    {
        _root.Write("deploy/templates/broken.yaml", "a: [\n");

        Assert.That(Run("deploy").Findings.Single().File, Is.EqualTo("deploy/templates/broken.yaml"));
    }

    [Test]
    public void A_missing_root_is_a_finding()
    {
        Assert.That(Run("absent").Findings.Single().ToString(), Does.StartWith("absent: is not there to check"));
    }
}
