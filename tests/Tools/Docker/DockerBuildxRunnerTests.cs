using Build.Tools.Docker;

namespace Build.Tests.Tools.Docker;

public sealed class DockerBuildxRunnerTests
{
    [Test]
    public void Build_pushes_every_platform_by_digest_with_labels_and_build_args()
    {
        var settings = new DockerBuildxBuildSettings
        {
            Context = "/src",
            File = "/src/Dockerfile",
            Output = "type=image,name=ghcr.io/a/b,push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true",
            MetadataFile = "/out/meta.json",
        };
        settings.Platforms.Add("linux/amd64");
        settings.Platforms.Add("linux/arm64");
        settings.BuildArgs["SOURCE_DATE_EPOCH"] = "1700000000";
        settings.Labels["org.opencontainers.image.version"] = "1.2.3";

        Assert.That(DockerBuildxRunner.BuildArguments(settings).Render(), Is.EqualTo(
            "buildx build --platform \"linux/amd64,linux/arm64\" --build-arg \"SOURCE_DATE_EPOCH=1700000000\" " +
            "--label \"org.opencontainers.image.version=1.2.3\" --file \"/src/Dockerfile\" " +
            "--output \"type=image,name=ghcr.io/a/b,push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true\" " +
            "--metadata-file \"/out/meta.json\" --provenance=false --sbom=false \"/src\""));
    }

    [Test]
    public void Build_with_tags_and_push()
    {
        var settings = new DockerBuildxBuildSettings { Context = "/src", Push = true, Builder = "multi" };
        settings.Tags.Add("ghcr.io/a/b:1.2.3");

        Assert.That(DockerBuildxRunner.BuildArguments(settings).Render(), Is.EqualTo(
            "buildx build --builder \"multi\" --tag \"ghcr.io/a/b:1.2.3\" --provenance=false --sbom=false --push \"/src\""));
    }
}
