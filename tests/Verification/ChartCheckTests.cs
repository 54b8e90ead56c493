using Build.Tests.Support;
using Build.Verification;

namespace Build.Tests.Verification;

/// <summary>ChartCheck on charts written to a temp folder: a good one, and one defect at a time.</summary>
public sealed class ChartCheckTests
{
    private const string ChartPath = "charts/demo";

    private const string GoodChartYaml = """
        apiVersion: v2
        name: demo
        version: 1.2.3
        appVersion: "1.2.3"
        """;

    private const string GoodValues = """
        image:
          repository: ghcr.io/example/demo
          tag: ""
          digest: ""
          pullPolicy: IfNotPresent
        replicas: 1
        sidecar:
          image:
            repository: registry.k8s.io/sig-storage/livenessprobe
            tag: v2.19.0
            digest: ""
        """;

    private const string GoodHelpers = """
        {{/* The image reference: repository@digest when pinned. Mentions digest in a comment only. */}}
        {{- define "demo.name" -}}
        {{- .Chart.Name -}}
        {{- end -}}

        {{- define "demo.image" -}}
        {{- if .image.digest -}}
        {{- printf "%s@%s" .image.repository .image.digest -}}
        {{- else -}}
        {{- printf "%s:%s" .image.repository (default .defaultTag .image.tag) -}}
        {{- end -}}
        {{- end -}}

        {{- define "demo.driverImage" -}}
        {{- include "demo.image" (dict "image" .Values.image "defaultTag" .Chart.AppVersion) -}}
        {{- end -}}
        """;

    private const string GoodDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ include "demo.name" . }}
        spec:
          replicas: {{ .Values.replicas }}
          template:
            spec:
              containers:
                - name: driver
                  image: {{ include "demo.driverImage" . }}
                  imagePullPolicy: {{ .Values.image.pullPolicy }}
                - name: probe
                  image: {{ include "demo.image" (dict "image" .Values.sidecar.image "defaultTag" "") }}
        """;

    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp()
    {
        _root = new TempDirectory("chartcheck");
        Write("Chart.yaml", GoodChartYaml);
        Write("values.yaml", GoodValues);
        Write("templates/_helpers.tpl", GoodHelpers);
        Write("templates/deployment.yaml", GoodDeployment);
    }

    [TearDown]
    public void TearDown() => _root.Dispose();

    private void Write(string file, string content) => _root.Write($"{ChartPath}/{file}", content);

    private CheckResult Run(bool helmAvailable = false) => new ChartCheck(_root.Path, ChartPath, helmAvailable).Run();

    [Test]
    public void A_chart_that_renders_its_image_through_the_helper_passes()
    {
        var result = Run();

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Passed, Is.True);
        Assert.That(result.Summary, Does.Contain("demo 1.2.3, appVersion 1.2.3").And.Contain("demo.driverImage, demo.image"));
    }

    [Test]
    public void Without_helm_the_summary_says_helm_lint_was_not_run()
    {
        Assert.That(Run(helmAvailable: false).Summary, Does.EndWith("helm lint not run (helm not installed); checked natively"));
        Assert.That(Run(helmAvailable: true).Summary, Does.Not.Contain("not installed"));
    }

    [Test]
    public void A_v1_chart_is_a_finding_on_its_apiVersion_line()
    {
        Write("Chart.yaml", GoodChartYaml.Replace("apiVersion: v2", "apiVersion: v1", StringComparison.Ordinal));

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo("charts/demo/Chart.yaml"));
        Assert.That(finding.Line, Is.EqualTo(1));
        Assert.That(finding.Message, Does.Contain("apiVersion: v2"));
    }

    [TestCase("1.2")]
    [TestCase("v1.2.3")]
    [TestCase("01.2.3")]
    public void A_version_that_is_not_SemVer_is_a_finding(string version)
    {
        Write("Chart.yaml", GoodChartYaml.Replace("version: 1.2.3", $"version: {version}", StringComparison.Ordinal));

        var finding = Run().Findings.Single();

        Assert.That(finding.Line, Is.EqualTo(3));
        Assert.That(finding.Message, Does.Contain($"'{version}' is not a SemVer 2 version"));
    }

    [Test]
    public void A_missing_appVersion_is_a_finding()
    {
        Write("Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.2.3\n");

        Assert.That(Run().Findings.Single().Message, Does.Contain("has no appVersion"));
    }

    [Test]
    public void A_name_that_differs_from_the_folder_is_a_finding()
    {
        Write("Chart.yaml", GoodChartYaml.Replace("name: demo", "name: other", StringComparison.Ordinal));

        var finding = Run().Findings.Single();

        Assert.That(finding.Line, Is.EqualTo(2));
        Assert.That(finding.Message, Does.Contain("'other' but the folder is 'demo'"));
    }

    [Test]
    public void Values_without_image_digest_is_a_finding_naming_values_yaml()
    {
        Write("values.yaml", GoodValues.Replace("  digest: \"\"\n  pullPolicy", "  pullPolicy", StringComparison.Ordinal));

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo("charts/demo/values.yaml"));
        Assert.That(finding.Message, Does.Contain("has no image.digest"));
    }

    [Test]
    public void A_malformed_image_digest_is_a_finding()
    {
        Write("values.yaml", GoodValues.Replace("  digest: \"\"\n  pullPolicy", "  digest: sha256:abc\n  pullPolicy", StringComparison.Ordinal));

        Assert.That(Run().Findings.Single().Message, Does.Contain("'sha256:abc' is not sha256:<64 lowercase hex>"));
    }

    [Test]
    public void A_template_that_writes_repository_colon_tag_is_a_finding_on_that_line()
    {
        Write("templates/daemonset.yaml", """
            apiVersion: apps/v1
            kind: DaemonSet
            spec:
              template:
                spec:
                  containers:
                    - image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
            """);

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo("charts/demo/templates/daemonset.yaml"));
        Assert.That(finding.Line, Is.EqualTo(7));
        Assert.That(finding.Message, Does.Contain("never reads image.digest").And.Contain("include \"demo.driverImage\""));
    }

    [Test]
    public void A_template_that_writes_the_image_itself_but_honours_the_digest_passes()
    {
        Write("templates/job.yaml", """
            spec:
              containers:
                {{- if .Values.image.digest }}
                - image: "{{ .Values.image.repository }}@{{ .Values.image.digest }}"
                {{- else }}
                - image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
                {{- end }}
            """);

        Assert.That(Run().Findings, Is.Empty);
    }

    [Test]
    public void A_chart_without_an_image_helper_is_a_finding()
    {
        Write("templates/_helpers.tpl", """{{- define "demo.name" -}}{{ .Chart.Name }}{{- end -}}""");
        Write("templates/deployment.yaml", "metadata:\n  name: {{ include \"demo.name\" . }}\n");

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo("charts/demo/templates/_helpers.tpl"));
        Assert.That(finding.Message, Does.Contain("defines no image helper"));
    }

    [Test]
    public void A_comment_that_mentions_digest_does_not_make_a_helper()
    {
        Write("templates/_helpers.tpl", """
            {{- define "demo.name" -}}{{ .Chart.Name }}{{- end -}}
            {{/* Renders repository@digest one day. */}}
            """);
        Write("templates/deployment.yaml", "metadata:\n  name: {{ include \"demo.name\" . }}\n");

        Assert.That(Run().Findings.Single().Message, Does.Contain("defines no image helper"));
    }

    [Test]
    public void A_helper_that_no_template_uses_is_a_finding()
    {
        Write("templates/deployment.yaml", "spec:\n  replicas: {{ .Values.replicas }}\n");

        Assert.That(Run().Findings.Single().Message, Does.Contain("no template renders the driver image through demo.driverImage or demo.image"));
    }

    [Test]
    public void A_reference_to_a_value_that_does_not_exist_is_a_finding_on_its_line()
    {
        Write("templates/service.yaml", "spec:\n  port: {{ .Values.service.port }}\n  other: {{ $.Values.replicas }}\n");

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo("charts/demo/templates/service.yaml"));
        Assert.That(finding.Line, Is.EqualTo(2));
        Assert.That(finding.Message, Does.Contain(".Values.service.port, which values.yaml does not have"));
    }

    [Test]
    public void Invalid_Chart_yaml_is_a_finding_with_the_line_of_the_error()
    {
        Write("Chart.yaml", "apiVersion: v2\nname: [demo\nversion: 1.2.3\n");

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo("charts/demo/Chart.yaml"));
        Assert.That(finding.Line, Is.GreaterThanOrEqualTo(2));
        Assert.That(finding.Message, Does.StartWith("is not valid YAML"));
    }

    [Test]
    public void A_missing_chart_folder_says_where_to_point_the_setting()
    {
        var result = new ChartCheck(_root.Path, "charts/absent", helmAvailable: false).Run();

        Assert.That(result.Findings.Single().ToString(), Is.EqualTo("charts/absent: does not exist: point [Release] Chart in cake.config at the chart's folder."));
    }

    [Test]
    public void A_sidecar_image_the_release_could_not_pin_is_a_finding_naming_its_key()
    {
        Write("values.yaml", GoodValues + """

            sidecars:
              probe:
                image:
                  repository: livenessprobe
                  tag: v2.19.0
                  digest: ""
            """);

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo($"{ChartPath}/values.yaml"));
        Assert.That(finding.Message, Does.Contain("values.yaml: sidecars.probe.image.repository 'livenessprobe' is not an image repository: write it as REGISTRY/PATH"));
    }

    [TestCase("*\n", "excludes every file in")]
    [TestCase("templates/\n", "excludes every file in")]
    [TestCase("Chart.yaml\n", "Chart.yaml does not exist (or .helmignore excludes it)")]
    public void A_helmignore_that_HelmPackage_would_refuse_is_a_finding_naming_the_helmignore(string helmignore, string reason)
    {
        Write(".helmignore", helmignore);

        var finding = Run().Findings.Single();

        Assert.That(finding.File, Is.EqualTo(ChartPath));
        Assert.That(finding.Message, Does.Contain(reason).And.Contain(".helmignore"));
    }

    [Test]
    public void A_subchart_that_HelmPackage_would_refuse_is_a_finding()
    {
        Write("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n");

        var finding = Run().Findings.Single();

        Assert.That(finding.Message, Does.Contain("is a subchart"));
    }
}
