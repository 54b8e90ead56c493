namespace Build.Tests.Support;

/// <summary>A real git repository holding what a release needs from this repository (the sample image, deploy/), committed.</summary>
public static class ReleaseRepository
{
    /// <summary>Copies the sample image context (and deploy/, when present) into a new repository and commits.</summary>
    public static GitRepository Create(params string[] extraPaths)
    {
        var repo = new GitRepository();
        repo.Write(".gitignore", "artifacts/\n");
        foreach (var relative in new[] { "tests/fixtures/sample-driver", "deploy", "CHANGELOG.md" }.Concat(extraPaths))
        {
            CopyPath(Path.Combine(BuildProgram.RepositoryRoot, relative), Path.Combine(repo.Path, relative));
        }

        repo.Commit("release sources");
        return repo;
    }

    private static void CopyPath(string source, string target)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
            return;
        }

        if (!Directory.Exists(source))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
