using Build.Artifacts;
using Build.Binaries;
using Build.Preflight;
using Build.Releasing;
using Cake.Common.Diagnostics;

namespace Build.Tasks;

[TaskName("Binaries")]
[IsDependentOn(typeof(HelmPackageTask))]
[TaskDescription("Reads the driver binaries ([Release] Binaries, default the entrypoint) out of every pushed platform image, packs each platform's as a reproducible NAME_VERSION_OS_ARCH.tar.gz with LICENSE and README.md, and signs it")]
public sealed class BinariesTask : AsyncFrostingTask<BuildContext>, IDeclaresNeeds
{
    public TaskNeeds Needs(BuildContext context) => new() { Registry = true, SigningKeys = true, PushedImage = true };

    public override async Task RunAsync(BuildContext context)
    {
        var version = context.RequireVersion();
        var pushed = context.RequirePushed();
        var folder = context.Options.Layout.Binaries(version.Text);
        var documents = ReleaseDocuments(context);
        var signer = context.Services.Signer;
        var made = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var (platform, digest, files) in await context.Services.ImageBinaries.ExtractAsync(pushed.Repository, pushed.IndexDigest, context.Options.Binaries.Paths))
        {
            var name = BinaryArchive.FileName(BinarySettings.FileName(files[0].Path), version.Text, platform);
            var archive = folder.CombineWithFilePath(name);
            var content = BinaryArchive.Pack(files.Select(file => new ArchiveFile(BinarySettings.FileName(file.Path), file.Content, true)).Concat(documents), version.CommitTime);
            var written = FileWriter.WriteIfChanged(archive.FullPath, content);
            var signed = BlobSigning.SignUnlessVerified(signer, archive);
            context.Information(
                "{0} {1}: {2} from {3}@{4}; {5}",
                written ? "Packed" : "Unchanged",
                name,
                string.Join(", ", files.Select(file => file.Path)),
                pushed.Repository.FullName,
                digest,
                signed ? "signed, the signature verifies" : "its signature verifies (kept)");

            var signature = signer.BlobSignatureOf(archive);
            made[name] = Checksums.Sha256(archive.FullPath);
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.BinaryArchive, name, archive, made[name]));
            context.Results.Artifacts.Add(new Artifact(ArtifactKind.Signature, signature.GetFilename().FullPath, signature));
        }

        foreach (var stale in Directory.EnumerateFiles(folder.FullPath).Where(file => !made.Keys.Any(name => Path.GetFileName(file).StartsWith(name, StringComparison.Ordinal))))
        {
            File.Delete(stale);
            context.Information("Removed {0}: an earlier run made it, this one did not", Path.GetFileName(stale));
        }

        context.Services.State.Save(state => (state with { Binaries = made }).WithCompleted(BuildPlan.NameOf<BinariesTask>()));
    }

    /// <summary>LICENSE and README.md of the repository's root, when there (a link out of the repository is refused).</summary>
    private static IReadOnlyList<ArchiveFile> ReleaseDocuments(BuildContext context)
    {
        var root = context.Options.RepositoryRoot.FullPath;
        return BinaryArchive.Documents
            .Where(name => File.Exists(Path.Combine(root, name)))
            .Select(name => new ArchiveFile(name, SourceFiles.ReadAllBytes(root, Path.Combine(root, name)), false))
            .ToList();
    }
}
