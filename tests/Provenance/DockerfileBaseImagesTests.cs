using Build.Provenance;

namespace Build.Tests.Provenance;

/// <summary>Which FROM images of a Dockerfile the provenance records as resolved dependencies.</summary>
public sealed class DockerfileBaseImagesTests
{
    private const string Hex = "4a5e0f3b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

    [Test]
    public void A_base_pinned_by_digest_is_a_dependency_with_that_digest()
    {
        var image = DockerfileBaseImages.Parse($"FROM golang:1.23@sha256:{Hex}\n").Single();

        Assert.That(image.IsPinned, Is.True);
        Assert.That(image.ToDependency()!.Uri, Is.EqualTo("pkg:docker/golang@1.23"));
        Assert.That(image.ToDependency()!.Digest, Is.EqualTo(new Dictionary<string, string> { ["sha256"] = Hex }));
    }

    [Test]
    public void A_base_of_another_registry_names_it_as_repository_url_and_a_digest_only_reference_uses_the_digest_as_version()
    {
        var image = DockerfileBaseImages.Parse($"FROM --platform=$BUILDPLATFORM gcr.io/distroless/static@sha256:{Hex} AS runtime\n").Single();

        Assert.That(image.ToDependency()!.Uri, Is.EqualTo($"pkg:docker/distroless/static@sha256%3A{Hex}?repository_url=gcr.io"));
    }

    [Test]
    public void An_unpinned_base_is_found_but_is_no_dependency()
    {
        var image = DockerfileBaseImages.Parse("# the runtime\nFROM alpine:3.20\n").Single();

        Assert.That(image.IsPinned, Is.False);
        Assert.That(image.Line, Is.EqualTo(2));
        Assert.That(image.ToDependency(), Is.Null);
    }

    [Test]
    public void Scratch_is_no_base_image()
    {
        Assert.That(DockerfileBaseImages.Parse("FROM scratch\nCOPY bin /bin\n"), Is.Empty);
        Assert.That(DockerfileBaseImages.Parse(File.ReadAllText(Path.Combine(Support.BuildProgram.RepositoryRoot, "tests", "fixtures", "sample-driver", "Dockerfile"))), Is.Empty);
    }

    [Test]
    public void A_later_stage_built_from_an_earlier_one_is_no_base_image()
    {
        var images = DockerfileBaseImages.Parse($"""
            FROM golang:1.23@sha256:{Hex} AS build
            RUN go build ./...
            FROM build as test
            FROM scratch
            COPY --from=build /out /
            FROM TEST
            """);

        Assert.That(images.Select(image => image.Reference), Is.EqualTo(new[] { $"golang:1.23@sha256:{Hex}" }));
    }

    [Test]
    public void Global_ARG_defaults_are_filled_in_and_continuation_lines_are_joined()
    {
        var images = DockerfileBaseImages.Parse($"""
            ARG GO_IMAGE=golang:1.23@sha256:{Hex}
            ARG BASE
            FROM ${"{"}GO_IMAGE{"}"} \
                AS build
            FROM $BASE
            """);

        Assert.That(images.Select(image => (image.Reference, image.IsPinned, image.Line)), Is.EqualTo(new[] { ($"golang:1.23@sha256:{Hex}", true, 3), ("$BASE", false, 5) }));
    }
}
