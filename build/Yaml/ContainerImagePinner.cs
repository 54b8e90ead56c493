using Build.Registry;

namespace Build.Yaml;

/// <summary>An <c>image:</c> field of a container that names the repository being pinned.</summary>
/// <param name="Document">The document's position in the stream, from 0.</param>
/// <param name="Path">Where in the document, e.g. spec.template.spec.initContainers[0].image.</param>
public sealed record PinnedImage(int Document, string? Kind, string? Name, string Path, string Before, string After)
{
    public bool Changed => Before != After;

    public override string ToString() => $"{Kind ?? "document"} {Name ?? $"#{Document + 1}"}: {Path} {Before} -> {After}";
}

/// <summary>The edited text and every image field that names the repository (already pinned ones included, unchanged).</summary>
public sealed record PinnedImages(string Yaml, IReadOnlyList<PinnedImage> Images)
{
    public int ChangedCount => Images.Count(image => image.Changed);
}

/// <summary>
/// Pins the containers of Kubernetes manifests to an image digest: every <c>containers[*].image</c> and
/// <c>initContainers[*].image</c> of a pod spec (Pod, the pod template of a Deployment, DaemonSet, StatefulSet, Job,
/// ReplicaSet, and of a CronJob's job template) that names <c>repository</c> (bare, with a tag, or with a digest) becomes
/// <c>repository@digest</c>. Everything else in the text stays byte for byte.
/// </summary>
public static class ContainerImagePinner
{
    private static readonly string[][] PodSpecPaths = [["spec"], ["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"]];
    private static readonly string[] ContainerLists = ["initContainers", "containers"];

    /// <param name="targetRepository">Where the pinned image lives when it is not <paramref name="repository"/> (a rehearsal's loopback registry).</param>
    public static PinnedImages Pin(string yaml, string repository, string digest, string source = YamlScalarEditor.DefaultSource, string? targetRepository = null)
    {
        OciDigest.RequireSha256(digest, "The digest to pin images to");
        if (repository.Length == 0 || repository.Contains('@') || repository[(repository.LastIndexOf('/') + 1)..].Contains(':'))
        {
            throw new ArgumentException($"'{repository}' is not an image repository: write it without tag or digest, e.g. ghcr.io/3whiskeywhiskey/rds-csi.", nameof(repository));
        }

        var pinned = $"{targetRepository ?? repository}@{digest}";
        var edits = new List<TextEdit?>();
        var images = new List<PinnedImage>();
        foreach (var document in YamlScalarEditor.Documents(yaml, source))
        {
            var documentSource = $"{source} (document {document.Index + 1})";
            foreach (var podSpec in PodSpecPaths)
            {
                foreach (var list in ContainerLists)
                {
                    var containers = YamlScalarEditor.Locate(document.Root, [.. podSpec, list], documentSource).Target?.Node as SequenceNode;
                    for (var i = 0; i < (containers?.Items.Count ?? 0); i++)
                    {
                        string[] path = [.. podSpec, list, i.ToString(System.Globalization.CultureInfo.InvariantCulture), "image"];
                        if (document.Get(path) is { } image && (NamesRepository(image, repository) || (targetRepository is not null && NamesRepository(image, targetRepository))))
                        {
                            edits.Add(YamlScalarEditor.EditAt(yaml, document.Root, path, pinned, documentSource));
                            images.Add(new PinnedImage(document.Index, document.Get("kind"), document.Get("metadata", "name"), YamlPath.Format(path), image, pinned));
                        }
                    }
                }
            }
        }

        return new PinnedImages(YamlScalarEditor.Apply(yaml, edits, source), images);
    }

    /// <summary>Pins a manifest file in place, writing it only when something changed.</summary>
    public static PinnedImages PinFile(string file, string repository, string digest)
    {
        PinnedImages? result = null;
        YamlScalarEditor.EditFile(file, text => (result = Pin(text, repository, digest, file)).Yaml);
        return result!;
    }

    /// <summary>True for the repository itself, or it followed by a tag or digest; ghcr.io/a/b-sidecar does not name ghcr.io/a/b.</summary>
    private static bool NamesRepository(string image, string repository)
    {
        if (image == repository)
        {
            return true;
        }

        // Stryker disable once Equality : an image as long as the repository that starts with it is the repository, answered above
        return image.Length > repository.Length && image.StartsWith(repository, StringComparison.Ordinal) && image[repository.Length] is ':' or '@';
    }
}
