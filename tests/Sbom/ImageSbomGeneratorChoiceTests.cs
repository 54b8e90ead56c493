using Build.Sbom;
using Build.Tests.Support;

namespace Build.Tests.Sbom;

/// <summary>The composition root picks the SBOM backend once: syft where it is on PATH, else sbom-tool over the unpacked image.</summary>
public sealed class ImageSbomGeneratorChoiceTests
{
    private TempDirectory _working = null!;

    [SetUp]
    public void SetUp() => _working = new TempDirectory();

    [TearDown]
    public void TearDown() => _working.Dispose();

    private BuildContext ContextWithPath(string path) =>
        new(CakeContexts.Create(_working.Path, environment: new Dictionary<string, string?> { ["PATH"] = path, ["GITHUB_ACTIONS"] = null }));

    [Test]
    public void With_syft_on_PATH_syft_makes_the_SBOMs_Fake()
    {
        using var syft = new FakeTool("syft", "exit 0");

        var generator = ContextWithPath(syft.Directory).Services.SbomGenerator;

        Assert.That(generator, Is.TypeOf<SyftSbomGenerator>());
        Assert.That(generator.Generator, Is.EqualTo("syft"));
    }

    [Test]
    public void Without_syft_sbom_tool_catalogues_the_unpacked_image()
    {
        using var empty = new TempDirectory();

        var services = ContextWithPath(empty.Path).Services;
        var generator = services.SbomGenerator;

        Assert.That(generator, Is.TypeOf<SbomToolSbomGenerator>());
        Assert.That(generator.Generator, Is.EqualTo("sbom-tool (over the unpacked image)"));
        Assert.That(services.SbomGenerator, Is.SameAs(generator), "picked once");
    }
}
